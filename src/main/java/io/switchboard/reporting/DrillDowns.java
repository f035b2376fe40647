package io.switchboard.reporting;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Links from a report row to the rows behind its figures: the work sessions (the work-session list, sessions that
 * ended and overlap the period) and the conversations ({@code /api/v1/reports/conversations}).
 */
final class DrillDowns {

    private DrillDowns() {}

    static String workSessions(ReportRange range, LocalDate period, String channelKey, String kind, String operator) {
        Map<String, String> query = endedWithin(range, period);
        if (channelKey != null) {
            query.put("channel", channelKey.isEmpty() ? "none" : channelKey);
        }
        if (kind != null) {
            query.put("kind", kind);
        }
        if (operator != null) {
            query.put("operator", operator);
        }
        return "/api/v1/work-sessions?" + encode(query);
    }

    /**
     * The conversation (and off-system) work of a channel report's row: the sessions carried by the channel that name
     * no post (work on posts is counted on the post's channels instead).
     */
    static String conversationWork(ReportRange range, LocalDate period, String channelKey, String kind) {
        return workSessions(range, period, channelKey, kind, null) + "&work=CONVERSATIONS";
    }

    /** The work on posts whose seconds a channel report's row counts in part; null for a row without a channel. */
    static String publishingWork(ReportRange range, LocalDate period, String channelKey) {
        if (channelKey == null || channelKey.isEmpty()) {
            return null;
        }
        Map<String, String> query = endedWithin(range, period);
        query.put("work", "PUBLISHING");
        query.put("postChannel", channelKey);
        return "/api/v1/work-sessions?" + encode(query);
    }

    private static Map<String, String> endedWithin(ReportRange range, LocalDate period) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("status", "ENDED");
        query.put("overlapping", "true");
        query.put("from", range.startOf(period).toString());
        query.put("to", range.startOf(range.granularity().next(period)).toString());
        return query;
    }

    static String conversations(ReportRange range, LocalDate period, String measure, String channelKey, String kind) {
        return conversations(range, period, measure, channelKey, kind, null);
    }

    static String conversations(
            ReportRange range, LocalDate period, String measure, String channelKey, String kind, String operator) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("measure", measure);
        query.put("from", period.toString());
        query.put("to", range.granularity().next(period).toString());
        if (channelKey != null) {
            query.put("channel", channelKey.isEmpty() ? "none" : channelKey);
        }
        if (kind != null) {
            query.put("kind", kind);
        }
        if (operator != null) {
            query.put("operator", operator);
        }
        return "/api/v1/reports/conversations?" + encode(query);
    }

    private static String encode(Map<String, String> query) {
        return query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
