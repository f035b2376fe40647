package io.switchboard.inbox;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Every field is optional: absent or null keeps the value; an empty string removes an email or phone, an empty
 * list the labels.
 */
public record UpdateContactRequest(
        @Size(min = 1, max = 255) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
        String name,

        @Schema(description = "An empty string removes it")
        @Email(regexp = "|" + ContactRules.EMAIL, message = ContactRules.EMAIL_MESSAGE)
        @Size(max = 320)
        String email,

        @Schema(description = "E.164 such as +4915112345678; an empty string removes it")
        @Pattern(regexp = "|" + ContactRules.E164, message = ContactRules.E164_MESSAGE)
        String phone,

        @Schema(description = "Replaces the contact's labels (an empty list removes them all); absent keeps them")
        List<String> labels) {}
