package io.switchboard.testing;

import java.util.random.RandomGenerator;

/**
 * Random text for tests that must hold for any input a client can send. Drawn from the caller's seeded generator, so
 * a run is reproducible from its seed. Lengths favour the edges (empty, the shortest, the longest, short ones) where
 * code tends to break, as do the characters: controls, unpaired surrogates, noncharacters, zero-width and
 * direction marks, combining marks, case-mapping oddities.
 */
public final class RandomText {

    private static final char[] TRICKY = {
        '\u0000', '\u0001', '\u0008', '\t', '\n', '\r', '\u001B', '\u007F', '\u0085', '\u00A0', '\u00AD', '\u00DF',
        '\u0130', '\u0131', '\u01C5', '\u0301', '\u0345', '\u2028', '\u2029', '\u200B', '\u200D', '\u202E', '\u2066',
        '\uFB03', '\uFEFF', '\uFFFD', '\uFFFE', '\uFFFF', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '"', '\'', '\\', '/',
        '%', '&', '=', '?', '#', '+', '|', '<', '>', '{', '}', '[', ']', ' '
    };

    private RandomText() {}

    /**
     * Any UTF-16 text of at most {@code maxLength} chars: ASCII, controls, the rest of the BMP (unpaired surrogate
     * halves included), supplementary code points as surrogate pairs, and the tricky characters above.
     */
    public static String any(RandomGenerator random, int maxLength) {
        int length = length(random, 0, maxLength);
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            int kind = random.nextInt(100);
            if (kind < 35) {
                text.append((char) random.nextInt(0x20, 0x7F));
            } else if (kind < 45) {
                text.append(random.nextInt(33) == 32 ? '\u007F' : (char) random.nextInt(0x20));
            } else if (kind < 60) {
                text.append((char) random.nextInt(0x80, 0x800));
            } else if (kind < 75) {
                text.append((char) random.nextInt(0x10000));
            } else if (kind < 85 && length - text.length() >= 2) {
                text.appendCodePoint(random.nextInt(0x10000, Character.MAX_CODE_POINT + 1));
            } else {
                text.append(TRICKY[random.nextInt(TRICKY.length)]);
            }
        }
        return text.toString();
    }

    /** Text of {@code minLength} to {@code maxLength} chars, each between {@code from} and {@code to}. */
    public static String inRange(RandomGenerator random, char from, char to, int minLength, int maxLength) {
        int length = length(random, minLength, maxLength);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) random.nextInt(from, to + 1));
        }
        return text.toString();
    }

    /** A length between the bounds, the bounds themselves and short lengths more often than their share. */
    public static int length(RandomGenerator random, int min, int max) {
        int kind = random.nextInt(100);
        if (kind < 10 || min == max) {
            return min;
        }
        if (kind < 15) {
            return max;
        }
        if (kind < 55) {
            return random.nextInt(min, Math.min(max, min + 8) + 1);
        }
        return random.nextInt(min, max + 1);
    }
}
