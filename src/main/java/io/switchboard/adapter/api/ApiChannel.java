package io.switchboard.adapter.api;

import io.switchboard.channel.ChannelDefinition;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ConfigField;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * A generic channel fed by an authenticated integration. Replies go to the integration's {@code replyUrl}, if it
 * has one, signed with {@code replySigningSecret} (see {@link ApiReplySender}).
 */
@ApplicationScoped
public class ApiChannel implements ChannelDefinition {

    static final String REPLY_URL = "replyUrl";
    static final String REPLY_SIGNING_SECRET = "replySigningSecret";
    /** Integrations name their threads; the inbox keeps them under this prefix, apart from private threads. */
    static final String THREAD_PREFIX = "thread:";

    @Override
    public ChannelKind kind() {
        return ChannelKind.API;
    }

    @Override
    public List<ConfigField> configFields() {
        return List.of(
                ConfigField.optional(REPLY_URL)
                        .matching("https?://\\S+", "an http(s) URL")
                        .destination(ConfigField.Destination.URL),
                ConfigField.optionalSecret(REPLY_SIGNING_SECRET));
    }

    @Override
    public String inboundPath(String channelId, String channelKey) {
        return "/api/v1/channels/" + channelId + "/inbound";
    }
}
