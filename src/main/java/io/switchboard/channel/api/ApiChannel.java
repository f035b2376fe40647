package io.switchboard.channel.api;

import io.switchboard.channel.ChannelDefinition;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ConfigField;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** A generic channel fed by an authenticated integration. */
@ApplicationScoped
public class ApiChannel implements ChannelDefinition {

    @Override
    public ChannelKind kind() {
        return ChannelKind.API;
    }

    @Override
    public List<ConfigField> configFields() {
        return List.of();
    }

    @Override
    public String inboundPath(String channelId, String channelKey) {
        return "/api/v1/channels/" + channelId + "/inbound";
    }
}
