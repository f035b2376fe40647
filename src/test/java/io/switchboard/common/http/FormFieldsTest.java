package io.switchboard.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.common.error.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormFieldsTest {

    private static FormFields parse(String body) {
        return FormFields.parseUrlEncoded(body.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void decodesPercentEncodedUtf8AndPlusAsSpace() {
        FormFields form = parse("Body=Gr%C3%BC%C3%9Fe+%F0%9F%91%8B+a%2Bb%26c%3Dd&From=%2B14155550100");
        assertEquals("Grüße 👋 a+b&c=d", form.first("Body"));
        assertEquals("+14155550100", form.first("From"));
    }

    @Test
    void keepsRepeatedNamesEmptyValuesAndOrder() {
        FormFields form = parse("b=2&a=1&b=3&empty=&flag&&");
        assertEquals(List.of("2", "3"), form.values("b"));
        assertEquals("", form.first("empty"));
        assertEquals("", form.first("flag"));
        assertEquals(
                List.of("b", "a", "empty", "flag"), List.copyOf(form.asMap().keySet()));
        assertNull(form.first("missing"));
    }

    @Test
    void findsMailHeaderFieldsWhateverTheirCase() {
        FormFields form = parse("Message-ID=%3Ca%40b%3E");
        assertEquals("<a@b>", form.firstIgnoringCase("Message-Id"));
        assertNull(form.first("Message-Id"));
    }

    @Test
    void malformedEncodingIsABadRequest() {
        assertThrows(InvalidRequestException.class, () -> parse("a=%E2%82"));
        assertThrows(InvalidRequestException.class, () -> parse("a=%zz"));
        assertThrows(InvalidRequestException.class, () -> parse("a=50%"));
    }

    @Test
    void anEmptyBodyHasNoFields() {
        assertEquals(0, FormFields.parseUrlEncoded(new byte[0]).asMap().size());
        assertEquals(0, FormFields.parseUrlEncoded(null).asMap().size());
    }
}
