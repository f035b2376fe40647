package io.switchboard.scheduling;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a broadcast's audience at random into equal groups, one per variant, reproducibly: recipients are ordered
 * by SHA-256 of the experiment's seed and their contact id (a random permutation that the seed fixes), and dealt to
 * the variants in turn. Each recipient gets exactly one variant; group sizes differ by at most one; the same seed
 * and audience give the same split whatever the order the audience was read in, so the stored assignment can always
 * be checked against its seed.
 */
public final class AudienceSplit {

    private AudienceSplit() {}

    /** Each contact's variant (an index from 0 to {@code variants - 1}), in the dealing order. */
    public static Map<String, Integer> assign(String seed, Collection<String> contactIds, int variants) {
        if (variants < 2 || variants > 4) {
            throw new IllegalArgumentException("An experiment has 2 to 4 variants, not " + variants);
        }
        List<String> order = contactIds.stream()
                .distinct()
                .sorted(Comparator.comparing((String id) -> hash(seed, id)).thenComparing(id -> id))
                .toList();
        Map<String, Integer> assignment = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            assignment.put(order.get(i), i % variants);
        }
        return assignment;
    }

    private static String hash(String seed, String contactId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest((seed + ":" + contactId).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
