package io.switchboard.channel;

import io.switchboard.tenancy.BusinessHours;
import java.time.Duration;
import java.time.Instant;

/**
 * A channel's first-response target and the one rule that measures against it, shared by the inbox's reply-due
 * time, the overview's "past target" and the response-time report's "met target": the channel's own target when
 * it has one, else its kind's default (none for PHONE); time counts only while the tenant's business hours are
 * open (all the time when it has none).
 *
 * @param target null where there is none
 * @param kindDefault whether it is the kind's default rather than the channel's own
 */
public record ResponseTarget(Duration target, boolean kindDefault) {

    /** The longest target a channel may set: 30 days. */
    public static final int MAX_SECONDS = 30 * 24 * 3600;

    public static ResponseTarget of(ChannelKind kind, Integer ownSeconds) {
        return ownSeconds == null
                ? new ResponseTarget(kind.firstResponseTarget(), true)
                : new ResponseTarget(Duration.ofSeconds(ownSeconds), false);
    }

    public static ResponseTarget of(Channel channel) {
        return of(channel.kind, channel.firstResponseTargetSeconds);
    }

    /** The target in seconds, null where there is none. */
    public Long seconds() {
        return target == null ? null : target.toSeconds();
    }

    /**
     * When a reply to what has waited since then is due: the target's worth of business time later. Null without a
     * target.
     */
    public Instant dueAt(Instant waitingSince, BusinessHours hours) {
        return target == null ? null : hours.after(waitingSince, target);
    }

    /** Whether what has waited since then is past its due time now. */
    public boolean pastDue(Instant waitingSince, Instant now, BusinessHours hours) {
        Instant due = dueAt(waitingSince, hours);
        return due != null && due.isBefore(now);
    }

    /**
     * The seconds a measured time counts against a target: its business time, or {@code realSeconds} (as measured)
     * when the tenant is always open.
     */
    public static long countedSeconds(Instant start, Instant end, long realSeconds, BusinessHours hours) {
        return hours.alwaysOpen() ? realSeconds : hours.between(start, end).toSeconds();
    }

    /** Whether counted seconds are within the target (never without one). */
    public boolean met(long countedSeconds) {
        return target != null && countedSeconds <= target.toSeconds();
    }
}
