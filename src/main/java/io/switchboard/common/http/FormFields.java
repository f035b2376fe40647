package io.switchboard.common.http;

import io.switchboard.common.error.InvalidRequestException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of a submitted form, by name in the order received; a name may repeat. Webhook providers sign
 * exactly what they sent, so {@link #parseUrlEncoded(byte[])} decodes the raw body itself instead of relying
 * on a framework's lenient form handling.
 */
public final class FormFields {

    /** Far above what any provider sends; bounds the work a hostile body can cause. */
    public static final int MAX_FIELDS = 1000;

    private final Map<String, List<String>> fields;

    public FormFields(Map<String, List<String>> fields) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        fields.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.fields = Collections.unmodifiableMap(copy);
    }

    /**
     * Decodes an {@code application/x-www-form-urlencoded} body: {@code &}-separated {@code name=value}
     * pairs, {@code +} for space, percent-encoded UTF-8. Malformed encoding is a 400, never a guess.
     */
    public static FormFields parseUrlEncoded(byte[] body) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (body == null || body.length == 0) {
            return new FormFields(fields);
        }
        int count = 0;
        int start = 0;
        while (start <= body.length) {
            int end = indexOf(body, (byte) '&', start);
            if (end > start) {
                if (++count > MAX_FIELDS) {
                    throw new InvalidRequestException("The form has more than " + MAX_FIELDS + " fields", null);
                }
                int equals = indexOf(body, (byte) '=', start);
                String name;
                String value;
                if (equals < end) {
                    name = decode(body, start, equals);
                    value = decode(body, equals + 1, end);
                } else {
                    name = decode(body, start, end);
                    value = "";
                }
                fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
            start = end + 1;
        }
        return new FormFields(fields);
    }

    /** The first value of the field, or null. */
    public String first(String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The first value of the field, its name compared ignoring case (for fields that carry mail headers). */
    public String firstIgnoringCase(String name) {
        String exact = first(name);
        if (exact != null) {
            return exact;
        }
        String wanted = name.toLowerCase(Locale.ROOT);
        for (var entry : fields.entrySet()) {
            if (entry.getKey().toLowerCase(Locale.ROOT).equals(wanted)
                    && !entry.getValue().isEmpty()) {
                return entry.getValue().get(0);
            }
        }
        return null;
    }

    public List<String> values(String name) {
        return fields.getOrDefault(name, List.of());
    }

    /** Every field, by name in the order first received. */
    public Map<String, List<String>> asMap() {
        return fields;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return bytes.length;
    }

    private static String decode(byte[] body, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%') {
                int high = i + 2 < to ? Character.digit(body[i + 1], 16) : -1;
                int low = i + 2 < to ? Character.digit(body[i + 2], 16) : -1;
                if (high < 0 || low < 0) {
                    throw new InvalidRequestException("The form body has a malformed percent-encoding", null);
                }
                out.write((high << 4) | low);
                i += 2;
            } else {
                out.write(b);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException("The form body is not UTF-8", null);
        }
    }
}
