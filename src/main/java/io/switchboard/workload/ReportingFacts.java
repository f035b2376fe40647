package io.switchboard.workload;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.common.Ids;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.reporting.rollups.MessageCount;
import io.switchboard.reporting.rollups.RollupWriter;
import io.switchboard.workload.ResponseTimeline.Fact;
import io.switchboard.workload.ResponseTimeline.FactKind;
import io.switchboard.workload.ResponseTimeline.Item;
import io.switchboard.workload.ResponseTimeline.Session;
import io.switchboard.workload.ResponseTimeline.Step;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;
import org.jboss.logging.Logger;

/**
 * Computes the reporting facts (response, reply, resolution and handling times; see {@link ResponseTimeline})
 * from the durable history, off the paths that write it. Every replica schedules it; the processor's row in
 * {@code reporting_watermark} is locked with {@code SKIP LOCKED}, so one replica works at a time and the others
 * skip their turn. Each run reads the conversation events written since the watermark less a safety margin
 * (events are stamped before their transaction commits, on many replicas, so some become visible late), and
 * measures again every conversation that had any; facts are stored with {@code INSERT IGNORE} on their natural
 * key, so measuring twice stores nothing twice.
 *
 * <p>It relies on every change of a conversation's timeline being in {@code conversation_event} (messages
 * received, replies, status changes), which the live-update feed needs as well.
 */
@ApplicationScoped
public class ReportingFacts {

    static final String PROCESSOR = "reporting-facts";
    private static final Logger LOG = Logger.getLogger(ReportingFacts.class);
    private static final int PAGE = 1000;
    /** New events measured per run at most; a backlog is worked off over several runs. */
    private static final int MAX_EVENTS_PER_RUN = 20_000;

    private final EntityManager em;
    private final RollupWriter rollups;
    private final Clock clock;
    private final Duration margin;
    /**
     * Events this replica measured already, with when they happened: the margin is read again every run, but not
     * measured again. An event older than the watermark less the margin is never read again, so it is forgotten
     * after each run: the map holds about a margin's worth of events, whatever the rate.
     */
    private final Map<String, Instant> measured = new ConcurrentHashMap<>();

    /** An event read by a run: its id and when it happened. */
    private record Seen(String id, Instant at) {}

    /** A run's outcome: facts stored, and the oldest instant a later run can read again (null: no run). */
    private record Outcome(int stored, Instant rereadFrom) {}

    public ReportingFacts(EntityManager em, Clock clock, SwitchboardConfig config, RollupWriter rollups) {
        this.em = em;
        this.rollups = rollups;
        this.clock = clock;
        this.margin = config.workload().factsSafetyMargin();
    }

    @Scheduled(
            identity = "workload-reporting-facts",
            executeWith = Scheduled.SIMPLE,
            every = "${switchboard.workload.facts-every:15s}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        int stored = run(clock.instant());
        if (stored > 0) {
            LOG.debugf("Stored %d reporting facts", stored);
        }
    }

    /**
     * Measures the conversations with events up to {@code now}; returns how many new facts were stored (0 also
     * when another replica is at work).
     */
    @ActivateRequestContext
    public int run(Instant now) {
        List<Seen> events = new ArrayList<>();
        Outcome outcome = QuarkusTransaction.requiringNew().call(() -> runLocked(now, events));
        // Only once committed: a failed run must be measured again.
        events.forEach(event -> measured.put(event.id(), event.at()));
        if (outcome.rereadFrom() != null) {
            measured.values().removeIf(at -> at.isBefore(outcome.rereadFrom()));
        }
        return outcome.stored();
    }

    /** Measures the given conversations now, whatever the watermark; returns how many new facts were stored. */
    @ActivateRequestContext
    public int measure(Set<String> conversationIds) {
        return QuarkusTransaction.requiringNew().call(() -> {
            int stored = 0;
            for (String id : conversationIds) {
                stored += measureConversation(id);
            }
            return stored;
        });
    }

    /** The oldest event this replica remembers as measured; null when it remembers none. */
    Instant oldestRemembered() {
        return measured.values().stream().min(Instant::compareTo).orElse(null);
    }

