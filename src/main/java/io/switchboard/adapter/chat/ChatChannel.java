package io.switchboard.adapter.chat;

import io.switchboard.channel.ChannelDefinition;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ConfigField;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Our web chat widget. */
@ApplicationScoped
public class ChatChannel implements ChannelDefinition {

    /** Key of the visitors' identifier hashes (HMAC-SHA256), shared with the customer's back end. */
    static final String IDENTITY_SECRET = "identitySecret";

    @Override
    public ChannelKind kind() {
        return ChannelKind.CHAT;
    }

    @Override
    public List<ConfigField> configFields() {
        // Anyone who learns or guesses the secret can pose as any visitor: a short one is refused.
        return List.of(ConfigField.secret(IDENTITY_SECRET)
                .matching("[\\x21-\\x7E]{16,}", "at least 16 printable ASCII characters without spaces"));
    }

    @Override
    public String inboundPath(String channelId, String channelKey) {
        return "/public/v1/chat/" + channelKey;
    }
}
