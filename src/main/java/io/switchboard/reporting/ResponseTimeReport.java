package io.switchboard.reporting;

import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ResponseTarget;
import io.switchboard.common.db.NativeRows;
import io.switchboard.tenancy.BusinessHours;
import io.switchboard.tenancy.TenantService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * First-response, reply and resolution times (the reporting facts, by when they were measured) per channel kind,
 * per channel and per operator. When the tenant has business hours, a time counts only the business time between
 * its start and end. A fact meets the target when its counted seconds are at most its channel's first-response
 * target ({@link ResponseTarget}: the channel's own, else its kind's; first responses and replies; resolution has
 * no target).
 */
@ApplicationScoped
public class ResponseTimeReport {

    private static final List<String> MEASURES = List.of("FIRST_RESPONSE", "REPLY", "RESOLUTION");

    /**
     * Upper bounds of the distribution's buckets: they include every channel kind's first-response target (1 min,
     * 15 min, 1 h, 4 h, 24 h), so a bucket never straddles a target.
     */
    static final long[] BUCKET_BOUNDS = {60, 300, 900, 3600, 14_400, 86_400, 259_200, 604_800};

    private final EntityManager em;
    private final TenantService tenants;

    ResponseTimeReport(EntityManager em, TenantService tenants) {
        this.em = em;
        this.tenants = tenants;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ResponseTimeRow> rows(String tenant, ReportRange range, ChannelFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT kind, channel_kind, operator_id, ended_at, seconds, channel_id,"
                + " started_at FROM reporting_event WHERE tenant_id = :tenant"
                + " AND kind IN (:measures) AND ended_at >= :from AND ended_at < :to");
        if (filter.channelKey() != null) {
            sql.append(" AND channel_id = :channel");
        }
        if (filter.kind() != null) {
            sql.append(" AND channel_kind = :kind");
        }
        var q = em.createNativeQuery(sql.toString())
                .setParameter("tenant", tenant)
                .setParameter("measures", MEASURES)
                .setParameter("from", range.fromInstant())
                .setParameter("to", range.toInstant());
        if (filter.channelKey() != null) {
            q.setParameter("channel", filter.channelKey());
        }
        if (filter.kind() != null) {
            q.setParameter("kind", filter.kind());
        }
        BusinessHours hours = tenants.businessHours(tenant);
        Map<String, ResponseTarget> targets = channelTargets(tenant);
        Map<Key, List<Fact>> groups = new TreeMap<>();
        for (Measured r : NativeRows.list(q, Measured.class)) {
            LocalDate period = range.periodOf(r.endedAt());
            ResponseTarget target = "RESOLUTION".equals(r.kind())
                    ? NO_TARGET
                    : targets.getOrDefault(r.channelId(), ResponseTarget.of(r.channelKind(), null));
            long seconds = ResponseTarget.countedSeconds(r.startedAt(), r.endedAt(), r.seconds(), hours);
            Fact fact = new Fact(seconds, target);
            groups.computeIfAbsent(
                            new Key(period, "CHANNEL_KIND", r.channelKind().name(), r.kind()), k -> new ArrayList<>())
                    .add(fact);
            groups.computeIfAbsent(new Key(period, "CHANNEL", r.channelId(), r.kind()), k -> new ArrayList<>())
                    .add(fact);
            if (r.operatorId() != null) {
                groups.computeIfAbsent(new Key(period, "OPERATOR", r.operatorId(), r.kind()), k -> new ArrayList<>())
                        .add(fact);
            }
        }
        List<ResponseTimeRow> rows = new ArrayList<>();
        groups.forEach((key, list) -> rows.add(row(range, key, list, targets)));
        return rows;
    }

    /** The tenant's channels' first-response targets (their own, else their kind's), by channel id. */
    private Map<String, ResponseTarget> channelTargets(String tenant) {
        Map<String, ResponseTarget> targets = new HashMap<>();
        for (ChannelTarget c : NativeRows.list(
                em.createNativeQuery("SELECT id, kind, first_response_target_seconds FROM channel"
                                + " WHERE tenant_id = :tenant")
                        .setParameter("tenant", tenant),
                ChannelTarget.class)) {
            targets.put(c.id(), ResponseTarget.of(c.kind(), c.firstResponseTargetSeconds()));
        }
        return targets;
    }

