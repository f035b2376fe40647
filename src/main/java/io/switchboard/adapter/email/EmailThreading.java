package io.switchboard.adapter.email;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Email threading as RFC 5322 (section 3.6.4) defines it: every message has a Message-ID; a reply names its
 * parent in In-Reply-To and the whole ancestry, root first, in References.
 */
final class EmailThreading {

    /** Thread keys of email conversations start with this, so they never meet another kind's keys. */
    static final String THREAD_PREFIX = "email:";

    /** Longer identifiers are stored as a digest, so that they fit the key columns (external id, thread key). */
    static final int MAX_STORED_ID_LENGTH = 200;

    /** Enough ancestry to find a stored message in any real thread; bounds the lookup. */
    static final int MAX_REFERENCES = 100;

    private static final Pattern BRACKETED = Pattern.compile("<([^<>]*)>");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** Where a message belongs: its own id and the ids that may name its conversation. */
    record Placement(String externalId, List<String> inReplyTo, String threadKey) {}

    private EmailThreading() {}

    /**
     * The thread of a message. {@code inReplyTo} lists its parent(s), then the References from the most recent
     * ancestor back to the root: the first of them that is stored names the conversation. When none is stored,
     * the message starts (or continues) the conversation named after the thread's root: the first References
     * id, else the parent (a sender that only sets In-Reply-To), else the message itself.
     */
    static Placement of(String messageIdField, String inReplyToField, String referencesField) {
        List<String> own = messageIds(messageIdField);
        if (own.isEmpty()) {
            throw new IllegalArgumentException("No Message-ID");
        }
        String messageId = own.get(0);
        List<String> parents = messageIds(inReplyToField);
        List<String> references = messageIds(referencesField);
        Set<String> candidates = new LinkedHashSet<>(parents);
        for (int i = references.size() - 1; i >= 0; i--) {
            candidates.add(references.get(i));
        }
        candidates.remove(messageId);
        List<String> inReplyTo = candidates.stream()
                .limit(MAX_REFERENCES)
                .map(EmailThreading::storedId)
                .distinct()
                .toList();
        String root = !references.isEmpty() ? references.get(0) : !parents.isEmpty() ? parents.get(0) : messageId;
        return new Placement(storedId(messageId), inReplyTo, THREAD_PREFIX + storedId(root));
    }

    /**
     * The message identifiers in a Message-ID, In-Reply-To or References field, in order, without their angle
     * brackets and without the whitespace that header folding may have inserted. Identifiers without brackets
     * (sent by careless software) are taken word by word.
     */
    static List<String> messageIds(String field) {
        List<String> ids = new ArrayList<>();
        if (field == null || field.isBlank()) {
            return ids;
        }
        Matcher bracketed = BRACKETED.matcher(field);
        while (bracketed.find()) {
            add(ids, bracketed.group(1));
        }
        if (ids.isEmpty() && field.indexOf('<') < 0) {
            for (String word : field.split("[\\s,]+")) {
                add(ids, word);
            }
        }
        return ids;
    }

    /** How an identifier is stored and looked up: itself, or a digest of it when too long for the columns. */
    static String storedId(String messageId) {
        if (messageId.length() <= MAX_STORED_ID_LENGTH) {
            return messageId;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(messageId.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void add(List<String> ids, String raw) {
        String id = WHITESPACE.matcher(raw).replaceAll("");
        if (!id.isEmpty() && !ids.contains(id)) {
            ids.add(id);
        }
    }
}
