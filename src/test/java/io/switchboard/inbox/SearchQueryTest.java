package io.switchboard.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.error.InvalidRequestException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SearchQueryTest {

    private static SearchQuery parse(String q) {
        return SearchQuery.parse(q).orElseThrow();
    }

    @Test
    void wordsBecomeRequiredPrefixes() {
        assertEquals("+zoë* +müller*", parse("  Zoë   MÜLLER ").fullText());
        assertEquals(
                "+jose* +garcia* +example* +org*",
                parse("jose.garcia@example.org").fullText());
        assertEquals("+4915112345678*", parse("+4915112345678").fullText());
    }

    @Test
    void booleanOperatorsNeverReachTheParser() {
        for (String q : new String[] {"\"zoe", "+zoe -zoe", "zoe*)", "(zoe", "~zoe", "<zoe>", "@zoe", "zoe\"*"}) {
            assertEquals("+zoe*", parse(q).fullText(), q);
        }
        assertEquals(
                "+drop* +table* +conversation*",
                parse("'; DROP TABLE conversation; --").fullText());
    }

    @Test
    void shortWordsAndStopWordsAreLeftOutOrSearchedAsSubstrings() {
        assertEquals("+zoe* +example*", parse("zoe@example.com").fullText(), "'com' is a stop word");
        assertEquals("+parcel*", parse("my parcel").fullText(), "two letters are not indexed");
        SearchQuery al = parse("Al");
        assertEquals(null, al.fullText());
        assertEquals("%Al%", al.like());
        assertEquals("%!%!_!!%", parse("%_!").like(), "LIKE wildcards are escaped");
        assertEquals("%🎉%", parse("🎉").like());
        assertEquals("%the%", parse("the").like());
    }

    @Test
    void blankIsNoSearchAndLongIsRefused() {
        assertEquals(Optional.empty(), SearchQuery.parse(null));
        assertEquals(Optional.empty(), SearchQuery.parse("  "));
        assertThrows(InvalidRequestException.class, () -> SearchQuery.parse("x".repeat(201)));
        String longWord = "a".repeat(150);
        assertTrue(parse(longWord).fullText().length() <= 86, "words are cut to the index's longest word");
    }
}
