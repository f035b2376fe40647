package io.switchboard.common.api;

import io.switchboard.common.error.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Opaque keyset cursors. A cursor encodes the sort key of the last item of a page; clients pass it back
 * unchanged. It is deliberately not a row offset, so pages stay stable while rows are inserted.
 */
public final class Cursor {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    private Cursor() {}

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** Returns the decoded key, or null when no cursor was given. */
    public static String decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.ofField("cursor", "is not a cursor returned by this API");
        }
    }

    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw InvalidRequestException.ofField("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return requested;
    }

    /**
     * Builds a page from up to {@code limit + 1} rows fetched in sort order: the extra row only tells that
     * another page exists.
     */
    public static <E, V> Page<V> page(List<E> rows, int limit, Function<E, String> key, Function<E, V> view) {
        boolean more = rows.size() > limit;
        List<E> shown = more ? rows.subList(0, limit) : rows;
        String next = more ? encode(key.apply(shown.get(shown.size() - 1))) : null;
        return new Page<>(shown.stream().map(view).toList(), next);
    }
}
