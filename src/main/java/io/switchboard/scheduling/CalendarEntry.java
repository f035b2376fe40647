package io.switchboard.scheduling;

import io.switchboard.channel.ChannelKind;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One occurrence of a post in the calendar: past ones with their publication's status, planned ones expanded. */
@Schema(name = "CalendarEntry")
public record CalendarEntry(
        String postId,
        Instant occurrenceAt,

        @Schema(description = "The post's status; for an occurrence that went out, its publication's status")
        PostStatus status,

        @Schema(description = "Whether this occurrence already went out (or was missed)")
        boolean past,

        String text,
        List<ChannelKind> kinds,
        boolean recurring) {}