    /**
     * A row's figures. Its target is the channel's (CHANNEL rows) or the kind's default (CHANNEL_KIND rows); each
     * fact meets its own channel's target, so a kind's metTarget counts its channels against their own targets.
     */
    private static ResponseTimeRow row(
            ReportRange range, Key key, List<Fact> facts, Map<String, ResponseTarget> targets) {
        long[] seconds = facts.stream().mapToLong(Fact::seconds).sorted().toArray();
        long total = 0;
        for (long s : seconds) {
            total += s;
        }
        Long target = null;
        Long met = null;
        Double share = null;
        if (!"RESOLUTION".equals(key.measure) && !"OPERATOR".equals(key.dimension)) {
            target = "CHANNEL".equals(key.dimension)
                    ? facts.get(0).target().seconds()
                    : ChannelKind.valueOf(key.key).firstResponseTarget() == null
                            ? null
                            : ChannelKind.valueOf(key.key).firstResponseTarget().toSeconds();
            if (facts.stream().anyMatch(f -> f.target().target() != null)) {
                met = facts.stream().filter(f -> f.target().met(f.seconds())).count();
                share = BigDecimal.valueOf(met)
                        .divide(BigDecimal.valueOf(seconds.length), 4, RoundingMode.HALF_EVEN)
                        .doubleValue();
            }
        }
        return new ResponseTimeRow(
                key.period.toString(),
                key.dimension,
                key.key,
                key.measure,
                seconds.length,
                nearestRank(seconds, 50),
                nearestRank(seconds, 90),
                BigDecimal.valueOf(total)
                        .divide(BigDecimal.valueOf(seconds.length), 1, RoundingMode.HALF_EVEN)
                        .doubleValue(),
                target,
                met,
                share,
                distribution(seconds),
                DrillDowns.conversations(
                        range,
                        key.period,
                        "RESOLUTION".equals(key.measure) ? "RESOLVED" : key.measure,
                        "CHANNEL".equals(key.dimension) ? key.key : null,
                        "CHANNEL_KIND".equals(key.dimension) ? key.key : null,
                        "OPERATOR".equals(key.dimension) ? key.key : null));
    }

    private static List<ResponseTimeRow.Bucket> distribution(long[] sorted) {
        List<ResponseTimeRow.Bucket> buckets = new ArrayList<>(BUCKET_BOUNDS.length + 1);
        int i = 0;
        for (long bound : BUCKET_BOUNDS) {
            int start = i;
            while (i < sorted.length && sorted[i] <= bound) {
                i++;
            }
            buckets.add(new ResponseTimeRow.Bucket(bound, i - start));
        }
        buckets.add(new ResponseTimeRow.Bucket(null, sorted.length - i));
        return buckets;
    }

    /** The value at rank ceil(p/100 x n) of the sorted values. */
    static long nearestRank(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** A measured time as it counts (business time when the tenant has hours) and the target it is held to. */
    private record Fact(long seconds, ResponseTarget target) {}

    private static final ResponseTarget NO_TARGET = new ResponseTarget(null, false);

    /** The order of a period's rows: per kind, per channel, per operator. */
    private static final List<String> DIMENSIONS = List.of("CHANNEL_KIND", "CHANNEL", "OPERATOR");

    private record Key(LocalDate period, String dimension, String key, String measure) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = period.compareTo(o.period);
            if (c == 0) c = Integer.compare(DIMENSIONS.indexOf(dimension), DIMENSIONS.indexOf(o.dimension));
            if (c == 0) c = key.compareTo(o.key);
            if (c == 0) c = Integer.compare(MEASURES.indexOf(measure), MEASURES.indexOf(o.measure));
            return c;
        }
    }

    /** One REPLY, FIRST_RESPONSE or RESOLUTION fact of the range. */
    private record ChannelTarget(String id, ChannelKind kind, Integer firstResponseTargetSeconds) {}

    private record Measured(
            String kind,
            ChannelKind channelKind,
            String operatorId,
            Instant endedAt,
            long seconds,
            String channelId,
            Instant startedAt) {}
}
