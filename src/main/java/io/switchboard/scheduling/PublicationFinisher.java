package io.switchboard.scheduling;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.channel.ChannelKind;
import io.switchboard.common.db.NativeRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Ends publications whose deliveries are all done: PUBLISHED when every delivery went out, FAILED when none did,
 * PARTIALLY_FAILED otherwise; the post follows (back to SCHEDULED when a later occurrence is planned). Every
 * replica runs it; the conditional update lets one of them end each publication.
 */
@ApplicationScoped
public class PublicationFinisher {

    private static final Logger LOG = Logger.getLogger(PublicationFinisher.class);

    private final EntityManager em;
    private final Clock clock;
    private final Event<PostTargetsPublished> published;
    private volatile boolean stopping;

    PublicationFinisher(EntityManager em, Clock clock, Event<PostTargetsPublished> published) {
        this.em = em;
        this.clock = clock;
        this.published = published;
    }

    @Scheduled(
            identity = "publication-finisher",
            every = "${switchboard.publishing.finish-every}",
            executeWith = Scheduled.SIMPLE,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        if (stopping) {
            return;
        }
        try {
            finish();
        } catch (RuntimeException e) {
            if (stopping) {
                LOG.debug("Ending finished publications stopped with the service", e);
            } else {
                LOG.warn("Ending finished publications failed; trying again at the next run", e);
            }
        }
    }

    /** A publication still going out. */
    private record Publishing(String id, String tenantId, String postId) {}

    /** Ends every publication whose deliveries are done; returns how many it ended. */
    @ActivateRequestContext
    public int finish() {
        List<Publishing> open = QuarkusTransaction.requiringNew().call(() -> {
            List<?> rows = em.createNativeQuery(
                            "SELECT id, tenant_id, post_id FROM publication WHERE status = 'PUBLISHING' LIMIT 500",
                            Tuple.class)
                    .getResultList();
            return rows.stream()
                    .map(Tuple.class::cast)
                    .map(t -> new Publishing(
                            t.get("id", String.class),
                            t.get("tenant_id", String.class),
                            t.get("post_id", String.class)))
                    .toList();
        });
        int ended = 0;
        for (Publishing publication : open) {
            if (QuarkusTransaction.requiringNew()
                    .call(() ->
                            finish(publication.id(), publication.tenantId(), publication.postId(), clock.instant()))) {
                ended++;
            }
        }
        return ended;
    }

    private boolean finish(String publicationId, String tenantId, String postId, Instant now) {
        Tuple counts = (Tuple) em.createNativeQuery(
                        "SELECT COUNT(*) AS total,"
                                + " COALESCE(SUM(status IN ('QUEUED', 'SENDING', 'SCHEDULED')), 0) AS pending,"
                                + " COALESCE(SUM(status IN ('FAILED', 'CANCELLED')), 0) AS failed"
                                + " FROM delivery WHERE publication_id = ?1",
                        Tuple.class)
                .setParameter(1, publicationId)
                .getSingleResult();
        long total = counts.get("total", Number.class).longValue();
        long pending = counts.get("pending", Number.class).longValue();
        long failed = counts.get("failed", Number.class).longValue();
        if (pending > 0) {
            return false;
        }
        PostStatus outcome =
                failed == 0 ? PostStatus.PUBLISHED : failed == total ? PostStatus.FAILED : PostStatus.PARTIALLY_FAILED;
        int updated = em.createNativeQuery("UPDATE publication SET status = ?1, finished_at = ?2"
                        + " WHERE id = ?3 AND status = 'PUBLISHING'")
                .setParameter(1, outcome.name())
                .setParameter(2, now)
                .setParameter(3, publicationId)
                .executeUpdate();
        if (updated == 0) {
            return false;
        }
        // What each item reached, for the volume report.
        em.createNativeQuery(
                        "UPDATE publication_item i LEFT JOIN (SELECT publication_item_id,"
                                + " SUM(status IN ('SENT', 'DELIVERED')) AS sent, SUM(status IN ('FAILED', 'CANCELLED')) AS failed"
                                + " FROM delivery WHERE publication_id = ?1 GROUP BY publication_item_id) c"
                                + " ON c.publication_item_id = i.id"
                                + " SET i.sent = COALESCE(c.sent, 0), i.failed = COALESCE(c.failed, 0) WHERE i.publication_id = ?1")
                .setParameter(1, publicationId)
                .executeUpdate();
        // The post follows its publication, unless another occurrence of it is publishing meanwhile.
        em.createNativeQuery("UPDATE post SET status = CASE WHEN next_run_at IS NULL THEN ?1 ELSE 'SCHEDULED' END,"
                        + " version = version + 1, updated_at = ?2 WHERE id = ?3 AND tenant_id = ?4"
                        + " AND status = 'PUBLISHING' AND NOT EXISTS (SELECT 1 FROM publication p"
                        + " WHERE p.post_id = ?3 AND p.status = 'PUBLISHING')")
                .setParameter(1, outcome.name())
                .setParameter(2, now)
                .setParameter(3, postId)
                .setParameter(4, tenantId)
                .executeUpdate();
        announcePublishedTargets(publicationId, tenantId, postId);
        LOG.infof(
                "Publication %s of post %s: %s (%d deliveries, %d failed)",
                publicationId, postId, outcome, total, failed);
        return true;
    }

    /** The page/account targets the provider took, for those who follow their metrics (same transaction). */
    private void announcePublishedTargets(String publicationId, String tenantId, String postId) {
        List<PostTargetsPublished.Target> targets = NativeRows.list(
                        em.createNativeQuery("SELECT d.id, d.channel_id, c.kind, d.provider_id, d.sent_at"
                                        + " FROM delivery d JOIN publication_item i ON i.id = d.publication_item_id"
                                        + " JOIN channel c ON c.id = d.channel_id WHERE d.publication_id = ?1"
                                        + " AND i.mode = 'FEED' AND d.status IN ('SENT', 'DELIVERED')"
                                        + " AND d.provider_id IS NOT NULL AND d.sent_at IS NOT NULL"
                                        + " ORDER BY i.position")
                                .setParameter(1, publicationId),
                        Sent.class)
                .stream()
                .map(row -> new PostTargetsPublished.Target(
                        row.id(), row.channelId(), row.kind(), row.providerId(), row.sentAt()))
                .toList();
        if (targets.isEmpty()) {
            return;
        }
        published.fire(new PostTargetsPublished(tenantId, postId, publicationId, targets));
    }

    /** A feed delivery the provider took. */
    private record Sent(String id, String channelId, ChannelKind kind, String providerId, Instant sentAt) {}
}
