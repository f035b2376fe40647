package io.switchboard.adapter.chat;

import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.outbound.OutboundReply;
import io.switchboard.channel.outbound.ReplySender;
import io.switchboard.channel.outbound.SendOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * Replies to chat visitors. The widget is ours and the reply is in our database already: sending makes it
 * visible. Once the outbox records it as SENT, the visitor's transcript shows it and their live stream ({@code
 * GET /public/v1/chat/{key}/stream}) pushes it. The provider id is our message id.
 */
@ApplicationScoped
public class ChatReplySender implements ReplySender {

    @Override
    public ChannelKind kind() {
        return ChannelKind.CHAT;
    }

    @Override
    public Optional<String> refusal(OutboundReply reply, Instant at) {
        return reply.isEmpty() ? Optional.of("A chat reply needs text or at least one attachment") : Optional.empty();
    }

    @Override
    public SendOutcome send(ResolvedChannel channel, OutboundReply reply) {
        return new SendOutcome.Sent(reply.messageId());
    }
}
