package io.switchboard.inbox;

import io.switchboard.common.error.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A person's search text, made safe for the database. Words become a full-text boolean query in which every
 * word must occur as a word prefix ({@code +word*}); everything that is not a letter, mark, digit or underscore
 * separates words, so the boolean operators ({@code + - * ( ) ~ @ < > "}) can never reach the parser.
 *
 * <p>The indexes searched are the tenant's own ({@code message.search_text} and {@code contact.search_text}, V64):
 * they hold each word behind the tenant's token ({@link #tenantToken}), so a word's index list holds one tenant's
 * rows and a search costs what that tenant's matches cost, not every tenant's. {@link #fullTextIn} puts the same
 * token before each word. Every word is indexed that way, stop words and short words too, since the token makes
 * them long enough; words of one letter are left out of the query all the same (as a prefix, one letter matches
 * most of the tenant's words). When nothing is left (for example "J" or an emoji), the text is matched as a
 * substring with LIKE instead; that fallback only looks at contacts' names, addresses and numbers, since scanning
 * message text that way would not scale.
 *
 * <p>A text that reads as an email address or its start (no spaces, something before an {@code @}) finds contacts
 * by the start of their address ({@link #address}, from the index {@code (tenant_id, email)}, V66) rather than by
 * its words: "zoe@example.com" means that contact, not every contact whose text holds "zoe", "example" and
 * "com", and the words "example" and "com" are in so many contacts' text that intersecting their full-text lists
 * costs what the tenant's whole contact list costs. Messages are still searched by the words.
 *
 * @param words the words to find, lower case, at most {@value #MAX_WORDS}; empty when {@code like} applies
 * @param like a LIKE pattern with {@code !} as escape character, or null when {@code words} apply
 * @param address a LIKE pattern (escape {@code !}) for the start of a contact's email address, or null when the
 *     text is not an address
 */
record SearchQuery(List<String> words, String like, String address) {

    static final int MAX_LENGTH = 200;
    private static final int MIN_WORD = 2;
    /** InnoDB's innodb_ft_max_token_size default (84) less the tenant token's 12 characters. */
    static final int MAX_WORD = 72;

    private static final int MAX_WORDS = 10;
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{M}\\p{N}_]+");
    private static final HexFormat HEX = HexFormat.of();
    /** An email address or its start: no white space, at least one character before the first {@code @}. */
    private static final Pattern ADDRESS = Pattern.compile("[^\\s@]+@\\S*");

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
            String cut = length > MAX_WORD ? word.substring(0, word.offsetByCodePoints(0, MAX_WORD)) : word;
            if (length >= MIN_WORD && !words.contains(cut) && words.size() < MAX_WORDS) {
                words.add(cut);
            }
        }
        String address = ADDRESS.matcher(normalised).matches() ? escapeLike(normalised) + "%" : null;
        if (!words.isEmpty()) {
            return Optional.of(new SearchQuery(List.copyOf(words), null, address));
        }
        return Optional.of(new SearchQuery(List.of(), "%" + escapeLike(normalised) + "%", address));
    }

    /** The boolean-mode expression for the tenant's search columns, or null when {@link #like} applies. */
    String fullTextIn(String tenantId) {
        if (words.isEmpty()) {
            return null;
        }
        String token = tenantToken(tenantId);
        return String.join(" ", words.stream().map(w -> "+" + token + w + "*").toList());
    }

    /**
     * One regular expression per word, for the tenant's search columns: the word's start right behind the tenant's
     * token, as {@link #fullTextIn} finds it in the full-text index. It checks one row's text where the index finds
     * every row of the word; null when {@link #like} applies. MariaDB matches it without regard to case (the
     * columns' collation is case-insensitive) but not to accents, which the collation and so the index ignore: each
     * character becomes the class of the characters that decompose to the same base ({@link #sameBase}), so that
     * "zoe" finds "Zoë" as the index does. The collation's expansions ("ß" for "ss") and ignorable characters are
     * not followed. A regular expression, not a LIKE pattern: MariaDB runs it about twenty times faster over long
     * texts.
     */
    List<String> regexpsIn(String tenantId) {
        if (words.isEmpty()) {
            return null;
        }
        String token = tenantToken(tenantId); // t, hex digits and _: nothing to escape
        return words.stream()
                .map(w -> {
                    StringBuilder regexp = new StringBuilder(token);
                    w.codePoints().forEach(c -> regexp.append(sameBase(c)));
                    return regexp.toString();
                })
                .toList();
    }

    /**
     * The characters of the basic multilingual plane that decompose (NFKD) to the same first character as {@code
     * c}, in either case, as a class of a regular expression; {@code c} alone (escaped) when it has no such
     * relatives.
     */
    static String sameBase(int c) {
        String relatives = c <= Character.MAX_VALUE ? Relatives.BY_BASE.get(Relatives.base(c)) : null;
        if (relatives == null) {
            return String.format("\\x{%x}", c);
        }
        return "[" + relatives + "]";
    }

    /**
     * The letters, digits and underscore of the basic multilingual plane by their base (see sameBase), for the
     * bases that more than one character shares.
     */
    private static final class Relatives {
        static final Map<Integer, String> BY_BASE = build();

        static int base(int c) {
            String decomposed = Normalizer.normalize(Character.toString(c), Normalizer.Form.NFKD);
            int first = decomposed.isEmpty() ? c : decomposed.codePointAt(0);
            return Character.toLowerCase(first);
        }

        private static Map<Integer, String> build() {
            Map<Integer, StringBuilder> byBase = new HashMap<>();
            for (int c = 0; c <= Character.MAX_VALUE; c++) {
                if (Character.isSurrogate((char) c) || !(Character.isLetterOrDigit(c) || c == '_')) {
                    continue;
                }
                byBase.computeIfAbsent(base(c), b -> new StringBuilder()).appendCodePoint(c);
            }
            Map<Integer, String> relatives = new HashMap<>();
            byBase.forEach((base, chars) -> {
                if (chars.codePointCount(0, chars.length()) > 1) { // a character alone needs no class
                    relatives.put(base, chars.toString());
                }
            });
            return Map.copyOf(relatives);
        }
    }

    /**
     * What the search columns put before each word of a tenant's text: {@code t}, the first 10 hex digits of the
     * SHA-256 of the tenant id, {@code _}; V64's generated columns compute the same in SQL.
     */
    static String tenantToken(String tenantId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(tenantId.getBytes(StandardCharsets.UTF_8));
            return "t" + HEX.formatHex(digest).substring(0, 10) + "_";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
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
        return (like == null ? "words " + words : "like " + like) + (address == null ? "" : ", address " + address);
    }
}
