package io.switchboard.common;

import java.util.regex.Pattern;

/**
 * Text from customers, tenants or providers made safe to put into one header (email or HTTP): a line break would
 * end the header and start another one of the sender's choosing ({@code Bcc:}), so line breaks become spaces and
 * other control characters go.
 */
public final class HeaderValues {

    /** CR, LF and the Unicode line terminators (NEL, LINE and PARAGRAPH SEPARATOR), with the blanks around them. */
    private static final Pattern LINE_BREAKS = Pattern.compile("[ \\t]*[\\r\\n\\u0085\\u2028\\u2029]+[ \\t]*");
    /** What is left of the C0 and C1 controls and DEL; a tab becomes a space. */
    private static final Pattern CONTROLS = Pattern.compile("[\\p{Cc}&&[^\\t]]");

    private HeaderValues() {}

    /** One line without control characters, stripped; null stays null. */
    public static String singleLine(String text) {
        if (text == null) {
            return null;
        }
        String oneLine = LINE_BREAKS.matcher(text).replaceAll(" ");
        return CONTROLS.matcher(oneLine).replaceAll("").replace('\t', ' ').strip();
    }
}
