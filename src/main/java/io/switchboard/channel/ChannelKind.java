package io.switchboard.channel;

import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What the product knows about each kind of channel, as data (DESIGN.md, "Channels"). PHONE is not carried:
 * it exists so that logged phone work shows up in cost comparisons.
 */
public enum ChannelKind {
    CHAT(Mode.SYNCHRONOUS, Duration.ofMinutes(1), 3, true),
    SMS(Mode.NEAR_SYNCHRONOUS, Duration.ofMinutes(15), 10, true),
    X(Mode.NEAR_SYNCHRONOUS, Duration.ofHours(1), 10, true),
    FACEBOOK(Mode.ASYNCHRONOUS, Duration.ofHours(4), 10, true),
    EMAIL(Mode.DEFERRED, Duration.ofHours(24), 20, true),
    API(Mode.SYNCHRONOUS, Duration.ofMinutes(1), 3, true),
    PHONE(Mode.SYNCHRONOUS, null, 1, false);

    @Schema(name = "ChannelMode")
    public enum Mode {
        SYNCHRONOUS,
        NEAR_SYNCHRONOUS,
        ASYNCHRONOUS,
        DEFERRED
    }

    private final Mode mode;
    private final Duration firstResponseTarget;
    private final int defaultCapacity;
    private final boolean carried;

    ChannelKind(Mode mode, Duration firstResponseTarget, int defaultCapacity, boolean carried) {
        this.mode = mode;
        this.firstResponseTarget = firstResponseTarget;
        this.defaultCapacity = defaultCapacity;
        this.carried = carried;
    }

    public Mode mode() {
        return mode;
    }

    /** Null where the kind has no target (PHONE). */
    public Duration firstResponseTarget() {
        return firstResponseTarget;
    }

    /** Default number of concurrent conversations of this kind one operator handles. */
    public int defaultCapacity() {
        return defaultCapacity;
    }

    /** Whether messages travel through Switchboard (every kind but PHONE). */
    public boolean carried() {
        return carried;
    }
}
