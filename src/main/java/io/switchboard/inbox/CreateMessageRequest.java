package io.switchboard.inbox;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record CreateMessageRequest(
        @Schema(
                description =
                        "REPLY sends to the contact through the conversation's channel; NOTE adds an internal note")
        @NotNull
        MessageType type,

        @Schema(description = "Required for a note; a reply needs text or at least one attachment") @Size(max = 20_000)
        String text,

        @Schema(description = "Files a reply links to (notes have none)") @Size(max = 10)
        List<@Valid @NotNull Attachment> attachments,

        @Schema(
                description = "Send-later time of a reply: until then it is SCHEDULED and can be edited or cancelled;"
                        + " notes take effect at once and refuse it")
        Instant sendAt) {

    /** A file a reply refers to by URL; the channel carries it as its provider allows (often as a link). */
    @Schema(name = "ReplyAttachment")
    public record Attachment(
            @NotBlank @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
            String url,

            @Size(max = 255) String contentType,
            @Size(max = 255) String name) {}

    public List<Attachment> attachmentsOrEmpty() {
        return attachments == null ? List.of() : attachments;
    }
}
