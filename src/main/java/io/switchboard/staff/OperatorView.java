package io.switchboard.staff;

import io.switchboard.channel.ChannelKind;
import io.switchboard.common.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record OperatorView(
        String id,
        String username,
        String name,
        String email,
        List<String> roles,

        @Schema(description = "ONLINE, AWAY or OFFLINE; a new operator is OFFLINE")
        Availability availability,

        @Schema(description = "Since when the availability holds; null when it never changed")
        Instant availabilitySince,

        @Schema(
                description = "The hourly cost in force now, in minor units; null when none was set, and for agents"
                        + " looking at anyone but themselves")
        Money hourlyCost,

        @Schema(
                description = "Effective concurrent conversations per channel kind (operator, else tenant, else"
                        + " product default)")
        Map<ChannelKind, Integer> capacity) {}
