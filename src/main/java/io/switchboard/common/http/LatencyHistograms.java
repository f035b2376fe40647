package io.switchboard.common.http;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Latency histograms per endpoint: the HTTP server's timer ({@code http_server_requests_seconds}, tagged with the
 * route template, method and status) gets fixed buckets from 5 ms to 30 s, so an operator can read percentiles per
 * endpoint and across replicas from Prometheus, and see reads slowing down before they time out.
 */
@Singleton
public class LatencyHistograms {

    private static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    private static final double[] BUCKETS = Stream.of(
                    "PT0.005S",
                    "PT0.01S",
                    "PT0.025S",
                    "PT0.05S",
                    "PT0.1S",
                    "PT0.25S",
                    "PT0.5S",
                    "PT1S",
                    "PT2.5S",
                    "PT5S",
                    "PT10S",
                    "PT30S")
            .mapToDouble(bound -> Duration.parse(bound).toNanos())
            .toArray();

    @Produces
    @Singleton
    MeterFilter httpServerLatencyBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!HTTP_SERVER_REQUESTS.equals(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(BUCKETS)
                        .build()
                        .merge(config);
            }
        };
    }
}
