package io.switchboard.inbox;

import io.switchboard.channel.ChannelKind;
import io.switchboard.common.error.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * The audience of a broadcast: every contact of a tenant that carries a label and is reachable on the broadcast's
 * channel: at its identity there, or else at its profile's phone number (SMS) or email address (EMAIL). Merged contacts are not members (the survivor
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

    private static String column(ChannelKind.ProfileAddress address) {
        return switch (address) {
            case PHONE -> "k.phone";
            case EMAIL -> "k.email";
            case NONE -> "NULL";
        };
    }

    /**
     * The audience as one SQL select, for statements that act on all members at once (a broadcast's fan-out
     * writes one delivery per member with {@code INSERT … SELECT}): columns {@code contact_id, address, name};
     * named parameters {@code :tenant, :channel, :label} (the label normalised). This is the one definition of who
     * is a member: not merged, carrying the label, and reachable on the channel at its oldest identity there, or
     * else at the profile's field that reaches it on the channel's kind.
     */
    public static String membersSelect(ChannelKind kind) {
        String fallback = column(kind.profileAddress());
        return "SELECT l.contact_id AS contact_id, COALESCE(i.external_id, " + fallback + ") AS address,"
                + " k.name AS name FROM contact_label l"
                + " JOIN contact k ON k.id = l.contact_id AND k.merged_into_id IS NULL"
                + " LEFT JOIN contact_identity i ON i.id = (SELECT i2.id FROM contact_identity i2"
                + "   FORCE INDEX (ix_identity_contact_channel)"
                + "   WHERE i2.contact_id = l.contact_id AND i2.channel_id = :channel"
                + "   ORDER BY i2.created_at, i2.id LIMIT 1)"
                + " WHERE l.tenant_id = :tenant AND l.label = :label"
                + " AND COALESCE(i.external_id, " + fallback + ") IS NOT NULL";
    }

    /**
     * Up to {@code limit} members in contact id order, after {@code afterContactId} (null for the first page):
     * keyset pages.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Member> members(
            String tenantId, String channelId, String label, ChannelKind kind, String afterContactId, int limit) {
        List<?> rows = em.createNativeQuery(
                        "SELECT m.contact_id, m.address, m.name FROM (" + membersSelect(kind)
                                + ") m WHERE m.contact_id > :after ORDER BY m.contact_id",
                        Tuple.class)
                .setParameter("tenant", tenantId)
                .setParameter("channel", channelId)
                .setParameter("label", Labels.normalise(label))
                .setParameter("after", afterContactId == null ? "" : afterContactId)
                .setMaxResults(limit)
                .getResultList();
        return rows.stream()
                .map(Tuple.class::cast)
                .map(t -> new Member(
                        t.get("contact_id", String.class), t.get("address", String.class), t.get("name", String.class)))
                .toList();
    }

    /** How many members the audience has now. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long count(String tenantId, String channelId, String label, ChannelKind kind) {
        Number count = (Number) em.createNativeQuery("SELECT COUNT(*) FROM (" + membersSelect(kind) + ") m")
                .setParameter("tenant", tenantId)
                .setParameter("channel", channelId)
                .setParameter("label", Labels.normalise(label))
                .getSingleResult();
        return count.longValue();
    }
}
