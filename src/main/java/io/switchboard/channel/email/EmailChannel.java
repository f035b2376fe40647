package io.switchboard.channel.email;

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
                ConfigField.optional("imap.host"),
                ConfigField.optional("imap.port").matching("[0-9]{1,5}", "a port number"),
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
