package io.switchboard.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.error.InvalidRequestException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SearchQueryTest {

    private static SearchQuery parse(String q) {
        return SearchQuery.parse(q).orElseThrow();
    }

    /** acme's token: t + the first 10 hex digits of SHA-256("acme") + _, as V64's columns compute it. */
    private static final String ACME = "t822b33ad87_";

    @Test
    void wordsBecomeRequiredPrefixesInTheTenantsVocabulary() {
        assertEquals(ACME, SearchQuery.tenantToken("acme"));
        assertEquals(
                "+" + ACME + "zoë* +" + ACME + "müller*",
                parse("  Zoë   MÜLLER ").fullTextIn("acme"));
        assertEquals(
                List.of("jose", "garcia", "example", "org"),
                parse("jose.garcia@example.org").words());
        assertEquals(List.of("4915112345678"), parse("+4915112345678").words());
        assertTrue(!SearchQuery.tenantToken("acme").equals(SearchQuery.tenantToken("acme2")));
    }

    @Test
    void aWordsExpressionFindsItsStartBehindTheTokenWhateverItsAccentsAndCase() {
        List<String> regexps = parse("zoe Müll 東京 order_4711").regexpsIn("acme");
        assertEquals(4, regexps.size());
        java.util.function.BiPredicate<String, String> finds = (regexp, text) -> java.util.regex.Pattern.compile(
                        regexp, java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE)
                .matcher(text)
                .find();
        assertTrue(finds.test(regexps.get(0), "Hallo " + ACME + "Zoë " + ACME + "x"));
        assertTrue(finds.test(regexps.get(0), ACME + "ZOÉ"));
        assertTrue(finds.test(regexps.get(1), ACME + "mullers"), "a prefix, without its umlaut");
        assertTrue(finds.test(regexps.get(2), ACME + "東京太郎"));
        assertTrue(finds.test(regexps.get(3), ACME + "Order_4711"));
        assertTrue(!finds.test(regexps.get(0), ACME + "zo"), "every character counts");
        assertTrue(!finds.test(regexps.get(0), "t822b33ad88_zoe"), "another tenant's token");
        assertTrue(!finds.test(regexps.get(1), ACME + "xmüll"), "the word's start, not its middle");
        assertTrue(!finds.test(regexps.get(3), ACME + "order-4711"), "the underscore is no wildcard");
        assertEquals(null, SearchQuery.parse("J").orElseThrow().regexpsIn("acme"));
    }

    @Test
    void booleanOperatorsNeverReachTheParser() {
        for (String q : new String[] {"\"zoe", "+zoe -zoe", "zoe*)", "(zoe", "~zoe", "<zoe>", "@zoe", "zoe\"*"}) {
            assertEquals("+" + ACME + "zoe*", parse(q).fullTextIn("acme"), q);
        }
        assertEquals(
                List.of("drop", "table", "conversation"),
                parse("'; DROP TABLE conversation; --").words());
    }

    @Test
    void shortWordsAndStopWordsAreSearchedOneLetterWordsAreLeftOutOrSearchedAsSubstrings() {
        assertEquals(List.of("zoe", "example", "com"), parse("zoe@example.com").words(), "stop words are indexed");
        assertEquals("zoe@example.com%", parse(" zoe@example.com ").address(), "an address is also a prefix");
        assertEquals("zoe@%", parse("zoe@").address());
        assertEquals("zo!_e@x!%%", parse("zo_e@x%").address(), "its LIKE wildcards are escaped");
        for (String notAnAddress : List.of("@example.com", "zoe example", "zoe @example.com", "zoe")) {
            assertEquals(null, parse(notAnAddress).address(), notAnAddress);
        }
        assertEquals(List.of("my", "parcel"), parse("my parcel").words(), "two letters are indexed");
        assertEquals(List.of("smith"), parse("J Smith").words(), "one letter is left out");
        assertEquals(List.of("the"), parse("the").words());
        SearchQuery j = parse("J");
        assertEquals(null, j.fullTextIn("acme"));
        assertEquals("%J%", j.like());
        assertEquals("%!%!_!!%", parse("%_!").like(), "LIKE wildcards are escaped");
        assertEquals("%🎉%", parse("🎉").like());
    }

    @Test
    void blankIsNoSearchAndLongIsRefused() {
        assertEquals(Optional.empty(), SearchQuery.parse(null));
        assertEquals(Optional.empty(), SearchQuery.parse("  "));
        assertThrows(InvalidRequestException.class, () -> SearchQuery.parse("x".repeat(201)));
        String longWord = "a".repeat(150);
        assertEquals(
                List.of("a".repeat(SearchQuery.MAX_WORD)),
                parse(longWord).words(),
                "words are cut to the index's longest word less the tenant's token");
        assertEquals(10, parse("aa bb cc dd ee ff gg hh ii jj kk ll").words().size(), "ten words at most");
    }
}
