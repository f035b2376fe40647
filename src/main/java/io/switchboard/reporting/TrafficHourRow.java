package io.switchboard.reporting;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Inbound messages written in one hour of the week (local to the tenant), summed over the range. */
public record TrafficHourRow(
        @Schema(description = "ISO day of the week: 1 = Monday … 7 = Sunday", minimum = "1", maximum = "7")
        int dayOfWeek,

        @Schema(description = "Local hour of the day, 0-23", minimum = "0", maximum = "23")
        int hour,

        long messagesIn) {}
