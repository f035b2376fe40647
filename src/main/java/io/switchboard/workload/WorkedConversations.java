package io.switchboard.workload;

import io.switchboard.channel.ChannelKind;
import io.switchboard.inbox.ConversationStatus;
import io.switchboard.tenancy.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** The few facts about a conversation of the current tenant that work on it needs. */
@ApplicationScoped
class WorkedConversations {

    record WorkedConversation(String id, String channelId, ChannelKind kind, ConversationStatus status) {}

    private final EntityManager em;
    private final TenantContext tenant;

    WorkedConversations(EntityManager em, TenantContext tenant) {
        this.em = em;
        this.tenant = tenant;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    Optional<WorkedConversation> find(String id) {
        return read(id, "");
    }

    /**
     * Reads the conversation with a shared lock, held until the transaction ends: a concurrent resolve (which
     * locks it exclusively and ends the sessions on it) finishes first or waits, so no session opens on a
     * conversation being resolved.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    Optional<WorkedConversation> lockShared(String id) {
        return read(id, " LOCK IN SHARE MODE");
    }

    private Optional<WorkedConversation> read(String id, String lock) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT channel_id, status FROM conversation WHERE id = ?1 AND tenant_id = ?2" + lock)
                .setParameter(1, id)
                .setParameter(2, tenant.require())
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        String channelId = (String) rows.get(0)[0];
        // A channel's kind never changes; read apart so that the lock stays on the conversation alone.
        String kind = (String) em.createNativeQuery("SELECT kind FROM channel WHERE id = ?1")
                .setParameter(1, channelId)
                .getSingleResult();
        return Optional.of(new WorkedConversation(
                id, channelId, ChannelKind.valueOf(kind), ConversationStatus.valueOf((String) rows.get(0)[1])));
    }
}
