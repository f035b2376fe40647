package io.switchboard.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.switchboard.common.Ids;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.api.Cursor;
import io.switchboard.common.api.Page;
import io.switchboard.common.db.NativeRows;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.Problem;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.common.net.EgressPolicy;
import io.switchboard.tenancy.CurrentTenantResolver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

@ApplicationScoped
public class ChannelService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ChannelRegistry registry;
    private final ChannelConfigCodec codec;
    private final EgressPolicy egress;
    private final SecretBox secretBox;
    private final SwitchboardConfig config;
    private final AgroalDataSource dataSource;
    private final Clock clock;
    private final EntityManager em;
    private final CurrentTenantResolver tenants;
    /** Webhooks look channels up by key on every request; a short life bounds how long a change takes. */
    private final Cache<String, Optional<ResolvedChannel>> byKey = Caffeine.newBuilder()
            .maximumSize(50_000)
            .expireAfterWrite(Duration.ofSeconds(30))
            .build();
    /**
     * Keys that named an enabled channel lately (a day since last asked for): requests for them are looked up even
     * from a client address that asked for too many unknown keys, so that a shared address (an ingress without
     * trusted-proxy settings, a provider's egress) is not cut off from its channels once their cache entry expired.
     */
    private final Cache<String, Boolean> goodKeys = Caffeine.newBuilder()
            .maximumSize(50_000)
            .expireAfterAccess(Duration.ofDays(1))
            .build();

    public ChannelService(
            ChannelRegistry registry,
            ChannelConfigCodec codec,
            EgressPolicy egress,
            SecretBox secretBox,
            SwitchboardConfig config,
            AgroalDataSource dataSource,
            Clock clock,
            EntityManager em,
            @PersistenceUnitExtension CurrentTenantResolver tenants) {
        this.registry = registry;
        this.codec = codec;
        this.egress = egress;
        this.secretBox = secretBox;
        this.config = config;
        this.dataSource = dataSource;
        this.clock = clock;
        this.em = em;
        this.tenants = tenants;
    }

    @Transactional
    public ChannelView create(CreateChannelRequest request) {
        ChannelDefinition definition = registry.definition(request.kind());
        var settings = codec.merge(definition, new ChannelConfigCodec.Settings(Map.of(), Map.of()), request.config());
        checkDestinations(definition, settings);
        Channel channel = new Channel();
        channel.id = Ids.newId();
        channel.kind = request.kind();
        channel.name = request.name().strip();
        channel.key = newKey();
        channel.enabled = true;
        store(channel, settings);
        channel.createdAt = clock.instant();
        channel.updatedAt = channel.createdAt;
        channel.persist();
        return view(channel);
    }

    @Transactional
    public ChannelView update(String id, UpdateChannelRequest request) {
        Integer target = request.firstResponseTargetSeconds() == null
                        || request.firstResponseTargetSeconds().isNull()
                ? null
                : targetSeconds(request.firstResponseTargetSeconds());
        Channel channel = require(id);
        if (request.firstResponseTargetSeconds() != null) {
            channel.firstResponseTargetSeconds = target;
        }
        if (request.name() != null) {
            channel.name = request.name().strip();
        }
        if (request.enabled() != null) {
            channel.enabled = request.enabled();
        }
        if (request.config() != null) {
            ChannelDefinition definition = registry.definition(channel.kind);
            var settings = codec.merge(definition, settings(channel), request.config());
            checkDestinations(definition, settings);
            store(channel, settings);
        }
        channel.updatedAt = clock.instant();
        byKey.invalidate(channel.key);
        goodKeys.invalidate(channel.key);
        return view(channel);
    }

    /** A channel's own first-response target as sent: whole seconds from 1 to 30 days. */
    private static Integer targetSeconds(JsonNode value) {
        if (!value.isIntegralNumber()
                || !value.canConvertToInt()
                || value.intValue() < 1
                || value.intValue() > ResponseTarget.MAX_SECONDS) {
            throw InvalidRequestException.ofField(
                    "firstResponseTargetSeconds",
                    "must be whole seconds from 1 to " + ResponseTarget.MAX_SECONDS
                            + " (30 days), or null for the kind's default");
        }
        return value.intValue();
    }

    /**
     * Settings the service connects to (reply URLs, IMAP hosts) must not name an internal address: refused here
     * when written as one, and checked again before every connection (names can resolve anywhere).
     */
    private void checkDestinations(ChannelDefinition definition, ChannelConfigCodec.Settings settings) {
        List<Problem.FieldError> errors = new java.util.ArrayList<>();
        for (ConfigField field : definition.configFields()) {
            String value = field.secret()
                    ? settings.secretValues().get(field.name())
                    : settings.publicValues().get(field.name());
            if (value == null || field.destination() == ConfigField.Destination.NONE) {
                continue;
            }
            Optional<String> host = field.destination() == ConfigField.Destination.URL
                    ? EgressPolicy.hostOf(value)
                    : Optional.of(value);
            if (host.isEmpty()) {
                throw InvalidRequestException.ofField("config." + field.name(), "must be an http(s) URL with a host");
            }
            egress.refusalOfConfiguredHost(host.get())
                    .ifPresent(reason -> errors.add(new Problem.FieldError("config." + field.name(), reason)));
        }
        if (!errors.isEmpty()) {
            throw new DestinationRefusedException(errors);
        }
    }

    /** Disables the channel: its webhooks stop accepting traffic; its conversations and messages stay. */
    @Transactional
    public void disable(String id) {
        Channel channel = require(id);
        channel.enabled = false;
        channel.updatedAt = clock.instant();
        byKey.invalidate(channel.key);
        goodKeys.invalidate(channel.key);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ChannelView> find(String id) {
        return Channel.<Channel>findByIdOptional(id).map(this::view);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ChannelView> list(String cursor, int limit) {
        String after = Cursor.decode(cursor);
        var query = after == null
                ? Channel.<Channel>find("order by id")
                : Channel.<Channel>find("id > ?1 order by id", after);
        return Cursor.page(query.range(0, limit).list(), limit, c -> c.id, this::view);
    }

    /** The current tenant's channels as every operator may see them (see {@link ChannelDirectoryResource}). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ChannelSummary> summaries(String cursor, int limit) {
        String after = Cursor.decode(cursor);
        var query = after == null
                ? Channel.<Channel>find("order by id")
                : Channel.<Channel>find("id > ?1 order by id", after);
        return Cursor.page(
                query.range(0, limit).list(),
                limit,
                c -> c.id,
                c -> new ChannelSummary(c.id, c.name, c.kind, c.enabled));
    }

    /** The enabled channel of the current tenant with this id, for authenticated inbound traffic. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ResolvedChannel> resolveOwn(String id) {
        // Native, with the session's tenant explicit (none matches no row, as for an entity load): a load of the
        // entity under the tenant discriminator builds its loader anew on every call, and a reply's POST resolves
        // its channel each time. Through the entity manager, so that what this transaction wrote is flushed first.
        return NativeRows.first(
                        em.createNativeQuery("SELECT id, tenant_id, kind, channel_key, config, secrets FROM channel"
                                        + " WHERE id = :id AND tenant_id = :tenant AND enabled")
                                .setParameter("id", id)
                                .setParameter("tenant", tenants.resolveTenantId()),
                        OwnRow.class)
                .map(row ->
                        resolved(row.id(), row.tenantId(), row.kind(), row.channelKey(), row.config(), row.secrets()));
    }

    /** A channel's row as {@link #resolveOwn} reads it. */
    private record OwnRow(
            String id, String tenantId, ChannelKind kind, String channelKey, String config, String secrets) {}

    /**
     * The enabled channel with this public key, in whatever tenant owns it: webhooks arrive before any
     * tenant is known. Empty for unknown and disabled keys alike. Blocks on a cache miss.
     */
    public Optional<ResolvedChannel> resolveByKey(String key) {
        if (!plausibleKey(key)) {
            return Optional.empty();
        }
        return byKey.get(key, this::loadByKey);
    }

    /**
     * The same lookup for non-blocking endpoints: answered at once from the cache, and otherwise from the
     * database on a worker thread, never on the event loop.
     */
    public CompletionStage<Optional<ResolvedChannel>> resolveByKeyAsync(String key) {
        if (!plausibleKey(key)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Optional<ResolvedChannel> cached = byKey.getIfPresent(key);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return CompletableFuture.supplyAsync(
                () -> byKey.get(key, this::loadByKey), Infrastructure.getDefaultWorkerPool());
    }

    /** Whether the key named an enabled channel lately, from memory alone (no lookup). */
    public boolean knownEnabled(String key) {
        return key != null && goodKeys.getIfPresent(key) != null;
    }

    /** The enabled channel of {@code kind} with this key; 404 for unknown, disabled and other-kind keys alike. */
    public ResolvedChannel requireByKey(String key, ChannelKind kind) {
        return ofKind(resolveByKey(key), key, kind);
    }

    /** {@link #requireByKey} for non-blocking endpoints (see {@link #resolveByKeyAsync}). */
    public CompletionStage<ResolvedChannel> requireByKeyAsync(String key, ChannelKind kind) {
        return resolveByKeyAsync(key).thenApply(found -> ofKind(found, key, kind));
    }

    private static ResolvedChannel ofKind(Optional<ResolvedChannel> found, String key, ChannelKind kind) {
        return found.filter(c -> c.kind() == kind)
                .orElseThrow(() -> new ResourceNotFoundException(kind.name() + " channel", key));
    }

    private static boolean plausibleKey(String key) {
        // Keys are ours (URL-safe ASCII); anything else names no channel, and the ASCII column could not compare it.
        return key != null
                && !key.isEmpty()
                && key.length() <= 64
                && key.chars().allMatch(ch -> ch > ' ' && ch < 0x7f);
    }

    /** Plain JDBC: it runs outside any request context, on whatever thread misses the cache. */
    private Optional<ResolvedChannel> loadByKey(String key) {
        Optional<ResolvedChannel> found = selectResolved("WHERE channel_key = ? AND enabled", key).stream()
                .findFirst();
        if (found.isPresent()) {
            goodKeys.put(key, Boolean.TRUE);
        } else {
            goodKeys.invalidate(key);
        }
        return found;
    }

    /** Every enabled channel of a kind, in all tenants: for background work such as polling mailboxes. */
    public List<ResolvedChannel> enabledOfKind(ChannelKind kind) {
        return selectResolved("WHERE kind = ? AND enabled ORDER BY id", kind.name());
    }

    private List<ResolvedChannel> selectResolved(String where, String parameter) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT id, tenant_id, kind, config, secrets, channel_key FROM channel " + where)) {
            select.setString(1, parameter);
            List<ResolvedChannel> found = new java.util.ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.add(resolved(
                            rs.getString(1),
                            rs.getString(2),
                            ChannelKind.valueOf(rs.getString(3)),
                            rs.getString(6),
                            rs.getString(4),
                            rs.getString(5)));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("Reading channels failed", e);
        }
    }

    /** A channel as inbound and outbound traffic uses it, from its row: its settings read, its secrets opened. */
    private ResolvedChannel resolved(
            String id, String tenantId, ChannelKind kind, String channelKey, String config, String secrets) {
        return new ResolvedChannel(
                id,
                tenantId,
                kind,
                channelKey,
                codec.read(config),
                secrets == null ? Map.of() : codec.read(secretBox.open(secrets, id)));
    }

    private Channel require(String id) {
        return Channel.<Channel>findByIdOptional(id).orElseThrow(() -> new ResourceNotFoundException("Channel", id));
    }

    private ChannelConfigCodec.Settings settings(Channel channel) {
        return new ChannelConfigCodec.Settings(
                codec.read(channel.config),
                channel.secrets == null ? Map.of() : codec.read(secretBox.open(channel.secrets, channel.id)));
    }

    private void store(Channel channel, ChannelConfigCodec.Settings settings) {
        channel.config = codec.write(settings.publicValues());
        channel.secrets = settings.secretValues().isEmpty()
                ? null
                : secretBox.seal(codec.write(settings.secretValues()), channel.id);
    }

    private ChannelView view(Channel channel) {
        var settings = settings(channel);
        return new ChannelView(
                channel.id,
                channel.kind,
                channel.name,
                channel.key,
                channel.enabled,
                config.publicBaseUrl().replaceAll("/+$", "")
                        + registry.definition(channel.kind).inboundPath(channel.id, channel.key),
                codec.toJson(settings.publicValues()),
                List.copyOf(settings.secretValues().keySet()),
                ResponseTarget.of(channel).seconds(),
                channel.firstResponseTargetSeconds == null,
                channel.createdAt,
                channel.updatedAt);
    }

    private static String newKey() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
