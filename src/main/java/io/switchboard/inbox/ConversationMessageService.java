package io.switchboard.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.Ids;
import io.switchboard.common.api.Cursor;
import io.switchboard.common.api.Page;
import io.switchboard.common.db.NativeRows;
import io.switchboard.common.db.RetryOnLockConflict;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.staff.CurrentOperator;
import io.switchboard.tenancy.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** What is said in a conversation (messages and internal notes) and what happened to it (events). */
@ApplicationScoped
public class ConversationMessageService {

    private static final Logger LOG = Logger.getLogger(ConversationMessageService.class);

    /** The delivery status of a reply that will not go out (the delivery outbox's FAILED). */
    private static final String FAILED = "FAILED";

    private final ConversationService conversations;
    private final ConversationEventLog events;
    private final InboxActivityPublisher activity;
    private final CurrentOperator operator;
    private final ReplyOutbox outbox;
    private final ObjectMapper mapper;
    private final MessageAttachments messageAttachments;
    private final Clock clock;
    private final EntityManager em;
    private final TenantContext tenant;

    public ConversationMessageService(
            ConversationService conversations,
            ConversationEventLog events,
            InboxActivityPublisher activity,
            CurrentOperator operator,
            ReplyOutbox outbox,
            ObjectMapper mapper,
            MessageAttachments messageAttachments,
            Clock clock,
            EntityManager em,
            TenantContext tenant) {
        this.conversations = conversations;
        this.events = events;
        this.activity = activity;
        this.operator = operator;
        this.outbox = outbox;
        this.mapper = mapper;
        this.messageAttachments = messageAttachments;
        this.clock = clock;
        this.em = em;
        this.tenant = tenant;
    }

    /** Newest first, so that a client shows the latest messages at once and pages back into the history. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<MessageView> messages(String conversationId, String cursor, int limit) {
        conversations.requireExists(conversationId);
        ActivityCursor before = ActivityCursor.decode(cursor);
        String order = " ORDER BY m.created_at DESC, m.id DESC";
        List<MessageView> rows = before == null
                ? views("m.conversation_id = :conversation" + order, Map.of("conversation", conversationId), limit + 1)
                : views(
                        "m.conversation_id = :conversation"
                                + " AND (m.created_at < :at OR (m.created_at = :at AND m.id < :id))" + order,
                        Map.of("conversation", conversationId, "at", before.at(), "id", before.id()),
                        limit + 1);
        boolean more = rows.size() > limit;
        List<MessageView> shown = more ? rows.subList(0, limit) : rows;
        String next = null;
        if (more) {
            MessageView last = shown.get(shown.size() - 1);
            next = new ActivityCursor(last.createdAt(), last.id()).encode();
        }
        return new Page<>(shown, next);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<MessageView> message(String conversationId, String messageId) {
        conversations.requireExists(conversationId);
        return views(
                        "m.id = :id AND m.conversation_id = :conversation",
                        Map.of("id", messageId, "conversation", conversationId),
                        1)
                .stream()
                .findFirst();
    }

    /**
     * Adds a reply or an internal note. A reply goes to the outbox, which sends it (see {@link ReplyOutbox}); with
     * an {@code idempotencyKey} used before for the same reply, the earlier reply is returned and nothing more is
     * sent. A note is for colleagues: it changes neither the conversation's last activity nor its preview, which
     * describe the exchange with the contact.
     */
    @RetryOnLockConflict
    @Transactional
    public MessageView post(String conversationId, CreateMessageRequest request, String idempotencyKey) {
        if (request.type() == MessageType.REPLY) {
            // The outbox's first read locks the conversation (404 when unknown): nothing to read before it.
            ReplyOutbox.Accepted reply = outbox.reply(conversationId, request, idempotencyKey);
            return reply.written() == null ? view(reply.messageId()) : view(reply.written(), reply.sendAt());
        }
        Conversation conversation = conversations.require(conversationId);
        if (request.sendAt() != null) {
            throw InvalidRequestException.ofField("sendAt", "is only for replies; a note is added at once");
        }
        if (!request.attachmentsOrEmpty().isEmpty()) {
            throw InvalidRequestException.ofField("attachments", "are only for replies");
        }
        if (request.text() == null || request.text().isBlank()) {
            throw InvalidRequestException.ofField("text", "must not be blank");
        }
        Instant now = clock.instant();
        Message note = new Message();
        note.id = Ids.newId();
        note.conversationId = conversation.id;
        note.channelId = conversation.channelId;
        note.direction = MessageDirection.NOTE;
        note.authorOperatorId = operator.id();
        note.text = request.text().strip();
        note.createdAt = now;
        note.receivedAt = now;
        note.persist();
        events.append(
                conversation.id,
                "NOTE_ADDED",
                note.authorOperatorId,
                events.data().put("messageId", note.id),
                now);
        activity.afterCommit(
                new InboxActivity(InboxActivity.Type.MESSAGE_CREATED, conversation.tenantId, conversation.id, note.id));
        return view(note.id);
    }

