package io.switchboard.limits;

import io.switchboard.channel.ChannelKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The daily caps on paid messages (OWASP API4/API6: no tenant sends unbounded SMS or email): per tenant, at most
 * {@code smsPerDay} SMS and {@code emailPerDay} email messages written into the outbox per calendar day in UTC,
 * replies and broadcast recipients alike. A message counts when it is written (a scheduled reply on the day it was
 * written, a broadcast on the day it fires), whether it is delivered or not.
 *
 * <p>Usage is a counter row per tenant, kind and day ({@code paid_message_usage}), locked and raised in the
 * transaction that writes the deliveries: concurrent writers of one tenant (two replicas firing two broadcasts) queue
 * on the row, so the cap holds exactly. Lock order: the caller's own rows (post, conversation) first, this row last.
 */
@ApplicationScoped
public class PaidMessageAllowance {

    private final EntityManager em;
    private final TenantLimitSettings settings;

    PaidMessageAllowance(EntityManager em, TenantLimitSettings settings) {
        this.em = em;
        this.settings = settings;
    }

    /** Whether messages of this kind cost money and are capped (SMS, EMAIL: {@link ChannelKind#paidPerMessage}). */
    public static boolean capped(ChannelKind kind) {
        return kind.paidPerMessage();
    }

    /** The UTC day a message written at {@code at} counts on. */
    public static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    /** One tenant's use of one kind on one day, and its cap. */
    public record Usage(String tenantId, ChannelKind kind, LocalDate day, int used, int cap) {

        public long remaining() {
            return Math.max(0, (long) cap - used);
        }

        /** Why {@code count} more messages are refused, in words a community manager understands. */
        public String refusal(long count) {
            String what = kind.messageName();
            return "Sending " + count + " " + what + " message" + (count == 1 ? "" : "s") + " would exceed the daily"
                    + " cap of " + cap + " " + what + " messages (" + day + " UTC: " + used + " written, "
                    + remaining() + " left); an admin can raise the cap in the limit settings";
        }
    }

    /** The day's usage without locking it (for checks ahead of time; days to come have used nothing yet). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Usage usage(String tenantId, ChannelKind kind, LocalDate day) {
        List<?> rows = em.createNativeQuery("SELECT used FROM paid_message_usage"
                        + " WHERE tenant_id = ?1 AND channel_kind = ?2 AND day = ?3")
                .setParameter(1, tenantId)
                .setParameter(2, kind.name())
                .setParameter(3, day)
                .getResultList();
        int used = rows.isEmpty() ? 0 : ((Number) rows.get(0)).intValue();
        return new Usage(tenantId, kind, day, used, settings.limits(tenantId).perDay(kind));
    }

    /**
     * Locks the day's usage row (creating it) until the caller's transaction ends and returns it: what the caller
     * then {@link #add adds} is counted before any other writer of the tenant sees the row.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Usage lock(String tenantId, ChannelKind kind, LocalDate day) {
        em.createNativeQuery("INSERT INTO paid_message_usage (tenant_id, channel_kind, day, used)"
                        + " VALUES (?1, ?2, ?3, 0) ON DUPLICATE KEY UPDATE used = used")
                .setParameter(1, tenantId)
                .setParameter(2, kind.name())
                .setParameter(3, day)
                .executeUpdate();
        Number used = (Number) em.createNativeQuery("SELECT used FROM paid_message_usage"
                        + " WHERE tenant_id = ?1 AND channel_kind = ?2 AND day = ?3 FOR UPDATE")
                .setParameter(1, tenantId)
                .setParameter(2, kind.name())
                .setParameter(3, day)
                .getSingleResult();
        return new Usage(
                tenantId, kind, day, used.intValue(), settings.limits(tenantId).perDay(kind));
    }

    /** Counts {@code count} messages on a usage row the caller {@link #lock locked}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(Usage usage, long count) {
        em.createNativeQuery("UPDATE paid_message_usage SET used = used + ?1"
                        + " WHERE tenant_id = ?2 AND channel_kind = ?3 AND day = ?4")
                .setParameter(1, count)
                .setParameter(2, usage.tenantId())
                .setParameter(3, usage.kind().name())
                .setParameter(4, usage.day())
                .executeUpdate();
    }

    /**
     * Counts {@code count} messages of a capped kind written now, in the caller's transaction; 422
     * {@code fan-out-cap-exceeded} (nothing counted) when they do not fit in the day's cap.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void take(String tenantId, ChannelKind kind, long count, Instant now) {
        Usage usage = lock(tenantId, kind, day(now));
        if (count > usage.remaining()) {
            throw new FanOutCapExceededException(usage.refusal(count));
        }
        add(usage, count);
    }
}
