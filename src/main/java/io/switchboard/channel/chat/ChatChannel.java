package io.switchboard.channel.chat;

import io.switchboard.channel.ChannelDefinition;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ConfigField;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Our web chat widget. */
@ApplicationScoped
public class ChatChannel implements ChannelDefinition {

    @Override
    public ChannelKind kind() {
        return ChannelKind.CHAT;
    }

    @Override
    public List<ConfigField> configFields() {
        return List.of(ConfigField.secret("identitySecret"));
    }

    @Override
    public String inboundPath(String channelId, String channelKey) {
        return "/public/v1/chat/" + channelKey;
    }
}
