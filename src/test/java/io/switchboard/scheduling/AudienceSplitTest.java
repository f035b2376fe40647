package io.switchboard.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The broadcast audience split: balanced, one variant each, reproducible from its seed, not tied to the input order. */
class AudienceSplitTest {

    private static final List<String> AUDIENCE =
            IntStream.range(0, 1001).mapToObj(i -> "contact-" + i).toList();

    @Test
    void everyRecipientGetsExactlyOneVariantInGroupsOfEqualSize() {
        for (int variants = 2; variants <= 4; variants++) {
            Map<String, Integer> split = AudienceSplit.assign("seed-1", AUDIENCE, variants);
            assertEquals(AUDIENCE.size(), split.size());
            Map<Integer, Long> sizes =
                    split.values().stream().collect(Collectors.groupingBy(v -> v, Collectors.counting()));
            assertEquals(variants, sizes.size());
            long min = Collections.min(sizes.values());
            long max = Collections.max(sizes.values());
            assertTrue(max - min <= 1, sizes.toString());
        }
    }

    @Test
    void theSameSeedGivesTheSameSplitWhateverTheOrderAndAnotherSeedAnother() {
        List<String> shuffled = new ArrayList<>(AUDIENCE);
        Collections.shuffle(shuffled, new Random(7));
        Map<String, Integer> first = AudienceSplit.assign("seed-1", AUDIENCE, 2);
        assertEquals(first, AudienceSplit.assign("seed-1", shuffled, 2));
        Map<String, Integer> other = AudienceSplit.assign("seed-2", AUDIENCE, 2);
        long same =
                AUDIENCE.stream().filter(c -> first.get(c).equals(other.get(c))).count();
        assertNotEquals(AUDIENCE.size(), same);
    }

    @Test
    void theSplitIsBalancedWithinAnySliceOfTheInputOrder() {
        // Random, not by position: the first and second halves of the audience (as listed) each split about evenly
        // (a fixed seed, so this is deterministic; a split by position would put them 0/500 or 500/0).
        Map<String, Integer> split = AudienceSplit.assign("seed-1", AUDIENCE, 2);
        long firstHalfInA =
                AUDIENCE.subList(0, 500).stream().filter(c -> split.get(c) == 0).count();
        assertTrue(firstHalfInA > 200 && firstHalfInA < 300, "first half in A: " + firstHalfInA);
        assertThrows(IllegalArgumentException.class, () -> AudienceSplit.assign("s", AUDIENCE, 5));
    }
}
