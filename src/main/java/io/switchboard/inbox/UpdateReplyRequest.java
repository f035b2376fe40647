package io.switchboard.inbox;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Changes to a scheduled reply; omitted fields stay as they are. */
public record UpdateReplyRequest(
        @Size(max = 20_000) String text,

        @Schema(description = "Replaces the attachments; an empty list removes them") @Size(max = 10)
        List<CreateMessageRequest.@Valid @NotNull Attachment> attachments,

        @Schema(description = "A new send time; the present (or a moment ago) sends the reply now")
        Instant sendAt) {}
