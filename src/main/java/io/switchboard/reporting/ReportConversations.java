package io.switchboard.reporting;

import io.switchboard.common.api.Cursor;
import io.switchboard.common.api.Page;
import io.switchboard.common.db.NativeRows;
import io.switchboard.common.error.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Drill-down: the conversations behind a report figure, in id order (keyset paging). Their counts add up to the
 * figure (HANDLED: the number of conversations is the figure).
 */
@ApplicationScoped
public class ReportConversations {

    enum Measure {
        HANDLED,
        RESOLVED,
        FIRST_RESPONSE,
        REPLY,
        MESSAGES_IN,
        MESSAGES_OUT,
        DELIVERY_FAILED
    }

    private final EntityManager em;

    ReportConversations(EntityManager em) {
        this.em = em;
    }

    static Measure measure(String value) {
        try {
            return Measure.valueOf(value == null ? "" : value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.ofField("measure", "must be one of " + List.of(Measure.values()));
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ReportConversation> list(
            String tenant,
            Measure measure,
            ReportRange range,
            ChannelFilter filter,
            String operatorId,
            String cursor,
            int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("tenant", tenant);
        StringBuilder sql = new StringBuilder();
        String channelColumn;
        String kindColumn;
        switch (measure) {
            case HANDLED -> {
                if (operatorId != null) {
                    throw InvalidRequestException.ofField("operator", "is not a filter of HANDLED");
                }
                sql.append(
                        "SELECT conversation_id, NULLIF(channel_key, '') AS channel_id, channel_kind AS kind, COUNT(*) AS n"
                                + " FROM report_conversation_period WHERE tenant_id = :tenant AND granularity = 'D'"
                                + " AND period_start >= :fromDay AND period_start < :toDay");
                params.put("fromDay", range.fromDay());
                params.put("toDay", range.toDay());
                channelColumn = "channel_key";
                kindColumn = "channel_kind";
            }
            case RESOLVED, FIRST_RESPONSE, REPLY -> {
                sql.append(
                        "SELECT conversation_id, channel_id, channel_kind AS kind, COUNT(*) AS n FROM reporting_event"
                                + " WHERE tenant_id = :tenant AND kind = :factKind AND ended_at >= :from AND ended_at < :to");
                params.put("factKind", measure == Measure.RESOLVED ? "RESOLUTION" : measure.name());
                params.put("from", range.fromInstant());
                params.put("to", range.toInstant());
                if (operatorId != null) {
                    sql.append(" AND operator_id = :operator");
                    params.put("operator", operatorId);
                }
                channelColumn = "channel_id";
                kindColumn = "channel_kind";
            }
            default -> {
                if (operatorId != null) {
                    throw InvalidRequestException.ofField("operator", "is not a filter of " + measure);
                }
                // As the triggers count them: by created_at; out = not CANCELLED nor FAILED.
                sql.append("SELECT m.conversation_id, m.channel_id, ch.kind, COUNT(*) AS n FROM message m"
                        + " JOIN channel ch ON ch.id = m.channel_id WHERE m.tenant_id = :tenant"
                        + " AND m.created_at >= :from AND m.created_at < :to AND ");
                sql.append(
                        switch (measure) {
                            case MESSAGES_IN -> "m.direction = 'INBOUND'";
                            case MESSAGES_OUT ->
                                "m.direction = 'OUTBOUND' AND NOT (m.delivery_status <=> 'CANCELLED')"
                                        + " AND NOT (m.delivery_status <=> 'FAILED')";
                            default -> "m.direction = 'OUTBOUND' AND m.delivery_status <=> 'FAILED'";
                        });
                params.put("from", range.fromInstant());
                params.put("to", range.toInstant());
                channelColumn = "m.channel_id";
                kindColumn = "ch.kind";
            }
        }
        String idColumn = measure.ordinal() >= Measure.MESSAGES_IN.ordinal() ? "m.conversation_id" : "conversation_id";
        if (filter.channelKey() != null) {
            sql.append(" AND ").append(channelColumn).append(" = :channel");
            params.put("channel", filter.channelKey());
        }
        if (filter.kind() != null) {
            sql.append(" AND ").append(kindColumn).append(" = :kind");
            params.put("kind", filter.kind());
        }
        String after = Cursor.decode(cursor);
        if (after != null) {
            sql.append(" AND ").append(idColumn).append(" > :after");
            params.put("after", after);
        }
        sql.append(" GROUP BY ")
                .append(idColumn)
                .append(", ")
                .append(channelColumn)
                .append(", ")
                .append(kindColumn)
                .append(" ORDER BY ")
                .append(idColumn)
                .append(" LIMIT ")
                .append(limit + 1);
        Query q = em.createNativeQuery(sql.toString());
        params.forEach(q::setParameter);
        List<ReportConversation> items = NativeRows.list(q, Hit.class).stream()
                .map(r -> new ReportConversation(r.conversationId(), r.channelId(), r.kind(), r.n()))
                .toList();
        boolean more = items.size() > limit;
        List<ReportConversation> shown = more ? items.subList(0, limit) : items;
        return new Page<>(
                shown, more ? Cursor.encode(shown.get(shown.size() - 1).conversationId()) : null);
    }

    private record Hit(String conversationId, String channelId, String kind, long n) {}
}
