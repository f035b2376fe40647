package io.switchboard.engagement;

import io.switchboard.channel.ChannelKind;
import java.time.Instant;

/** A published target whose metrics are followed (a row of post_metrics_watch), as the collector claims it. */
record Watch(
        String deliveryId,
        String tenantId,
        String postId,
        String channelId,
        ChannelKind kind,
        String providerPostId,
        Instant publishedAt,
        int failures) {}
