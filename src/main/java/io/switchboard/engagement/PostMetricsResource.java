package io.switchboard.engagement;

import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.scheduling.PostService;
import io.switchboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What a post's targets got, fetch after fetch. */
@Path("/api/v1/posts/{id}/metrics")
@Tag(name = "Posts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MANAGER)
public class PostMetricsResource {

    private final PostService posts;
    private final PostMetricsService metrics;

    public PostMetricsResource(PostService posts, PostMetricsService metrics) {
        this.posts = posts;
        this.metrics = metrics;
    }

    @GET
    @Operation(
            summary = "The metrics of a post's published targets over time (manager)",
            description = "Each page post and X post is fetched about 1 h, 6 h, 24 h, 3 days, 7 days and 30 days"
                    + " after publication (Facebook insights from the 24-hour fetch on); each fetch is a snapshot."
                    + " Failed fetches are retried later; X fetches stay within the tenant's monthly read budget"
                    + " (GET /api/v1/settings/engagement).")
    public PostMetricsHistory getPostMetrics(@PathParam("id") String id) {
        if (posts.find(id).isEmpty()) {
            throw new ResourceNotFoundException("Post", id);
        }
        return new PostMetricsHistory(id, metrics.history(id));
    }
}
