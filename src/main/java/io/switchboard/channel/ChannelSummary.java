package io.switchboard.channel;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What every operator may know of a channel: what it is called and what it is, no settings, keys or secrets. */
@Schema(description = "A channel's name and kind, for labelling conversations and report rows")
public record ChannelSummary(String id, String name, ChannelKind kind, boolean enabled) {}
