package io.switchboard.inbox;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record CreateMessageRequest(
        @Schema(description = "NOTE adds an internal note; REPLY is answered 422 until outbound delivery exists")
        @NotNull
        MessageType type,

        @NotBlank @Size(max = 20_000) String text,

        @Schema(description = "Send-later time of a reply; notes take effect at once and refuse it")
        Instant sendAt) {}
