package io.switchboard.reporting;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Query parameters the report endpoints share ({@code @BeanParam}s of {@link ReportResource}). */
final class ReportParams {

    private ReportParams() {}

    /** The whole local days of the tenant a report covers. */
    public static class Days {
        @Parameter(
                description = "First local day: an ISO date such as 2026-03-01, or an instant on a local midnight",
                required = true)
        @QueryParam("from")
        public String from;

        @Parameter(description = "The local day after the last one (exclusive), as `from`", required = true)
        @QueryParam("to")
        public String to;
    }

    /** Which channels a report covers: one channel, or the work no channel carries, and/or one kind. */
    public static class Channels {
        @Parameter(description = "A channel id, or `none` for work not carried by a channel")
        @QueryParam("channel")
        public String channel;

        @Parameter(description = "A channel kind")
        @QueryParam("kind")
        public String kind;

        ChannelFilter filter() {
            return ChannelFilter.parse(channel, kind);
        }
    }
}
