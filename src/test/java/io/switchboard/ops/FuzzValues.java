package io.switchboard.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * The hostile values the spec fuzzer sends, as jqwik arbitraries: odd and huge strings, unicode edge cases, numbers
 * out of every range, JSON of the wrong type, broken cursors, ids, dates and headers. Drawn with the fuzzer's own
 * seeded {@link Random}, so a run is reproducible from its seed.
 */
final class FuzzValues {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int GEN_SIZE = 1000;

    private FuzzValues() {}

    static <T> T draw(Arbitrary<T> arbitrary, Random random) {
        return arbitrary.generator(GEN_SIZE, true).next(random).value();
    }

    static final Arbitrary<String> ODD_STRINGS = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, Arbitraries.strings().all().ofMaxLength(40)),
            net.jqwik.api.Tuple.of(3, Arbitraries.strings().ascii().ofMaxLength(300)),
            net.jqwik.api.Tuple.of(
                    6,
                    Arbitraries.of(
                            "",
                            " ",
                            "\t\n",
                            "\u0000",
                            "a\u0000b",
                            "null",
                            "undefined",
                            "true",
                            "0",
                            "-1",
                            "NaN",
                            "1e309",
                            "99999999999999999999999",
                            "../../../etc/passwd",
                            "%00",
                            "%",
                            "' OR '1'='1",
                            "\"; DROP TABLE message; --",
                            "<script>alert(1)</script>",
                            "${jndi:ldap://x/y}",
                            "😀👨‍👩‍👧‍👦",
                            "\uD83D",
                            "\uDE00x",
                            "\u202Eevil",
                            "\u200B\u200C\u200D\uFEFF",
                            "ǅǈ İı ß ﬃ",
                            "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
                            "\u0301\u0301\u0301",
                            "ＡＢＣ",
                            "\r\nX-Injected: 1",
                            "2026-13-45T25:61:61Z",
                            "0000-00-00T00:00:00Z",
                            "+999999999-12-31T23:59:59.999999999Z",
                            "-999999999-01-01T00:00:00Z",
                            "1970-01-01T00:00:00Z",
                            "2026-01-01",
                            "Europe/Nowhere",
                            "UTC+99",
                            "* * * * * * * *",
                            "0 0 31 2 *",
                            "https://",
                            "javascript:alert(1)",
                            "http://[::1",
                            "+",
                            "+0",
                            "+999999999999999999")),
            net.jqwik.api.Tuple.of(
                    1,
                    Arbitraries.strings()
                            .withCharRange('a', 'z')
                            .ofMinLength(20_000)
                            .ofMaxLength(70_000)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(2500, 3000).map(n -> "😀ßé".repeat(n))));

    static final Arbitrary<JsonNode> ODD_NUMBERS = Arbitraries.oneOf(
            Arbitraries.longs().map(JSON::numberNode),
            Arbitraries.integers().between(-3, 3).map(JSON::numberNode),
            Arbitraries.of(
                    JSON.numberNode(Integer.MAX_VALUE),
                    JSON.numberNode(Integer.MIN_VALUE),
                    JSON.numberNode(Long.MAX_VALUE),
                    JSON.numberNode(Long.MIN_VALUE),
                    JSON.numberNode(new BigInteger("123456789012345678901234567890")),
                    JSON.numberNode(new BigDecimal("1e400")),
                    JSON.numberNode(new BigDecimal("-1e-400")),
                    JSON.numberNode(0.5),
                    JSON.numberNode(-0.0),
                    JSON.numberNode(86401),
                    JSON.numberNode(1_000_000)),
            Arbitraries.doubles().map(JSON::numberNode));

    /** Any JSON value, of any type, a little nested. */
    static final Arbitrary<JsonNode> ANY_JSON = Arbitraries.lazyOf(
                    () -> ODD_STRINGS.map(s -> (JsonNode) JSON.textNode(s)),
                    () -> ODD_NUMBERS,
                    () -> Arbitraries.of(JSON.booleanNode(true), JSON.booleanNode(false), JSON.nullNode()),
                    () -> Arbitraries.of(JSON.arrayNode(), JSON.objectNode()),
                    () -> ODD_STRINGS.list().ofMaxSize(4).map(list -> {
                        ArrayNode array = JSON.arrayNode();
                        list.forEach(array::add);
                        return (JsonNode) array;
                    }),
                    () -> ODD_STRINGS.filter(key -> key.length() <= 20).map(key ->
                            (JsonNode) JSON.objectNode().put(key, 1)))
            // Fresh containers every time: the fuzzer mutates what it draws.
            .map(JsonNode::deepCopy);

    /** Bodies that are not JSON, or JSON only in part. */
    static final Arbitrary<String> MALFORMED_JSON = Arbitraries.oneOf(
            Arbitraries.of(
                    "",
                    "{",
                    "}",
                    "{\"a\":",
                    "{\"a\" 1}",
                    "{'single': 'quotes'}",
                    "{\"a\":1,}",
                    "[1,2,",
                    "nul",
                    "NaN",
                    "{\"a\":NaN}",
                    "{\"a\":1e999999}",
                    "{\"text\":\"\\uD800\"}",
                    "{\"text\":\"\\x41\"}",
                    "{\"a\":1}{\"b\":2}",
                    "\uFEFF{}",
                    "<xml/>",
                    "a=1&b=2",
                    "{\"a\":\"\u0000\"}",
                    "{\"__proto__\":{\"admin\":true}}",
                    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
                    "{\"a\":1,\"a\":2}"),
            Arbitraries.integers().between(1500, 6000).map(depth -> "[".repeat(depth) + "]".repeat(depth)),
            Arbitraries.integers().between(1500, 6000).map(depth -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)),
            Arbitraries.strings().all().ofMaxLength(200));

    static final Arbitrary<String> LIMITS = Arbitraries.of(
            "-1", "0", "1", "200", "201", "abc", "1e3", "2147483648", "99999999999999999999", "", " 5", "5.5");

    /** Cursors: decodable garbage, keys of the wrong shape, and not base64 at all. */
    static final Arbitrary<String> CURSORS = Arbitraries.oneOf(
            ODD_STRINGS.map(s -> Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes())),
            Arbitraries.of(
                            "|",
                            "x|y",
                            "x|y|z",
                            "2026-01-01T00:00:00Z",
                            "2026-01-01T00:00:00Z|",
                            "|abc",
                            "9999999999999999999|a",
                            "-1|a",
                            "2026-01-01T00:00:00Z|2026-01-01T00:00:00Z|x")
                    .map(s -> Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes())),
            Arbitraries.of("!!!", "%%%", "====", "a", "ab", "abc=", "____", "-".repeat(500)),
            Arbitraries.bytes()
                    .array(byte[].class)
                    .ofMaxSize(64)
                    .map(b -> Base64.getUrlEncoder().encodeToString(b)));

    /** Header values the HTTP client can send (visible ASCII and spaces). */
    static final Arbitrary<String> HEADER_VALUES = Arbitraries.oneOf(
            Arbitraries.of(
                    "",
                    " ",
                    "\"0\"",
                    "\"1\"",
                    "\"999999999999\"",
                    "*",
                    "W/\"1\"",
                    "\"",
                    "\"a\", \"b\"",
                    "-1",
                    "null",
                    "x".repeat(201),
                    "x".repeat(8000)),
            Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(300));

    static final Arbitrary<String> CONTENT_TYPES = Arbitraries.of(
            "text/plain",
            "application/xml",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "multipart/form-data; boundary=x",
            "application/json; charset=ISO-8859-1",
            "application/json; charset=nonsense",
            "application/merge-patch+json",
            "application/octet-stream",
            "garbage",
            "*/*",
            "application/json;;;");

    static final Arbitrary<String> ACCEPTS = Arbitraries.of(
            "text/csv", "application/xml", "text/html", "garbage", "*/*", "application/json;q=0", "image/png");

    static final Arbitrary<String> IDS = Arbitraries.oneOf(
            Arbitraries.of(
                    "00000000-0000-0000-0000-000000000000",
                    "not-an-id",
                    " ",
                    "..",
                    "%",
                    "me",
                    "null",
                    "-1",
                    "0",
                    "x".repeat(5000),
                    "😀",
                    "a/b",
                    "'; --"),
            Arbitraries.longs().tuple2().map(t -> new java.util.UUID(t.get1(), t.get2()).toString()),
            ODD_STRINGS.filter(s -> s.length() <= 50));
}
