package io.switchboard.inbox;

/** The one-line preview of a conversation's latest message, as the inbox list shows it. */
final class MessagePreviews {

    static final int LENGTH = 280;

    private MessagePreviews() {}

    static String of(String text, boolean hasAttachments) {
        String preview = text == null || text.isBlank()
                ? (hasAttachments ? "[attachment]" : "")
                : text.strip().replaceAll("\\s+", " ");
        return truncate(preview, LENGTH);
    }

    /** At most {@code max} chars, never splitting a surrogate pair. */
    static String truncate(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }
}
