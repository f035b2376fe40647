package io.switchboard.staff;

import io.switchboard.channel.ChannelKind;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The tenant's capacities per channel kind. */
public record CapacitySettings(
        @Schema(
                description = "Concurrent conversations per operator and channel kind in this tenant, unless an"
                        + " operator has their own value")
        Map<ChannelKind, Integer> capacity,

        @Schema(description = "The product defaults, which apply where the tenant sets nothing")
        Map<ChannelKind, Integer> productDefaults) {}
