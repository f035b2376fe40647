package io.switchboard.adapter.sms;

import io.switchboard.channel.ChannelDefinition;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ConfigField;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** A Twilio-style SMS number. */
@ApplicationScoped
public class SmsChannel implements ChannelDefinition {

    @Override
    public ChannelKind kind() {
        return ChannelKind.SMS;
    }

    @Override
    public List<ConfigField> configFields() {
        return List.of(
                ConfigField.required("accountSid").matching("AC[0-9a-fA-F]{32}", "a Twilio account SID (AC + 32 hex)"),
                ConfigField.secret("authToken"),
                ConfigField.required("phoneNumber")
                        .matching("\\+[1-9][0-9]{6,14}", "an E.164 number such as +14155550100"));
    }

    @Override
    public String inboundPath(String channelId, String channelKey) {
        return "/webhooks/sms/" + channelKey;
    }
}
