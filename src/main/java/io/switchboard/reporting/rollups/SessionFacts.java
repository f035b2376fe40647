package io.switchboard.reporting.rollups;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the rollups count of one work session: it counts once ended ({@code endedAt} set), split by local day
 * ({@link SessionSeconds}), costed at its own snapshot {@code rateMinor} (per hour, in minor units of
 * {@code currency}). Instants are kept to the microsecond, as the database keeps them.
 */
public record SessionFacts(
        String tenantId,
        String conversationId,
        String channelId,
        String kind,
        Instant startedAt,
        Instant endedAt,
        int durationSeconds,
        Long rateMinor,
        String currency) {

    public SessionFacts {
        startedAt = startedAt == null ? null : startedAt.truncatedTo(ChronoUnit.MICROS);
        endedAt = endedAt == null ? null : endedAt.truncatedTo(ChronoUnit.MICROS);
    }

    boolean counts() {
        return endedAt != null;
    }

    /** Whether only the cost snapshot differs: the conversations worked on stay as they are. */
    boolean sameWorkAs(SessionFacts other) {
        return tenantId.equals(other.tenantId)
                && java.util.Objects.equals(conversationId, other.conversationId)
                && java.util.Objects.equals(channelId, other.channelId)
                && kind.equals(other.kind)
                && startedAt.equals(other.startedAt)
                && java.util.Objects.equals(endedAt, other.endedAt)
                && durationSeconds == other.durationSeconds;
    }

    /** A change of one session: {@code before} null for a new one, {@code after} null for a deleted one. */
    public record Change(SessionFacts before, SessionFacts after) {}
}
