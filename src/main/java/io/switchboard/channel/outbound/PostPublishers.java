package io.switchboard.channel.outbound;

import io.switchboard.channel.ChannelKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The publish capability of each channel kind that has one. */
@ApplicationScoped
public class PostPublishers {

    private final Map<ChannelKind, PostPublisher> publishers = new EnumMap<>(ChannelKind.class);

    public PostPublishers(Instance<PostPublisher> all) {
        for (PostPublisher publisher : all) {
            if (publishers.put(publisher.kind(), publisher) != null) {
                throw new IllegalStateException("Two post publishers for channel kind " + publisher.kind());
            }
        }
    }

    /** Empty for a kind that cannot publish one-to-many. */
    public Optional<PostPublisher> forKind(ChannelKind kind) {
        return Optional.ofNullable(publishers.get(kind));
    }
}
