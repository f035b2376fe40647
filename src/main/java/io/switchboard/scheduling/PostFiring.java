package io.switchboard.scheduling;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ChannelService;
import io.switchboard.channel.ChannelView;
import io.switchboard.channel.outbound.PostPublisher;
import io.switchboard.common.Ids;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.delivery.DeliveryQueued;
import io.switchboard.delivery.Outbox;
import io.switchboard.inbox.ContactAudience;
import io.switchboard.limits.PaidMessageAllowance;
import io.switchboard.tenancy.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.quartz.TriggerKey;

/**
 * Fires one occurrence of a post, in one transaction: writes the publication, its items (what goes out, as the
 * post is now) and one outbox delivery per page/account and per broadcast recipient, and plans the post's next
 * occurrence. The dispatchers of every replica then send the deliveries; retries and exactly-once come from the
 * outbox.
 *
 * <p>Firing is idempotent: the publication's unique key (post, occurrence) lets a second firing of the same
 * occurrence (Quartz recovering the job of a replica that died) find it done. A trigger that no longer matches the
 * post's planned occurrence (the post was edited or cancelled meanwhile) does nothing. An occurrence that fires
 * later than the grace period after its time is recorded as MISSED (and its author told) instead of going out.
 */
@ApplicationScoped
public class PostFiring {

    private static final Logger LOG = Logger.getLogger(PostFiring.class);
    private static final String NOT_SENT = "Not sent: ";

    /** Recipients' assignments written per statement. */
    private static final int ASSIGNMENT_BATCH = 500;

    private final EntityManager em;
    private final TenantContext tenant;
    private final Clock clock;
    private final PostTriggers triggers;
    private final Event<DeliveryQueued> queued;
    private final MissedPostNotices notices;
    private final ChannelService channels;
    private final Duration grace;
    private final BroadcastCap cap;
    private final PaidMessageAllowance allowance;
    private final Outbox outbox;

    PostFiring(
            EntityManager em,
            TenantContext tenant,
            Clock clock,
            PostTriggers triggers,
            Event<DeliveryQueued> queued,
            MissedPostNotices notices,
            ChannelService channels,
            SwitchboardConfig config,
            BroadcastCap cap,
            PaidMessageAllowance allowance,
            Outbox outbox) {
        this.channels = channels;
        this.cap = cap;
        this.allowance = allowance;
        this.outbox = outbox;
        this.em = em;
        this.tenant = tenant;
        this.clock = clock;
        this.triggers = triggers;
        this.queued = queued;
        this.notices = notices;
        this.grace = config.publishing().misfireGrace();
    }

    /** What one firing did. */
    enum Outcome {
        PUBLISHING,
        MISSED,
        /** Not sent at all: the broadcast's audience exceeded what was left of the day's cap (FAILED, with why). */
        OVER_CAP,
        ALREADY_FIRED,
        STALE
    }

    /** Fires {@code occurrence} of the post, as its tenant, in a transaction of its own. */
    public Outcome fire(String tenantId, String postId, Instant occurrence, TriggerKey firingTrigger) {
        ManagedContext requestContext = Arc.container().requestContext();
        boolean activated = !requestContext.isActive();
        if (activated) {
            requestContext.activate();
        }
        try {
            tenant.set(tenantId);
            return QuarkusTransaction.requiringNew()
                    .call(() -> fireInTransaction(tenantId, postId, occurrence, firingTrigger, clock.instant()));
        } finally {
            if (activated) {
                requestContext.terminate();
            }
        }
    }

