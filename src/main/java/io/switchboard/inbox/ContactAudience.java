package io.switchboard.inbox;

import io.switchboard.common.error.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * The audience of a broadcast: every contact of a tenant that carries a label and is known on the broadcast's
 * channel (has an identity there), with the identity to send to. Merged contacts are not members (the survivor
 * carries their labels and identities). A contact known several times on the channel (two numbers after a merge)
 * is one member, reached at its oldest identity there, so that one person gets one message.
 *
 * <p>The tenant is explicit, since a scheduled broadcast fans out outside any request. The identity is looked up
 * per contact by {@code ix_identity_contact_channel} (forced: on small tables the optimiser prefers the channel's
 * unique key, which scans every identity of the channel for each contact).
 */
@ApplicationScoped
public class ContactAudience {

    /** One recipient: the contact and its id on the channel (phone number, email address). */
    public record Member(String contactId, String externalId, String name) {}

    private final EntityManager em;

    public ContactAudience(EntityManager em) {
        this.em = em;
    }

    /**
     * A label as contacts carry it (trimmed, white space collapsed, lower-case); a 400 naming {@code field} when
     * it is blank, longer than 64 characters or holds a comma.
     */
    public static String normaliseLabel(String label, String field) {
        String normalised = Labels.normalise(label == null ? "" : label);
        String problem = Labels.problem(normalised);
        if (problem != null) {
            throw InvalidRequestException.ofField(field, problem);
        }
        return normalised;
    }

    /**
     * Up to {@code limit} members in contact id order, after {@code afterContactId} (null for the first page):
     * keyset pages, so that a fan-out can write one page per transaction and resume where it stopped.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Member> members(String tenantId, String channelId, String label, String afterContactId, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT l.contact_id, i.external_id, k.name"
                        + " FROM contact_label l"
                        + " JOIN contact k ON k.id = l.contact_id AND k.merged_into_id IS NULL"
                        + " JOIN contact_identity i ON i.id = (SELECT i2.id FROM contact_identity i2"
                        + "   FORCE INDEX (ix_identity_contact_channel)"
                        + "   WHERE i2.contact_id = l.contact_id AND i2.channel_id = :channel"
                        + "   ORDER BY i2.created_at, i2.id LIMIT 1)"
                        + " WHERE l.tenant_id = :tenant AND l.label = :label AND l.contact_id > :after"
                        + " ORDER BY l.contact_id")
                .setParameter("tenant", tenantId)
                .setParameter("channel", channelId)
                .setParameter("label", Labels.normalise(label))
                .setParameter("after", afterContactId == null ? "" : afterContactId)
                .setMaxResults(limit)
                .getResultList();
        return rows.stream()
                .map(r -> new Member((String) r[0], (String) r[1], (String) r[2]))
                .toList();
    }

    /** How many members the audience has now. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long count(String tenantId, String channelId, String label) {
        Number count = (Number) em.createNativeQuery("SELECT COUNT(*) FROM contact_label l"
                        + " JOIN contact k ON k.id = l.contact_id AND k.merged_into_id IS NULL"
                        + " WHERE l.tenant_id = :tenant AND l.label = :label AND EXISTS (SELECT 1 FROM"
                        + " contact_identity i FORCE INDEX (ix_identity_contact_channel)"
                        + " WHERE i.contact_id = l.contact_id AND i.channel_id = :channel)")
                .setParameter("tenant", tenantId)
                .setParameter("channel", channelId)
                .setParameter("label", Labels.normalise(label))
                .getSingleResult();
        return count.longValue();
    }
}
