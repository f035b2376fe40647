package io.switchboard.reporting;

import io.switchboard.security.Roles;
import io.switchboard.tenancy.TenantContext;
import io.switchboard.tenancy.TenantService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/insights")
@Tag(name = "Insights")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MANAGER)
public class InsightsResource {

    private final Insights insights;
    private final TenantContext tenant;
    private final TenantService tenants;

    public InsightsResource(Insights insights, TenantContext tenant, TenantService tenants) {
        this.insights = insights;
        this.tenant = tenant;
        this.tenants = tenants;
    }

    @GET
    @Path("/posting-times")
    @Operation(
            summary = "The hours of the week the channel's posts did best at",
            description = "Hours of the week in the tenant's zone, ranked by the median engagement rate of the"
                    + " tenant's past posts on the channel published in them: each published post target with its"
                    + " latest metrics snapshot, rate = (reactions + comments + shares + quotes + bookmarks) /"
                    + " views; posts whose latest snapshot has no views are left out. An hour with fewer than"
                    + " `minimumPosts` posts (default `switchboard.insights.minimum-posts`, 3) is listed in"
                    + " `tooFewPosts` with its count and no median: nothing is suggested from it.")
    @APIResponse(
            responseCode = "200",
            description = "The ranking",
            content = @Content(schema = @Schema(implementation = InsightsViews.PostingTimes.class)))
    @APIResponse(responseCode = "400", description = "No channel, or a minimumPosts out of range")
    @APIResponse(responseCode = "404", description = "Not a channel of the tenant")
    public InsightsViews.PostingTimes getPostingTimes(
            @Parameter(description = "The channel", required = true) @QueryParam("channel") String channel,
            @Parameter(description = "1 to 1000; default 3 (configurable)", schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("minimumPosts")
                    String minimumPosts) {
        String id = tenant.require();
        return insights.postingTimes(id, tenants.timeZone(id), channel, minimumPosts);
    }

    @GET
    @Path("/channels")
    @Operation(
            summary = "Channels whose return for the staff time got worse",
            description = "For each channel, the total staff cost (conversations and publishing) per engagement and"
                    + " per resolved conversation over the last 4 weeks (the 28 local days before today, in the"
                    + " tenant's zone) and over the 4 weeks before, from the channel-return report's exact figures"
                    + " (null where the denominator is zero). `flagged` when either figure is known in both spans,"
                    + " in one currency, and higher now (compared before rounding). Flagged channels first.")
    @APIResponse(
            responseCode = "200",
            description = "The channels",
            content = @Content(schema = @Schema(implementation = InsightsViews.ChannelTrends.class)))
    public InsightsViews.ChannelTrends getChannelTrends() {
        String id = tenant.require();
        return insights.channels(id, tenants.timeZone(id));
    }
}
