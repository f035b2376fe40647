package io.switchboard.delivery;

import io.switchboard.common.db.NativeRows;
import io.switchboard.inbox.OutboundMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Providers' reports on messages they accepted (Twilio's status callbacks, for example): delivered to the contact,
 * or not. A report moves a SENT delivery to DELIVERED or FAILED; DELIVERED is final, so a late or repeated report
 * never moves a delivery backwards.
 */
@ApplicationScoped
public class DeliveryReceipts {

    private static final Logger LOG = Logger.getLogger(DeliveryReceipts.class);
    private static final int MAX_ERROR_LENGTH = 1000;

    private final EntityManager em;
    private final OutboundMessages messages;
    private final Clock clock;

    public DeliveryReceipts(EntityManager em, OutboundMessages messages, Clock clock) {
        this.em = em;
        this.messages = messages;
        this.clock = clock;
    }

    /**
     * Applies a provider's report on the message it knows as {@code providerId} in channel {@code channelId}:
     * {@code status} is DELIVERED or FAILED ({@code error} says why). {@code deliveryId}, when the provider was
     * given it (in a callback URL), finds the delivery even before its provider id is recorded: a report on a
     * delivery still SENDING is kept and applied when SENT is recorded ({@link #applyEarly}). Returns whether it
     * changed anything; a report on an unknown message, or one that would move a delivery backwards, changes
     * nothing.
     */
    @Transactional
    public boolean receipt(
            String channelId, String deliveryId, String providerId, DeliveryStatus status, String error) {
        if (status != DeliveryStatus.DELIVERED && status != DeliveryStatus.FAILED) {
            throw new IllegalArgumentException("A receipt reports DELIVERED or FAILED, not " + status);
        }
        // Channel ids are unique across tenants, so the channel names the tenant: explicit here, as webhooks have
        // no tenant until their channel is known. The row lock orders the report with the dispatcher's record.
        List<Row> found = deliveryId != null
                ? NativeRows.list(
                        em.createNativeQuery(SELECT + " WHERE id = ?1 AND channel_id = ?2 FOR UPDATE")
                                .setParameter(1, deliveryId)
                                .setParameter(2, channelId),
                        Row.class)
                : NativeRows.list(
                        em.createNativeQuery(SELECT + " WHERE channel_id = ?1 AND provider_id = ?2 FOR UPDATE")
                                .setParameter(1, channelId)
                                .setParameter(2, providerId),
                        Row.class);
        if (found.isEmpty()) {
            LOG.debugf("Receipt for unknown message %s of channel %s ignored", providerId, channelId);
            return false;
        }
        Row row = found.get(0);
        DeliveryStatus current = row.status();
        String reason = status == DeliveryStatus.FAILED ? abbreviate(error) : null;
        if (current == DeliveryStatus.SENDING) {
            // The provider answered our request and reported on the message before we recorded its answer.
            em.createNativeQuery("UPDATE delivery SET early_receipt_status = ?1, early_receipt_error = ?2 WHERE id = ?3"
                            + " AND (early_receipt_status IS NULL OR ?1 = 'DELIVERED')")
                    .setParameter(1, status.name())
                    .setParameter(2, reason)
                    .setParameter(3, row.id())
                    .executeUpdate();
            LOG.debugf("Receipt for delivery %s arrived before its send was recorded; kept", row.id());
            return false;
        }
        if (row.providerId() != null && !row.providerId().equals(providerId)) {
            LOG.debugf(
                    "Receipt for %s does not match delivery %s (%s); ignored", providerId, row.id(), row.providerId());
            return false;
        }
        return apply(row, current, status, reason, clock.instant());
    }

    /**
     * Applies a report kept while the delivery was still SENDING. Called by the dispatcher in the transaction that
     * recorded SENT (which holds the row's lock).
     */
    boolean applyEarly(String deliveryId, Instant now) {
        List<Row> found = NativeRows.list(
                em.createNativeQuery(SELECT + " WHERE id = ?1 AND early_receipt_status IS NOT NULL")
                        .setParameter(1, deliveryId),
                Row.class);
        if (found.isEmpty()) {
            return false;
        }
        Row row = found.get(0);
        em.createNativeQuery(
                        "UPDATE delivery SET early_receipt_status = NULL, early_receipt_error = NULL WHERE id = ?1")
                .setParameter(1, deliveryId)
                .executeUpdate();
        return apply(row, row.status(), row.earlyReceiptStatus(), row.earlyReceiptError(), now);
    }

    private boolean apply(Row row, DeliveryStatus current, DeliveryStatus status, String reason, Instant now) {
        boolean applies = status == DeliveryStatus.DELIVERED
                ? current == DeliveryStatus.SENT || current == DeliveryStatus.FAILED
                : current == DeliveryStatus.SENT;
        if (!applies) {
            return false;
        }
        em.createNativeQuery("UPDATE delivery SET status = ?1, last_error = ?2, updated_at = ?3 WHERE id = ?4")
                .setParameter(1, status.name())
                .setParameter(2, reason)
                .setParameter(3, now)
                .setParameter(4, row.id())
                .executeUpdate();
        messages.deliveryChanged(
                List.of(DeliveryEvents.change(
                        messages,
                        row.id(),
                        row.tenantId(),
                        row.messageId(),
                        row.conversationId(),
                        status,
                        row.attempts(),
                        row.providerId(),
                        reason)),
                now);
        return true;
    }

    private static final String SELECT = "SELECT id, tenant_id, message_id, conversation_id, status, attempts,"
            + " provider_id, early_receipt_status, early_receipt_error FROM delivery";

    /** A delivery as a report needs it; {@code earlyReceiptStatus} is set while a report waits for SENT. */
    private record Row(
            String id,
            String tenantId,
            String messageId,
            String conversationId,
            DeliveryStatus status,
            int attempts,
            String providerId,
            DeliveryStatus earlyReceiptStatus,
            String earlyReceiptError) {}

    private static String abbreviate(String error) {
        String e = error == null || error.isBlank() ? "The provider reported the message undelivered" : error;
        return e.length() <= MAX_ERROR_LENGTH ? e : e.substring(0, MAX_ERROR_LENGTH - 1) + "…";
    }
}
