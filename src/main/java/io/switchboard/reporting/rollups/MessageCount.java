package io.switchboard.reporting.rollups;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A change of a counted thing ({@code report_count_day}): {@code delta} of {@code measure} on the local day of
 * {@code at}, for a channel ({@code channelId} null: none) of {@code kind} (null: looked up from the channel).
 */
public record MessageCount(String tenantId, String channelId, String kind, Instant at, String measure, int delta) {

    public static final String MESSAGES_IN = "MESSAGES_IN";
    public static final String MESSAGES_OUT = "MESSAGES_OUT";
    public static final String DELIVERY_FAILED = "DELIVERY_FAILED";
    public static final String RESOLVED = "RESOLVED";

    public MessageCount {
        at = at.truncatedTo(ChronoUnit.MICROS);
    }

    /** This count with another delta. */
    public MessageCount withDelta(int delta) {
        return new MessageCount(tenantId, channelId, kind, at, measure, delta);
    }

    /**
     * The counts of one message of {@code direction} with delivery status {@code status}, times {@code sign}: an
     * inbound message counts in MESSAGES_IN; an outbound one in MESSAGES_OUT unless CANCELLED or FAILED, and in
     * DELIVERY_FAILED when FAILED; notes count nowhere.
     */
    public static java.util.List<MessageCount> of(
            String tenantId,
            String channelId,
            String kind,
            Instant createdAt,
            String direction,
            String status,
            int sign) {
        if ("INBOUND".equals(direction)) {
            return java.util.List.of(new MessageCount(tenantId, channelId, kind, createdAt, MESSAGES_IN, sign));
        }
        if (!"OUTBOUND".equals(direction)) {
            return java.util.List.of();
        }
        java.util.List<MessageCount> counts = new java.util.ArrayList<>(1);
        if (!"CANCELLED".equals(status) && !"FAILED".equals(status)) {
            counts.add(new MessageCount(tenantId, channelId, kind, createdAt, MESSAGES_OUT, sign));
        }
        if ("FAILED".equals(status)) {
            counts.add(new MessageCount(tenantId, channelId, kind, createdAt, DELIVERY_FAILED, sign));
        }
        return counts;
    }

    /** The measure a stored message counts in, or null (notes, cancelled replies). */
    static String measureOf(String direction, String status) {
        if ("INBOUND".equals(direction)) {
            return MESSAGES_IN;
        }
        if (!"OUTBOUND".equals(direction) || "CANCELLED".equals(status)) {
            return null;
        }
        return "FAILED".equals(status) ? DELIVERY_FAILED : MESSAGES_OUT;
    }
}
