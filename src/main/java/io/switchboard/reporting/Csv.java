package io.switchboard.reporting;

import io.switchboard.common.Money;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reports as CSV (RFC 4180): a header row, then one line per row, written to the response as they are formatted.
 * Text cells that a spreadsheet would read as a formula are neutralised as OWASP's CSV-injection guidance says.
 */
final class Csv {

    private Csv() {}

    static <T> StreamingOutput of(List<String> header, List<T> rows, Function<T, List<Object>> values) {
        return out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            line(writer, header.stream().map(h -> (Object) h).toList());
            for (T row : rows) {
                line(writer, values.apply(row));
            }
            writer.flush();
        };
    }

    private static void line(BufferedWriter writer, List<Object> values) throws java.io.IOException {
        writer.write(values.stream().map(Csv::cell).collect(Collectors.joining(",")));
        writer.write("\r\n");
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Money m) {
            return String.valueOf(m.amountMinor());
        }
        if (value instanceof Number n) {
            // Numbers are written by the service, never taken from users: a negative one stays a number.
            return String.valueOf(n);
        }
        String text = String.valueOf(value);
        if (startsFormula(text)) {
            // Operator names, labels and the like come from users: prefixed with ' a spreadsheet shows them as text.
            return "\"'" + text.replace("\"", "\"\"") + "\"";
        }
        if (text.contains(",")
                || text.contains(";")
                || text.contains("\t")
                || text.contains("\"")
                || text.contains("\n")
                || text.contains("\r")) {
            // Quoted, so that a spreadsheet splitting on ';' or tab cannot start a new cell with a formula in it.
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    private static boolean startsFormula(String text) {
        if (text.isEmpty()) {
            return false;
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }

    /** "EUR 1234; USD 56" */
    static String costs(List<Money> costs) {
        return costs.stream().map(m -> m.currency() + " " + m.amountMinor()).collect(Collectors.joining("; "));
    }

    /** "<=60:3; <=300:1; …; >604800:0" */
    static String distribution(List<ResponseTimeRow.Bucket> buckets) {
        long last = 0;
        StringBuilder out = new StringBuilder();
        for (ResponseTimeRow.Bucket b : buckets) {
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append(b.upToSeconds() == null ? ">" + last : "<=" + b.upToSeconds())
                    .append(':')
                    .append(b.count());
            if (b.upToSeconds() != null) {
                last = b.upToSeconds();
            }
        }
        return out.toString();
    }

    static String currency(Money money) {
        return money == null ? null : money.currency();
    }
}