    private Outcome runLocked(Instant now, List<Seen> events) {
        List<Instant> lock = typed(
                        "SELECT watermark FROM reporting_watermark WHERE processor = ?1" + " FOR UPDATE SKIP LOCKED")
                .addScalar("watermark", StandardBasicTypes.INSTANT)
                .setParameter(1, PROCESSOR)
                .getResultList()
                .stream()
                .map(t -> t.get("watermark", Instant.class))
                .toList();
        if (lock.isEmpty()) {
            return new Outcome(0, null);
        }
        Instant watermark = lock.get(0);
        Set<String> conversations = new LinkedHashSet<>();
        Instant pageAt = watermark.minus(margin);
        String pageId = "";
        Instant newest = null;
        int rows;
        do {
            List<Tuple> page = typed("SELECT id, conversation_id, created_at FROM conversation_event"
                            + " WHERE created_at >= :at AND (created_at > :at OR id > :id) AND created_at <= :now"
                            + " ORDER BY created_at, id LIMIT " + PAGE)
                    .addScalar("id", StandardBasicTypes.STRING)
                    .addScalar("conversation_id", StandardBasicTypes.STRING)
                    .addScalar("created_at", StandardBasicTypes.INSTANT)
                    .setParameter("at", pageAt)
                    .setParameter("id", pageId)
                    .setParameter("now", now)
                    .getResultList();
            rows = page.size();
            for (Tuple row : page) {
                pageId = row.get("id", String.class);
                pageAt = row.get("created_at", Instant.class);
                newest = pageAt;
                if (!measured.containsKey(pageId)) {
                    events.add(new Seen(pageId, pageAt));
                    conversations.add(row.get("conversation_id", String.class));
                }
            }
        } while (rows == PAGE && events.size() < MAX_EVENTS_PER_RUN);
        int stored = 0;
        for (String conversationId : conversations) {
            stored += measureConversation(conversationId);
        }
        if (newest != null && newest.isAfter(watermark)) {
            em.createNativeQuery("UPDATE reporting_watermark SET watermark = ?1, updated_at = ?2 WHERE processor = ?3")
                    .setParameter(1, newest)
                    .setParameter(2, now)
                    .setParameter(3, PROCESSOR)
                    .executeUpdate();
            watermark = newest;
        }
        return new Outcome(stored, watermark.minus(margin));
    }

    private int measureConversation(String conversationId) {
        List<Tuple> conversation = typed("SELECT c.tenant_id, c.channel_id, ch.kind FROM conversation c"
                        + " JOIN channel ch ON ch.id = c.channel_id WHERE c.id = ?1")
                .addScalar("tenant_id", StandardBasicTypes.STRING)
                .addScalar("channel_id", StandardBasicTypes.STRING)
                .addScalar("kind", StandardBasicTypes.STRING)
                .setParameter(1, conversationId)
                .getResultList();
        if (conversation.isEmpty()) {
            return 0;
        }
        List<Fact> facts = ResponseTimeline.measure(timeline(conversationId), sessions(conversationId));
        if (facts.isEmpty()) {
            return 0;
        }
        Tuple c = conversation.get(0);
        StringBuilder sql = new StringBuilder("INSERT IGNORE INTO reporting_event (id, tenant_id, kind,"
                + " conversation_id, channel_id, channel_kind, operator_id, started_at, ended_at, seconds, source_id,"
                + " created_at) VALUES ");
        List<Object> params = new ArrayList<>();
        Instant now = clock.instant();
        Map<String, Fact> resolutions = new java.util.LinkedHashMap<>();
        for (Fact fact : facts) {
            String id = Ids.newId();
            if (fact.kind() == FactKind.RESOLUTION) {
                resolutions.put(id, fact);
            }
            int n = params.size();
            sql.append(n == 0 ? "" : ",").append('(');
            for (int i = 1; i <= 12; i++) {
                sql.append(i == 1 ? "" : ",").append('?').append(n + i);
            }
            sql.append(')');
            params.addAll(List.of(
                    id,
                    c.get("tenant_id", String.class),
                    fact.kind().name(),
                    conversationId,
                    c.get("channel_id", String.class),
                    c.get("kind", String.class)));
            params.add(fact.operatorId());
            params.addAll(List.of(fact.startedAt(), fact.endedAt(), fact.seconds(), fact.sourceId(), now));
        }
        Query insert = em.createNativeQuery(sql.toString());
        for (int i = 0; i < params.size(); i++) {
            insert.setParameter(i + 1, params.get(i));
        }
        int stored = insert.executeUpdate();
        if (!resolutions.isEmpty()) {
            // Resolutions are counted per day, in this transaction; those stored before are counted already.
            Set<String> ours = stored == facts.size()
                    ? resolutions.keySet()
                    : Set.copyOf(em.createNativeQuery("SELECT id FROM reporting_event WHERE id IN (:ids)", String.class)
                            .setParameter("ids", List.copyOf(resolutions.keySet()))
                            .getResultList());
            List<MessageCount> counts = new ArrayList<>();
            resolutions.forEach((id, fact) -> {
                if (ours.contains(id)) {
                    counts.add(new MessageCount(
                            c.get("tenant_id", String.class),
                            c.get("channel_id", String.class),
                            c.get("kind", String.class),
                            fact.endedAt(),
                            MessageCount.RESOLVED,
                            1));
                }
            });
            rollups.counts(counts);
        }
        return stored;
    }

