package io.switchboard.workload;

/** Where a work session comes from: the SPA's heartbeats, or an entry logged by hand. */
public enum WorkSource {
    LIVE,
    MANUAL
}
