package io.switchboard.channel;

import java.util.List;

/**
 * What one kind of channel needs to be configured and where providers reach it. One CDI bean per kind, in
 * the kind's own package; {@link ChannelRegistry} finds it by kind.
 */
public interface ChannelDefinition {

    ChannelKind kind();

    List<ConfigField> configFields();

    /** Where the provider (or our widget) sends this channel's inbound traffic, below the public base URL. */
    String inboundPath(String channelId, String channelKey);
}
