package io.switchboard.inbox;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.panache.common.Parameters;
import io.switchboard.common.api.Cursor;
import io.switchboard.common.error.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * What a contact may read of their own conversation: what they wrote and the replies they were actually sent
 * (delivery status SENT or DELIVERED), never the operators' internal notes nor replies still queued, scheduled
 * or failed. Reads within the current tenant.
 */
@ApplicationScoped
public class ContactTranscript {

    /** Delivery statuses of replies that reached the contact. */
    private static final List<String> SENT = List.of("SENT", "DELIVERED");

    /** What the contact sees: their messages, and the replies sent to them; notes stay internal. */
    private static final String VISIBLE_TO_CONTACT = "(direction = io.switchboard.inbox.MessageDirection.INBOUND"
            + " or (direction = io.switchboard.inbox.MessageDirection.OUTBOUND and deliveryStatus in :sent))";

    /** A message as its contact sees it. */
    public record Entry(
            String id,
            MessageDirection direction,
            String text,
            List<MessageAttachment> attachments,
            Instant createdAt) {}

    /** Which thread of which channel a conversation is: fixed for its life, so remembered. */
    private record ConversationThread(String channelId, String threadKey) {}

    private final MessageAttachments messageAttachments;
    private final Cache<String, Optional<ConversationThread>> threads =
            Caffeine.newBuilder().maximumSize(100_000).build();

    public ContactTranscript(MessageAttachments messageAttachments) {
        this.messageAttachments = messageAttachments;
    }

    /**
     * Consecutive entries of a transcript.
     *
     * @param more whether further entries follow already
     * @param after the opaque position after the last entry (or the position asked for, when there were none):
     *     passed back, it reads the next entries, and later the ones written since; null while there are none
     */
    public record Excerpt(List<Entry> entries, boolean more, String after) {}

    /**
     * Entries of the sender's private conversation on the channel, oldest first.
     *
     * @param after a position returned earlier, or null for the beginning
     * @param limit the most entries returned
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Excerpt privateThread(String channelId, String senderExternalId, String after, int limit) {
        Position position = Position.decode(after);
        List<Entry> rows = Conversation.<Conversation>find(
                        "channelId = ?1 and threadKey = ?2",
                        channelId,
                        InboundMessage.privateThreadKey(senderExternalId))
                .firstResultOptional()
                .map(conversation -> messages(conversation.id, position, limit + 1))
                .orElse(List.of());
        boolean more = rows.size() > limit;
        List<Entry> entries = more ? rows.subList(0, limit) : rows;
        String next = entries.isEmpty() ? after : positionOf(entries.get(entries.size() - 1));
        return new Excerpt(entries, more, next);
    }

    /**
     * The reply {@code messageId} of conversation {@code conversationId} as the sender sees it, if that
     * conversation is the sender's private conversation on the channel and the reply was sent to them. Cheap for
     * the conversations of others: which thread a conversation is, is remembered.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Entry> sentReply(
            String channelId, String senderExternalId, String conversationId, String messageId) {
        ConversationThread expected =
                new ConversationThread(channelId, InboundMessage.privateThreadKey(senderExternalId));
        Optional<ConversationThread> thread = threads.get(
                conversationId,
                id -> Conversation.<Conversation>findByIdOptional(id)
                        .map(c -> new ConversationThread(c.channelId, c.threadKey)));
        if (thread.isEmpty() || !thread.get().equals(expected)) {
            return Optional.empty();
        }
        return Message.<Message>find(
                        "id = :id and conversationId = :conversation and direction = :outbound and deliveryStatus in :sent",
                        Parameters.with("id", messageId)
                                .and("conversation", conversationId)
                                .and("outbound", MessageDirection.OUTBOUND)
                                .and("sent", SENT))
                .firstResultOptional()
                .map(this::entry);
    }

    private static String positionOf(Entry entry) {
        return Cursor.encode(entry.createdAt() + "|" + entry.id());
    }

    private List<Entry> messages(String conversationId, Position after, int rows) {
        Parameters parameters = Parameters.with("conversation", conversationId).and("sent", SENT);
        var query = after == null
                ? Message.<Message>find(
                        "conversationId = :conversation and " + VISIBLE_TO_CONTACT + " order by createdAt, id",
                        parameters)
                : Message.<Message>find(
                        "conversationId = :conversation and " + VISIBLE_TO_CONTACT
                                + " and (createdAt > :at or (createdAt = :at and id > :id)) order by createdAt, id",
                        parameters.and("at", after.createdAt()).and("id", after.id()));
        return query.range(0, rows - 1).list().stream().map(this::entry).toList();
    }

    private Entry entry(Message m) {
        return new Entry(m.id, m.direction, m.text, messageAttachments.of(m), m.createdAt);
    }

    /** Keyset position: messages sort by creation time, ties broken by id. */
    private record Position(Instant createdAt, String id) {

        static Position decode(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return null;
            }
            try {
                String key = Cursor.decode(cursor);
                int bar = key.indexOf('|');
                if (bar > 0) {
                    return new Position(Instant.parse(key.substring(0, bar)), key.substring(bar + 1));
                }
            } catch (InvalidRequestException | DateTimeParseException e) {
                // reported below, like any other foreign cursor
            }
            throw InvalidRequestException.ofField("after", "is not a cursor returned by this API");
        }
    }
}
