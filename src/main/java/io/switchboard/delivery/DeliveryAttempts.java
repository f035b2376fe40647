package io.switchboard.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ChannelService;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.outbound.OutboundPost;
import io.switchboard.channel.outbound.OutboundReply;
import io.switchboard.channel.outbound.PostPublisher;
import io.switchboard.channel.outbound.PostPublishers;
import io.switchboard.channel.outbound.PriorAcceptance;
import io.switchboard.channel.outbound.ReplySender;
import io.switchboard.channel.outbound.ReplySenders;
import io.switchboard.channel.outbound.SendOutcome;
import io.switchboard.common.Ids;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.load.CriticalWork;
import io.switchboard.common.time.UtcColumns;
import io.switchboard.inbox.OutboundMessages;
import io.switchboard.tenancy.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;
import org.jboss.logging.Logger;

/**
 * The three steps of sending from the outbox, each safe to run on any replica at any time:
 *
 * <ol>
 *   <li>{@link #claim}: takes due deliveries of every tenant with {@code SELECT … FOR UPDATE SKIP LOCKED} (so
 *       replicas claiming at once never take the same row), marks them SENDING under a fresh claim token with a
 *       lease, and commits;
 *   <li>{@link #process}: sends each outside any transaction (after asking the channel's sender again whether it
 *       can still go), then
 *   <li>records the outcome in a short transaction, only if the row is still SENDING under that claim: a
 *       dispatcher whose lease ran out (its row was taken over) cannot overwrite what the next one did.
 * </ol>
 *
 * A replica that dies after claiming leaves rows SENDING; when their lease expires they are due again and another
 * replica claims them. Sending is therefore at least once, and exactly once unless a replica dies between the
 * provider's acceptance and the record (the delivery id goes to providers as an idempotency key where they take
 * one).
 */
@ApplicationScoped
public class DeliveryAttempts {

    /**
     * One claimed delivery, as its dispatcher holds it: a reply ({@code messageId}) or one item of a publication
     * ({@code publicationItemId}). {@code takenOverSince} is set when the delivery was taken over from a dispatcher
     * whose lease ran out: when that one claimed it, so the provider can be asked whether it already has it.
     * {@code recipientAddress} is a broadcast recipient's address; {@code channelVersion} is when the channel was
     * last changed, as the claim read it, or null when it was disabled or gone by then; {@code leaseEnds} when
     * another replica may take it over.
     */
    public record Claim(
            String deliveryId,
            String tenantId,
            String messageId,
            String conversationId,
            String channelId,
            int attempt,
            boolean scheduled,
            String token,
            String publicationItemId,
            Instant takenOverSince,
            Instant firstDue,
            String recipientAddress,
            Instant channelVersion,
            Instant leaseEnds) {

        /** Whether this delivery is part of a publication (a post or a broadcast), not a reply. */
        public boolean publication() {
            return publicationItemId != null;
        }
    }

    private static final Logger LOG = Logger.getLogger(DeliveryAttempts.class);
    private static final int MAX_ERROR_LENGTH = 1000;
    /** Most SENT outcomes one transaction records ({@link #queueSent}). */
    private static final int MAX_SENT_PER_COMMIT = 100;
    /**
     * Most SENT outcomes left to the writer while their senders go on ({@link #process}): two commits' worth, a
     * fraction of a second of writing, far within a lease. Beyond it a sender waits for its own record.
     */
    private static final int MAX_SENT_UNWAITED = 2 * MAX_SENT_PER_COMMIT;

    private final EntityManager em;
    private final OutboundMessages messages;
    private final ChannelService channels;
    private final ReplySenders senders;
    private final TenantContext tenant;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Duration lease;
    private final Duration longestSend;
    private final int maxAttempts;
    private final Duration giveUpAfter;
    private final Backoff backoff;
    private final DeliveryReceipts receipts;
    private final PostPublishers publishers;
    private final PublicationOutbox publications;

    private final CriticalWork criticalWork;

    /** SENT outcomes waiting to be written ({@link #queueSent}), and whether a sender is writing them. */
    private final Queue<PendingSent> sentQueue = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean writingSent = new AtomicBoolean();

    /** Places for SENT outcomes whose senders did not wait for their record. */
    private final Semaphore unwaited = new Semaphore(MAX_SENT_UNWAITED);

