package io.switchboard.adapter.x;

import io.switchboard.channel.ChannelDefinition;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ConfigField;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** An X (Twitter-style) account: direct messages and mentions. */
@ApplicationScoped
public class XChannel implements ChannelDefinition {

    @Override
    public ChannelKind kind() {
        return ChannelKind.X;
    }

    @Override
    public List<ConfigField> configFields() {
        return List.of(
                ConfigField.required("userId").matching("[0-9]{1,20}", "the numeric user id, as a string"),
                ConfigField.secret("consumerSecret"),
                ConfigField.secret("accessToken"));
    }

    @Override
    public String inboundPath(String channelId, String channelKey) {
        return "/webhooks/x/" + channelKey;
    }
}
