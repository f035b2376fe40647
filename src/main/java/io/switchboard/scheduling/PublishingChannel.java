package io.switchboard.scheduling;

import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.outbound.PostPublisher;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A channel an author can publish on: FEED channels (FACEBOOK pages, X accounts) take posts as targets, BROADCAST
 * channels (SMS, EMAIL) take audiences; with the limits its kind checks, so that a composer counts as the API does.
 */
@Schema(name = "PublishingChannel")
public record PublishingChannel(
        String id,
        ChannelKind kind,
        String name,

        @Schema(description = "FEED: a target of posts; BROADCAST: the channel of an audience")
        PostPublisher.Mode mode,

        @Schema(
                description = "What the channel's kind refuses: maxLength counted in lengthUnit (X_WEIGHTED: links"
                        + " 23, emoji and CJK characters 2; media go as links below the text where mediaAsLinks),"
                        + " SMS segments (GSM-7 or UCS-2), the subject's length, how many media; null where none")
        PostPublisher.Limits limits) {}
