package io.switchboard.inbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.channel.outbound.OutboundReply;
import io.switchboard.common.Ids;
import io.switchboard.common.db.NativeRows;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.reporting.rollups.MessageCount;
import io.switchboard.reporting.rollups.RollupWriter;
import io.switchboard.tenancy.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Hibernate;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.jboss.logging.Logger;

/**
 * The inbox's side of outbound messages: what the delivery outbox writes and reads through. Messages, the
 * conversation's activity and its history stay the inbox's business; the outbox owns only its delivery rows.
 */
@ApplicationScoped
public class OutboundMessages {

    /** Email's References grow with a thread; the newest ones are enough for any mail client to place a reply. */
    static final int MAX_REFERENCES = 20;

    private static final Logger LOG = Logger.getLogger(OutboundMessages.class);
    private static final String PRIVATE_THREAD_PREFIX = InboundMessage.privateThreadKey("");

    private final EntityManager em;
    private final TenantContext tenant;
    private final ConversationEventLog events;
    private final InboxActivityPublisher activity;
    private final MessageAttachments messageAttachments;
    private final RollupWriter rollups;

    public OutboundMessages(
            EntityManager em,
            TenantContext tenant,
            ConversationEventLog events,
            InboxActivityPublisher activity,
            MessageAttachments messageAttachments,
            RollupWriter rollups) {
        this.em = em;
        this.rollups = rollups;
        this.tenant = tenant;
        this.events = events;
        this.activity = activity;
        this.messageAttachments = messageAttachments;
    }

    /** A reply to write: its id, author, content and first delivery status. */
    public record Draft(
            String id,
            String authorOperatorId,
            String text,
            List<MessageAttachment> attachments,
            String deliveryStatus) {}

    /**
     * A change of an outbound message's delivery, for the message row and the history: {@code providerId} (set
     * once sent) becomes the message's external id, {@code data} the DELIVERY_UPDATED event's data.
     */
    public record DeliveryChange(
            String tenantId,
            String conversationId,
            String messageId,
            String status,
            String providerId,
            ObjectNode data) {}

    /** New data for a history event. */
    public ObjectNode eventData() {
        return events.data();
    }

