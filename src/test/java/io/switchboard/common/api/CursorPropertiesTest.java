package io.switchboard.common.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.common.error.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Cursors and limits come from clients: whatever they send is either understood or refused with a 400, never
 * an unexpected error. Runs on jqwik's engine, next to the Jupiter tests.
 */
class CursorPropertiesTest {

    @Property
    void aCursorDecodesToTheKeyItWasMadeOf(@ForAll String key) {
        // Lone surrogates have no UTF-8 form: they become '?', as everywhere else text is stored.
        String storable = new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertEquals(key.isEmpty() ? null : storable, Cursor.decode(Cursor.encode(key)));
    }

    @Property
    void anyTextIsACursorOrA400(@ForAll String cursor) {
        try {
            Cursor.decode(cursor);
        } catch (InvalidRequestException refused) {
            assertEquals(400, refused.status());
        }
    }

    @Property
    void limitsBetweenOneAndTheMaximumAreTaken(@ForAll @IntRange(min = 1, max = Cursor.MAX_LIMIT) int limit) {
        assertEquals(limit, Cursor.limit(limit));
    }

    @Property
    void otherLimitsAreRefused(@ForAll int limit) {
        if (limit >= 1 && limit <= Cursor.MAX_LIMIT) {
            return;
        }
        assertThrows(InvalidRequestException.class, () -> Cursor.limit(limit));
    }

    @Property(tries = 1)
    void noLimitMeansTheDefault() {
        assertEquals(Cursor.DEFAULT_LIMIT, Cursor.limit(null));
        assertNull(Cursor.decode(" "));
    }
}
