package io.switchboard.adapter.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.switchboard.adapter.sms.SmsSegments.Encoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmsSegmentsTest {

    private static void assertSegments(String text, Encoding encoding, int characters, int segments) {
        SmsSegments counted = SmsSegments.of(text);
        assertEquals(encoding, counted.encoding(), "encoding");
        assertEquals(characters, counted.characters(), "characters");
        assertEquals(segments, counted.segments(), "segments");
    }

    @Test
    void theGsmTablesHoldWhatTheStandardLists() {
        assertEquals(127, SmsSegments.GSM_BASIC.chars().distinct().count(), "128 codes less the escape");
        assertEquals(10, SmsSegments.GSM_EXTENSION.chars().distinct().count());
        assertSegments(SmsSegments.GSM_BASIC, Encoding.GSM_7, 127, 1);
    }

    @Test
    void gsm7HoldsOneHundredSixtyAloneAndOneHundredFiftyThreePerPart() {
        assertSegments("", Encoding.GSM_7, 0, 0);
        assertSegments("a", Encoding.GSM_7, 1, 1);
        assertSegments("a".repeat(160), Encoding.GSM_7, 160, 1);
        assertSegments("a".repeat(161), Encoding.GSM_7, 161, 2);
        assertSegments("a".repeat(306), Encoding.GSM_7, 306, 2);
        assertSegments("a".repeat(307), Encoding.GSM_7, 307, 3);
        assertSegments("a".repeat(1530), Encoding.GSM_7, 1530, 10);
        assertSegments("a".repeat(1531), Encoding.GSM_7, 1531, 11);
        assertSegments("Grüße aus Köln, 5 £ für Æsop! ¿Qué?", Encoding.GSM_7, 35, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"€", "[", "]", "{", "}", "^", "~", "|", "\\", "\f"})
    void extensionCharactersTakeTwoSeptetsAndAreNeverSplit(String extension) {
        assertSegments(extension, Encoding.GSM_7, 2, 1);
        assertSegments("a".repeat(158) + extension, Encoding.GSM_7, 160, 1);
        assertSegments("a".repeat(159) + extension, Encoding.GSM_7, 161, 2);
        // 152 septets, then the pair would straddle the part boundary: it moves to part two.
        SmsSegments straddling = SmsSegments.of("a".repeat(152) + extension + "a".repeat(152));
        assertEquals(306, straddling.characters());
        assertEquals(3, straddling.segments(), "152 + (2 + 151) + 1: the pair opens part two");
        assertSegments("a".repeat(151) + extension + "a".repeat(153), Encoding.GSM_7, 306, 2);
    }

    @Test
    void oneCharacterOutsideGsm7MakesTheWholeTextUcs2() {
        assertSegments("a".repeat(69) + "ç", Encoding.UCS_2, 70, 1);
        assertSegments("a".repeat(70) + "ç", Encoding.UCS_2, 71, 2);
        assertEquals("ç", SmsSegments.of("Ça ç").firstNonGsm(), "Ç is GSM-7, ç is not");
        assertNull(SmsSegments.of("plain").firstNonGsm());
        assertSegments("日本".repeat(35), Encoding.UCS_2, 70, 1);
        assertSegments("日".repeat(134), Encoding.UCS_2, 134, 2);
        assertSegments("日".repeat(135), Encoding.UCS_2, 135, 3);
    }

    @Test
    void ucs2CountsCodeUnitsAndNeverSplitsASurrogatePair() {
        assertSegments("😀", Encoding.UCS_2, 2, 1);
        assertEquals("😀", SmsSegments.of("hi 😀").firstNonGsm());
        assertSegments("😀".repeat(35), Encoding.UCS_2, 70, 1);
        assertSegments("a" + "😀".repeat(35), Encoding.UCS_2, 71, 2);
        // 134 units would fill two parts exactly, but the pair after 66 units moves to part two: three parts.
        assertSegments("a".repeat(66) + "😀" + "a".repeat(66), Encoding.UCS_2, 134, 3);
        assertSegments("a".repeat(67) + "😀" + "a".repeat(65), Encoding.UCS_2, 134, 2);
        assertSegments("a".repeat(66) + "ç" + "😀".repeat(33), Encoding.UCS_2, 133, 2);
        assertSegments("😀".repeat(356), Encoding.UCS_2, 712, 11);
    }
}
