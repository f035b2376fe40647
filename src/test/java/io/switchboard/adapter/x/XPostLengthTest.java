package io.switchboard.adapter.x;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** X's weighted length, with examples from twitter-text's conformance cases. */
class XPostLengthTest {

    @Test
    void latinCountsOnceAndCjkTwice() {
        assertEquals(5, XPostLength.of("Hello"));
        assertEquals(10, XPostLength.of("こんにちは"));
        assertEquals(3, XPostLength.of("Zoë"));
        assertEquals(3, XPostLength.of("Zoe\u0308"), "NFC: e and a combining diaeresis are one character");
    }

    @Test
    void anEmojiCountsTwiceWhateverItIsMadeOf() {
        assertEquals(2, XPostLength.of("🚚"));
        assertEquals(2, XPostLength.of("👩‍👩‍👧‍👦"), "a family of four joined people");
        assertEquals(2, XPostLength.of("👍🏽"), "with a skin tone");
        assertEquals(2, XPostLength.of("🇩🇪"), "a flag");
        assertEquals(3, XPostLength.of("123"), "digits are not emoji");
    }

    @Test
    void aLinkCountsTwentyThree() {
        assertEquals(23, XPostLength.of("https://example.com/" + "a".repeat(100)));
        assertEquals(6 + 23 + 5, XPostLength.of("Look: http://a.example/x then"));
    }
}
