package io.switchboard.adapter.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A message an integration received from one of its users. */
public record ApiInboundRequest(
        @Schema(description = "The integration's own id of the message: sending it again stores nothing more")
        @NotBlank
        @Size(max = 255)
        String externalId,

        @NotNull @Valid Sender sender,

        @Schema(description = "Names a thread; omitted, the message joins the sender's private conversation")
        @Size(max = 200)
        String threadKey,

        @Size(max = 500) String subject,
        @Size(max = 20_000) String text,
        @Size(max = 20) List<@Valid Attachment> attachments,
        Instant sentAt) {

    public record Sender(
            @Schema(description = "The integration's stable id of the person") @NotBlank @Size(max = 255)
            String id,

            @Size(max = 255) String name,
            @Size(max = 255) String handle) {}

    @Schema(name = "InboundAttachment")
    public record Attachment(
            @NotBlank @Size(max = 2000) @Pattern(regexp = "https?://.+", message = "must be an http(s) URL")
            String url,

            @Size(max = 255) String contentType,
            @Size(max = 255) String name,
            Long size) {}
}
