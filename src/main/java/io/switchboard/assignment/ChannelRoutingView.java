package io.switchboard.assignment;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record ChannelRoutingView(
        String channelId,

        @Schema(description = "The team the channel's conversations belong to; null for none")
        String teamId,

        @Schema(description = "OFF, ROUND_ROBIN or LEAST_LOADED")
        AutoAssignment autoAssignment) {

    static ChannelRoutingView of(ChannelRouting routing) {
        return new ChannelRoutingView(routing.channelId, routing.teamId, routing.autoAssignment);
    }
}