    /** Channels as the senders use them, per change; a changed channel is read again under its new key. */
    private final Cache<ChannelVersion, ResolvedChannel> resolvedChannels = Caffeine.newBuilder()
            .maximumSize(1000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    public DeliveryAttempts(
            EntityManager em,
            OutboundMessages messages,
            ChannelService channels,
            ReplySenders senders,
            TenantContext tenant,
            MeterRegistry metrics,
            Clock clock,
            SwitchboardConfig config,
            DeliveryReceipts receipts,
            PostPublishers publishers,
            PublicationOutbox publications,
            CriticalWork criticalWork) {
        this.em = em;
        this.criticalWork = criticalWork;
        this.publishers = publishers;
        this.publications = publications;
        this.receipts = receipts;
        this.messages = messages;
        this.channels = channels;
        this.senders = senders;
        this.tenant = tenant;
        this.metrics = metrics;
        this.clock = clock;
        this.lease = config.delivery().lease();
        this.longestSend =
                config.providers().connectTimeout().plus(config.providers().timeout());
        this.maxAttempts = config.delivery().maxAttempts();
        this.giveUpAfter = config.delivery().giveUpAfter();
        this.backoff = new Backoff(
                config.delivery().initialBackoff(),
                config.delivery().maxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Claims up to {@code limit} deliveries due at {@code now} (scheduled ones whose time came, queued ones, and
     * SENDING ones whose lease expired), in one committed transaction. A delivery taken over from a dead
     * dispatcher that already used up its attempts fails instead of going out once more.
     */
    @ActivateRequestContext
    public List<Claim> claim(int limit, Instant now) {
        // Replies (lane 0) first, then publications (lane 1) with the slots left: an operator's answer never waits
        // behind a broadcast.
        return QuarkusTransaction.requiringNew().call(() -> {
            List<DueRow> due = new ArrayList<>(due(0, limit, now));
            if (due.size() < limit) {
                due.addAll(due(1, limit - due.size(), now));
            }
            return claimDue(due, now);
        });
    }

    /**
     * Claims up to {@code replies} due replies and up to {@code publications} due publication deliveries (either
     * may be 0), in one committed transaction; replies first in the list.
     */
    @ActivateRequestContext
    public List<Claim> claim(int replies, int publications, Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<DueRow> due = new ArrayList<>();
            if (replies > 0) {
                due.addAll(due(0, replies, now));
            }
            if (publications > 0) {
                due.addAll(due(1, publications, now));
            }
            return claimDue(due, now);
        });
    }

    /** Whether a send started now would end before this claim's lease does (so no other replica can send it). */
    public boolean leaseLastsASend(Claim claim) {
        return clock.instant().plus(longestSend).isBefore(claim.leaseEnds());
    }

    /**
     * Gives back publication deliveries this replica claimed but did not start sending (it stops, or they waited
     * too long for a sender): due again at once, as they were, for whichever replica claims next.
     */
    @ActivateRequestContext
    public void release(List<Claim> claims) {
        if (claims.isEmpty()) {
            return;
        }
        if (claims.stream().anyMatch(claim -> !claim.publication())) {
            throw new IllegalArgumentException("Only publication deliveries are claimed ahead and given back");
        }
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            for (Claim claim : claims) {
                boolean takenOver = claim.takenOverSince() != null;
                // A taken-over delivery stays SENDING since its first claim, so the next one asks the provider.
                em.createNativeQuery("UPDATE delivery SET status = ?3, attempts = attempts - 1, claim_token = NULL,"
                                + " due_at = ?4, updated_at = ?5 WHERE id = ?1 AND claim_token = ?2"
                                + " AND status = 'SENDING'")
                        .setParameter(1, claim.deliveryId())
                        .setParameter(2, claim.token())
                        .setParameter(3, takenOver ? "SENDING" : "QUEUED")
                        .setParameter(4, now)
                        .setParameter(5, takenOver ? claim.takenOverSince() : now)
                        .executeUpdate();
            }
        });
    }

    private List<Claim> claimDue(List<DueRow> due, Instant now) {
        if (due.isEmpty()) {
            return List.of();
        }
        String token = Ids.newId();
        Map<String, Instant> channelVersions = enabledChannelVersions(due);
        List<Claim> claimed = new ArrayList<>();
        List<String> exhausted = new ArrayList<>();
        List<OutboundMessages.DeliveryChange> changes = new ArrayList<>();
        String abandoned = "Gave up after " + maxAttempts + " attempts; the last one was interrupted";
        for (DueRow row : due) {
            boolean takenOver = row.status() == DeliveryStatus.SENDING;
            if (takenOver && row.attempts() >= maxAttempts) {
                exhausted.add(row.id());
                changes.add(change(row, DeliveryStatus.FAILED, row.attempts(), null, abandoned));
                continue;
            }
            if (takenOver) {
                LOG.infof("Delivery %s: its dispatcher's lease expired; sending it again", row.id());
            }
            claimed.add(new Claim(
                    row.id(),
                    row.tenantId(),
                    row.messageId(),
                    row.conversationId(),
                    row.channelId(),
                    row.attempts() + 1,
                    row.scheduled(),
                    token,
                    row.publicationItemId(),
                    takenOver ? row.updatedAt() : null,
                    row.firstDue(),
                    row.recipientAddress(),
                    channelVersions.get(row.channelId()),
                    now.plus(lease)));
            changes.add(change(row, DeliveryStatus.SENDING, row.attempts() + 1, null, null));
        }
        if (!claimed.isEmpty()) {
            em.createNativeQuery("UPDATE delivery SET status = 'SENDING', attempts = attempts + 1, claim_token = ?1,"
                            + " due_at = ?2, updated_at = ?3 WHERE id IN (?4)")
                    .setParameter(1, token)
                    .setParameter(2, now.plus(lease))
                    .setParameter(3, now)
                    .setParameter(4, claimed.stream().map(Claim::deliveryId).toList())
                    .executeUpdate();
        }
        if (!exhausted.isEmpty()) {
            em.createNativeQuery("UPDATE delivery SET status = 'FAILED', due_at = NULL, claim_token = NULL,"
                            + " last_error = ?1, updated_at = ?2 WHERE id IN (?3)")
                    .setParameter(1, abandoned)
                    .setParameter(2, now)
                    .setParameter(3, exhausted)
                    .executeUpdate();
            metrics.counter("switchboard.delivery.failed").increment(exhausted.size());
        }
        messages.deliveryChanged(changes, now);
        return claimed;
    }

    /**
     * When each enabled channel of these rows was last changed (disabled or deleted ones are missing), read
     * without a lock: the senders resolve a channel (its settings and secrets) once per change, not once per
     * delivery. A second query rather than a join, since {@code FOR UPDATE} would lock the channel rows too and
     * make every other replica's claim skip that channel's deliveries.
     */
    private Map<String, Instant> enabledChannelVersions(List<DueRow> due) {
        List<String> ids =
                due.stream().map(DueRow::channelId).distinct().sorted().toList();
        NativeQuery<Tuple> query = em.createNativeQuery(
                        "SELECT id, updated_at FROM channel WHERE id IN (?1) AND enabled", Tuple.class)
                .unwrap(NativeQuery.class);
        Map<String, Instant> versions = new HashMap<>();
        query.addScalar("id", StandardBasicTypes.STRING)
                .addScalar("updated_at", StandardBasicTypes.INSTANT)
                .setParameter(1, ids)
                .getResultList()
                .forEach(channel ->
                        versions.put(channel.get("id", String.class), channel.get("updated_at", Instant.class)));
        return versions;
    }

    /** Due rows of one lane, locked, in due order. */
    private List<DueRow> due(int lane, int limit, Instant now) {
        // Native SQL across tenants on purpose (tenant ids come from the rows). The limit is inlined because
        // MariaDB wants it before FOR UPDATE, where Hibernate's pagination cannot put it.
        NativeQuery<Tuple> query = em.createNativeQuery(
                        "SELECT id, tenant_id, message_id, conversation_id, channel_id, status, attempts,"
                                + " send_at IS NOT NULL AS scheduled, publication_item_id, updated_at,"
                                + " COALESCE(send_at, created_at) AS first_due, recipient_address FROM delivery"
                                + " WHERE lane = ?2 AND due_at <= ?1 ORDER BY due_at LIMIT " + Math.max(1, limit)
                                + " FOR UPDATE SKIP LOCKED",
                        Tuple.class)
                .unwrap(NativeQuery.class);
        return query
                .addScalar("id", StandardBasicTypes.STRING)
                .addScalar("tenant_id", StandardBasicTypes.STRING)
                .addScalar("message_id", StandardBasicTypes.STRING)
                .addScalar("conversation_id", StandardBasicTypes.STRING)
                .addScalar("channel_id", StandardBasicTypes.STRING)
                .addScalar("status", StandardBasicTypes.STRING)
                .addScalar("attempts", StandardBasicTypes.INTEGER)
                .addScalar("scheduled", StandardBasicTypes.BOOLEAN)
                .addScalar("publication_item_id", StandardBasicTypes.STRING)
                .addScalar("updated_at", StandardBasicTypes.INSTANT)
                .addScalar("first_due", StandardBasicTypes.INSTANT)
                .addScalar("recipient_address", StandardBasicTypes.STRING)
                .setParameter(1, now)
                .setParameter(2, lane)
                .getResultList()
                .stream()
                .map(DueRow::of)
                .toList();
    }

    /** A due delivery as the claim reads it. */
    private record DueRow(
            String id,
            String tenantId,
            String messageId,
            String conversationId,
            String channelId,
            DeliveryStatus status,
            int attempts,
            boolean scheduled,
            String publicationItemId,
            Instant updatedAt,
            Instant firstDue,
            String recipientAddress) {

        static DueRow of(Tuple t) {
            return new DueRow(
                    t.get("id", String.class),
                    t.get("tenant_id", String.class),
                    t.get("message_id", String.class),
                    t.get("conversation_id", String.class),
                    t.get("channel_id", String.class),
                    DeliveryStatus.valueOf(t.get("status", String.class)),
                    t.get("attempts", Integer.class),
                    t.get("scheduled", Boolean.class),
                    t.get("publication_item_id", String.class),
                    t.get("updated_at", Instant.class),
                    t.get("first_due", Instant.class),
                    t.get("recipient_address", String.class));
        }
    }

    /**
     * Sends one claimed delivery and records the outcome. Runs outside any transaction, as the delivery's tenant;
     * never throws for a provider's answer (a sender's unexpected exception counts as a transient failure).
     */
    public void process(Claim claim) {
        ManagedContext requestContext = Arc.container().requestContext();
        if (requestContext.isActive()) {
            throw new IllegalStateException("Deliveries are processed on a thread of their own, outside requests");
        }
        requestContext.activate();
        long started = System.nanoTime();
        long sending = 0;
        CompletableFuture<Boolean> recordedLater = null;
        try {
            tenant.set(claim.tenantId());
            Optional<ResolvedChannel> channel = channel(claim);
            // A publication's item is cached and the claim read its recipient: no transaction unless it is not.
            Prepared prepared = claim.publication()
                    ? preparePublication(claim, channel)
                    : QuarkusTransaction.requiringNew().call(() -> prepare(claim, channel));
            if (prepared.refusal() != null) {
                record(claim, new SendOutcome.Permanent(prepared.refusal()));
                return;
            }
            PriorAcceptance prior = priorAcceptance(claim, prepared);
            if (prior instanceof PriorAcceptance.Unknown unknown) {
                askAgainLater(claim, unknown);
                return;
            }
            long sendStarted = System.nanoTime();
            SendOutcome outcome = prior instanceof PriorAcceptance.Accepted accepted
                    ? new SendOutcome.Sent(accepted.providerId())
                    : send(prepared);
            sending = System.nanoTime() - sendStarted;
            // Sends that end together are recorded together (a broadcast's, and replies' when many go out at once);
            // a failure is recorded on its own. A sender whose SENT outcome another sender is writing goes on to
            // its next send instead of waiting for the commit (its slot is for a provider's call), unless too many
            // records wait already; the lease keeps the delivery this replica's meanwhile.
            if (outcome instanceof SendOutcome.Sent sent) {
                CompletableFuture<Boolean> recorded = queueSent(claim, sent);
                if (!recorded.isDone() && unwaited.tryAcquire()) {
                    recordedLater = recorded;
                } else {
                    awaitRecord(recorded);
                }
            } else {
                record(claim, outcome);
            }
        } finally {
            requestContext.terminate();
            // Our own part of the delivery (reading it, recording what came of it), not the provider's answer time.
            long providerTime = sending;
            if (recordedLater == null) {
                criticalWork.record(System.nanoTime() - started - providerTime);
            } else {
                recordedLater.whenComplete((recorded, failure) -> {
                    unwaited.release();
                    criticalWork.record(System.nanoTime() - started - providerTime);
                    if (failure != null) {
                        LOG.warnf(
                                failure,
                                "Delivery %s was sent but could not be recorded; it is sent again when its lease ends",
                                claim.deliveryId());
                    }
                });
            }
        }
    }

    /**
     * What sending needs, read in one short transaction (a reply and its sender, or a post and its publisher); or
     * why the delivery cannot go (any more).
     */
    private record Prepared(
            ReplySender sender,
            ResolvedChannel channel,
            OutboundReply reply,
            PostPublisher publisher,
            OutboundPost post,
            String refusal) {
        static Prepared refused(String reason) {
            return new Prepared(null, null, null, null, null, reason);
        }

        static Prepared reply(ReplySender sender, ResolvedChannel channel, OutboundReply reply) {
            return new Prepared(sender, channel, reply, null, null, null);
        }

        static Prepared post(PostPublisher publisher, ResolvedChannel channel, OutboundPost post) {
            return new Prepared(null, channel, null, publisher, post, null);
        }

        String deliveryId() {
            return reply != null ? reply.deliveryId() : post.deliveryId();
        }
    }

    /**
     * The claimed delivery's channel, resolved (settings read, secrets opened) once per change of the channel:
     * the claim read when it was last changed. Empty when it was disabled or gone when claimed.
     */
    private Optional<ResolvedChannel> channel(Claim claim) {
        if (claim.channelVersion() == null) {
            return Optional.empty();
        }
        ChannelVersion key = new ChannelVersion(claim.tenantId(), claim.channelId(), claim.channelVersion());
        ResolvedChannel cached = resolvedChannels.getIfPresent(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ResolvedChannel> found =
                QuarkusTransaction.requiringNew().call(() -> channels.resolveOwn(claim.channelId()));
        found.ifPresent(resolved -> resolvedChannels.put(key, resolved));
        return found;
    }

    private record ChannelVersion(String tenantId, String channelId, Instant updatedAt) {}

    private Prepared prepare(Claim claim, Optional<ResolvedChannel> channel) {
        if (channel.isEmpty()) {
            return Prepared.refused("The channel was disabled before the reply went out");
        }
        Optional<ReplySender> sender = senders.forKind(channel.get().kind());
        if (sender.isEmpty()) {
            return Prepared.refused(channel.get().kind() + " channels cannot send replies");
        }
        Optional<OutboundReply> reply = messages.reply(claim.deliveryId(), claim.messageId());
        if (reply.isEmpty()) {
            return Prepared.refused("The message of this delivery no longer exists");
        }
        // Asked again: a scheduled reply may have fallen out of a messaging window since it was written.
        Optional<String> refusal = refusal(sender.get(), channel.get(), reply.get(), clock.instant());
        return refusal.map(Prepared::refused).orElseGet(() -> Prepared.reply(sender.get(), channel.get(), reply.get()));
    }

    private Prepared preparePublication(Claim claim, Optional<ResolvedChannel> channel) {
        if (channel.isEmpty()) {
            return Prepared.refused("The channel was disabled before the post went out");
        }
        Optional<PostPublisher> publisher = publishers.forKind(channel.get().kind());
        if (publisher.isEmpty()) {
            return Prepared.refused(channel.get().kind() + " channels cannot publish posts");
        }
        Optional<OutboundPost> post =
                publications.post(claim.deliveryId(), claim.publicationItemId(), claim.recipientAddress());
        if (post.isEmpty()) {
            return Prepared.refused("The post of this delivery no longer exists");
        }
        List<String> problems = publisher.get().problems(channel.get(), post.get());
        if (!problems.isEmpty()) {
            return Prepared.refused(String.join("; ", problems));
        }
        return Prepared.post(publisher.get(), channel.get(), post.get());
    }

    /**
     * For a delivery taken over from a dispatcher that died: whether the provider already accepted it (then it is
     * recorded as sent, not sent again), did not, or cannot be asked now.
     */
    private PriorAcceptance priorAcceptance(Claim claim, Prepared prepared) {
        if (claim.takenOverSince() == null) {
            return PriorAcceptance.NOT_ACCEPTED;
        }
        PriorAcceptance prior;
        try {
            prior = prepared.publisher() != null
                    ? prepared.publisher().priorAcceptance(prepared.channel(), prepared.post(), claim.takenOverSince())
                    : prepared.sender().priorAcceptance(prepared.channel(), prepared.reply(), claim.takenOverSince());
        } catch (RuntimeException e) {
            LOG.warnf(e, "Delivery %s: could not ask the provider whether it already has it", claim.deliveryId());
            prior = new PriorAcceptance.Unknown(
                    "Unexpected error asking the provider: " + e.getClass().getSimpleName(), null);
        }
        if (prior instanceof PriorAcceptance.Accepted accepted) {
            LOG.infof(
                    "Delivery %s: the provider already has it (%s); recorded without sending it again",
                    claim.deliveryId(), accepted.providerId());
        }
        return prior == null ? PriorAcceptance.NOT_ACCEPTED : prior;
    }

    /**
     * The provider could not tell whether it already has a taken-over delivery: it stays SENDING (so the next
     * claim asks again, from the same time on) and is due again after a backoff; attempts still count, so it
     * fails in the end rather than wait forever.
     */
    private void askAgainLater(Claim claim, PriorAcceptance.Unknown unknown) {
        Duration delay = backoff.after(claim.attempt(), unknown.retryAfter());
        String error = abbreviate("Could not ask the provider whether it already has this message: " + unknown.error());
        QuarkusTransaction.requiringNew().run(() -> {
            if (update(
                    claim,
                    "due_at = ?3, claim_token = NULL, last_error = ?4",
                    clock.instant().plus(delay),
                    error)) {
                LOG.infof("Delivery %s: %s; asking again in %s", claim.deliveryId(), error, delay);
            }
        });
    }

    /** Why {@code reply} cannot go through {@code channel} at {@code at}; empty when it can. */
    static Optional<String> refusal(ReplySender sender, ResolvedChannel channel, OutboundReply reply, Instant at) {
        if (reply.recipientExternalId() == null) {
            return Optional.of("The contact has no identity on this channel to reply to");
        }
        return sender.refusal(channel, reply, at);
    }

    private SendOutcome send(Prepared prepared) {
        ChannelKind kind = prepared.channel().kind();
        Timer.Sample sample = Timer.start(metrics);
        SendOutcome outcome;
        try {
            outcome = prepared.publisher() != null
                    ? prepared.publisher().publish(prepared.channel(), prepared.post())
                    : prepared.sender().send(prepared.channel(), prepared.reply());
            if (outcome == null) {
                outcome = new SendOutcome.Transient("The " + kind + " sender gave no outcome", null);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "The %s sender failed unexpectedly on delivery %s", kind, prepared.deliveryId());
            outcome = new SendOutcome.Transient(
                    "Unexpected error while sending: " + e.getClass().getSimpleName(), null);
        }
        sample.stop(metrics.timer("switchboard.delivery.send", "kind", kind.name(), "outcome", outcomeName(outcome)));
        return outcome;
    }

    /**
     * Records what became of an attempt, if the delivery is still SENDING under this claim (else another
     * dispatcher took it over, and its record counts). Returns whether it recorded.
     */
    boolean record(Claim claim, SendOutcome outcome) {
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> recordOnce(claim, outcome, clock.instant()));
            } catch (RuntimeException e) {
                // A deadlock or a lost connection: worth another try, since otherwise the lease expiry sends it again.
                if (attempt == 3) {
                    throw e;
                }
                LOG.warnf(e, "Recording the outcome of delivery %s failed; retrying", claim.deliveryId());
            }
        }
    }

    private boolean recordOnce(Claim claim, SendOutcome outcome, Instant now) {
        return switch (outcome) {
            case SendOutcome.Sent sent -> {
                boolean recorded = update(
                        claim,
                        "status = 'SENT', provider_id = ?3, sent_at = ?4, due_at = NULL, claim_token = NULL,"
                                + " last_error = NULL, updated_at = ?4",
                        sent.providerId(),
                        now);
                if (recorded) {
                    messages.deliveryChanged(List.of(change(claim, DeliveryStatus.SENT, sent.providerId(), null)), now);
                    if (claim.scheduled() && !claim.publication()) {
                        messages.touch(claim.tenantId(), claim.conversationId(), claim.messageId(), now);
                    }
                    // The provider may have reported on the message while we waited for its answer.
                    receipts.applyEarly(claim.deliveryId(), now);
                    metrics.counter("switchboard.delivery.sent").increment();
                }
                yield recorded;
            }
            case SendOutcome.Transient failure ->
                claim.attempt() < maxAttempts && now.isBefore(claim.firstDue().plus(giveUpAfter))
                        ? retry(claim, failure, now)
                        : fail(
                                claim,
                                "Gave up after " + claim.attempt() + (claim.attempt() == 1 ? " attempt" : " attempts")
                                        + " over "
                                        + Duration.between(claim.firstDue(), now)
                                                .toMinutes() + " minutes: "
                                        + failure.error(),
                                now);
            case SendOutcome.Permanent failure -> fail(claim, failure.error(), now);
        };
    }

    /**
     * Queues the record of a send the provider accepted (a reply or a publication's) and, unless another sender is
     * writing, writes every queued one: senders that finish while another one's record is being written queue
     * theirs, and the writer writes them together, one transaction per batch, so the database sees one commit for
     * many sends when many finish at once. While outcomes keep coming, the sender writing them goes on writing (its
     * slot stays taken). Returns the record's stage, already done unless another sender is writing it; its result
     * says whether it recorded (as {@link #record}).
     */
    private CompletableFuture<Boolean> queueSent(Claim claim, SendOutcome.Sent sent) {
        PendingSent mine = new PendingSent(claim, sent, new CompletableFuture<>());
        sentQueue.add(mine);
        // Whoever holds the flag writes until the queue is empty, then looks once more after letting go of it: an
        // outcome queued while the flag was held is written either by the holder or by the one who queued it.
        while (!sentQueue.isEmpty() && writingSent.compareAndSet(false, true)) {
            try {
                for (List<PendingSent> batch = nextSentBatch(); !batch.isEmpty(); batch = nextSentBatch()) {
                    writeSent(batch);
                }
            } finally {
                writingSent.set(false);
            }
        }
        return mine.recorded();
    }

    /** Waits for a record (an interrupt does not stop it: the send happened); returns whether it recorded. */
    private static boolean awaitRecord(CompletableFuture<Boolean> recorded) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return recorded.get();
                } catch (InterruptedException e) {
                    interrupted = true; // recorded all the same: the send happened
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException runtime
                            ? runtime
                            : new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private List<PendingSent> nextSentBatch() {
        List<PendingSent> batch = new ArrayList<>();
        for (PendingSent next = sentQueue.poll(); next != null; next = sentQueue.poll()) {
            batch.add(next);
            if (batch.size() == MAX_SENT_PER_COMMIT) {
                break;
            }
        }
        return batch;
    }

    private record PendingSent(Claim claim, SendOutcome.Sent sent, CompletableFuture<Boolean> recorded) {}

    /** Writes these records together; after a failure (a deadlock, a lost connection) each one on its own. */
    private void writeSent(List<PendingSent> batch) {
        if (batch.size() > 1) {
            try {
                Set<String> recorded = recordAllSent(batch);
                batch.forEach(pending -> pending.recorded()
                        .complete(recorded.contains(pending.claim().deliveryId())));
                return;
            } catch (RuntimeException e) {
                LOG.warnf(e, "Recording %d sent deliveries together failed; recording each on its own", batch.size());
            }
        }
        for (PendingSent pending : batch) {
            try {
                pending.recorded().complete(record(pending.claim(), pending.sent()));
            } catch (RuntimeException e) {
                pending.recorded().completeExceptionally(e);
            }
        }
    }

    /** Records these SENT outcomes in one transaction; returns the ids it recorded (the others were taken over). */
    Set<String> recordAllSent(List<Claim> claims, List<SendOutcome.Sent> outcomes) {
        List<PendingSent> batch = new ArrayList<>();
        for (int i = 0; i < claims.size(); i++) {
            batch.add(new PendingSent(claims.get(i), outcomes.get(i), new CompletableFuture<>()));
        }
        return recordAllSent(batch);
    }

    private Set<String> recordAllSent(List<PendingSent> batch) {
        return QuarkusTransaction.requiringNew().call(() -> recordSentTogether(batch, clock.instant()));
    }

    /**
     * {@link #recordOnce} for many SENT outcomes: locks those still SENDING under their claims, marks them SENT
     * in one statement, then records their messages' changes and early receipts. Returns the ids it recorded.
     */
    private Set<String> recordSentTogether(List<PendingSent> batch, Instant now) {
        Map<String, PendingSent> byId = new LinkedHashMap<>();
        batch.forEach(pending -> byId.put(pending.claim().deliveryId(), pending));
        List<String> ids = byId.keySet().stream().sorted().toList();
        Session session = em.unwrap(Session.class);
        List<String> reportedEarly = new ArrayList<>();
        List<PendingSent> ours = session.doReturningWork(connection -> {
            List<PendingSent> owned = new ArrayList<>();
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT id, claim_token, early_receipt_status IS NOT NULL FROM delivery"
                            + " WHERE id IN (" + marks(ids.size()) + ") AND status = 'SENDING' FOR UPDATE")) {
                for (int i = 0; i < ids.size(); i++) {
                    select.setString(i + 1, ids.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        PendingSent pending = byId.get(rows.getString(1));
                        if (pending.claim().token().equals(rows.getString(2))) {
                            owned.add(pending);
                            if (rows.getBoolean(3)) {
                                reportedEarly.add(pending.claim().deliveryId());
                            }
                        }
                    }
                }
            }
            if (owned.isEmpty()) {
                return owned;
            }
            StringBuilder sql = new StringBuilder("UPDATE delivery SET status = 'SENT', provider_id = CASE id");
            owned.forEach(pending -> sql.append(" WHEN ? THEN ?"));
            sql.append(" END, sent_at = ?, due_at = NULL, claim_token = NULL, last_error = NULL, updated_at = ?")
                    .append(" WHERE id IN (")
                    .append(marks(owned.size()))
                    .append(")");
            try (PreparedStatement update = connection.prepareStatement(sql.toString())) {
                int p = 1;
                for (PendingSent pending : owned) {
                    update.setString(p++, pending.claim().deliveryId());
                    update.setString(p++, pending.sent().providerId());
                }
                UtcColumns.set(update, p++, now);
                UtcColumns.set(update, p++, now);
                for (PendingSent pending : owned) {
                    update.setString(p++, pending.claim().deliveryId());
                }
                update.executeUpdate();
            }
            return owned;
        });
        byId.values().stream()
                .filter(pending -> !ours.contains(pending))
                .forEach(pending -> LOG.warnf(
                        "Delivery %s was taken over by another dispatcher (lease expired); this attempt's outcome is"
                                + " not recorded",
                        pending.claim().deliveryId()));
        if (ours.isEmpty()) {
            return Set.of();
        }
        messages.deliveryChanged(
                ours.stream()
                        .map(pending -> change(
                                pending.claim(),
                                DeliveryStatus.SENT,
                                pending.sent().providerId(),
                                null))
                        .toList(),
                now);
        for (PendingSent pending : ours) {
            Claim claim = pending.claim();
            if (claim.scheduled() && !claim.publication()) {
                messages.touch(claim.tenantId(), claim.conversationId(), claim.messageId(), now);
            }
        }
        // The provider may have reported on some of them while we waited for its answers.
        reportedEarly.forEach(id -> receipts.applyEarly(id, now));
        metrics.counter("switchboard.delivery.sent").increment(ours.size());
        return ours.stream().map(pending -> pending.claim().deliveryId()).collect(Collectors.toSet());
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private boolean retry(Claim claim, SendOutcome.Transient failure, Instant now) {
        Duration delay = backoff.after(claim.attempt(), failure.retryAfter());
        String error = abbreviate(failure.error());
        boolean recorded = update(
                claim,
                "status = 'QUEUED', due_at = ?3, claim_token = NULL, last_error = ?4, updated_at = ?5",
                now.plus(delay),
                error,
                now);
        if (recorded) {
            LOG.debugf(
                    "Delivery %s: attempt %d failed (%s); next in %s",
                    claim.deliveryId(), claim.attempt(), error, delay);
            messages.deliveryChanged(List.of(change(claim, DeliveryStatus.QUEUED, null, error)), now);
            metrics.counter("switchboard.delivery.retried").increment();
        }
        return recorded;
    }

    private boolean fail(Claim claim, String reason, Instant now) {
        String error = abbreviate(reason);
        boolean recorded = update(
                claim,
                "status = 'FAILED', due_at = NULL, claim_token = NULL, last_error = ?3, updated_at = ?4",
                error,
                now);
        if (recorded) {
            LOG.infof("Delivery %s failed: %s", claim.deliveryId(), error);
            messages.deliveryChanged(List.of(change(claim, DeliveryStatus.FAILED, null, error)), now);
            metrics.counter("switchboard.delivery.failed").increment();
        }
        return recorded;
    }

    /** Applies {@code set} (parameters from ?3 on) if the delivery is still SENDING under this claim. */
    private boolean update(Claim claim, String set, Object... values) {
        var query = em.createNativeQuery(
                        "UPDATE delivery SET " + set + " WHERE id = ?1 AND status = 'SENDING' AND claim_token = ?2")
                .setParameter(1, claim.deliveryId())
                .setParameter(2, claim.token());
        for (int i = 0; i < values.length; i++) {
            query.setParameter(i + 3, values[i]);
        }
        boolean updated = query.executeUpdate() == 1;
        if (!updated) {
            LOG.warnf(
                    "Delivery %s was taken over by another dispatcher (lease expired); this attempt's outcome is"
                            + " not recorded",
                    claim.deliveryId());
        }
        return updated;
    }

    private OutboundMessages.DeliveryChange change(
            DueRow row, DeliveryStatus status, int attempts, String providerId, String error) {
        return DeliveryEvents.change(
                messages,
                row.id(),
                row.tenantId(),
                row.messageId(),
                row.conversationId(),
                status,
                attempts,
                providerId,
                error);
    }

    private OutboundMessages.DeliveryChange change(
            Claim claim, DeliveryStatus status, String providerId, String error) {
        return DeliveryEvents.change(
                messages,
                claim.deliveryId(),
                claim.tenantId(),
                claim.messageId(),
                claim.conversationId(),
                status,
                claim.attempt(),
                providerId,
                error);
    }

    private static String outcomeName(SendOutcome outcome) {
        return switch (outcome) {
            case SendOutcome.Sent s -> "sent";
            case SendOutcome.Transient t -> "transient";
            case SendOutcome.Permanent p -> "permanent";
        };
    }

    private static String abbreviate(String error) {
        String e = error == null ? "Unknown error" : error;
        return e.length() <= MAX_ERROR_LENGTH ? e : e.substring(0, MAX_ERROR_LENGTH - 1) + "…";
    }
}
