package io.switchboard.channel;

import io.switchboard.common.error.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The channel kinds this service carries, each with its definition. */
@ApplicationScoped
public class ChannelRegistry {

    private final Map<ChannelKind, ChannelDefinition> definitions = new EnumMap<>(ChannelKind.class);

    public ChannelRegistry(Instance<ChannelDefinition> all) {
        for (ChannelDefinition definition : all) {
            if (definitions.put(definition.kind(), definition) != null) {
                throw new IllegalStateException("Two definitions for channel kind " + definition.kind());
            }
        }
    }

    /** The kind's definition; empty for a kind that cannot be connected (PHONE). */
    public Optional<ChannelDefinition> find(ChannelKind kind) {
        return Optional.ofNullable(definitions.get(kind));
    }

    public ChannelDefinition definition(ChannelKind kind) {
        ChannelDefinition definition = definitions.get(kind);
        if (definition == null) {
            throw InvalidRequestException.ofField("kind", "is not a kind of channel that can be connected");
        }
        return definition;
    }
}
