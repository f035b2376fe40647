package io.switchboard.adapter.email;

import io.switchboard.channel.ChannelDefinition;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ConfigField;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** A support mailbox: inbound by a signed route webhook and, optionally, IMAP polling. */
@ApplicationScoped
public class EmailChannel implements ChannelDefinition {

    @Override
    public ChannelKind kind() {
        return ChannelKind.EMAIL;
    }

    @Override
    public List<ConfigField> configFields() {
        return List.of(
                ConfigField.required("address").matching("[^@\\s]+@[^@\\s]+\\.[^@\\s]+", "an email address"),
                ConfigField.secret("signingKey"),
                ConfigField.optional("imap.host")
                        .matching("[A-Za-z0-9.:\\[\\]_-]+", "a host name or address")
                        .destination(ConfigField.Destination.HOST),
                ConfigField.optional("imap.port")
                        .matching(
                                "0*([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])",
                                "a port number (1-65535)"),
                ConfigField.optional("imap.username"),
                ConfigField.optionalSecret("imap.password"),
                ConfigField.optional("imap.folder"),
                ConfigField.optional("imap.ssl").matching("true|false", "true or false"));
    }

    @Override
    public String inboundPath(String channelId, String channelKey) {
        return "/webhooks/email/" + channelKey;
    }
}
