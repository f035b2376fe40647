package io.switchboard.engagement;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ChannelService;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.outbound.PostMetrics;
import io.switchboard.channel.outbound.PostMetricsReader;
import io.switchboard.channel.outbound.PostMetricsReaders;
import io.switchboard.channel.outbound.SendOutcome;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.delivery.Backoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Fetches the metrics of published posts when they are due ({@link MetricsSchedule}), and each page's and account's
 * follower count once a day. A clustered Quartz job: one replica at a time runs it. Due fetches are claimed (leased)
 * in a short transaction, the providers are asked outside any transaction, and each answer is recorded in its own.
 *
 * <p>Within the providers' rules: X posts go 100 to a request and only as far as the tenant's monthly read budget
 * reaches, freshest posts first (the others wait for next month's budget); a provider's wait (429 with its reset
 * time, Retry-After) pauses every fetch of that channel until then; other failures (5xx, timeouts, an expired
 * token) are tried again with a growing delay, never lost, until two weeks past the end of the schedule.
 */
@ApplicationScoped
public class MetricsCollector {

    private static final Logger LOG = Logger.getLogger(MetricsCollector.class);
    private static final Duration LEASE = Duration.ofMinutes(15);
    private static final int MAX_CLAIM = 1000;

    private final MetricsStore store;
    private final XReadBudget budget;
    private final PostMetricsReaders readers;
    private final ChannelService channels;
    private final Clock clock;
    private final Backoff backoff;
    private final Duration giveUpAfter;

    MetricsCollector(
            MetricsStore store,
            XReadBudget budget,
            PostMetricsReaders readers,
            ChannelService channels,
            Clock clock,
            SwitchboardConfig config) {
        this.store = store;
        this.budget = budget;
        this.readers = readers;
        this.channels = channels;
        this.clock = clock;
        this.backoff = new Backoff(
                config.engagement().initialBackoff(),
                config.engagement().maxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.giveUpAfter = config.engagement().giveUpAfter();
    }

    @Scheduled(
            identity = "post-metrics-collect",
            executeWith = Scheduled.QUARTZ,
            every = "${switchboard.engagement.collect-every}",
            delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        try {
            collect();
        } catch (RuntimeException e) {
            LOG.warn("Collecting post metrics failed; trying again at the next run", e);
        }
    }

    /** Fetches every due post's metrics and follower count; returns how many post fetches succeeded. */
    public int collect() {
        Instant now = clock.instant();
        Map<String, ResolvedChannel> enabled = new HashMap<>();
        for (ChannelKind kind : readers.kinds()) {
            channels.enabledOfKind(kind).forEach(c -> enabled.put(c.id(), c));
        }
        int fetched = collectPosts(now, enabled);
        collectFollowers(now, enabled);
        return fetched;
    }

    private int collectPosts(Instant now, Map<String, ResolvedChannel> enabled) {
        List<Watch> due = QuarkusTransaction.requiringNew().call(() -> store.claimDue(now, now.plus(LEASE), MAX_CLAIM));
        // Freshest first within each channel (the claim's order), channels in the order of their freshest post.
        Map<String, List<Watch>> byChannel = new LinkedHashMap<>();
        due.forEach(w -> byChannel
                .computeIfAbsent(w.channelId(), id -> new ArrayList<>())
                .add(w));
        int fetched = 0;
        for (List<Watch> watches : byChannel.values()) {
            Watch first = watches.get(0);
            ResolvedChannel channel = enabled.get(first.channelId());
            PostMetricsReader reader = readers.forKind(first.kind()).orElse(null);
            if (channel == null || reader == null) {
                watches.forEach(w -> failed(w, "The channel is disabled or gone", null, now));
                continue;
            }
            fetched += collectChannel(channel, reader, watches, now);
        }
        return fetched;
    }

    private int collectChannel(ResolvedChannel channel, PostMetricsReader reader, List<Watch> watches, Instant now) {
        Set<String> refused = store.refusedMetrics(channel.kind());
        int fetched = 0;
        for (int from = 0; from < watches.size(); from += reader.batchSize()) {
            List<Watch> batch = watches.subList(from, Math.min(watches.size(), from + reader.batchSize()));
            int reserved = 0;
            if (reader.billedPerRead()) {
                reserved = budget.reserve(channel.tenantId(), batch.size(), now);
                if (reserved < batch.size()) {
                    Instant nextMonth = XReadBudget.nextMonth(now);
                    batch.subList(reserved, batch.size())
                            .forEach(w -> record(() -> store.postpone(
                                    w,
                                    "The tenant's X read budget of " + XReadBudget.month(now) + " is used up",
                                    nextMonth)));
                    batch = batch.subList(0, reserved);
                    if (batch.isEmpty()) {
                        continue;
                    }
                }
            }
            List<String> ids = batch.stream().map(Watch::providerPostId).toList();
            boolean withInsights = batch.stream().anyMatch(w -> MetricsSchedule.withInsights(w.publishedAt(), now));
            PostMetricsReader.Reading reading;
            try {
                reading = reader.read(channel, ids, withInsights, refused);
            } catch (RuntimeException e) {
                reading = new PostMetricsReader.Reading.Failed(new SendOutcome.Transient(e.toString(), null));
            }
            Instant answered = clock.instant();
            switch (reading) {
                case PostMetricsReader.Reading.Read read -> {
                    budget.giveBack(
                            channel.tenantId(), reserved - read.metrics().size(), now);
                    for (String metric : read.refused()) {
                        LOG.warnf(
                                "%s refused the insights metric %s; it is no longer requested", channel.kind(), metric);
                        record(() -> store.refuse(
                                channel.kind(), metric, answered, "The value must be a valid insights metric"));
                    }
                    refused.addAll(read.refused());
                    for (Watch w : batch) {
                        PostMetrics metrics = read.metrics().get(w.providerPostId());
                        if (metrics != null) {
                            record(() -> store.fetched(w, metrics, read.refused(), answered));
                            fetched++;
                        } else if (read.gone().contains(w.providerPostId())) {
                            record(() -> store.stop(w, "The provider no longer has this post (deleted)"));
                        } else {
                            failed(w, "The provider's answer did not include this post", null, answered);
                        }
                    }
                }
                case PostMetricsReader.Reading.Failed(SendOutcome failure) -> {
                    budget.giveBack(channel.tenantId(), reserved, now);
                    Duration wait = failure instanceof SendOutcome.Transient t ? t.retryAfter() : null;
                    String error = error(failure);
                    if (wait != null) {
                        // The provider asked us to wait: the whole channel waits, this batch and the rest.
                        Instant until = answered.plus(wait);
                        record(() -> store.pauseChannel(channel.id(), channel.tenantId(), until, error));
                        LOG.infof(
                                "%s channel %s asked to wait until %s: %s", channel.kind(), channel.id(), until, error);
                        for (Watch w : watches.subList(from, watches.size())) {
                            record(() -> store.postpone(w, error, until));
                        }
                        return fetched;
                    }
                    batch.forEach(w -> failed(w, error, null, answered));
                }
                default -> throw new IllegalStateException("Unknown reading " + reading);
            }
        }
        return fetched;
    }

    private void collectFollowers(Instant now, Map<String, ResolvedChannel> enabled) {
        for (String channelId : store.followersDue(enabled.keySet(), now)) {
            ResolvedChannel channel = enabled.get(channelId);
            PostMetricsReader reader = readers.forKind(channel.kind()).orElseThrow();
            if (reader.billedPerRead() && budget.reserve(channel.tenantId(), 1, now) == 0) {
                record(() -> store.followersDueAt(
                        channelId, channel.tenantId(), XReadBudget.nextMonth(now), 0, "The X read budget is used up"));
                continue;
            }
            PostMetricsReader.Followers answer;
            try {
                answer = reader.followers(channel);
            } catch (RuntimeException e) {
                answer = new PostMetricsReader.Followers.Failed(new SendOutcome.Transient(e.toString(), null));
            }
            Instant answered = clock.instant();
            switch (answer) {
                case PostMetricsReader.Followers.Count(long followers) -> {
                    LocalDate day = LocalDate.ofInstant(answered, ZoneOffset.UTC);
                    Instant tomorrow =
                            day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                    record(() -> store.followers(channelId, channel.tenantId(), followers, answered, day, tomorrow));
                }
                case PostMetricsReader.Followers.Failed(SendOutcome failure) -> {
                    if (reader.billedPerRead()) {
                        budget.giveBack(channel.tenantId(), 1, now);
                    }
                    int failures = store.followersFailures(channelId) + 1;
                    Duration retryAfter = failure instanceof SendOutcome.Transient t ? t.retryAfter() : null;
                    Instant retryAt = answered.plus(backoff.after(failures, retryAfter));
                    record(() ->
                            store.followersDueAt(channelId, channel.tenantId(), retryAt, failures, error(failure)));
                }
                default -> throw new IllegalStateException("Unknown answer " + answer);
            }
        }
    }

    /** A failed fetch: tried again after a growing delay, until two weeks (by default) past the schedule's end. */
    private void failed(Watch watch, String error, Duration retryAfter, Instant now) {
        if (now.isAfter(MetricsSchedule.last(watch.publishedAt()).plus(giveUpAfter))) {
            record(() -> store.stop(watch, "Gave up after " + (watch.failures() + 1) + " failed fetches: " + error));
            return;
        }
        Instant retryAt = now.plus(backoff.after(watch.failures() + 1, retryAfter));
        record(() -> store.failed(watch, error, retryAt));
    }

    private static String error(SendOutcome failure) {
        return switch (failure) {
            case SendOutcome.Transient t -> t.error();
            case SendOutcome.Permanent p -> p.error();
            case SendOutcome.Sent s -> "Unexpected answer";
        };
    }

    private static void record(Runnable change) {
        QuarkusTransaction.requiringNew().run(change);
    }
}
