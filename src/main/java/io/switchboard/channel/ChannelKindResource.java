package io.switchboard.channel;

import io.switchboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The kinds of channel and their settings, so that a client builds the form that connects one from the service's
 * own definitions instead of a copy that drifts.
 */
@Path("/api/v1/channel-kinds")
@Tag(name = "Channels")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AGENT)
public class ChannelKindResource {

    private final ChannelRegistry registry;

    public ChannelKindResource(ChannelRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Operation(
            summary = "Every kind of channel: its character, its defaults and the settings a channel of it takes",
            description = "Every kind, always in the same order (a short, fixed list: not paged). `configFields`"
                    + " lists what `POST /api/v1/channels` takes in `config` for the kind; secret fields are"
                    + " write-only.")
    public List<ChannelKindView> listChannelKinds() {
        return Arrays.stream(ChannelKind.values()).map(this::view).toList();
    }

    private ChannelKindView view(ChannelKind kind) {
        var definition = registry.find(kind);
        return new ChannelKindView(
                kind,
                kind.mode(),
                kind.firstResponseTarget() == null
                        ? null
                        : kind.firstResponseTarget().toSeconds(),
                kind.defaultCapacity(),
                kind.carried(),
                definition.isPresent(),
                definition
                        .map(d -> d.configFields().stream()
                                .map(ChannelKindView.Field::of)
                                .toList())
                        .orElse(List.of()));
    }
}
