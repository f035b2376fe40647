package io.switchboard.adapter.email;

import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ChannelService;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.common.error.FeatureUnavailableException;
import io.switchboard.common.error.ResourceNotFoundException;

/** The current tenant's enabled EMAIL channel named in a path, for the EMAIL-only sub-resources of a channel. */
final class OwnEmailChannel {

    private OwnEmailChannel() {}

    /**
     * The channel; 404 when the tenant has no such enabled channel, 422 {@code slug} when it is of another kind
     * ("Only EMAIL channels {@code what}").
     */
    static ResolvedChannel require(ChannelService channels, String id, String slug, String what) {
        ResolvedChannel channel =
                channels.resolveOwn(id).orElseThrow(() -> new ResourceNotFoundException("Channel", id));
        if (channel.kind() != ChannelKind.EMAIL) {
            throw new FeatureUnavailableException(
                    slug, "Only EMAIL channels " + what + "; this one is " + channel.kind());
        }
        return channel;
    }
}
