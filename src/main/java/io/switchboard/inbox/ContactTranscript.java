package io.switchboard.inbox;

import io.switchboard.common.api.Cursor;
import io.switchboard.common.error.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * What a contact may read of their own conversation: what they wrote and the replies they were sent, never
 * the operators' internal notes. Reads within the current tenant.
 */
@ApplicationScoped
public class ContactTranscript {

    /** The directions a contact sees; notes ({@link MessageDirection#NOTE}) stay internal. */
    private static final List<MessageDirection> VISIBLE_TO_CONTACT =
            List.of(MessageDirection.INBOUND, MessageDirection.OUTBOUND);

    /**
     * The delivery statuses of replies that reached the contact; replies still scheduled, queued or sending, and
     * failed or cancelled ones are not part of what the contact was told. (Null: written without the outbox.)
     */
    private static final List<String> REACHED_CONTACT = List.of("SENT", "DELIVERED");

    private static final String VISIBLE = "conversationId = ?1 and direction in ?2"
            + " and (direction <> ?3 or deliveryStatus is null or deliveryStatus in ?4)";

    /** A message as its contact sees it. */
    public record Entry(String id, MessageDirection direction, String text, Instant createdAt) {}

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

    private static String positionOf(Entry entry) {
        return Cursor.encode(entry.createdAt() + "|" + entry.id());
    }

    private static List<Entry> messages(String conversationId, Position after, int rows) {
        var query = after == null
                ? Message.<Message>find(
                        VISIBLE + " order by createdAt, id",
                        conversationId,
                        VISIBLE_TO_CONTACT,
                        MessageDirection.OUTBOUND,
                        REACHED_CONTACT)
                : Message.<Message>find(
                        VISIBLE + " and (createdAt > ?5 or (createdAt = ?5 and id > ?6)) order by createdAt, id",
                        conversationId,
                        VISIBLE_TO_CONTACT,
                        MessageDirection.OUTBOUND,
                        REACHED_CONTACT,
                        after.createdAt(),
                        after.id());
        return query.range(0, rows - 1).list().stream()
                .map(m -> new Entry(m.id, m.direction, m.text, m.createdAt))
                .toList();
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