    private Outcome fireInTransaction(
            String tenantId, String postId, Instant occurrence, TriggerKey firingTrigger, Instant now) {
        Post post = em.find(Post.class, postId, LockModeType.PESSIMISTIC_WRITE);
        if (post == null) {
            LOG.infof("Post %s no longer exists; its trigger is dropped", postId);
            triggers.unplan(postId);
            return Outcome.STALE;
        }
        boolean planned = post.nextRunAt != null && post.nextRunAt.equals(occurrence);
        boolean live = post.status == PostStatus.SCHEDULED || post.status == PostStatus.PUBLISHING;
        if (!planned || !live) {
            LOG.debugf(
                    "Post %s: occurrence %s is no longer planned (status %s); nothing to do",
                    postId, occurrence, post.status);
            return Outcome.STALE;
        }
        Outcome outcome;
        if (exists(postId, occurrence)) {
            outcome = Outcome.ALREADY_FIRED;
        } else if (now.isAfter(occurrence.plus(grace))) {
            insertPublication(Ids.newId(), tenantId, postId, occurrence, now, PostStatus.MISSED, now);
            notices.missed(post, occurrence, now);
            outcome = Outcome.MISSED;
        } else {
            outcome = publish(post, occurrence, now);
        }
        // The next occurrence: the first after this one that can still go out in time (occurrences lost while
        // every replica was down are skipped, not fired one after another as MISSED).
        Instant notBefore = now.minus(grace);
        Instant after = occurrence.isAfter(notBefore) ? occurrence : notBefore;
        Optional<Instant> next = post.recurrence().next(after);
        post.nextRunAt = next.orElse(null);
        if (next.isPresent()) {
            triggers.plan(tenantId, postId, next.get(), firingTrigger);
        }
        if (outcome == Outcome.MISSED && post.status == PostStatus.SCHEDULED && next.isEmpty()) {
            post.status = PostStatus.MISSED;
        }
        if (outcome == Outcome.OVER_CAP && post.status == PostStatus.SCHEDULED && next.isEmpty()) {
            post.status = PostStatus.FAILED;
        }
        post.updatedAt = now;
        post.version++;
        return outcome;
    }

    /**
     * Writes the publication and its deliveries, unless the broadcast's audience does not fit in what is left of the
     * tenant's daily cap of its kind (SMS, EMAIL): then nothing of the occurrence goes out (not the feed posts
     * either, which may announce the broadcast), and the publication is FAILED with the reason. Never part of an
     * audience: a community manager would not know who got it. The usage row stays locked until this transaction
     * ends, so concurrent firings of the tenant's broadcasts are counted one after the other.
     */
    private Outcome publish(Post post, Instant occurrence, Instant now) {
        String publicationId = Ids.newId();
        ChannelKind audienceKind = post.audienceChannelId == null ? null : kind(post.audienceChannelId);
        PaidMessageAllowance.Usage usage = null;
        if (audienceKind != null) {
            Optional<BroadcastCap.Verdict> verdict = cap.atFiring(post, audienceKind, PaidMessageAllowance.day(now));
            usage = verdict.map(BroadcastCap.Verdict::usage).orElse(null);
            if (verdict.isPresent() && !verdict.get().fits()) {
                String reason = NOT_SENT + verdict.get().refusal();
                insertPublication(publicationId, post.tenantId, post.id, occurrence, now, PostStatus.FAILED, now);
                failed(publicationId, reason);
                LOG.warnf("Post %s: occurrence %s not sent: %s", post.id, occurrence, reason);
                return Outcome.OVER_CAP;
            }
        }
        insertPublication(publicationId, post.tenantId, post.id, occurrence, now, PostStatus.PUBLISHING, null);
        int position = 0;
        int deliveries = 0;
        List<String> variants = PostVariants.read(post.variants);
        List<PostTarget> targets = PostTarget.list("postId = ?1 order by position", post.id);
        for (PostTarget target : targets) {
            // With variants, each is a post of its own on the page/account, all at this occurrence.
            int items = variants.isEmpty() ? 1 : variants.size();
            for (int v = 0; v < items; v++) {
                String itemId = insertItem(
                        publicationId,
                        position++,
                        target.channelId,
                        PostPublisher.Mode.FEED,
                        variants.isEmpty() ? (target.text != null ? target.text : post.text) : variants.get(v),
                        post.subject,
                        post.media,
                        null,
                        variants.isEmpty() ? null : v);
                deliveries += outbox.enqueuePost(post.tenantId, target.channelId, publicationId, itemId, now);
            }
        }
        if (post.audienceChannelId != null) {
            int recipients = variants.isEmpty()
                    ? broadcast(post, publicationId, position, audienceKind, now)
                    : splitBroadcast(post, publicationId, position, audienceKind, variants, now);
            if (usage != null) {
                if (recipients > usage.remaining()) {
                    // Labels were added since the count above: still all or nothing.
                    String reason = NOT_SENT + BroadcastCap.refusal(post.audienceLabel, recipients, usage);
                    outbox.withdraw(post.tenantId, publicationId);
                    em.createNativeQuery("DELETE FROM broadcast_assignment WHERE publication_id = ?1")
                            .setParameter(1, publicationId)
                            .executeUpdate();
                    em.createNativeQuery("UPDATE publication SET status = 'FAILED', finished_at = ?1 WHERE id = ?2")
                            .setParameter(1, now)
                            .setParameter(2, publicationId)
                            .executeUpdate();
                    failed(publicationId, reason);
                    LOG.warnf("Post %s: occurrence %s not sent: %s", post.id, occurrence, reason);
                    return Outcome.OVER_CAP;
                }
                allowance.add(usage, recipients);
            }
            deliveries += recipients;
        }
        em.createNativeQuery("UPDATE publication SET recipients = ?1 WHERE id = ?2")
                .setParameter(1, deliveries)
                .setParameter(2, publicationId)
                .executeUpdate();
        post.status = PostStatus.PUBLISHING;
        LOG.infof("Post %s: occurrence %s is going out (%d deliveries)", post.id, occurrence, deliveries);
        if (deliveries > 0) {
            queued.fire(DeliveryQueued.publication(publicationId));
        }
        return Outcome.PUBLISHING;
    }

