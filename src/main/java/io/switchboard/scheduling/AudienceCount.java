package io.switchboard.scheduling;

import io.switchboard.channel.ChannelKind;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How many contacts a broadcast would reach if it went out now, and what today leaves of the tenant's cap. */
@Schema(name = "AudienceCount")
public record AudienceCount(
        String channelId,
        ChannelKind kind,

        @Schema(description = "The label as contacts carry it (trimmed, lower-case)")
        String label,

        @Schema(
                description = "Contacts carrying the label that are reachable on the channel now: the recipients a"
                        + " broadcast would have if it went out now")
        long recipients,

        @Schema(description = "The tenant's daily cap of messages of this kind (SMS, EMAIL); null where uncapped")
        Integer dailyCap,

        @Schema(description = "What today (UTC) has left of that cap; null where uncapped")
        Long remainingToday) {}
