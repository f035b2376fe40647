package io.switchboard.reporting;

import io.switchboard.common.api.Cursor;
import io.switchboard.common.api.Page;
import io.switchboard.common.db.ReportQueries;
import io.switchboard.common.error.AccessDeniedException;
import io.switchboard.security.Roles;
import io.switchboard.staff.CurrentOperator;
import io.switchboard.tenancy.TenantContext;
import io.switchboard.tenancy.TenantService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Variant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Workload and staff-cost reports (managers; an agent sees their own operator workload). Every report is JSON, or
 * CSV with a header row on {@code Accept: text/csv}; every row links to the conversations or work sessions behind
 * its figures.
 */
@Path("/api/v1/reports")
@Tag(name = "Reports")
@RolesAllowed(Roles.MANAGER)
@ReportQueries
public class ReportResource {

    static final String CSV = "text/csv";
    private static final List<Variant> VARIANTS = Variant.mediaTypes(
                    MediaType.APPLICATION_JSON_TYPE, MediaType.valueOf(CSV))
            .build();
    private static final String RANGE = "`from` and `to` are ISO dates (local days of the tenant's zone, `to`"
            + " exclusive) or instants on a local midnight; at most " + ReportRange.MAX_DAYS + " days; `groupBy`"
            + " day (default), week (ISO, from Monday) or month. The range is widened to whole periods.";

    private final ChannelCostReport channelCosts;
    private final ChannelReturnReport channelReturn;
    private final OperatorWorkloadReport workload;
    private final ResponseTimeReport responseTimes;
    private final VolumeReport volume;
    private final TrafficHoursReport trafficHours;
    private final ReportConversations conversations;
    private final TenantContext tenant;
    private final TenantService tenants;
    private final CurrentOperator operator;

    public ReportResource(
            ChannelCostReport channelCosts,
            ChannelReturnReport channelReturn,
            OperatorWorkloadReport workload,
            ResponseTimeReport responseTimes,
            VolumeReport volume,
            TrafficHoursReport trafficHours,
            ReportConversations conversations,
            TenantContext tenant,
            TenantService tenants,
            CurrentOperator operator) {
        this.channelCosts = channelCosts;
        this.channelReturn = channelReturn;
        this.workload = workload;
        this.responseTimes = responseTimes;
        this.volume = volume;
        this.trafficHours = trafficHours;
        this.conversations = conversations;
        this.tenant = tenant;
        this.tenants = tenants;
        this.operator = operator;
    }

