package io.switchboard.inbox;

import io.switchboard.common.api.Cursor;
import io.switchboard.common.error.InvalidRequestException;
import java.time.DateTimeException;
import java.time.Instant;

/** A keyset position on (instant, id): both are needed because many rows can share one instant. */
public record ActivityCursor(Instant at, String id) {

    public String encode() {
        return Cursor.encode(at + "|" + id);
    }

    /** Null when no cursor was given. */
    public static ActivityCursor decode(String cursor) {
        String key = Cursor.decode(cursor);
        if (key == null) {
            return null;
        }
        int bar = key.indexOf('|');
        try {
            if (bar > 0 && bar < key.length() - 1) {
                return new ActivityCursor(Instant.parse(key.substring(0, bar)), key.substring(bar + 1));
            }
        } catch (DateTimeException e) {
            // Reported below like any other foreign cursor.
        }
        throw InvalidRequestException.ofField("cursor", "is not a cursor returned by this API");
    }
}
