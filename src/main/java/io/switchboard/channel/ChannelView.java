package io.switchboard.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record ChannelView(
        String id,
        ChannelKind kind,
        String name,

        @Schema(description = "Public, unguessable key naming the channel in webhook URLs")
        String key,

        boolean enabled,

        @Schema(description = "Where the provider (or the chat widget) sends this channel's inbound traffic")
        String webhookUrl,

        @Schema(description = "The settings that are not secret")
        ObjectNode config,

        @Schema(description = "Names of the secret settings that are set; their values are never returned")
        List<String> secretsConfigured,

        @Schema(
                description = "The first-response target in effect: the channel's own, or its kind's default; null"
                        + " where there is none (PHONE). Counted in business time when the tenant has business hours")
        Long firstResponseTargetSeconds,

        @Schema(description = "Whether firstResponseTargetSeconds is the kind's default (the channel sets none)")
        boolean firstResponseTargetIsKindDefault,

        Instant createdAt,
        Instant updatedAt) {}
