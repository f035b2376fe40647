package io.switchboard.channel;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Every field is optional; {@code config} is merged onto the current settings (null removes an optional one). */
public record UpdateChannelRequest(
        @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
        String name,

        Boolean enabled,
        @Schema(implementation = Object.class) JsonNode config) {}