    /**
     * The conversation of the current tenant, locked until the transaction ends: replies queue behind inbound
     * messages and changes of the same conversation, as those queue behind each other. 404 when unknown.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Conversation lock(String conversationId) {
        SessionImplementor session = em.unwrap(SessionImplementor.class);
        EntityPersister persister = session.getFactory().getMappingMetamodel().getEntityDescriptor(Conversation.class);
        Conversation loaded = (Conversation)
                session.getPersistenceContextInternal().getEntity(session.generateEntityKey(conversationId, persister));
        // Not read yet in this transaction: one locked read.
        Conversation c =
                loaded != null ? loaded : em.find(Conversation.class, conversationId, LockModeType.PESSIMISTIC_WRITE);
        if (c == null || !tenant.require().equals(c.tenantId)) {
            throw new ResourceNotFoundException("Conversation", conversationId);
        }
        if (loaded != null) {
            // Read again under the lock: another reply may have changed it since this transaction loaded it.
            em.refresh(loaded, LockModeType.PESSIMISTIC_WRITE);
        }
        return c;
    }

    /**
     * Writes an outbound message in the (locked) conversation and logs REPLY_ADDED with {@code eventData}. With
     * {@code touch}, the conversation's last activity and preview move to it: a reply that goes out now. A
     * scheduled reply moves them when it is sent ({@link #touch}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Message add(Conversation c, Draft draft, boolean touch, ObjectNode eventData, Instant now) {
        Message m = new Message();
        m.id = draft.id();
        m.conversationId = c.id;
        m.channelId = c.channelId;
        m.direction = MessageDirection.OUTBOUND;
        m.authorOperatorId = draft.authorOperatorId();
        m.text = draft.text();
        m.attachments = messageAttachments.column(draft.attachments());
        m.deliveryStatus = draft.deliveryStatus();
        m.createdAt = now;
        m.receivedAt = now;
        m.persist();
        // The conversation carries its channel's kind: the count needs no lookup of the channel.
        String kind = c.channelKind == null ? null : c.channelKind.name();
        rollups.counts(
                MessageCount.of(c.tenantId, m.channelId, kind, m.createdAt, m.direction.name(), m.deliveryStatus, 1));
        if (touch) {
            if (c.lastActivityAt == null || c.lastActivityAt.isBefore(now)) {
                c.lastActivityAt = now;
            }
            c.lastMessagePreview =
                    MessagePreviews.of(m.text, !draft.attachments().isEmpty());
            c.updatedAt = now;
        }
        events.append(c.id, "REPLY_ADDED", m.authorOperatorId, eventData.put("messageId", m.id), now);
        activity.afterCommit(new InboxActivity(InboxActivity.Type.MESSAGE_CREATED, c.tenantId, c.id, m.id));
        if (touch) {
            activity.afterCommit(new InboxActivity(InboxActivity.Type.CONVERSATION_UPDATED, c.tenantId, c.id, null));
        }
        return m;
    }

    /**
     * Replaces the content of an outbound message of the current tenant (a scheduled reply) and logs REPLY_EDITED
     * with {@code eventData}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void edit(
            String conversationId,
            String messageId,
            String text,
            List<MessageAttachment> attachments,
            String actorOperatorId,
            ObjectNode eventData,
            Instant now) {
        Message m = Message.<Message>find("id = ?1 and conversationId = ?2", messageId, conversationId)
                .firstResultOptional()
                .orElseThrow(() -> new ResourceNotFoundException("Message", messageId));
        m.text = text;
        m.attachments = messageAttachments.column(attachments);
        events.append(conversationId, "REPLY_EDITED", actorOperatorId, eventData.put("messageId", messageId), now);
        activity.afterCommit(
                new InboxActivity(InboxActivity.Type.MESSAGE_UPDATED, tenant.require(), conversationId, messageId));
    }

    /**
     * Mirrors delivery changes on their messages and logs one DELIVERY_UPDATED event each. Works in any tenant
     * and outside requests (the dispatcher's claims span tenants): tenant ids are explicit. A provider id that
     * another message of the channel already has is not copied to the message (the delivery keeps it).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deliveryChanged(List<DeliveryChange> all, Instant at) {
        // The outbox also carries publications (posts, broadcasts), which have no message here.
        List<DeliveryChange> changes =
                all.stream().filter(change -> change.messageId() != null).toList();
        if (changes.isEmpty()) {
            return;
        }
        List<String> ids = changes.stream()
                .map(DeliveryChange::messageId)
                .distinct()
                .sorted()
                .toList();
        // The history first: its foreign key takes each conversation's shared lock before any message row or unique
        // key is touched, the order in which a reply takes them (its conversation, then its message). The other
        // order deadlocked a reply with the record of the previous one's delivery: the record held a gap of the
        // channel's external-id key (checking the provider id it copies) and waited for the conversation, while the
        // reply held the conversation and waited to insert its message into that gap. In conversation order, as the
        // inbound path locks them.
        StringBuilder insert = new StringBuilder(
                "INSERT INTO conversation_event (id, tenant_id, conversation_id, type, data, created_at) VALUES ");
        List<Object> params = new ArrayList<>();
        for (DeliveryChange change : changes.stream()
                .sorted(java.util.Comparator.comparing(DeliveryChange::conversationId))
                .toList()) {
            int n = params.size();
            insert.append(n == 0 ? "" : ",")
                    .append("(?%d, ?%d, ?%d, 'DELIVERY_UPDATED', ?%d, ?%d)"
                            .formatted(n + 1, n + 2, n + 3, n + 4, n + 5));
            params.addAll(List.of(
                    Ids.newId(),
                    change.tenantId(),
                    change.conversationId(),
                    events.json(change.data().put("messageId", change.messageId())),
                    at));
            activity.afterCommit(new InboxActivity(
                    InboxActivity.Type.MESSAGE_UPDATED,
                    change.tenantId(),
                    change.conversationId(),
                    change.messageId()));
        }
        Query query = em.createNativeQuery(insert.toString());
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        query.executeUpdate();
        Map<String, Counted> before = counted(ids);
        // What the rows hold after the updates below, followed here rather than read again (the rows are locked).
        Map<String, Counted> after = new HashMap<>(before);
        Map<String, List<DeliveryChange>> byStatus = new LinkedHashMap<>();
        changes.forEach(change -> byStatus.computeIfAbsent(change.status(), s -> new ArrayList<>())
                .add(change));
        byStatus.forEach((status, same) -> {
            List<String> tenants =
                    same.stream().map(DeliveryChange::tenantId).distinct().toList();
            em.createNativeQuery("UPDATE message SET delivery_status = :status WHERE id IN (:ids)"
                            + " AND tenant_id IN (:tenants)")
                    .setParameter("status", status)
                    .setParameter(
                            "ids", same.stream().map(DeliveryChange::messageId).toList())
                    .setParameter("tenants", tenants)
                    .executeUpdate();
            same.forEach(change -> after.computeIfPresent(
                    change.messageId(), (id, row) -> tenants.contains(row.tenantId()) ? row.withStatus(status) : row));
        });
        for (DeliveryChange change : changes) {
            if (change.providerId() != null) {
                // IGNORE: the channel's unique key on external ids may refuse it; the delivery still records it.
                int copied = em.createNativeQuery("UPDATE IGNORE message SET external_id = :externalId"
                                + " WHERE id = :id AND tenant_id = :tenant AND external_id IS NULL")
                        .setParameter("externalId", change.providerId())
                        .setParameter("id", change.messageId())
                        .setParameter("tenant", change.tenantId())
                        .executeUpdate();
                if (copied == 0 && !hasExternalId(change.tenantId(), change.messageId(), change.providerId())) {
                    LOG.warnf(
                            "Message %s keeps no external id: provider id %s is taken in its channel",
                            change.messageId(), change.providerId());
                }
            }
        }
        // The report counts follow the status, in this transaction.
        List<MessageCount> counts = new ArrayList<>();
        before.forEach((id, was) -> {
            Counted is = after.get(id);
            if (!java.util.Objects.equals(was.status(), is.status())) {
                counts.addAll(was.counts(-1));
                counts.addAll(is.counts(1));
            }
        });
        rollups.counts(counts);
        changes.forEach(change -> refreshIfLoaded(change.messageId()));
    }

    /**
     * Moves the conversation's last activity (never back) and preview to a reply that went out later than it was
     * written (a scheduled reply). Tenant explicit, like {@link #deliveryChanged}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void touch(String tenantId, String conversationId, String messageId, Instant at) {
        Optional<Written> written = NativeRows.first(
                em.createNativeQuery("SELECT text, attachments FROM message WHERE id = :id AND tenant_id = :tenant")
                        .setParameter("id", messageId)
                        .setParameter("tenant", tenantId),
                Written.class);
        if (written.isEmpty()) {
            return;
        }
        String attachments = written.get().attachments();
        String preview = MessagePreviews.of(written.get().text(), attachments != null && !attachments.isBlank());
        em.createNativeQuery("UPDATE conversation SET last_activity_at = GREATEST(last_activity_at, :at),"
                        + " last_message_preview = :preview, version = version + 1, updated_at = :at"
                        + " WHERE id = :id AND tenant_id = :tenant")
                .setParameter("at", at)
                .setParameter("preview", preview)
                .setParameter("id", conversationId)
                .setParameter("tenant", tenantId)
                .executeUpdate();
        activity.afterCommit(
                new InboxActivity(InboxActivity.Type.CONVERSATION_UPDATED, tenantId, conversationId, null));
    }

    /**
     * An outbound message of the current tenant as its channel's sender needs it: to whom (the contact's id on
     * the channel: the sender of a private thread, else the contact's identity on the channel; null when the
     * contact has none), in which thread, answering which message. Empty when there is no such message.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<OutboundReply> reply(String deliveryId, String messageId) {
        // One read for the message, its conversation, the contact's name and its newest identity on the channel:
        // native, since an entity load under the tenant discriminator renders its SQL anew each time, and this
        // runs once per reply sent.
        String tenantId = tenant.require();
        Optional<ReplyRow> found = NativeRows.first(
                em.createNativeQuery("SELECT m.id AS message_id, m.text, m.attachments, c.id AS conversation_id,"
                                + " c.thread_key, c.public_thread, c.subject, c.last_inbound_at,"
                                + " ct.name AS contact_name,"
                                + " (SELECT ci.external_id FROM contact_identity ci WHERE ci.contact_id = c.contact_id"
                                + " AND ci.channel_id = c.channel_id AND ci.tenant_id = c.tenant_id"
                                + " ORDER BY ci.created_at DESC, ci.id DESC LIMIT 1) AS identity"
                                + " FROM message m"
                                + " JOIN conversation c ON c.id = m.conversation_id AND c.tenant_id = m.tenant_id"
                                + " LEFT JOIN contact ct ON ct.id = c.contact_id AND ct.tenant_id = c.tenant_id"
                                + " WHERE m.id = :message AND m.tenant_id = :tenant AND m.direction = 'OUTBOUND'")
                        .setParameter("message", messageId)
                        .setParameter("tenant", tenantId),
                ReplyRow.class);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ReplyRow row = found.get();
        String recipient = row.threadKey().startsWith(PRIVATE_THREAD_PREFIX)
                ? row.threadKey().substring(PRIVATE_THREAD_PREFIX.length())
                : row.identity();
        // The thread's newest external ids (newest first) with their directions, in one read: the message replied
        // to is nearly always among them; only a conversation with many replies since needs a second look.
        List<Reference> newest = NativeRows.list(
                em.createNativeQuery("SELECT external_id, direction FROM message WHERE conversation_id = :c"
                                + " AND tenant_id = :tenant AND direction <> 'NOTE' AND external_id IS NOT NULL"
                                + " ORDER BY created_at DESC, id DESC LIMIT " + MAX_REFERENCES)
                        .setParameter("c", row.conversationId())
                        .setParameter("tenant", tenantId),
                Reference.class);
        List<String> references =
                new ArrayList<>(newest.stream().map(Reference::externalId).toList());
        String inReplyTo = newest.stream()
                .filter(reference -> reference.direction() == MessageDirection.INBOUND)
                .map(Reference::externalId)
                .findFirst()
                .orElseGet(() ->
                        newest.size() < MAX_REFERENCES ? null : lastInboundExternalId(tenantId, row.conversationId()));
        Collections.reverse(references);
        return Optional.of(new OutboundReply(
                deliveryId,
                row.messageId(),
                row.conversationId(),
                recipient,
                row.contactName(),
                row.threadKey(),
                row.publicThread(),
                inReplyTo,
                references,
                row.subject(),
                row.lastInboundAt(),
                row.text(),
                messageAttachments.of(row.messageId(), row.attachments()).stream()
                        .map(a -> new OutboundReply.Attachment(a.url(), a.contentType(), a.name()))
                        .toList()));
    }

    /** What {@link #reply} reads in its first query. */
    private record ReplyRow(
            String messageId,
            String text,
            String attachments,
            String conversationId,
            String threadKey,
            boolean publicThread,
            String subject,
            Instant lastInboundAt,
            String contactName,
            String identity) {}

