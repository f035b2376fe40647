package io.switchboard.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.common.error.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class WebhookJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static WebhookJson parse(String json) {
        return WebhookJson.parse(MAPPER, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void idsKeepEveryDigitWhetherStringsOrNumbers() {
        WebhookJson json = parse("{\"a\":1850000000000000123,\"b\":\"1850000000000000123\","
                + "\"c\":123456789012345678901234567890,\"d\":null,\"e\":\"  \"}");
        assertEquals("1850000000000000123", json.id("a"));
        assertEquals("1850000000000000123", json.id("b"));
        assertEquals("123456789012345678901234567890", json.id("c"));
        assertNull(json.id("d"));
        assertNull(json.id("e"));
        assertNull(json.id("missing"));
    }

    @Test
    void idsThatCannotBeExactAreRefused() {
        assertEquals(
                "x.id",
                assertThrows(
                                InvalidRequestException.class,
                                () -> parse("{\"x\":{\"id\":1.85E18}}").get("x").id("id"))
                        .errors()
                        .get(0)
                        .field());
        assertThrows(InvalidRequestException.class, () -> parse("{\"id\":true}").id("id"));
        assertThrows(
                InvalidRequestException.class,
                () -> parse("{\"id\":\"" + "9".repeat(201) + "\"}").id("id"));
        assertThrows(InvalidRequestException.class, () -> parse("{}").requiredId("id"));
    }

    @Test
    void onlyOneWellFormedObjectIsABody() {
        assertThrows(InvalidRequestException.class, () -> parse("{\"a\":1} {\"b\":2}"));
        assertThrows(InvalidRequestException.class, () -> parse("{\"a\":1,\"a\":2}"));
        assertThrows(InvalidRequestException.class, () -> parse("[]"));
        assertThrows(InvalidRequestException.class, () -> parse(""));
        assertThrows(InvalidRequestException.class, () -> parse("{\"a\":"));
    }

    @Test
    void itemsNameTheirPathInProblems() {
        WebhookJson json = parse("{\"entry\":[{\"m\":[{},{\"mid\":5}]},{\"m\":3}]}");
        var entries = json.items("entry");
        assertEquals("entry[0].m[1]", entries.get(0).items("m").get(1).path());
        assertEquals(
                "entry[1].m",
                assertThrows(InvalidRequestException.class, () -> entries.get(1).items("m"))
                        .errors()
                        .get(0)
                        .field());
        assertEquals(
                "entry[0].m[1].mid",
                assertThrows(
                                InvalidRequestException.class,
                                () -> entries.get(0).items("m").get(1).text("mid"))
                        .errors()
                        .get(0)
                        .field());
        assertEquals(0, json.items("absent").size());
    }

    @Test
    void timesAreEpochNumbersOrDigitStringsWithinStorableRange() {
        WebhookJson json = parse("{\"ms\":1763629200123,\"s\":\"1763629260\",\"far\":999999999999999999,\"neg\":-5}");
        assertEquals(Instant.parse("2025-11-20T09:00:00.123Z"), json.epoch("ms", ChronoUnit.MILLIS));
        assertEquals(Instant.parse("2025-11-20T09:01:00Z"), json.epoch("s", ChronoUnit.SECONDS));
        assertNull(json.epoch("missing", ChronoUnit.SECONDS));
        assertThrows(InvalidRequestException.class, () -> json.epoch("far", ChronoUnit.SECONDS));
        assertThrows(InvalidRequestException.class, () -> json.epoch("neg", ChronoUnit.MILLIS));
    }
}
