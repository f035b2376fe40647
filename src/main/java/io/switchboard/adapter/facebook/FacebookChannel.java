package io.switchboard.adapter.facebook;

import io.switchboard.channel.ChannelDefinition;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ConfigField;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** A Facebook-style page: Messenger conversations and page comments. */
@ApplicationScoped
public class FacebookChannel implements ChannelDefinition {

    @Override
    public ChannelKind kind() {
        return ChannelKind.FACEBOOK;
    }

    @Override
    public List<ConfigField> configFields() {
        return List.of(
                ConfigField.required("pageId").matching("[0-9]{1,32}", "the numeric page id"),
                ConfigField.secret("appSecret"),
                ConfigField.secret("verifyToken"),
                ConfigField.secret("pageAccessToken"));
    }

    @Override
    public String inboundPath(String channelId, String channelKey) {
        return "/webhooks/facebook/" + channelKey;
    }
}
