package io.switchboard.adapter.sms;

/**
 * How many SMS segments a text takes, as the network bills it (3GPP TS 23.038 and 23.040).
 *
 * <ul>
 *   <li>GSM-7, when every character is in the GSM 03.38 basic table or its extension table: 160 septets alone,
 *       153 per part once concatenated (the user data header takes the rest). The extension characters {@code
 *       € [ ] { } ^ ~ | \} and form feed take two septets (an escape and the character), and an escape pair is never
 *       split across two parts.
 *   <li>UCS-2 otherwise (one character outside GSM-7 is enough): 70 UTF-16 code units alone, 67 per part. A
 *       character outside the Basic Multilingual Plane (most emoji) is a surrogate pair, two units, and a pair is
 *       never split across two parts.
 * </ul>
 *
 * @param encoding the encoding the text goes in
 * @param characters what the segments hold: septets for GSM-7 (extension characters count 2), UTF-16 code units
 *     for UCS-2 (characters outside the BMP count 2)
 * @param segments how many segments the text takes; 0 for an empty text
 * @param firstNonGsm for UCS-2, the first character that is not in GSM-7 (it decided the encoding); else null
 */
public record SmsSegments(Encoding encoding, int characters, int segments, String firstNonGsm) {

    public enum Encoding {
        GSM_7("GSM-7", 160, 153),
        UCS_2("UCS-2", 70, 67);

        private final String label;
        private final int single;
        private final int perPart;

        Encoding(String label, int single, int perPart) {
            this.label = label;
            this.single = single;
            this.perPart = perPart;
        }

        /** Characters one segment holds when the text fits in one. */
        public int single() {
            return single;
        }

        /** Characters each part holds when the text needs several. */
        public int perPart() {
            return perPart;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** GSM 03.38's basic table, in table order, without the escape (0x1B). */
    static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    /** GSM 03.38's extension table (default language): each is an escape and the character, two septets. */
    static final String GSM_EXTENSION = "\f^{}\\[~]|€";

    public static SmsSegments of(String text) {
        String s = text == null ? "" : text;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (GSM_BASIC.indexOf(c) < 0 && GSM_EXTENSION.indexOf(c) < 0) {
                return ucs2(s, new String(Character.toChars(s.codePointAt(i))));
            }
        }
        return gsm7(s);
    }

    private static SmsSegments gsm7(String s) {
        int septets = 0;
        for (int i = 0; i < s.length(); i++) {
            septets += GSM_EXTENSION.indexOf(s.charAt(i)) >= 0 ? 2 : 1;
        }
        if (septets <= Encoding.GSM_7.single) {
            return new SmsSegments(Encoding.GSM_7, septets, septets == 0 ? 0 : 1, null);
        }
        int parts = 1;
        int used = 0;
        for (int i = 0; i < s.length(); i++) {
            int width = GSM_EXTENSION.indexOf(s.charAt(i)) >= 0 ? 2 : 1;
            if (used + width > Encoding.GSM_7.perPart) {
                parts++;
                used = 0;
            }
            used += width;
        }
        return new SmsSegments(Encoding.GSM_7, septets, parts, null);
    }

    private static SmsSegments ucs2(String s, String firstNonGsm) {
        int units = s.length();
        if (units <= Encoding.UCS_2.single) {
            return new SmsSegments(Encoding.UCS_2, units, 1, firstNonGsm);
        }
        int parts = 1;
        int used = 0;
        for (int i = 0; i < s.length(); ) {
            int width = Character.charCount(s.codePointAt(i));
            if (used + width > Encoding.UCS_2.perPart) {
                parts++;
                used = 0;
            }
            used += width;
            i += width;
        }
        return new SmsSegments(Encoding.UCS_2, units, parts, firstNonGsm);
    }
}
