package io.switchboard.workload;

import io.switchboard.common.Ids;
import io.switchboard.common.Money;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.error.ConflictException;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.scheduling.PostTextsEdited;
import io.switchboard.staff.OperatorRates;
import io.switchboard.tenancy.TenantContext;
import io.switchboard.workload.WorkedPosts.WorkedPost;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Time spent publishing: the composer's heartbeats on a post become work sessions, with the same rules as work on a
 * conversation ({@link HandlingTimeRecorder}): consecutive heartbeats extend one session, a gap longer than the idle
 * timeout ends it at its last heartbeat, stopping ends it now, and {@link IdleSessionCloser} ends the forgotten ones.
 * A session on a post has no channel of its own ({@code channel_id} null, the kind of the post's first channel): the
 * reports deal its time out to the post's channels. An edit of a channel's own text during the session (the
 * composer's PATCH) is recorded, and then the session counts on the edited channels only.
 */
@ApplicationScoped
public class PublishingTimeRecorder {

    private final EntityManager em;
    private final TenantContext tenant;
    private final WorkedPosts posts;
    private final OperatorRates rates;
    private final Duration idleTimeout;

    public PublishingTimeRecorder(
            EntityManager em, TenantContext tenant, WorkedPosts posts, OperatorRates rates, SwitchboardConfig config) {
        this.em = em;
        this.tenant = tenant;
        this.posts = posts;
        this.rates = rates;
        this.idleTimeout = config.workload().idleTimeout();
    }

    /**
     * Records that the operator works on the post at {@code now}; returns their current session. A post that went
     * out, failed, was missed or cancelled takes no heartbeats (409): it is not being written or approved any more.
     */
    @Transactional
    public WorkSessionView heartbeat(String postId, String operatorId, Instant now) {
        WorkedPost post = posts.find(postId).orElseThrow(() -> new ResourceNotFoundException("Post", postId));
        if (!post.inWork()) {
            throw new ConflictException("The post is " + post.status()
                    + ": work on it is not recorded any more (only while it is a draft, awaits approval or is"
                    + " scheduled)");
        }
        OperatorLocks.exclusive(em, operatorId);
        for (int attempt = 1; attempt <= 2; attempt++) {
            Optional<WorkSession> open = findOpen(operatorId, postId);
            if (open.isPresent()) {
                WorkSession session = open.get();
                if (!session.isIdleAt(now, idleTimeout)) {
                    session.heartbeat(now);
                    return WorkSessionView.of(session);
                }
                session.end(now, idleTimeout);
                em.flush();
            }
            String id = Ids.newId();
            if (insertOpen(id, post, operatorId, now) == 1) {
                return WorkSessionView.of(em.find(WorkSession.class, id));
            }
        }
        throw new ConflictException("Concurrent heartbeats for this post; retry");
    }

    /** Ends the operator's session on the post at {@code now}; empty when none was open. */
    @Transactional
    public Optional<WorkSessionView> stop(String postId, String operatorId, Instant now) {
        posts.find(postId).orElseThrow(() -> new ResourceNotFoundException("Post", postId));
        return findOpen(operatorId, postId).map(session -> {
            session.end(now, idleTimeout);
            return WorkSessionView.of(session);
        });
    }

    /**
     * Marks the edited channels on the editor's open session on the post, in the editing transaction. An edit without
     * an open session (a client that sends no heartbeats), or after the session went idle, marks nothing.
     */
    void onTextsEdited(@Observes PostTextsEdited edit) {
        Optional<WorkSession> open = findOpen(edit.operatorId(), edit.postId());
        if (open.isEmpty() || open.get().isIdleAt(edit.at(), idleTimeout)) {
            return;
        }
        for (String channel : edit.channelIds()) {
            em.createNativeQuery("INSERT IGNORE INTO work_session_post_edit (work_session_id, channel_id, tenant_id,"
                            + " edited_at) VALUES (?1, ?2, ?3, ?4)")
                    .setParameter(1, open.get().id)
                    .setParameter(2, channel)
                    .setParameter(3, edit.tenantId())
                    .setParameter(4, edit.at())
                    .executeUpdate();
        }
    }

    private Optional<WorkSession> findOpen(String operatorId, String postId) {
        return WorkSession.<WorkSession>find("operatorId = ?1 and postId = ?2 and endedAt is null", operatorId, postId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /** Opens a session unless the operator has one open on the post already; returns rows inserted. */
    private int insertOpen(String id, WorkedPost post, String operatorId, Instant now) {
        Money cost = rates.rateAt(operatorId, now).orElse(null);
        return em.createNativeQuery("INSERT IGNORE INTO work_session (id, tenant_id, operator_id, post_id,"
                        + " channel_id, channel_kind, source, started_at, last_heartbeat_at, duration_seconds,"
                        + " hourly_cost_minor, hourly_cost_currency, created_by, created_at, updated_by, updated_at,"
                        + " open_post_id) VALUES (?1, ?2, ?3, ?4, NULL, ?5, 'LIVE', ?6, ?6, 0, ?7, ?8, ?3, ?6,"
                        + " ?3, ?6, ?4)")
                .setParameter(1, id)
                .setParameter(2, tenant.require())
                .setParameter(3, operatorId)
                .setParameter(4, post.id())
                .setParameter(5, post.firstKind().name())
                .setParameter(6, now)
                .setParameter(7, cost == null ? null : cost.amountMinor())
                .setParameter(8, cost == null ? null : cost.currency())
                .executeUpdate();
    }
}
