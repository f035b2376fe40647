package io.switchboard.channel.outbound;

import io.switchboard.channel.ChannelKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The reply capability of each channel kind that has one. */
@ApplicationScoped
public class ReplySenders {

    private final Map<ChannelKind, ReplySender> senders = new EnumMap<>(ChannelKind.class);

    public ReplySenders(Instance<ReplySender> all) {
        for (ReplySender sender : all) {
            if (senders.put(sender.kind(), sender) != null) {
                throw new IllegalStateException("Two reply senders for channel kind " + sender.kind());
            }
        }
    }

    /** Empty for a kind that cannot carry replies. */
    public Optional<ReplySender> forKind(ChannelKind kind) {
        return Optional.ofNullable(senders.get(kind));
    }
}
