package io.switchboard.scheduling;

import io.switchboard.channel.ChannelKind;
import java.time.Instant;
import java.util.List;

/**
 * A publication ended and these page/account targets went out (the provider accepted them): fired in the
 * transaction that ends the publication, so that whoever follows the posts' metrics records them with it.
 */
public record PostTargetsPublished(String tenantId, String postId, String publicationId, List<Target> targets) {

    /** One target as the provider took it: the delivery, the channel and the provider's id of the post. */
    public record Target(
            String deliveryId, String channelId, ChannelKind kind, String providerPostId, Instant publishedAt) {}
}
