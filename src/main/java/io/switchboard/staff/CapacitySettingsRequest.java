package io.switchboard.staff;

import jakarta.validation.constraints.NotNull;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record CapacitySettingsRequest(
        @Schema(
                description = "Per channel kind, 0 to 100, e.g. {\"CHAT\": 4}; null removes the tenant's value (the"
                        + " product default applies again). Kinds not named keep their value.")
        @NotNull
        Map<String, Integer> capacity) {}
