package io.switchboard.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.switchboard.testing.RandomText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The hostile values the spec fuzzer sends: odd and huge strings, unicode edge cases, numbers out of every range,
 * JSON of the wrong type, broken cursors, ids, dates and headers. Every value is drawn from the fuzzer's own seeded
 * generator, so a run is reproducible from its seed.
 */
final class FuzzValues {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private FuzzValues() {}

    /** A source of values of one kind. */
    @FunctionalInterface
    interface Gen<T> {

        T next(RandomGenerator random);

        default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
            return random -> mapper.apply(next(random));
        }

        default Gen<T> filter(Predicate<? super T> keep) {
            return random -> {
                for (int tries = 0; tries < 10_000; tries++) {
                    T value = next(random);
                    if (keep.test(value)) {
                        return value;
                    }
                }
                throw new IllegalStateException("a filter that keeps (almost) nothing");
            };
        }
    }

    record Weighted<T>(int weight, Gen<? extends T> gen) {}

    static <T> T draw(Gen<T> gen, RandomGenerator random) {
        return gen.next(random);
    }

    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        List<T> choices = List.of(values);
        return random -> choices.get(random.nextInt(choices.size()));
    }

    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        List<Gen<? extends T>> choices = List.of(gens);
        return random -> choices.get(random.nextInt(choices.size())).next(random);
    }

    static <T> Weighted<T> weight(int weight, Gen<? extends T> gen) {
        return new Weighted<>(weight, gen);
    }

    @SafeVarargs
    static <T> Gen<T> frequencyOf(Weighted<T>... choices) {
        int total = 0;
        for (Weighted<T> choice : choices) {
            total += choice.weight();
        }
        int sum = total;
        return random -> {
            int at = random.nextInt(sum);
            for (Weighted<T> choice : choices) {
                at -= choice.weight();
                if (at < 0) {
                    return choice.gen().next(random);
                }
            }
            throw new IllegalStateException("unreachable");
        };
    }

    static Gen<Integer> between(int min, int max) {
        return random -> random.nextInt(min, max + 1);
    }

    /** Any long, the edges and small ones more often than their share. */
    static final Gen<Long> LONGS = frequencyOf(
            weight(
                    1,
                    of(
                            0L,
                            1L,
                            -1L,
                            Long.MAX_VALUE,
                            Long.MIN_VALUE,
                            (long) Integer.MAX_VALUE,
                            (long) Integer.MIN_VALUE,
                            Integer.MAX_VALUE + 1L,
                            Integer.MIN_VALUE - 1L)),
            weight(3, random -> random.nextLong(-1000, 1001)),
            weight(6, RandomGenerator::nextLong));

    /** Finite doubles of every magnitude, and the edges. */
    static final Gen<Double> DOUBLES = frequencyOf(
            weight(
                    1,
                    of(
                            0.0,
                            -0.0,
                            0.01,
                            -0.01,
                            Double.MIN_VALUE,
                            -Double.MIN_VALUE,
                            Double.MAX_VALUE,
                            -Double.MAX_VALUE,
                            1e-300)),
            weight(4, random -> (random.nextDouble() * 2 - 1) * Math.pow(10, random.nextInt(-10, 309))),
            weight(5, random -> Math.round(random.nextDouble(-1e6, 1e6) * 100) / 100.0));

    static final Gen<String> ODD_STRINGS = frequencyOf(
            weight(4, random -> RandomText.any(random, 40)),
            weight(3, random -> RandomText.inRange(random, '\u0000', '\u007F', 0, 300)),
            weight(
                    6,
                    of(
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
            weight(1, random -> RandomText.inRange(random, 'a', 'z', 20_000, 70_000)),
            weight(1, between(2500, 3000).map(n -> "😀ßé".repeat(n))));

    static final Gen<JsonNode> ODD_NUMBERS = oneOf(
            LONGS.map(JSON::numberNode),
            between(-3, 3).map(JSON::numberNode),
            of(
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
            DOUBLES.map(JSON::numberNode));

    /** Any JSON value, of any type, a little nested. */
    static final Gen<JsonNode> ANY_JSON = FuzzValues.<JsonNode>oneOf(
                    ODD_STRINGS.map(JSON::textNode),
                    ODD_NUMBERS,
                    of(JSON.booleanNode(true), JSON.booleanNode(false), JSON.nullNode()),
                    of(JSON.arrayNode(), JSON.objectNode()),
                    random -> {
                        ArrayNode array = JSON.arrayNode();
                        for (int i = random.nextInt(5); i > 0; i--) {
                            array.add(ODD_STRINGS.next(random));
                        }
                        return array;
                    },
                    ODD_STRINGS
                            .filter(key -> key.length() <= 20)
                            .map(key -> JSON.objectNode().put(key, 1)))
            // Fresh containers every time: the fuzzer mutates what it draws.
            .map(JsonNode::deepCopy);

    /** Bodies that are not JSON, or JSON only in part. */
    static final Gen<String> MALFORMED_JSON = oneOf(
            of(
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
            between(1500, 6000).map(depth -> "[".repeat(depth) + "]".repeat(depth)),
            between(1500, 6000).map(depth -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)),
            random -> RandomText.any(random, 200));

    static final Gen<String> LIMITS =
            of("-1", "0", "1", "200", "201", "abc", "1e3", "2147483648", "99999999999999999999", "", " 5", "5.5");

    /** Cursors: decodable garbage, keys of the wrong shape, and not base64 at all. */
    static final Gen<String> CURSORS = oneOf(
            ODD_STRINGS.map(s -> Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes())),
            of(
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
            of("!!!", "%%%", "====", "a", "ab", "abc=", "____", "-".repeat(500)),
            random -> {
                byte[] bytes = new byte[RandomText.length(random, 0, 64)];
                random.nextBytes(bytes);
                return Base64.getUrlEncoder().encodeToString(bytes);
            });

    /** Header values the HTTP client can send (visible ASCII and spaces). */
    static final Gen<String> HEADER_VALUES = oneOf(
            of(
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
            random -> RandomText.inRange(random, ' ', '~', 0, 300));

    static final Gen<String> CONTENT_TYPES = of(
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

    static final Gen<String> ACCEPTS =
            of("text/csv", "application/xml", "text/html", "garbage", "*/*", "application/json;q=0", "image/png");

    static final Gen<String> IDS = oneOf(
            of(
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
            random -> new UUID(random.nextLong(), random.nextLong()).toString(),
            ODD_STRINGS.filter(s -> s.length() <= 50));

    /** Twilio's media count: more than the numbered fields sent, negative, huge, not a number. */
    static final Gen<String> NUM_MEDIA = of("3", "-1", "99999", "x", "2147483648");
}
