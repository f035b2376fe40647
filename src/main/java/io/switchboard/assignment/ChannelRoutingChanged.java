package io.switchboard.assignment;

/** A channel's routing changed. Fired synchronously inside the transaction that changed it. */
public record ChannelRoutingChanged(String tenantId, String channelId, String teamId, AutoAssignment autoAssignment) {}
