package io.switchboard.inbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * MariaDB's plan of an inbox page's query, as the service would run it (for the benchmark's report): the query
 * {@link InboxQuery} plans for the same filter, explained with its parameters inlined.
 */
public final class InboxQueryPlans {

    private static final Pattern PARAMETER = Pattern.compile(":([A-Za-z][A-Za-z0-9]*)");

    private InboxQueryPlans() {}

    /**
     * One line per table the query reads: {@code table type key rows extra}.
     *
     * @param query the list's query parameters as a client sends them (status, kind, assignee, q...)
     * @param channelIds the tenant's channels that the channel and kind filters leave; null without either
     */
    public static List<String> explain(
            Connection db,
            String tenantId,
            String operatorId,
            Map<String, List<String>> query,
            Set<String> channelIds,
            int rows)
            throws Exception {
        ConversationFilter filter = ConversationFilter.parse(
                query.get("status"),
                query.get("channel"),
                query.get("kind"),
                first(query.get("assignee")),
                first(query.get("team")),
                first(query.get("contact")),
                query.get("label"),
                first(query.get("q")),
                operatorId);
        // The service's default bounds of the scans (switchboard.reads.label-scan-rows, search-scan-rows).
        InboxQuery planned = InboxQuery.plan(tenantId, filter, channelIds, null, rows, 10_000, 10_000);
        List<String> lines = explain(db, planned);
        if (planned.fallback() != null) {
            explain(db, planned.fallback()).forEach(line -> lines.add("fallback: " + line));
        }
        return lines;
    }

    private static List<String> explain(Connection db, InboxQuery planned) throws Exception {
        Matcher m = PARAMETER.matcher(planned.sql());
        StringBuilder sql = new StringBuilder("EXPLAIN ");
        while (m.find()) {
            m.appendReplacement(
                    sql, Matcher.quoteReplacement(literal(planned.params().get(m.group(1)))));
        }
        m.appendTail(sql);
        List<String> lines = new ArrayList<>();
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery(sql.toString())) {
            while (r.next()) {
                lines.add(String.join(
                        " ",
                        r.getString("select_type"),
                        r.getString("table"),
                        r.getString("type"),
                        String.valueOf(r.getString("key")),
                        "rows=" + r.getString("rows"),
                        String.valueOf(r.getString("Extra"))));
            }
        }
        return lines;
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String literal(Object value) {
        if (value instanceof Collection<?> values) {
            return values.stream().map(InboxQueryPlans::literal).collect(Collectors.joining(", "));
        }
        if (value instanceof Instant at) {
            return "'"
                    + java.sql.Timestamp.from(at)
                            .toInstant()
                            .toString()
                            .replace("T", " ")
                            .replace("Z", "") + "'";
        }
        return "'" + String.valueOf(value).replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