    /**
     * One delivery per member of the audience (the inbox defines who: ContactAudience), written by one statement, so
     * a broadcast to many thousands fans out at once.
     */
    private int broadcast(Post post, String publicationId, int position, ChannelKind kind, Instant now) {
        String itemId = insertItem(
                publicationId,
                position,
                post.audienceChannelId,
                PostPublisher.Mode.BROADCAST,
                post.audienceText != null ? post.audienceText : post.text,
                post.subject,
                post.media,
                post.audienceLabel,
                null);
        return outbox.enqueueBroadcast(
                post.tenantId,
                post.audienceChannelId,
                publicationId,
                itemId,
                new Outbox.Recipients(ContactAudience.membersSelect(kind), Map.of("label", post.audienceLabel)),
                now);
    }

    /**
     * An A/B broadcast: the audience is split at random into equal groups, one per variant ({@link AudienceSplit},
     * with a fresh seed stored on the publication); the assignment is written first, one row per recipient, and each
     * variant's deliveries are written from it, so every recipient gets exactly the one variant recorded. The
     * members are read and written in this transaction's one snapshot, so the split covers exactly the audience
     * that the deliveries go to.
     */
    private int splitBroadcast(
            Post post, String publicationId, int position, ChannelKind kind, List<String> variants, Instant now) {
        String seed = Ids.newId();
        em.createNativeQuery("UPDATE publication SET experiment_seed = ?1 WHERE id = ?2")
                .setParameter(1, seed)
                .setParameter(2, publicationId)
                .executeUpdate();
        List<?> members = em.createNativeQuery(
                        "SELECT m.contact_id FROM (" + ContactAudience.membersSelect(kind) + ") m")
                .setParameter("tenant", post.tenantId)
                .setParameter("channel", post.audienceChannelId)
                .setParameter("label", post.audienceLabel)
                .getResultList();
        Map<String, Integer> assignment = AudienceSplit.assign(
                seed, members.stream().map(String.class::cast).toList(), variants.size());
        List<Map.Entry<String, Integer>> rows = new ArrayList<>(assignment.entrySet());
        for (int from = 0; from < rows.size(); from += ASSIGNMENT_BATCH) {
            List<Map.Entry<String, Integer>> batch = rows.subList(from, Math.min(rows.size(), from + ASSIGNMENT_BATCH));
            StringBuilder sql = new StringBuilder(
                    "INSERT INTO broadcast_assignment (publication_id, contact_id, tenant_id, variant) VALUES ");
            for (int i = 0; i < batch.size(); i++) {
                int p = 4 * i;
                sql.append(i == 0 ? "" : ", ")
                        .append("(?")
                        .append(p + 1)
                        .append(", ?")
                        .append(p + 2)
                        .append(", ?")
                        .append(p + 3)
                        .append(", ?")
                        .append(p + 4)
                        .append(")");
            }
            var insert = em.createNativeQuery(sql.toString());
            int p = 1;
            for (Map.Entry<String, Integer> row : batch) {
                insert.setParameter(p++, publicationId);
                insert.setParameter(p++, row.getKey());
                insert.setParameter(p++, post.tenantId);
                insert.setParameter(p++, row.getValue());
            }
            insert.executeUpdate();
        }
        int recipients = 0;
        for (int v = 0; v < variants.size(); v++) {
            String itemId = insertItem(
                    publicationId,
                    position + v,
                    post.audienceChannelId,
                    PostPublisher.Mode.BROADCAST,
                    variants.get(v),
                    post.subject,
                    post.media,
                    post.audienceLabel,
                    v);
            // The variant's members: the audience as the assignment above recorded it.
            String variantMembers =
                    "SELECT m.contact_id, m.address FROM (" + ContactAudience.membersSelect(kind) + ") m"
                            + " JOIN broadcast_assignment a ON a.publication_id = :publication AND a.contact_id = m.contact_id"
                            + " AND a.variant = :variant";
            recipients += outbox.enqueueBroadcast(
                    post.tenantId,
                    post.audienceChannelId,
                    publicationId,
                    itemId,
                    new Outbox.Recipients(variantMembers, Map.of("label", post.audienceLabel, "variant", v)),
                    now);
        }
        return recipients;
    }

