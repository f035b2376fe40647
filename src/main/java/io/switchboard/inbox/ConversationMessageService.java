package io.switchboard.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.Ids;
import io.switchboard.common.api.Cursor;
import io.switchboard.common.api.Page;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.staff.CurrentOperator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
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

    public ConversationMessageService(
            ConversationService conversations,
            ConversationEventLog events,
            InboxActivityPublisher activity,
            CurrentOperator operator,
            ReplyOutbox outbox,
            ObjectMapper mapper,
            MessageAttachments messageAttachments,
            Clock clock,
            EntityManager em) {
        this.conversations = conversations;
        this.events = events;
        this.activity = activity;
        this.operator = operator;
        this.outbox = outbox;
        this.mapper = mapper;
        this.messageAttachments = messageAttachments;
        this.clock = clock;
        this.em = em;
    }

    /** Newest first, so that a client shows the latest messages at once and pages back into the history. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<MessageView> messages(String conversationId, String cursor, int limit) {
        conversations.require(conversationId);
        ActivityCursor before = ActivityCursor.decode(cursor);
        String order = " order by m.createdAt desc, m.id desc";
        List<MessageView> rows = before == null
                ? views("m.conversationId = :conversation" + order, Map.of("conversation", conversationId), limit + 1)
                : views(
                        "m.conversationId = :conversation and (m.createdAt < :at or (m.createdAt = :at and m.id < :id))"
                                + order,
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
        conversations.require(conversationId);
        return views(
                        "m.id = :id and m.conversationId = :conversation",
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
    @Transactional
    public MessageView post(String conversationId, CreateMessageRequest request, String idempotencyKey) {
        Conversation conversation = conversations.require(conversationId);
        if (request.type() == MessageType.REPLY) {
            return view(outbox.reply(conversationId, request, idempotencyKey));
        }
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
    @Transactional
    public MessageView editReply(String conversationId, String messageId, UpdateReplyRequest request) {
        conversations.require(conversationId);
        return view(outbox.edit(conversationId, messageId, request));
    }

    /** Cancels a reply that has not gone out yet (see {@link ReplyOutbox#cancel}). */
    @Transactional
    public MessageView cancelReply(String conversationId, String messageId) {
        conversations.require(conversationId);
        return view(outbox.cancel(conversationId, messageId));
    }

    /** Oldest first: a history is read from its beginning. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<EventView> events(String conversationId, String cursor, int limit) {
        conversations.require(conversationId);
        String after = Cursor.decode(cursor);
        var query = after == null
                ? ConversationEvent.<ConversationEvent>find("conversationId = ?1 order by id", conversationId)
                : ConversationEvent.<ConversationEvent>find(
                        "conversationId = ?1 and id > ?2 order by id", conversationId, after);
        return Cursor.page(query.range(0, limit).list(), limit, e -> e.id, this::view);
    }

    /** One message of the current tenant as the API shows it, with its delivery. */
    private MessageView view(String messageId) {
        em.flush(); // the delivery the outbox just wrote or changed is read by the query below
        return views("m.id = :id", Map.of("id", messageId), 1).get(0);
    }

    /**
     * Messages with their delivery's schedule and failure, in one query: an outbound message's delivery row (the
     * delivery outbox's table, joined by entity name, so the inbox does not depend on that package) says when a
     * send-later reply goes out and why a failed one did not. Tenant-scoped on both sides by {@code @TenantId}.
     */
    private List<MessageView> views(String where, Map<String, Object> params, int limit) {
        var query = em.createQuery(
                        "select m, d.sendAt, d.lastError from Message m left join Delivery d on d.messageId = m.id"
                                + " where " + where,
                        WithDelivery.class)
                .setMaxResults(limit);
        params.forEach(query::setParameter);
        return query.getResultList().stream()
                .map(row -> view(row.message(), row.sendAt(), row.lastError()))
                .toList();
    }

    private MessageView view(Message m, Instant sendAt, String lastError) {
        return new MessageView(
                m.id,
                m.direction,
                m.text,
                m.createdAt,
                m.externalId,
                m.deliveryStatus,
                m.direction == MessageDirection.OUTBOUND ? sendAt : null,
                FAILED.equals(m.deliveryStatus) ? lastError : null,
                m.authorOperatorId,
                messageAttachments.of(m));
    }

    private EventView view(ConversationEvent e) {
        ObjectNode data;
        try {
            data = e.data == null ? mapper.createObjectNode() : (ObjectNode) mapper.readTree(e.data);
        } catch (JsonProcessingException | ClassCastException ex) {
            LOG.warnf("Conversation event %s has unreadable data", e.id);
            data = mapper.createObjectNode();
        }
        return new EventView(e.id, e.type, e.actorOperatorId, data, e.createdAt);
    }

    /** A message with its delivery's schedule and failure (null without a delivery row). */
    record WithDelivery(Message message, Instant sendAt, String lastError) {}
}
