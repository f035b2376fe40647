package io.switchboard.channel.outbound;

import io.switchboard.channel.ChannelKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The metrics capability of each channel kind that has one. */
@ApplicationScoped
public class PostMetricsReaders {

    private final Map<ChannelKind, PostMetricsReader> readers = new EnumMap<>(ChannelKind.class);

    public PostMetricsReaders(Instance<PostMetricsReader> all) {
        for (PostMetricsReader reader : all) {
            if (readers.put(reader.kind(), reader) != null) {
                throw new IllegalStateException("Two post metrics readers for channel kind " + reader.kind());
            }
        }
    }

    /** Empty for a kind whose posts have no metrics to read. */
    public Optional<PostMetricsReader> forKind(ChannelKind kind) {
        return Optional.ofNullable(readers.get(kind));
    }

    public Set<ChannelKind> kinds() {
        return readers.keySet();
    }
}
