package io.switchboard.reporting;

import io.switchboard.common.db.NativeRows;
import io.switchboard.reporting.Rollups.WorkDay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Time spent publishing (work sessions naming a post), dealt out to the post's channels. Kept apart from the rollups
 * on purpose: the rollups count such a session on the channel and kind its row carries (no channel, the kind of the
 * post's first channel; or a conversation's channel when the entry names one too), so the channel reports take its
 * pieces out of there ({@link Split#conversationWork}) and count them on the post's channels instead
 * ({@link Split#publishing}). Read from the raw sessions: publishing sessions are few next to conversation work.
 *
 * <p>A session's channels are the post's (its targets in order, then the broadcast's channel), or, when the
 * operator changed some channels' own text during the session, those channels only. Its seconds are split by the
 * tenant's local days as the rollups do (second t belongs to the day holding started_at + t), and dealt to its
 * channels in turn: second t to channel number t mod k (k channels), so a channel's share is whole seconds and
 * costs exactly its seconds × the session's hourly cost.
 */
@ApplicationScoped
class PublishingWork {

    /** Seconds and exact cost (minor-unit seconds) of publishing work on one local day, channel, kind, currency. */
    record Piece(LocalDate day, String channelKey, String kind, String currency, long seconds, BigDecimal cost) {}

    /** What the rollups hold for publishing sessions (to take out) and where that time belongs (to put in). */
    record Split(List<Piece> rolledUp, List<Piece> publishing) {

        /** The rollups' rows without the publishing sessions' pieces; a row left with nothing is dropped. */
        List<WorkDay> conversationWork(List<WorkDay> rows) {
            if (rolledUp.isEmpty()) {
                return rows;
            }
            Map<List<Object>, long[]> seconds = new HashMap<>();
            Map<List<Object>, BigDecimal> costs = new HashMap<>();
            for (Piece p : rolledUp) {
                List<Object> key = List.of(p.day(), p.channelKey(), p.kind(), p.currency());
                seconds.computeIfAbsent(key, k -> new long[1])[0] += p.seconds();
                costs.merge(key, p.cost(), BigDecimal::add);
            }
            List<WorkDay> left = new ArrayList<>();
            for (WorkDay w : rows) {
                List<Object> key = List.of(w.day(), w.channelKey(), w.kind(), w.currency());
                if (!seconds.containsKey(key)) {
                    left.add(w);
                    continue;
                }
                long s = w.handlingSeconds() - seconds.get(key)[0];
                BigDecimal c = w.costMinorSeconds().subtract(costs.get(key));
                if (s != 0 || c.signum() != 0) {
                    left.add(new WorkDay(w.day(), w.channelKey(), w.kind(), w.currency(), s, c, w.sessions()));
                }
            }
            return left;
        }
    }

    private record Channel(String id, String kind) {}

    /** A session of work on a post that overlaps the range. */
    private record Session(
            String id,
            String postId,
            Instant startedAt,
            long durationSeconds,
            String channelKey,
            String channelKind,
            Long hourlyCostMinor,
            String currency) {}

    private record PostChannel(String postId, String channelId, String kind, int position) {}

    private record Edit(String workSessionId, String channelId) {}

    private final EntityManager em;

    PublishingWork(EntityManager em) {
        this.em = em;
    }

    Split split(String tenant, ReportRange range, ChannelFilter filter) {
        List<Session> sessions = NativeRows.list(
                em.createNativeQuery("SELECT s.id, s.post_id, s.started_at, s.duration_seconds,"
                                + " COALESCE(s.channel_id, '') AS channel_key, s.channel_kind, s.hourly_cost_minor,"
                                + " COALESCE(s.hourly_cost_currency, '') AS currency FROM work_session s"
                                + " WHERE s.tenant_id = ?1 AND s.post_id IS NOT NULL AND s.ended_at IS NOT NULL"
                                + " AND s.started_at < ?3 AND s.ended_at >= ?2")
                        .setParameter(1, tenant)
                        .setParameter(2, range.fromInstant())
                        .setParameter(3, range.toInstant()),
                Session.class);
        List<Piece> rolledUp = new ArrayList<>();
        List<Piece> publishing = new ArrayList<>();
        if (sessions.isEmpty()) {
            return new Split(rolledUp, publishing);
        }
        Map<String, List<Channel>> postChannels =
                postChannels(sessions.stream().map(Session::postId).distinct().toList());
        Map<String, Set<String>> edited =
                edited(sessions.stream().map(Session::id).toList());
        for (Session s : sessions) {
            List<Channel> all = postChannels.getOrDefault(s.postId(), List.of());
            Set<String> editedHere = edited.get(s.id());
            List<Channel> channels = editedHere == null
                    ? all
                    : all.stream().filter(c -> editedHere.contains(c.id())).toList();
            if (channels.isEmpty()) {
                channels = all; // the edited channels were all removed from the post since: split across the rest
            }
            if (channels.isEmpty()) {
                continue; // the post is gone: the session stays where the rollups counted it
            }
            Instant started = s.startedAt();
            long duration = s.durationSeconds();
            BigDecimal rate = BigDecimal.valueOf(s.hourlyCostMinor() == null ? 0 : s.hourlyCostMinor());
            String currency = s.currency();
            String key = s.channelKey();
            String kind = s.channelKind();
            for (DayPiece day : days(started, duration, range.zone())) {
                if (day.day().isBefore(range.fromDay()) || !day.day().isBefore(range.toDay())) {
                    continue;
                }
                long seconds = day.to() - day.from();
                if (filter.matches(key, kind)) {
                    rolledUp.add(new Piece(
                            day.day(), key, kind, currency, seconds, rate.multiply(BigDecimal.valueOf(seconds))));
                }
                int k = channels.size();
                for (int i = 0; i < k; i++) {
                    Channel c = channels.get(i);
                    long share = dealt(day.to(), i, k) - dealt(day.from(), i, k);
                    if (share > 0 && filter.matches(c.id(), c.kind())) {
                        publishing.add(new Piece(
                                day.day(),
                                c.id(),
                                c.kind(),
                                currency,
                                share,
                                rate.multiply(BigDecimal.valueOf(share))));
                    }
                }
            }
        }
        return new Split(rolledUp, publishing);
    }

    /** Seconds t of [from, to) of a session on one local day. */
    record DayPiece(LocalDate day, long from, long to) {}

    /** The session's seconds 0 .. duration - 1 by the local day holding started + t, as the rollups split them. */
    static List<DayPiece> days(Instant started, long duration, ZoneId zone) {
        List<DayPiece> pieces = new ArrayList<>();
        long done = 0;
        do {
            Instant at = started.plusSeconds(done);
            LocalDate day = LocalDate.ofInstant(at, zone);
            Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
            long micros = Duration.between(started, end).toNanos() / 1000;
            long next = Math.min(duration, Math.ceilDiv(micros, 1_000_000L));
            pieces.add(new DayPiece(day, done, next));
            done = next;
        } while (done < duration);
        return pieces;
    }

    /** How many of the seconds 0 .. n - 1 go to channel i of k (second t to channel t mod k). */
    static long dealt(long n, int i, int k) {
        return n > i ? (n - i + k - 1) / k : 0;
    }

    private Map<String, List<Channel>> postChannels(List<String> posts) {
        List<PostChannel> rows = NativeRows.list(
                em.createNativeQuery("SELECT t.post_id, c.id AS channel_id, c.kind, t.position FROM post_target t"
                                + " JOIN channel c ON c.id = t.channel_id WHERE t.post_id IN (:posts)"
                                + " UNION ALL SELECT p.id, c.id, c.kind, 2147483647 FROM post p"
                                + " JOIN channel c ON c.id = p.audience_channel_id WHERE p.id IN (:posts)"
                                + " ORDER BY 1, 4")
                        .setParameter("posts", posts),
                PostChannel.class);
        Map<String, List<Channel>> channels = new LinkedHashMap<>();
        for (PostChannel r : rows) {
            channels.computeIfAbsent(r.postId(), p -> new ArrayList<>()).add(new Channel(r.channelId(), r.kind()));
        }
        return channels;
    }

    private Map<String, Set<String>> edited(List<String> sessions) {
        List<Edit> rows = NativeRows.list(
                em.createNativeQuery("SELECT work_session_id, channel_id FROM work_session_post_edit"
                                + " WHERE work_session_id IN (:sessions)")
                        .setParameter("sessions", sessions),
                Edit.class);
        Map<String, Set<String>> edited = new HashMap<>();
        for (Edit r : rows) {
            edited.computeIfAbsent(r.workSessionId(), s -> new java.util.HashSet<>())
                    .add(r.channelId());
        }
        return edited;
    }
}
