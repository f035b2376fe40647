package io.switchboard.channel;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Every field is optional; {@code config} is merged onto the current settings (null removes an optional one);
 * {@code firstResponseTargetSeconds} null goes back to the kind's default.
 */
public record UpdateChannelRequest(
        @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
        String name,

        Boolean enabled,
        @Schema(implementation = Object.class) JsonNode config,

        @Schema(
                implementation = Integer.class,
                nullable = true,
                minimum = "1",
                maximum = "2592000",
                description = "The channel's own first-response target in seconds (1 to 30 days), which replaces its"
                        + " kind's default in the inbox's reply-due time, the overview and the response-time report;"
                        + " null goes back to the kind's default, absent leaves it as it is")
        JsonNode firstResponseTargetSeconds) {}
