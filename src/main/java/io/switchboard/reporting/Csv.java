package io.switchboard.reporting;

import io.switchboard.common.Money;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reports as CSV (RFC 4180): a header row, then one line per row, written to the response as they are formatted. */
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

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof Money m ? String.valueOf(m.amountMinor()) : String.valueOf(value);
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    /** "EUR 1234; USD 56" */
    static String costs(List<Money> costs) {
        return costs.stream().map(m -> m.currency() + " " + m.amountMinor()).collect(Collectors.joining("; "));
    }

    static String currency(Money money) {
        return money == null ? null : money.currency();
    }
}
