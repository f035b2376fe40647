package io.switchboard.workload;

import io.switchboard.channel.ChannelKind;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Every field is optional: what is absent (or null) stays as it is. Only the note of a LIVE session changes. */
public record UpdateWorkSessionRequest(
        @Schema(description = "MANUAL entries only; with a conversation, its kind or PHONE")
        ChannelKind channelKind,

        @Schema(description = "MANUAL entries only; not in the future")
        Instant startedAt,

        @Schema(description = "MANUAL entries only; 1 to 86400")
        Integer durationSeconds,

        @Schema(description = "Up to 2000 characters; an empty note removes it")
        String note) {}
