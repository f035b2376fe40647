package io.switchboard.engagement;

import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** How the variants of a post's A/B test compare. */
@Path("/api/v1/posts/{id}/experiment")
@Tag(name = "Posts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MANAGER)
public class PostExperimentResource {

    private final PostExperiments experiments;

    public PostExperimentResource(PostExperiments experiments) {
        this.experiments = experiments;
    }

    @GET
    @Operation(
            summary = "The A/B test of a post with variants (manager)",
            description = "Per variant: the sample, the outcome and its 95% confidence interval (Wilson). A broadcast's"
                    + " audience was split at random into equal groups (the split is stored); its outcome is the"
                    + " share of recipients whose message went out who replied (an inbound message on the channel)"
                    + " within `windowHours` of it. Page/X posts: each variant was published as a post of its own;"
                    + " the outcome is engagements per 1,000 views, from each post's latest metrics snapshot with"
                    + " views. For two variants: the difference A − B with its 95% interval and a two-sided p-value"
                    + " (pooled two-proportion z-test, or Fisher's exact test when an expected count is below 5). A"
                    + " winner is named only when p < 0.05 and every variant reached `minimumSample` (and, for a"
                    + " broadcast, every reply window has closed); until then the verdict says \"no winner yet\" and"
                    + " why. 404 for a post without variants.")
    public PostExperimentView getPostExperiment(
            @PathParam("id") String id,
            @Parameter(
                            description = "Hours after a broadcast message during which a reply counts (1 to 720)",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            defaultValue = "48",
                                            minimum = "1",
                                            maximum = "720"),
                            example = "48")
                    @QueryParam("windowHours")
                    String windowHours,
            @Parameter(
                            description = "Sample each variant needs before a winner is named: recipients for a"
                                    + " broadcast (default 100), views for posts (default 1000)",
                            schema = @Schema(type = SchemaType.INTEGER, minimum = "1"),
                            example = "100")
                    @QueryParam("minimumSample")
                    String minimumSample) {
        return experiments.experiment(
                id,
                windowHours == null ? null : Math.toIntExact(whole("windowHours", windowHours, 1, 720)),
                minimumSample == null ? null : whole("minimumSample", minimumSample, 1, 1_000_000_000L));
    }

    private static long whole(String name, String value, long min, long max) {
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw InvalidRequestException.ofField(name, "must be a whole number from " + min + " to " + max);
    }
}
