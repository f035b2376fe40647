package io.switchboard.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class HeaderValuesTest {

    @Test
    void lineBreaksBecomeOneSpaceAndOtherControlsGo() {
        assertEquals("Hi Bcc: victim@example.test", HeaderValues.singleLine("Hi\nBcc: victim@example.test"));
        assertEquals("Hi Bcc: x", HeaderValues.singleLine("Hi \r\n\r\n Bcc: x"));
        assertEquals("a b c d", HeaderValues.singleLine("a\u0085b\u2028c\u2029d"));
        assertEquals("Bell and NUL", HeaderValues.singleLine("Bell\u0007 and\u0000 NUL\u007f"));
        assertEquals("tab stop", HeaderValues.singleLine("\ttab\tstop\r"));
    }

    @Test
    void ordinaryTextIsUnchanged() {
        assertEquals(
                "Erstattung für Bestellung #4711 💶", HeaderValues.singleLine("Erstattung für Bestellung #4711 💶"));
        assertNull(HeaderValues.singleLine(null));
    }
}
