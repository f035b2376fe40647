package io.switchboard.channel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.common.Ids;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.api.Cursor;
import io.switchboard.common.api.Page;
import io.switchboard.common.error.ResourceNotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ApplicationScoped
public class ChannelService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ChannelRegistry registry;
    private final ChannelConfigCodec codec;
    private final SecretBox secretBox;
    private final SwitchboardConfig config;
    private final EntityManager em;
    private final Clock clock;
    /** Webhooks look channels up by key on every request; a short life bounds how long a change takes. */
    private final Cache<String, Optional<ResolvedChannel>> byKey = Caffeine.newBuilder()
            .maximumSize(50_000)
            .expireAfterWrite(Duration.ofSeconds(30))
            .build();

    public ChannelService(
            ChannelRegistry registry,
            ChannelConfigCodec codec,
            SecretBox secretBox,
            SwitchboardConfig config,
            EntityManager em,
            Clock clock) {
        this.registry = registry;
        this.codec = codec;
        this.secretBox = secretBox;
        this.config = config;
        this.em = em;
        this.clock = clock;
    }

    @Transactional
    public ChannelView create(CreateChannelRequest request) {
        ChannelDefinition definition = registry.definition(request.kind());
        var settings = codec.merge(definition, new ChannelConfigCodec.Settings(Map.of(), Map.of()), request.config());
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
        Channel channel = require(id);
        if (request.name() != null) {
            channel.name = request.name().strip();
        }
        if (request.enabled() != null) {
            channel.enabled = request.enabled();
        }
        if (request.config() != null) {
            store(channel, codec.merge(registry.definition(channel.kind), settings(channel), request.config()));
        }
        channel.updatedAt = clock.instant();
        byKey.invalidate(channel.key);
        return view(channel);
    }

    /** Disables the channel: its webhooks stop accepting traffic; its conversations and messages stay. */
    @Transactional
    public void disable(String id) {
        Channel channel = require(id);
        channel.enabled = false;
        channel.updatedAt = clock.instant();
        byKey.invalidate(channel.key);
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

    /** The enabled channel of the current tenant with this id, for authenticated inbound traffic. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ResolvedChannel> resolveOwn(String id) {
        return Channel.<Channel>findByIdOptional(id).filter(c -> c.enabled).map(this::resolve);
    }

    /**
     * The enabled channel with this public key, in whatever tenant owns it: webhooks arrive before any
     * tenant is known. Empty for unknown and disabled keys alike.
     */
    public Optional<ResolvedChannel> resolveByKey(String key) {
        if (key == null || key.length() > 64) {
            return Optional.empty();
        }
        return byKey.get(key, this::loadByKey);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    Optional<ResolvedChannel> loadByKey(String key) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT id, tenant_id, kind, config, secrets FROM channel WHERE channel_key = ?1 AND enabled")
                .setParameter(1, key)
                .getResultList();
        return rows.stream().findFirst().map(this::resolveRow);
    }

    /** Every enabled channel of a kind, in all tenants: for background work such as polling mailboxes. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ResolvedChannel> enabledOfKind(ChannelKind kind) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT id, tenant_id, kind, config, secrets FROM channel WHERE kind = ?1 AND enabled"
                                + " ORDER BY id")
                .setParameter(1, kind.name())
                .getResultList();
        return rows.stream().map(this::resolveRow).toList();
    }

    private ResolvedChannel resolveRow(Object[] row) {
        return new ResolvedChannel(
                (String) row[0],
                (String) row[1],
                ChannelKind.valueOf((String) row[2]),
                codec.read((String) row[3]),
                row[4] == null ? Map.of() : codec.read(secretBox.open((String) row[4], (String) row[0])));
    }

    private ResolvedChannel resolve(Channel channel) {
        var settings = settings(channel);
        return new ResolvedChannel(
                channel.id, channel.tenantId, channel.kind, settings.publicValues(), settings.secretValues());
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
                channel.createdAt,
                channel.updatedAt);
    }

    private static String newKey() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
