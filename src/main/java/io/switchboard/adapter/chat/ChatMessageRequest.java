package io.switchboard.adapter.chat;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A visitor writes in their conversation. */
public record ChatMessageRequest(
        @Schema(description = ChatLimits.IDENTIFIER_DESCRIPTION, examples = "user-4711")
        @NotBlank
        @Pattern(regexp = ChatLimits.IDENTIFIER_PATTERN, message = ChatLimits.IDENTIFIER_MESSAGE)
        String identifier,

        @Schema(description = ChatLimits.HASH_DESCRIPTION, required = true)
        String identifierHash,

        @Schema(description = ChatLimits.TEXT_DESCRIPTION) @NotBlank @Size(max = ChatLimits.MAX_TEXT)
        String text,

        @Schema(description = ChatLimits.CLIENT_MESSAGE_ID_DESCRIPTION)
        @NotNull
        @Pattern(regexp = ChatLimits.CLIENT_MESSAGE_ID_PATTERN, message = ChatLimits.CLIENT_MESSAGE_ID_MESSAGE)
        String clientMessageId) {}
