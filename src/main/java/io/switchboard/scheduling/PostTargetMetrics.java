package io.switchboard.scheduling;

import java.util.Collection;
import java.util.Map;

/**
 * The latest metrics of published targets, by the id of the delivery that published each: how a post's view shows
 * what its targets got. Implemented by the room that follows the metrics (engagement), so that posts do not depend
 * on it.
 */
public interface PostTargetMetrics {

    /** The latest snapshot of each delivery that has one (the current tenant's). */
    Map<String, PostMetricsView> latest(Collection<String> deliveryIds);
}
