package io.switchboard.common.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.testing.RandomText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Cursors and limits come from clients: whatever they send is either understood or refused with a 400, never an
 * unexpected error. Each property is checked on its edge cases and on many seeded random cases ({@code
 * -Dcursor.seed=}, {@code -Dcursor.cases=}); a failure names the seed, the case and the value.
 */
class CursorPropertiesTest {

    private static final long SEED = Long.getLong("cursor.seed", 20_261_126L);
    private static final int CASES = Integer.getInteger("cursor.cases", 2_000);

    /** Keys as the list resources build them, and any text at all. */
    private static final Function<RandomGenerator, String> KEYS = random -> switch (random.nextInt(4)) {
        case 0 ->
            "2026-%02d-%02dT%02d:%02d:%02dZ|%s"
                    .formatted(
                            random.nextInt(1, 13),
                            random.nextInt(1, 29),
                            random.nextInt(24),
                            random.nextInt(60),
                            random.nextInt(60),
                            new java.util.UUID(random.nextLong(), random.nextLong()));
        case 1 -> RandomText.any(random, 1000);
        default -> RandomText.any(random, 40);
    };

    /** Cursors a client may send: any text, text in (or near) the base64 alphabets, and real cursors altered. */
    private static final Function<RandomGenerator, String> CURSORS = random -> switch (random.nextInt(5)) {
        case 0 -> RandomText.any(random, 200);
        case 1 -> RandomText.inRange(random, '+', 'z', 0, 100);
        case 2 -> {
            String cursor = Cursor.encode(RandomText.any(random, 60));
            int at = random.nextInt(cursor.length() + 1);
            yield cursor.substring(0, at) + RandomText.any(random, 3) + cursor.substring(at);
        }
        case 3 -> {
            byte[] bytes = new byte[RandomText.length(random, 0, 64)];
            random.nextBytes(bytes);
            yield random.nextBoolean()
                    ? Base64.getEncoder().encodeToString(bytes)
                    : Base64.getUrlEncoder().encodeToString(bytes);
        }
        default -> Cursor.encode(KEYS.apply(random));
    };

    @Test
    void aCursorDecodesToTheKeyItWasMadeOf() {
        forAll(
                KEYS,
                List.of(
                        "",
                        " ",
                        "\u0000",
                        "|",
                        "\uD800",
                        "a\uDC00b",
                        "\uD83D\uDE00",
                        "\uFEFF\uFFFF\uFFFE",
                        "x".repeat(10_000),
                        "2026-01-01T00:00:00Z|00000000-0000-0000-0000-000000000000"),
                key -> {
                    // Lone surrogates have no UTF-8 form: they become '?', as everywhere else text is stored.
                    String storable = new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
                    assertEquals(key.isEmpty() ? null : storable, Cursor.decode(Cursor.encode(key)));
                });
    }

    @Test
    void anyTextIsACursorOrA400() {
        forAll(
                CURSORS,
                List.of(
                        "",
                        " ",
                        "\t\n",
                        "=",
                        "==",
                        "a",
                        "ab",
                        "abc",
                        "abcd",
                        "ab==",
                        "a===",
                        "ab=c",
                        "+/",
                        "-_",
                        "\u0000",
                        "\uD800",
                        "😀",
                        "%3D",
                        "!!!",
                        "-".repeat(5000)),
                cursor -> {
                    try {
                        Cursor.decode(cursor);
                    } catch (InvalidRequestException refused) {
                        assertEquals(400, refused.status());
                    }
                });
    }

    @Test
    void limitsBetweenOneAndTheMaximumAreTaken() {
        for (int limit = 1; limit <= Cursor.MAX_LIMIT; limit++) {
            assertEquals(limit, Cursor.limit(limit));
        }
    }

    @Test
    void otherLimitsAreRefused() {
        forAll(
                random -> switch (random.nextInt(3)) {
                    case 0 -> random.nextInt(-1000, 1);
                    case 1 -> random.nextInt(Cursor.MAX_LIMIT + 1, Cursor.MAX_LIMIT + 1000);
                    default -> {
                        int limit = random.nextInt();
                        yield limit >= 1 && limit <= Cursor.MAX_LIMIT ? -limit : limit;
                    }
                },
                List.of(0, -1, Cursor.MAX_LIMIT + 1, Integer.MIN_VALUE, Integer.MAX_VALUE),
                limit -> assertThrows(InvalidRequestException.class, () -> Cursor.limit(limit)));
    }

    @Test
    void noLimitMeansTheDefault() {
        assertEquals(Cursor.DEFAULT_LIMIT, Cursor.limit(null));
        assertNull(Cursor.decode(" "));
    }

    /** Checks the property on every edge case, then on {@link #CASES} values drawn from {@link #SEED}. */
    private static <T> void forAll(Function<RandomGenerator, T> values, List<T> edgeCases, Consumer<T> property) {
        List<T> cases = new ArrayList<>(edgeCases);
        RandomGenerator random = new SplittableRandom(SEED);
        for (int i = 0; i < CASES; i++) {
            cases.add(values.apply(random));
        }
        for (int i = 0; i < cases.size(); i++) {
            T value = cases.get(i);
            try {
                property.accept(value);
            } catch (Throwable failure) {
                String where = i < edgeCases.size()
                        ? "edge case #" + i
                        : "random case #" + (i - edgeCases.size()) + " of seed " + SEED + " (-Dcursor.seed=" + SEED
                                + ")";
                throw new AssertionFailedError("fails on " + where + ": " + show(value), failure);
            }
        }
    }

    /** The value with everything outside printable ASCII escaped, so that the message shows what was sent. */
    private static String show(Object value) {
        String text = String.valueOf(value);
        String shown = text.chars()
                .mapToObj(c -> c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : "\\u%04X".formatted(c))
                .collect(Collectors.joining());
        return shown.length() > 300 ? shown.substring(0, 300) + "… (" + text.length() + " chars)" : "\"" + shown + "\"";
    }
}
