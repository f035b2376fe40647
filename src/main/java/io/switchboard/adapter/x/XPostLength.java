package io.switchboard.adapter.x;

import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The length X counts for a post (twitter-text's weighted length, version 3): the text is NFC-normalised; Latin,
 * most European scripts and common punctuation (code points up to U+10FF and three punctuation ranges) count
 * 1, every other character 2 (CJK, for example), an emoji 2 however many code points it is made of, and a link
 * 23 whatever its length (X shortens it to a t.co link). A post may weigh 280.
 *
 * <p>Links are recognised by their scheme ({@code http://}, {@code https://}); twitter-text also finds bare
 * domains such as {@code example.com}, which count here by their characters, so such a post can be refused
 * although X would take it, never the other way round for posts without bare domains.
 */
final class XPostLength {

    static final int MAX_WEIGHTED_LENGTH = 280;
    static final int LINK_LENGTH = 23;

    private static final Pattern LINK = Pattern.compile("https?://[^\\s]+", Pattern.CASE_INSENSITIVE);

    private XPostLength() {}

    static int of(String text) {
        String normalised = Normalizer.normalize(text, Normalizer.Form.NFC);
        Matcher link = LINK.matcher(normalised);
        int length = 0;
        int from = 0;
        while (link.find()) {
            length += weigh(normalised.substring(from, link.start())) + LINK_LENGTH;
            from = link.end();
        }
        return length + weigh(normalised.substring(from));
    }

    private static int weigh(String text) {
        BreakIterator clusters = BreakIterator.getCharacterInstance();
        clusters.setText(text);
        int weight = 0;
        for (int start = clusters.first(), end = clusters.next();
                end != BreakIterator.DONE;
                start = end, end = clusters.next()) {
            String cluster = text.substring(start, end);
            weight += isEmoji(cluster)
                    ? 2
                    : cluster.codePoints().map(XPostLength::weight).sum();
        }
        return weight;
    }

    /** An emoji, alone or as a sequence (skin tones, joined people, flags, keycaps); a plain digit is not one. */
    private static boolean isEmoji(String cluster) {
        int first = cluster.codePointAt(0);
        return Character.isEmojiPresentation(first)
                || (Character.isEmoji(first) && cluster.length() > Character.charCount(first));
    }

    private static int weight(int codePoint) {
        boolean light = codePoint <= 4351
                || (codePoint >= 8192 && codePoint <= 8205)
                || (codePoint >= 8208 && codePoint <= 8223)
                || (codePoint >= 8242 && codePoint <= 8247);
        return light ? 1 : 2;
    }
}