    /** The external id of the conversation's newest inbound message that has one; null when none has. */
    private String lastInboundExternalId(String tenantId, String conversationId) {
        return NativeRows.first(
                        em.createNativeQuery("SELECT external_id FROM message WHERE conversation_id = :c"
                                        + " AND tenant_id = :tenant AND direction = 'INBOUND' AND external_id IS NOT NULL"
                                        + " ORDER BY created_at DESC, id DESC LIMIT 1")
                                .setParameter("c", conversationId)
                                .setParameter("tenant", tenantId),
                        ExternalId.class)
                .map(ExternalId::externalId)
                .orElse(null);
    }

    private record ExternalId(String externalId) {}

    /** Native updates bypass the persistence context: a message this transaction already read is read again. */
    private void refreshIfLoaded(String messageId) {
        Message reference = em.getReference(Message.class, messageId);
        if (Hibernate.isInitialized(reference)) {
            em.refresh(reference);
        }
    }

    private boolean hasExternalId(String tenantId, String messageId, String externalId) {
        return !em.createNativeQuery("SELECT 1 FROM message WHERE id = ?1 AND tenant_id = ?2 AND external_id = ?3")
                .setParameter(1, messageId)
                .setParameter(2, tenantId)
                .setParameter(3, externalId)
                .getResultList()
                .isEmpty();
    }

