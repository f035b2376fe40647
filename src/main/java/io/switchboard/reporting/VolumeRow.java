package io.switchboard.reporting;

/**
 * Traffic of one channel kind in one period. Posts published and broadcast recipients are not counted yet (the
 * posts feature adds them as measures of {@link VolumeReport}).
 */
public record VolumeRow(
        String period, String kind, long messagesIn, long messagesOut, long deliveryFailures, DrillDown drillDown) {

    public record DrillDown(String messagesIn, String messagesOut, String deliveryFailures) {}
}