    /** Openings, resolves, inbound messages (as received) and human replies of the conversation. */
    private List<Item> timeline(String conversationId) {
        List<Item> items = new ArrayList<>();
        typed("SELECT id, type, JSON_VALUE(data, '$.from') AS from_status, JSON_VALUE(data, '$.to') AS to_status,"
                        + " actor_operator_id, created_at FROM conversation_event WHERE conversation_id = ?1"
                        + " AND type IN ('CONVERSATION_CREATED', 'STATUS_CHANGED')")
                .addScalar("id", StandardBasicTypes.STRING)
                .addScalar("type", StandardBasicTypes.STRING)
                .addScalar("from_status", StandardBasicTypes.STRING)
                .addScalar("to_status", StandardBasicTypes.STRING)
                .addScalar("actor_operator_id", StandardBasicTypes.STRING)
                .addScalar("created_at", StandardBasicTypes.INSTANT)
                .setParameter(1, conversationId)
                .getResultList()
                .forEach(e -> {
                    Step step = step(
                            e.get("type", String.class),
                            e.get("from_status", String.class),
                            e.get("to_status", String.class));
                    if (step != null) {
                        items.add(new Item(
                                step,
                                e.get("id", String.class),
                                e.get("created_at", Instant.class),
                                e.get("actor_operator_id", String.class)));
                    }
                });
        // A reply counts once it went out (a scheduled one when it was sent); replies still waiting, failed or
        // cancelled answered nobody. Each of their status changes is an event, so the conversation is measured again.
        typed("SELECT m.id, m.direction, m.author_operator_id, IF(m.direction = 'INBOUND', m.received_at,"
                        + " COALESCE((SELECT d.sent_at FROM delivery d WHERE d.message_id = m.id), m.created_at))"
                        + " AS happened_at FROM message m WHERE m.conversation_id = ?1"
                        + " AND (m.direction = 'INBOUND' OR (m.direction = 'OUTBOUND' AND m.author_operator_id IS NOT NULL"
                        + " AND (m.delivery_status IS NULL OR m.delivery_status IN ('SENT', 'DELIVERED'))))")
                .addScalar("id", StandardBasicTypes.STRING)
                .addScalar("direction", StandardBasicTypes.STRING)
                .addScalar("author_operator_id", StandardBasicTypes.STRING)
                .addScalar("happened_at", StandardBasicTypes.INSTANT)
                .setParameter(1, conversationId)
                .getResultList()
                .forEach(m -> items.add(new Item(
                        "INBOUND".equals(m.get("direction", String.class)) ? Step.INBOUND : Step.REPLY,
                        m.get("id", String.class),
                        m.get("happened_at", Instant.class),
                        m.get("author_operator_id", String.class))));
        return items;
    }

    private List<Session> sessions(String conversationId) {
        return typed("SELECT started_at, duration_seconds FROM work_session WHERE conversation_id = ?1")
                .addScalar("started_at", StandardBasicTypes.INSTANT)
                .addScalar("duration_seconds", StandardBasicTypes.INTEGER)
                .setParameter(1, conversationId)
                .getResultList()
                .stream()
                .map(r -> new Session(r.get("started_at", Instant.class), r.get("duration_seconds", Integer.class)))
                .toList();
    }

    /** A native query whose rows are read as tuples by column name; each column's type is declared with addScalar. */
    @SuppressWarnings("unchecked")
    private NativeQuery<Tuple> typed(String sql) {
        return em.createNativeQuery(sql, Tuple.class).unwrap(NativeQuery.class);
    }

    /** Creation and reopening (leaving RESOLVED) open a cycle; entering RESOLVED closes it. */
    private static Step step(String type, String from, String to) {
        if ("CONVERSATION_CREATED".equals(type)) {
            return Step.OPENED;
        }
        if ("RESOLVED".equals(to) && !"RESOLVED".equals(from)) {
            return Step.RESOLVED;
        }
        if ("RESOLVED".equals(from) && !"RESOLVED".equals(to)) {
            return Step.OPENED;
        }
        return null;
    }
}