    /** What the report counts of an outbound message depend on (the kind is looked up from the channel). */
    private record Counted(
            String tenantId, String channelId, String kind, Instant createdAt, String direction, String status) {
        List<MessageCount> counts(int sign) {
            return MessageCount.of(tenantId, channelId, kind, createdAt, direction, status, sign);
        }

        Counted withStatus(String status) {
            return new Counted(tenantId, channelId, kind, createdAt, direction, status);
        }
    }

    private Map<String, Counted> counted(List<String> ids) {
        Map<String, Counted> found = new HashMap<>();
        em.createNativeQuery(
                        "SELECT id, tenant_id, channel_id, created_at, direction, delivery_status FROM message"
                                + " WHERE id IN (:ids) ORDER BY id FOR UPDATE",
                        jakarta.persistence.Tuple.class)
                .unwrap(org.hibernate.query.NativeQuery.class)
                .addScalar("id", org.hibernate.type.StandardBasicTypes.STRING)
                .addScalar("tenant_id", org.hibernate.type.StandardBasicTypes.STRING)
                .addScalar("channel_id", org.hibernate.type.StandardBasicTypes.STRING)
                .addScalar("created_at", org.hibernate.type.StandardBasicTypes.INSTANT)
                .addScalar("direction", org.hibernate.type.StandardBasicTypes.STRING)
                .addScalar("delivery_status", org.hibernate.type.StandardBasicTypes.STRING)
                .setParameter("ids", ids)
                .getResultList()
                .forEach(row -> {
                    jakarta.persistence.Tuple t = (jakarta.persistence.Tuple) row;
                    found.put(
                            t.get("id", String.class),
                            new Counted(
                                    t.get("tenant_id", String.class),
                                    t.get("channel_id", String.class),
                                    null,
                                    t.get("created_at", Instant.class),
                                    t.get("direction", String.class),
                                    t.get("delivery_status", String.class)));
                });
        return found;
    }

    private record Written(String text, String attachments) {}

    /** An external message id of the thread and its direction. */
    record Reference(String externalId, MessageDirection direction) {}
}
