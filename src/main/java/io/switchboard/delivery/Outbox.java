package io.switchboard.delivery;

import io.switchboard.common.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Map;

/**
 * The one way work enters the outbox (the {@code delivery} table): a reply, a post on a page or account, a
 * broadcast's recipients. Each is written here, by SQL, in the caller's transaction, so that it commits or vanishes
 * with what it delivers; the caller tells the dispatcher after the commit ({@link DeliveryQueued}). Replies go in
 * lane 0 and publications in lane 1: dispatchers claim due replies first, so a reply overtakes a running broadcast.
 */
@ApplicationScoped
public class Outbox {

    private static final int REPLIES = 0;
    private static final int PUBLICATIONS = 1;

    /**
     * The recipients of a broadcast as one SQL select with columns {@code contact_id} and {@code address}, and the
     * values of its named parameters; defined by who knows the audience (the inbox), read by the outbox in one
     * {@code INSERT … SELECT} so that a broadcast to many thousands fans out at once. Its parameters must not use
     * the outbox's own names ({@code :tenant, :channel, :now, :publication, :item}) for other values.
     */
    public record Recipients(String select, Map<String, Object> parameters) {}

    private final EntityManager em;

    Outbox(EntityManager em) {
        this.em = em;
    }

    /** A reply to send now ({@code QUEUED}, due now) or at {@code sendAt} ({@code SCHEDULED}). */
    @Transactional(Transactional.TxType.MANDATORY)
    void enqueueReply(
            String deliveryId,
            String tenantId,
            String channelId,
            String conversationId,
            String messageId,
            Instant sendAt,
            Instant now) {
        em.createNativeQuery("INSERT INTO delivery (id, tenant_id, channel_id, status, attempts, send_at, due_at,"
                        + " created_at, updated_at, message_id, conversation_id, lane)"
                        + " VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?7, ?8, ?9, ?10)")
                .setParameter(1, deliveryId)
                .setParameter(2, tenantId)
                .setParameter(3, channelId)
                .setParameter(4, (sendAt == null ? DeliveryStatus.QUEUED : DeliveryStatus.SCHEDULED).name())
                .setParameter(5, sendAt)
                .setParameter(6, sendAt == null ? now : sendAt)
                .setParameter(7, now)
                .setParameter(8, messageId)
                .setParameter(9, conversationId)
                .setParameter(10, REPLIES)
                .executeUpdate();
    }

    /** One publication item (a post on a page or account) to send now; returns the number written (1). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int enqueuePost(String tenantId, String channelId, String publicationId, String itemId, Instant now) {
        return em.createNativeQuery("INSERT INTO delivery (id, tenant_id, channel_id, status, attempts, due_at,"
                        + " created_at, updated_at, publication_id, publication_item_id, lane)"
                        + " VALUES (?1, ?2, ?3, 'QUEUED', 0, ?4, ?4, ?4, ?5, ?6, ?7)")
                .setParameter(1, Ids.newId())
                .setParameter(2, tenantId)
                .setParameter(3, channelId)
                .setParameter(4, now)
                .setParameter(5, publicationId)
                .setParameter(6, itemId)
                .setParameter(7, PUBLICATIONS)
                .executeUpdate();
    }

    /** One delivery of a broadcast's item per recipient, to send now; returns how many were written. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int enqueueBroadcast(
            String tenantId,
            String channelId,
            String publicationId,
            String itemId,
            Recipients recipients,
            Instant now) {
        Query insert = em.createNativeQuery("INSERT INTO delivery (id, tenant_id, channel_id, status, attempts,"
                + " due_at, created_at, updated_at, publication_id, publication_item_id, recipient_contact_id,"
                + " recipient_address, lane) SELECT UUID(), :tenant, :channel, 'QUEUED', 0, :now, :now, :now,"
                + " :publication, :item, r.contact_id, r.address, " + PUBLICATIONS + " FROM (" + recipients.select()
                + ") r");
        recipients.parameters().forEach(insert::setParameter);
        return insert.setParameter("tenant", tenantId)
                .setParameter("channel", channelId)
                .setParameter("now", now)
                .setParameter("publication", publicationId)
                .setParameter("item", itemId)
                .executeUpdate();
    }

    /**
     * Takes back every delivery of a publication before it is committed (a broadcast found over the day's cap after
     * all: all or nothing).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void withdraw(String tenantId, String publicationId) {
        em.createNativeQuery("DELETE FROM delivery WHERE publication_id = ?1 AND tenant_id = ?2")
                .setParameter(1, publicationId)
                .setParameter(2, tenantId)
                .executeUpdate();
    }
}