    @GET
    @Path("/channel-costs")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(
            summary = "Staff time, cost and traffic per channel and kind",
            description = RANGE + " Handling time counts ended work sessions, each second on the local day it fell"
                    + " on, at the session's own hourly-cost snapshot; cost = seconds x hourly cost / 3600, summed"
                    + " exactly and rounded half to even once per figure. Work paid in several currencies in one row"
                    + " gives `cost` null and one total per currency in `costs`. Manual work not carried by a"
                    + " channel (PHONE) has `channelId` null. Work on a post (composer heartbeats, manual entries"
                    + " naming a post) counts on the post's channels: dealt out evenly second by second, or to the"
                    + " channels whose own text was edited in the session; `publishingSeconds` and"
                    + " `publishingCosts` give that share of the row. conversationsHandled: distinct conversations with"
                    + " handling time in the period; conversationsResolved: resolutions measured in the period;"
                    + " messages by their time, outbound ones unless cancelled or failed.")
    @APIResponse(
            responseCode = "200",
            description = "The report",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = ChannelCostsView.class)),
                @Content(
                        mediaType = CSV,
                        schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING))
            })
    public Response getChannelCostsReport(
            @BeanParam ReportParams.Days days,
            @Parameter(description = "day (default), week (ISO, from Monday) or month") @QueryParam("groupBy")
                    String groupBy,
            @BeanParam ReportParams.Channels channels,
            @Context Request request) {
        ReportRange range = range(days, groupBy);
        ChannelFilter filter = channels.filter();
        return respond(
                request,
                range,
                () -> channelCosts.rows(tenant.require(), range, filter),
                List.of(
                        "period",
                        "channelId",
                        "kind",
                        "handlingSeconds",
                        "costAmountMinor",
                        "costCurrency",
                        "costs",
                        "uncostedSeconds",
                        "conversationsHandled",
                        "conversationsResolved",
                        "messagesIn",
                        "messagesOut",
                        "costPerResolvedConversationMinor",
                        "costPerInboundMessageMinor",
                        "drillDownWorkSessions",
                        "publishingSeconds",
                        "publishingCosts",
                        "drillDownPublishingSessions"),
                r -> Arrays.<Object>asList(
                        r.period(),
                        r.channelId(),
                        r.kind(),
                        r.handlingSeconds(),
                        r.cost(),
                        Csv.currency(r.cost()),
                        Csv.costs(r.costs()),
                        r.uncostedSeconds(),
                        r.conversationsHandled(),
                        r.conversationsResolved(),
                        r.messagesIn(),
                        r.messagesOut(),
                        r.costPerResolvedConversation(),
                        r.costPerInboundMessage(),
                        r.drillDown().workSessions(),
                        r.publishingSeconds(),
                        Csv.costs(r.publishingCosts()),
                        r.drillDown().publishingSessions()));
    }

    @GET
    @Path("/channel-return")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(
            summary = "What each channel returns for the staff time it costs",
            description = RANGE + " Cost side: conversation handling time and its staff cost (handlingSeconds, cost),"
                    + " the channel's share of work on posts (publishingSeconds, publishingCost: a session on a post"
                    + " is dealt out evenly across the post's channels second by second, or to the channels whose"
                    + " own text was edited in it), and both (totalSeconds, totalCost; currencies never summed)."
                    + " Return side: posts published in the period (page and X posts the provider took) with each"
                    + " post's latest metrics snapshot fetched before the end of the range (so a past range does not"
                    + " change when later fetches arrive); engagements = reactions + comments + shares (reposts) +"
                    + " quotes + bookmarks; followers at the period's start (latest count fetched at or before it)"
                    + " and end (latest fetched before it); inbound messages and resolved conversations; broadcast"
                    + " recipients by the time their message was sent, and those who replied within 48 h (an inbound"
                    + " message on the channel from their contact). Ratios, from the total cost,"
                    + " (cost per 1,000 views, per engagement, per new follower, per resolved conversation) are"
                    + " computed from the exact cost and rounded half to even once; null when the denominator is"
                    + " zero (or followers did not grow) or when the cost is in several currencies or none.")
    @APIResponse(
            responseCode = "200",
            description = "The report",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = ChannelReturnView.class)),
                @Content(
                        mediaType = CSV,
                        schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING))
            })
    public Response getChannelReturnReport(
            @BeanParam ReportParams.Days days,
            @Parameter(description = "day (default), week (ISO, from Monday) or month") @QueryParam("groupBy")
                    String groupBy,
            @BeanParam ReportParams.Channels channels,
            @Context Request request) {
        ReportRange range = range(days, groupBy);
        ChannelFilter filter = channels.filter();
        return respond(
                request,
                range,
                () -> channelReturn.rows(tenant.require(), range, filter),
                List.of(
                        "period",
                        "channelId",
                        "kind",
                        "handlingSeconds",
                        "costAmountMinor",
                        "costCurrency",
                        "costs",
                        "uncostedSeconds",
                        "postsPublished",
                        "views",
                        "reactions",
                        "comments",
                        "shares",
                        "quotes",
                        "bookmarks",
                        "engagements",
                        "followersStart",
                        "followersEnd",
                        "followersChange",
                        "messagesIn",
                        "conversationsResolved",
                        "costPerThousandViewsMinor",
                        "costPerEngagementMinor",
                        "costPerNewFollowerMinor",
                        "costPerResolvedConversationMinor",
                        "drillDownWorkSessions",
                        "publishingSeconds",
                        "publishingCostAmountMinor",
                        "publishingCostCurrency",
                        "publishingCosts",
                        "totalSeconds",
                        "totalCostAmountMinor",
                        "totalCostCurrency",
                        "totalCosts",
                        "broadcastRecipients",
                        "broadcastRepliedWithin48h",
                        "drillDownPublishingSessions"),
                r -> Arrays.<Object>asList(
                        r.period(),
                        r.channelId(),
                        r.kind(),
                        r.handlingSeconds(),
                        r.cost(),
                        Csv.currency(r.cost()),
                        Csv.costs(r.costs()),
                        r.uncostedSeconds(),
                        r.postsPublished(),
                        r.views(),
                        r.reactions(),
                        r.comments(),
                        r.shares(),
                        r.quotes(),
                        r.bookmarks(),
                        r.engagements(),
                        r.followersStart(),
                        r.followersEnd(),
                        r.followersChange(),
                        r.messagesIn(),
                        r.conversationsResolved(),
                        r.costPerThousandViews(),
                        r.costPerEngagement(),
                        r.costPerNewFollower(),
                        r.costPerResolvedConversation(),
                        r.drillDown().workSessions(),
                        r.publishingSeconds(),
                        r.publishingCost(),
                        Csv.currency(r.publishingCost()),
                        Csv.costs(r.publishingCosts()),
                        r.totalSeconds(),
                        r.totalCost(),
                        Csv.currency(r.totalCost()),
                        Csv.costs(r.totalCosts()),
                        r.broadcastRecipients(),
                        r.broadcastRepliedWithin48h(),
                        r.drillDown().publishingSessions()));
    }

    @GET
    @Path("/operator-workload")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @RolesAllowed(Roles.AGENT)
    @Operation(
            summary = "Each operator's handling time, sessions, conversations, replies, response times, time online"
                    + " and cost",
            description = RANGE + " Agents see only their own row (`operator` = `me` or their id; anyone else's:"
                    + " 403). utilisation = handling seconds / seconds ONLINE. firstResponse: the operator's"
                    + " FIRST_RESPONSE facts measured in the period; handlingPerConversation: the operator's own"
                    + " handling seconds on each conversation they worked on in the period; means have one decimal,"
                    + " medians are nearest-rank.")
    @APIResponse(
            responseCode = "200",
            description = "The report",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = OperatorWorkloadView.class)),
                @Content(
                        mediaType = CSV,
                        schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING))
            })
    public Response getOperatorWorkloadReport(
            @BeanParam ReportParams.Days days,
            @Parameter(description = "day (default), week (ISO, from Monday) or month") @QueryParam("groupBy")
                    String groupBy,
            @Parameter(description = "`me` or an operator id") @QueryParam("operator") String operatorFilter,
            @Context Request request) {
        ReportRange range = range(days, groupBy);
        String operatorId = operatorFilter == null || operatorFilter.isBlank() ? null : operatorFilter.strip();
        if ("me".equals(operatorId)) {
            operatorId = operator.id();
        }
        if (!operator.hasRole(Roles.MANAGER)) {
            if (operatorId != null && !operatorId.equals(operator.id())) {
                throw new AccessDeniedException("Agents see only their own workload");
            }
            operatorId = operator.id();
        }
        String only = operatorId;
        return respond(
                request,
                range,
                () -> workload.rows(tenant.require(), range, only),
                List.of(
                        "period",
                        "operatorId",
                        "operatorName",
                        "handlingSeconds",
                        "sessions",
                        "conversations",
                        "conversationsResolved",
                        "replies",
                        "firstResponseCount",
                        "firstResponseMeanSeconds",
                        "firstResponseMedianSeconds",
                        "handlingMeanSecondsPerConversation",
                        "handlingMedianSecondsPerConversation",
                        "availableSeconds",
                        "utilisation",
                        "costAmountMinor",
                        "costCurrency",
                        "costs",
                        "uncostedSeconds",
                        "drillDownWorkSessions"),
                r -> Arrays.<Object>asList(
                        r.period(),
                        r.operatorId(),
                        r.operatorName(),
                        r.handlingSeconds(),
                        r.sessions(),
                        r.conversations(),
                        r.conversationsResolved(),
                        r.replies(),
                        r.firstResponse().count(),
                        r.firstResponse().meanSeconds(),
                        r.firstResponse().medianSeconds(),
                        r.handlingPerConversation().meanSeconds(),
                        r.handlingPerConversation().medianSeconds(),
                        r.availableSeconds(),
                        r.utilisation(),
                        r.cost(),
                        Csv.currency(r.cost()),
                        Csv.costs(r.costs()),
                        r.uncostedSeconds(),
                        r.drillDown().workSessions()));
    }

    @GET
    @Path("/response-times")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(
            summary = "First-response, reply and resolution times per channel kind, per channel and per operator",
            description = RANGE + " Facts are bucketed by when they were measured. Median and p90 are nearest-rank;"
                    + " metTargetShare is the share of first responses and replies within their channel's"
                    + " first-response target (the channel's own, else its kind's). When the tenant has business"
                    + " hours, every time counts only the business time between its start and end, and that is what"
                    + " meets the target or not. distribution: how many facts fall in each bucket (up to 1 min, 5 min,"
                    + " 15 min, 1 h, 4 h, 24 h, 3 days, 7 days, and beyond).")
    @APIResponse(
            responseCode = "200",
            description = "The report",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = ResponseTimesView.class)),
                @Content(
                        mediaType = CSV,
                        schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING))
            })
    public Response getResponseTimesReport(
            @BeanParam ReportParams.Days days,
            @Parameter(description = "day (default), week (ISO, from Monday) or month") @QueryParam("groupBy")
                    String groupBy,
            @BeanParam ReportParams.Channels channels,
            @Context Request request) {
        ReportRange range = range(days, groupBy);
        ChannelFilter filter = channels.filter();
        return respond(
                request,
                range,
                () -> responseTimes.rows(tenant.require(), range, filter),
                List.of(
                        "period",
                        "dimension",
                        "key",
                        "measure",
                        "count",
                        "medianSeconds",
                        "p90Seconds",
                        "meanSeconds",
                        "targetSeconds",
                        "metTarget",
                        "metTargetShare",
                        "distribution",
                        "drillDown"),
                r -> Arrays.<Object>asList(
                        r.period(),
                        r.dimension(),
                        r.key(),
                        r.measure(),
                        r.count(),
                        r.medianSeconds(),
                        r.p90Seconds(),
                        r.meanSeconds(),
                        r.targetSeconds(),
                        r.metTarget(),
                        r.metTargetShare(),
                        Csv.distribution(r.distribution()),
                        r.drillDown()));
    }

    @GET
    @Path("/volume")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(
            summary = "Messages in and out and delivery failures per channel kind",
            description = RANGE + " Messages count on the day they were written; outbound ones unless cancelled or"
                    + " failed; failed deliveries on the day of their message.")
    @APIResponse(
            responseCode = "200",
            description = "The report",
            content = {
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VolumeView.class)),
                @Content(
                        mediaType = CSV,
                        schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING))
            })
    public Response getVolumeReport(
            @BeanParam ReportParams.Days days,
            @Parameter(description = "day (default), week (ISO, from Monday) or month") @QueryParam("groupBy")
                    String groupBy,
            @BeanParam ReportParams.Channels channels,
            @Context Request request) {
        ReportRange range = range(days, groupBy);
        ChannelFilter filter = channels.filter();
        return respond(
                request,
                range,
                () -> volume.rows(tenant.require(), range, filter),
                List.of(
                        "period",
                        "kind",
                        "messagesIn",
                        "messagesOut",
                        "postsPublished",
                        "broadcastRecipients",
                        "deliveryFailures"),
                r -> Arrays.<Object>asList(
                        r.period(),
                        r.kind(),
                        r.messagesIn(),
                        r.messagesOut(),
                        r.postsPublished(),
                        r.broadcastRecipients(),
                        r.deliveryFailures()));
    }

    @GET
    @Path("/traffic-hours")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(
            summary = "Inbound messages by hour of the week, in the tenant's time zone",
            description = "`from` and `to` as in the other reports (whole local days; no grouping). 168 rows, Monday"
                    + " 0:00 first: inbound messages written in each local hour of the week, summed over the range"
                    + " (so a range of four weeks counts each hour four times). Messages count as in the volume"
                    + " report's messagesIn; on a day when clocks change, each message counts once, on the local hour"
                    + " it was written.")
    @APIResponse(
            responseCode = "200",
            description = "The report",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = TrafficHoursView.class)),
                @Content(
                        mediaType = CSV,
                        schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING))
            })
    public Response getTrafficHoursReport(
            @BeanParam ReportParams.Days days, @BeanParam ReportParams.Channels channels, @Context Request request) {
        ReportRange range = range(days, null);
        ChannelFilter filter = channels.filter();
        Variant variant = request.selectVariant(VARIANTS);
        List<TrafficHourRow> rows = trafficHours.rows(tenant.require(), range, filter);
        if (variant != null && CSV.equals(variant.getMediaType().toString())) {
            return Response.ok(
                            Csv.of(
                                    List.of("dayOfWeek", "hour", "messagesIn"),
                                    rows,
                                    r -> Arrays.<Object>asList(r.dayOfWeek(), r.hour(), r.messagesIn())),
                            CSV + "; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"report.csv\"")
                    .build();
        }
        return Response.ok(
                        new TrafficHoursView(
                                range.fromDay().toString(),
                                range.toDay().toString(),
                                range.zone().getId(),
                                rows),
                        MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    @GET
    @Path("/conversations")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Drill-down: the conversations behind a report figure",
            description = "`measure`: HANDLED, RESOLVED, FIRST_RESPONSE, REPLY, MESSAGES_IN, MESSAGES_OUT or"
                    + " DELIVERY_FAILED; `from`, `to` (whole local days), `channel` (an id or `none`), `kind` and"
                    + " (for the facts) `operator` as in the reports. Each row's `drillDown` links here. Ordered by"
                    + " conversation id.")
    public Page<ReportConversation> getConversationsReport(
            @Parameter(description = "The figure to drill into", required = true) @QueryParam("measure") String measure,
            @BeanParam ReportParams.Days days,
            @BeanParam ReportParams.Channels channels,
            @QueryParam("operator") String operatorId,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") Integer limit) {
        ReportConversations.Measure which = ReportConversations.measure(measure);
        ReportRange range = range(days, "day");
        return conversations.list(
                tenant.require(),
                which,
                range,
                channels.filter(),
                operatorId == null || operatorId.isBlank() ? null : operatorId.strip(),
                cursor,
                Cursor.limit(limit));
    }

    private ReportRange range(ReportParams.Days days, String groupBy) {
        return ReportRange.parse(days.from, days.to, groupBy, tenants.timeZone(tenant.require()));
    }

    private static <T> Response respond(
            Request request,
            ReportRange range,
            Supplier<List<T>> rows,
            List<String> header,
            Function<T, List<Object>> values) {
        Variant variant = request.selectVariant(VARIANTS);
        if (variant != null && CSV.equals(variant.getMediaType().toString())) {
            return Response.ok(Csv.of(header, rows.get(), values), CSV + "; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"report.csv\"")
                    .build();
        }
        return Response.ok(Report.of(range, rows.get()), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** For the OpenAPI document: the JSON shapes of the reports. */
    @Schema(name = "ChannelCostsReport")
    public record ChannelCostsView(
            String from, String to, String timeZone, String groupBy, List<ChannelCostRow> rows) {}

    @Schema(name = "ChannelReturnReport")
    public record ChannelReturnView(
            String from, String to, String timeZone, String groupBy, List<ChannelReturnRow> rows) {}

    @Schema(name = "OperatorWorkloadReport")
    public record OperatorWorkloadView(
            String from, String to, String timeZone, String groupBy, List<OperatorWorkloadRow> rows) {}

    @Schema(name = "ResponseTimesReport")
    public record ResponseTimesView(
            String from, String to, String timeZone, String groupBy, List<ResponseTimeRow> rows) {}

    @Schema(name = "TrafficHoursReport")
    public record TrafficHoursView(String from, String to, String timeZone, List<TrafficHourRow> rows) {}

    @Schema(name = "VolumeReport")
    public record VolumeView(String from, String to, String timeZone, String groupBy, List<VolumeRow> rows) {}
}
