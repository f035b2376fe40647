package io.switchboard.inbox;

import io.switchboard.common.error.InvalidRequestException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A person's search text, made safe for the database. Words become a full-text boolean query in which every
 * word must occur as a word prefix ({@code +word*}); everything that is not a letter, digit or underscore
 * separates words, so the boolean operators ({@code + - * ( ) ~ @ < > "}) can never reach the parser.
 *
 * <p>InnoDB's full-text index holds no words shorter than three characters and no stop words, and a required
 * word it does not hold matches nothing; such words are therefore left out of the query. When nothing is left
 * (for example "Al", "the", or an emoji), the text is matched as a substring with LIKE instead; that fallback
 * only looks at contacts' names, addresses and numbers, since scanning message text that way would not scale.
 *
 * @param fullText the boolean-mode expression, or null when {@code like} applies
 * @param like a LIKE pattern with {@code !} as escape character, or null when {@code fullText} applies
 */
record SearchQuery(String fullText, String like) {

    static final int MAX_LENGTH = 200;
    /** InnoDB's innodb_ft_min_token_size and innodb_ft_max_token_size defaults. */
    private static final int MIN_WORD = 3;

    private static final int MAX_WORD = 84;
    private static final int MAX_WORDS = 10;
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{M}\\p{N}_]+");
    /** InnoDB's default stop words that its index could otherwise hold (three characters or more). */
    private static final Set<String> STOP_WORDS = Set.of(
            "about", "are", "com", "for", "from", "how", "that", "the", "this", "was", "what", "when", "where", "who",
            "will", "with", "und", "www");

    /** Empty when there is nothing to search for. */
    static Optional<SearchQuery> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        if (text.length() > MAX_LENGTH) {
            throw InvalidRequestException.ofField("q", "must not be longer than " + MAX_LENGTH + " characters");
        }
        String normalised = Normalizer.normalize(text.strip(), Normalizer.Form.NFC);
        List<String> words = new ArrayList<>();
        for (String word : SEPARATORS.split(normalised.toLowerCase(Locale.ROOT))) {
            int length = word.codePointCount(0, word.length());
            if (length >= MIN_WORD && !STOP_WORDS.contains(word) && !words.contains(word)) {
                words.add(length > MAX_WORD ? word.substring(0, word.offsetByCodePoints(0, MAX_WORD)) : word);
            }
        }
        if (!words.isEmpty()) {
            List<String> terms = words.subList(0, Math.min(words.size(), MAX_WORDS));
            return Optional.of(new SearchQuery(
                    String.join(" ", terms.stream().map(w -> "+" + w + "*").toList()), null));
        }
        return Optional.of(new SearchQuery(null, "%" + escapeLike(normalised) + "%"));
    }

    private static String escapeLike(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            if (c == '!' || c == '%' || c == '_') {
                escaped.append('!');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    @Override
    public String toString() {
        return fullText != null ? "fullText " + fullText : "like " + like;
    }
}
