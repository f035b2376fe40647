package io.switchboard.workload;

import io.switchboard.channel.ChannelKind;
import io.switchboard.tenancy.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The few facts about a post of the current tenant that work on it needs. */
@ApplicationScoped
class WorkedPosts {

    /** Statuses in which a post is still being written or approved: the only ones that take heartbeats. */
    static final List<String> IN_WORK = List.of("DRAFT", "PENDING_APPROVAL", "SCHEDULED");

    /** A post with its channels: its targets in their order, then the broadcast's channel. */
    record WorkedPost(String id, String status, List<PostChannel> channels) {

        ChannelKind firstKind() {
            return channels.isEmpty() ? null : channels.get(0).kind();
        }

        boolean inWork() {
            return IN_WORK.contains(status);
        }
    }

    record PostChannel(String channelId, ChannelKind kind) {}

    private final EntityManager em;
    private final TenantContext tenant;

    WorkedPosts(EntityManager em, TenantContext tenant) {
        this.em = em;
        this.tenant = tenant;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    Optional<WorkedPost> find(String id) {
        @SuppressWarnings("unchecked")
        List<Tuple> post = em.createNativeQuery(
                        "SELECT status, audience_channel_id FROM post WHERE id = ?1 AND tenant_id = ?2", Tuple.class)
                .setParameter(1, id)
                .setParameter(2, tenant.require())
                .getResultList();
        if (post.isEmpty()) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery(
                        "SELECT c.id AS channel_id, c.kind AS kind FROM post_target t JOIN channel c ON c.id ="
                                + " t.channel_id WHERE t.post_id = ?1 AND t.tenant_id = ?2 ORDER BY t.position",
                        Tuple.class)
                .setParameter(1, id)
                .setParameter(2, tenant.require())
                .getResultList();
        List<PostChannel> channels = new ArrayList<>();
        rows.forEach(r -> channels.add(
                new PostChannel(r.get("channel_id", String.class), ChannelKind.valueOf(r.get("kind", String.class)))));
        String audience = post.get(0).get("audience_channel_id", String.class);
        if (audience != null) {
            String kind = (String) em.createNativeQuery("SELECT kind FROM channel WHERE id = ?1")
                    .setParameter(1, audience)
                    .getSingleResult();
            channels.add(new PostChannel(audience, ChannelKind.valueOf(kind)));
        }
        return Optional.of(new WorkedPost(id, post.get(0).get("status", String.class), channels));
    }
}