    private void failed(String publicationId, String reason) {
        em.createNativeQuery("UPDATE publication SET failure_reason = ?1 WHERE id = ?2")
                .setParameter(1, reason.length() > 500 ? reason.substring(0, 500) : reason)
                .setParameter(2, publicationId)
                .executeUpdate();
    }

    private ChannelKind kind(String channelId) {
        return channels.find(channelId).map(ChannelView::kind).orElse(null);
    }

    private boolean exists(String postId, Instant occurrence) {
        return !em.createNativeQuery("SELECT 1 FROM publication WHERE post_id = ?1 AND occurrence_at = ?2")
                .setParameter(1, postId)
                .setParameter(2, occurrence)
                .getResultList()
                .isEmpty();
    }

    private void insertPublication(
            String id,
            String tenantId,
            String postId,
            Instant occurrence,
            Instant now,
            PostStatus status,
            Instant finishedAt) {
        em.createNativeQuery("INSERT INTO publication (id, tenant_id, post_id, occurrence_at, fired_at, status,"
                        + " recipients, finished_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7)")
                .setParameter(1, id)
                .setParameter(2, tenantId)
                .setParameter(3, postId)
                .setParameter(4, occurrence)
                .setParameter(5, now)
                .setParameter(6, status.name())
                .setParameter(7, finishedAt)
                .executeUpdate();
    }

    private String insertItem(
            String publicationId,
            int position,
            String channelId,
            PostPublisher.Mode mode,
            String text,
            String subject,
            String media,
            String label,
            Integer variant) {
        PublicationItem item = new PublicationItem();
        item.id = Ids.newId();
        item.publicationId = publicationId;
        item.position = position;
        item.channelId = channelId;
        item.mode = mode;
        item.text = text;
        item.subject = subject;
        item.media = media;
        item.audienceLabel = label;
        item.variant = variant;
        item.persist();
        em.flush();
        return item.id;
    }
}
