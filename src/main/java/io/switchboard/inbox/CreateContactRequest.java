package io.switchboard.inbox;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record CreateContactRequest(
        @NotBlank @Size(max = 255) String name,

        @Email(regexp = ContactRules.EMAIL, message = ContactRules.EMAIL_MESSAGE) @Size(max = 320)
        String email,

        @Schema(description = "E.164: + and up to 15 digits, no spaces, e.g. +4915112345678")
        @Pattern(regexp = ContactRules.E164, message = ContactRules.E164_MESSAGE)
        String phone,

        @Schema(description = "Labels (trimmed, lower-case; at most 20 of 64 characters, no commas)")
        List<String> labels) {}
