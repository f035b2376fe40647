package io.switchboard.delivery;

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
     * {@code status} is DELIVERED or FAILED ({@code error} says why). Returns whether it changed anything; a
     * report on an unknown message, or one that would move a delivery backwards, changes nothing.
     */
    @Transactional
    public boolean receipt(String channelId, String providerId, DeliveryStatus status, String error) {
        if (status != DeliveryStatus.DELIVERED && status != DeliveryStatus.FAILED) {
            throw new IllegalArgumentException("A receipt reports DELIVERED or FAILED, not " + status);
        }
        // Channel ids are unique across tenants, so the channel names the tenant: explicit here, as webhooks have
        // no tenant until their channel is known.
        @SuppressWarnings("unchecked")
        List<Object[]> found = em.createNativeQuery(
                        "SELECT id, tenant_id, message_id, conversation_id, status, attempts"
                                + " FROM delivery WHERE channel_id = ?1 AND provider_id = ?2 FOR UPDATE")
                .setParameter(1, channelId)
                .setParameter(2, providerId)
                .getResultList();
        if (found.isEmpty()) {
            LOG.debugf("Receipt for unknown message %s of channel %s ignored", providerId, channelId);
            return false;
        }
        Object[] row = found.get(0);
        DeliveryStatus current = DeliveryStatus.valueOf((String) row[4]);
        boolean applies = status == DeliveryStatus.DELIVERED
                ? current == DeliveryStatus.SENT || current == DeliveryStatus.FAILED
                : current == DeliveryStatus.SENT;
        if (!applies) {
            return false;
        }
        String reason = status == DeliveryStatus.FAILED ? abbreviate(error) : null;
        Instant now = clock.instant();
        em.createNativeQuery("UPDATE delivery SET status = ?1, last_error = ?2, updated_at = ?3 WHERE id = ?4")
                .setParameter(1, status.name())
                .setParameter(2, reason)
                .setParameter(3, now)
                .setParameter(4, row[0])
                .executeUpdate();
        messages.deliveryChanged(
                List.of(DeliveryEvents.change(
                        messages,
                        (String) row[0],
                        (String) row[1],
                        (String) row[2],
                        (String) row[3],
                        status,
                        ((Number) row[5]).intValue(),
                        providerId,
                        reason)),
                now);
        return true;
    }

    private static String abbreviate(String error) {
        String e = error == null || error.isBlank() ? "The provider reported the message undelivered" : error;
        return e.length() <= MAX_ERROR_LENGTH ? e : e.substring(0, MAX_ERROR_LENGTH - 1) + "…";
    }
}
