package io.switchboard.channel;

import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What the product knows about each kind of channel, as data (DESIGN.md, "Channels"). PHONE is not carried:
 * it exists so that logged phone work shows up in cost comparisons.
 */
public enum ChannelKind {
    CHAT(Mode.SYNCHRONOUS, Duration.ofMinutes(1), 3, true, false, ProfileAddress.NONE, "chat"),
    SMS(Mode.NEAR_SYNCHRONOUS, Duration.ofMinutes(15), 10, true, true, ProfileAddress.PHONE, "SMS"),
    X(Mode.NEAR_SYNCHRONOUS, Duration.ofHours(1), 10, true, false, ProfileAddress.NONE, "X"),
    FACEBOOK(Mode.ASYNCHRONOUS, Duration.ofHours(4), 10, true, false, ProfileAddress.NONE, "Messenger"),
    EMAIL(Mode.DEFERRED, Duration.ofHours(24), 20, true, true, ProfileAddress.EMAIL, "email"),
    API(Mode.SYNCHRONOUS, Duration.ofMinutes(1), 3, true, false, ProfileAddress.NONE, "API"),
    PHONE(Mode.SYNCHRONOUS, null, 1, false, false, ProfileAddress.NONE, "phone");

    @Schema(name = "ChannelMode")
    public enum Mode {
        SYNCHRONOUS,
        NEAR_SYNCHRONOUS,
        ASYNCHRONOUS,
        DEFERRED
    }

    /** The field of a contact's profile that reaches it on a channel where it has no identity yet. */
    public enum ProfileAddress {
        PHONE,
        EMAIL,
        NONE
    }

    private final Mode mode;
    private final Duration firstResponseTarget;
    private final int defaultCapacity;
    private final boolean carried;
    private final boolean paidPerMessage;
    private final ProfileAddress profileAddress;
    private final String messageName;

    ChannelKind(
            Mode mode,
            Duration firstResponseTarget,
            int defaultCapacity,
            boolean carried,
            boolean paidPerMessage,
            ProfileAddress profileAddress,
            String messageName) {
        this.mode = mode;
        this.firstResponseTarget = firstResponseTarget;
        this.defaultCapacity = defaultCapacity;
        this.carried = carried;
        this.paidPerMessage = paidPerMessage;
        this.profileAddress = profileAddress;
        this.messageName = messageName;
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

    /**
     * Whether the provider charges per message sent (SMS, email): such messages count against the tenant's daily
     * cap.
     */
    public boolean paidPerMessage() {
        return paidPerMessage;
    }

    /**
     * Where a broadcast on this kind reaches a contact that has no identity on the channel yet: its profile's phone
     * number (SMS), email address (EMAIL), or nowhere.
     */
    public ProfileAddress profileAddress() {
        return profileAddress;
    }

    /** What its messages are called in words a community manager reads ("SMS", "email"). */
    public String messageName() {
        return messageName;
    }
}