    /** Changes a scheduled reply (see {@link ReplyOutbox#edit}). */
    @RetryOnLockConflict
    @Transactional
    public MessageView editReply(String conversationId, String messageId, UpdateReplyRequest request) {
        conversations.require(conversationId);
        return view(outbox.edit(conversationId, messageId, request));
    }

    /** Cancels a reply that has not gone out yet (see {@link ReplyOutbox#cancel}). */
    @RetryOnLockConflict
    @Transactional
    public MessageView cancelReply(String conversationId, String messageId) {
        conversations.require(conversationId);
        return view(outbox.cancel(conversationId, messageId));
    }

    /** Oldest first: a history is read from its beginning. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<EventView> events(String conversationId, String cursor, int limit) {
        conversations.requireExists(conversationId);
        String after = Cursor.decode(cursor);
        Query query = em.createNativeQuery(
                        "SELECT id, type, actor_operator_id, data, created_at FROM conversation_event"
                                + " WHERE tenant_id = :tenant AND conversation_id = :conversation"
                                + (after == null ? "" : " AND id > :after") + " ORDER BY id")
                .setParameter("tenant", tenant.require())
                .setParameter("conversation", conversationId)
                .setMaxResults(limit + 1);
        if (after != null) {
            query.setParameter("after", after);
        }
        return Cursor.page(NativeRows.list(query, EventRow.class), limit, EventRow::id, this::view);
    }

    /** One message of the current tenant as the API shows it, with its delivery. */
    private MessageView view(String messageId) {
        em.flush(); // the message and the delivery the outbox just wrote or changed are read by the query below
        return views("m.id = :id", Map.of("id", messageId), 1).get(0);
    }

    /**
     * Messages with their delivery's schedule and failure, in one native query with the tenant explicit on both
     * sides: an outbound message's delivery row (the delivery outbox's table) says when a send-later reply goes out
     * and why a failed one did not. An entity query would be translated anew on every call under the tenant
     * discriminator.
     */
    private List<MessageView> views(String where, Map<String, Object> params, int limit) {
        Query query = em.createNativeQuery("SELECT m.id, m.direction, m.text, m.created_at, m.external_id,"
                        + " m.delivery_status, m.author_operator_id, m.attachments, d.send_at, d.last_error"
                        + " FROM message m LEFT JOIN delivery d ON d.message_id = m.id AND d.tenant_id = :tenant"
                        + " WHERE m.tenant_id = :tenant AND " + where)
                .setParameter("tenant", tenant.require())
                .setMaxResults(limit);
        params.forEach(query::setParameter);
        return NativeRows.list(query, MessageRow.class).stream().map(this::view).toList();
    }

    /** A reply just written, as {@link #view(String)} would read it back (its delivery has no error yet). */
    private MessageView view(Message m, Instant sendAt) {
        return new MessageView(
                m.id,
                m.direction,
                m.text,
                m.createdAt,
                m.externalId,
                m.deliveryStatus,
                sendAt,
                null,
                m.authorOperatorId,
                messageAttachments.of(m.id, m.attachments));
    }

    private MessageView view(MessageRow m) {
        return new MessageView(
                m.id(),
                m.direction(),
                m.text(),
                m.createdAt(),
                m.externalId(),
                m.deliveryStatus(),
                m.direction() == MessageDirection.OUTBOUND ? m.sendAt() : null,
                FAILED.equals(m.deliveryStatus()) ? m.lastError() : null,
                m.authorOperatorId(),
                messageAttachments.of(m.id(), m.attachments()));
    }

    private EventView view(EventRow e) {
        ObjectNode data;
        try {
            data = e.data() == null ? mapper.createObjectNode() : (ObjectNode) mapper.readTree(e.data());
        } catch (JsonProcessingException | ClassCastException ex) {
            LOG.warnf("Conversation event %s has unreadable data", e.id());
            data = mapper.createObjectNode();
        }
        return new EventView(e.id(), e.type(), e.actorOperatorId(), data, e.createdAt());
    }

    /** A message with its delivery's schedule and failure (null without a delivery row). */
    private record MessageRow(
            String id,
            MessageDirection direction,
            String text,
            Instant createdAt,
            String externalId,
            String deliveryStatus,
            String authorOperatorId,
            String attachments,
            Instant sendAt,
            String lastError) {}

    /** A conversation event as stored. */
    private record EventRow(String id, String type, String actorOperatorId, String data, Instant createdAt) {}
}
