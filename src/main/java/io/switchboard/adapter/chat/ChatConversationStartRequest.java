package io.switchboard.adapter.chat;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A visitor opens the chat with a first message, and says who they are. */
public record ChatConversationStartRequest(
        @Schema(description = ChatLimits.IDENTIFIER_DESCRIPTION, examples = "user-4711")
        @NotBlank
        @Pattern(regexp = ChatLimits.IDENTIFIER_PATTERN, message = ChatLimits.IDENTIFIER_MESSAGE)
        String identifier,

        @Schema(description = ChatLimits.HASH_DESCRIPTION, required = true)
        String identifierHash,

        @Schema(description = "The visitor's name, kept on the contact when it is new") @Size(max = 255)
        String name,

        @Schema(description = "The visitor's email address, kept on the contact when it is new") @Email @Size(max = 320)
        String email,

        @Schema(description = ChatLimits.TEXT_DESCRIPTION) @NotBlank @Size(max = ChatLimits.MAX_TEXT)
        String text,

        @Schema(
                description = ChatLimits.CLIENT_MESSAGE_ID_DESCRIPTION + " Optional here, but without it a retried"
                        + " request stores the message again.")
        @Pattern(regexp = ChatLimits.CLIENT_MESSAGE_ID_PATTERN, message = ChatLimits.CLIENT_MESSAGE_ID_MESSAGE)
        String clientMessageId) {}
