package io.switchboard.inbox;

import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ResponseTarget;
import io.switchboard.common.db.NativeRows;
import io.switchboard.tenancy.BusinessHours;
import io.switchboard.tenancy.TenantService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns conversations into API views. A page's rows come with their channel's name and target ({@link InboxQuery});
 * its contacts with their identities, and its labels, are read with one query each, whatever the page size: native
 * queries with the tenant explicit, since Hibernate translates an entity query anew on every call under the tenant
 * discriminator (most of a page's time before).
 */
@ApplicationScoped
class ConversationViews {

    private final EntityManager em;
    private final Instance<ConversationPresence> presence;
    private final TenantService tenants;

    ConversationViews(EntityManager em, Instance<ConversationPresence> presence, TenantService tenants) {
        this.em = em;
        this.presence = presence;
        this.tenants = tenants;
    }

    /** The tenant's conversations of one page, in their order. */
    List<ConversationSummary> summaries(String tenantId, List<InboxRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> labels =
                labels(rows.stream().map(InboxRow::id).toList());
        Map<String, ContactSummary> contacts = contacts(
                tenantId,
                rows.stream()
                        .map(r -> new ContactOf(r.id(), r.contactId(), r.channelId()))
                        .toList());
        Map<String, ChannelRow> channels = new HashMap<>();
        for (InboxRow r : rows) {
            channels.putIfAbsent(
                    r.channelId(),
                    new ChannelRow(
                            r.channelId(), tenantId, r.channelName(), r.channelKind(), r.firstResponseTargetSeconds()));
        }
        Map<String, BusinessHours> hours = new HashMap<>();
        Map<String, Instant> waiting = ReplyDue.waitingSince(
                em,
                rows.stream()
                        .filter(r -> r.status() == ConversationStatus.OPEN)
                        .map(InboxRow::id)
                        .toList());
        return rows.stream()
                .map(r -> new ConversationSummary(
                        r.id(),
                        r.status(),
                        r.channelId(),
                        r.channelKind(),
                        name(channels.get(r.channelId())),
                        contacts.get(r.id()),
                        r.assigneeId(),
                        r.lastActivityAt(),
                        r.lastMessagePreview(),
                        r.unreadCount(),
                        r.priority(),
                        labels.getOrDefault(r.id(), List.of()),
                        dueAt(r.status(), channels.get(r.channelId()), hours, waiting.get(r.id()))))
                .toList();
    }

    /**
     * The tenant's conversation as the API shows it, read natively (its row with its channel's name and target,
     * then its labels), if it has it.
     */
    Optional<ConversationView> find(String tenantId, String id) {
        return NativeRows.first(
                        em.createNativeQuery(
                                        "SELECT c.id, c.tenant_id, c.status, c.channel_id, ch.kind AS channel_kind,"
                                                + " ch.name AS channel_name, ch.first_response_target_seconds,"
                                                + " c.contact_id, c.assignee_id, c.last_activity_at, c.last_message_preview,"
                                                + " c.unread_count, c.priority, c.subject, c.snoozed_until, c.team_id,"
                                                + " c.created_at, c.version, c.public_thread, c.last_inbound_at"
                                                + " FROM conversation c LEFT JOIN channel ch ON ch.id = c.channel_id"
                                                + " WHERE c.id = :id AND c.tenant_id = :tenant")
                                .setParameter("id", id)
                                .setParameter("tenant", tenantId),
                        ConversationRow.class)
                .map(row -> view(row, labels(List.of(row.id())).getOrDefault(row.id(), List.of())));
    }

    ConversationView view(Conversation c) {
        Optional<ChannelRow> channel = channel(c.tenantId, c.channelId);
        return view(
                new ConversationRow(
                        c.id,
                        c.tenantId,
                        c.status,
                        c.channelId,
                        c.channelKind,
                        channel.map(ChannelRow::name).orElse(null),
                        channel.map(ChannelRow::firstResponseTargetSeconds).orElse(null),
                        c.contactId,
                        c.assigneeId,
                        c.lastActivityAt,
                        c.lastMessagePreview,
                        c.unreadCount,
                        c.priority,
                        c.subject,
                        c.snoozedUntil,
                        c.teamId,
                        c.createdAt,
                        c.version,
                        c.publicThread,
                        c.lastInboundAt),
                c.labels);
    }

    private ConversationView view(ConversationRow c, Collection<String> labels) {
        Instant waiting = c.status() == ConversationStatus.OPEN
                ? ReplyDue.waitingSince(em, List.of(c.id())).get(c.id())
                : null;
        ChannelRow channel = c.channelKind() == null
                ? null
                : new ChannelRow(
                        c.channelId(), c.tenantId(), c.channelName(), c.channelKind(), c.firstResponseTargetSeconds());
        return new ConversationView(
                c.id(),
                c.status(),
                c.channelId(),
                c.channelKind(),
                name(channel),
                contacts(c.tenantId(), List.of(new ContactOf(c.id(), c.contactId(), c.channelId())))
                        .get(c.id()),
                c.assigneeId(),
                c.lastActivityAt(),
                c.lastMessagePreview(),
                c.unreadCount(),
                c.priority(),
                List.copyOf(new TreeSet<>(labels)),
                c.subject(),
                c.snoozedUntil(),
                c.teamId(),
                c.createdAt(),
                c.version(),
                presence.isResolvable() ? presence.get().workingNow(c.tenantId(), c.id()) : List.of(),
                dueAt(c.status(), channel, new HashMap<>(), waiting),
                c.publicThread(),
                c.lastInboundAt());
    }

    /** The columns of a conversation a view shows, with its channel's name and response target. */
    private record ConversationRow(
            String id,
            String tenantId,
            ConversationStatus status,
            String channelId,
            ChannelKind channelKind,
            String channelName,
            Integer firstResponseTargetSeconds,
            String contactId,
            String assigneeId,
            Instant lastActivityAt,
            String lastMessagePreview,
            int unreadCount,
            Priority priority,
            String subject,
            Instant snoozedUntil,
            String teamId,
            Instant createdAt,
            long version,
            boolean publicThread,
            Instant lastInboundAt) {}

    /**
     * A conversation's channel: agents see its name, since they may not list channels. Read natively with the
     * tenant explicit: under the tenant discriminator Hibernate translates an entity query anew on every call.
     */
    private Optional<ChannelRow> channel(String tenantId, String channelId) {
        return NativeRows.first(
                em.createNativeQuery("SELECT id, tenant_id, name, kind, first_response_target_seconds"
                                + " FROM channel WHERE tenant_id = :tenant AND id = :id")
                        .setParameter("tenant", tenantId)
                        .setParameter("id", channelId),
                ChannelRow.class);
    }

    /** What a view shows of its channel. */
    private record ChannelRow(
            String id, String tenantId, String name, ChannelKind kind, Integer firstResponseTargetSeconds) {}

    private static String name(ChannelRow channel) {
        return channel == null ? null : channel.name();
    }

    /** The reply-due time on the channel's target in its tenant's business hours (read once per tenant). */
    private Instant dueAt(
            ConversationStatus status, ChannelRow channel, Map<String, BusinessHours> hours, Instant waiting) {
        if (channel == null || status != ConversationStatus.OPEN || waiting == null) {
            return null;
        }
        return ReplyDue.dueAt(
                status,
                ResponseTarget.of(channel.kind(), channel.firstResponseTargetSeconds()),
                hours.computeIfAbsent(channel.tenantId(), tenants::businessHours),
                waiting);
    }

    private Map<String, List<String>> labels(Collection<String> conversationIds) {
        Map<String, List<String>> labels = new HashMap<>();
        NativeRows.list(
                        em.createNativeQuery("SELECT conversation_id, label FROM conversation_label"
                                        + " WHERE conversation_id IN (:ids) ORDER BY label")
                                .setParameter("ids", conversationIds),
                        Label.class)
                .forEach(row -> labels.computeIfAbsent(row.conversationId(), k -> new ArrayList<>())
                        .add(row.label()));
        return labels;
    }

    /** A conversation's contact and channel, which name the contact in a list. */
    private record ContactOf(String conversationId, String contactId, String channelId) {}

    /**
     * The contact of each conversation, by conversation id, named by its identity on that channel. Contacts are
     * read with their identities in one native query with the tenant explicit (a second one only for contacts
     * merged away while a message to them was stored).
     */
    private Map<String, ContactSummary> contacts(String tenantId, List<ContactOf> conversations) {
        Map<String, ContactRow> contacts =
                load(tenantId, conversations.stream().map(ContactOf::contactId).collect(Collectors.toSet()));
        // A message stored while its contact was being merged may still point at the merged contact.
        Set<String> targets = contacts.values().stream()
                .map(ContactRow::mergedIntoId)
                .filter(id -> id != null && !contacts.containsKey(id))
                .collect(Collectors.toSet());
        contacts.putAll(load(tenantId, targets));
        Map<String, ContactSummary> summaries = new HashMap<>();
        for (ContactOf c : conversations) {
            ContactRow contact = contacts.get(c.contactId());
            if (contact != null && contact.mergedIntoId() != null && contacts.containsKey(contact.mergedIntoId())) {
                contact = contacts.get(contact.mergedIntoId());
            }
            if (contact != null) {
                summaries.put(
                        c.conversationId(),
                        new ContactSummary(contact.id(), contact.name(), handle(contact, c.channelId())));
            }
        }
        return summaries;
    }

    /** The tenant's contacts by id, each with its identities oldest first. */
    private Map<String, ContactRow> load(String tenantId, Set<String> ids) {
        Map<String, ContactRow> contacts = new HashMap<>();
        if (ids.isEmpty()) {
            return contacts;
        }
        List<ContactIdentityRow> rows = NativeRows.list(
                em.createNativeQuery("SELECT k.id, k.name, k.email, k.phone, k.merged_into_id,"
                                + " i.channel_id AS identity_channel_id, i.external_id AS identity_external_id,"
                                + " i.handle AS identity_handle"
                                + " FROM contact k LEFT JOIN contact_identity i"
                                + " ON i.contact_id = k.id AND i.tenant_id = :tenant"
                                + " WHERE k.tenant_id = :tenant AND k.id IN (:ids)"
                                + " ORDER BY k.id, i.created_at, i.id")
                        .setParameter("tenant", tenantId)
                        .setParameter("ids", ids),
                ContactIdentityRow.class);
        for (ContactIdentityRow row : rows) {
            ContactRow contact = contacts.computeIfAbsent(
                    row.id(),
                    id -> new ContactRow(
                            id, row.name(), row.email(), row.phone(), row.mergedIntoId(), new ArrayList<>()));
            if (row.identityChannelId() != null) {
                contact.identities()
                        .add(new IdentityRow(row.identityChannelId(), row.identityExternalId(), row.identityHandle()));
            }
        }
        return contacts;
    }

    /** A contact joined with one of its identities (null identity columns when it has none). */
    private record ContactIdentityRow(
            String id,
            String name,
            String email,
            String phone,
            String mergedIntoId,
            String identityChannelId,
            String identityExternalId,
            String identityHandle) {}

    /** What a view shows of a contact: its names and its identities, oldest first. */
    private record ContactRow(
            String id, String name, String email, String phone, String mergedIntoId, List<IdentityRow> identities) {}

    /** A contact's identity on a channel. */
    private record IdentityRow(String channelId, String externalId, String handle) {}

    private static String handle(ContactRow contact, String channelId) {
        List<IdentityRow> identities = contact.identities();
        for (IdentityRow identity : identities) {
            if (identity.channelId().equals(channelId)) {
                return identity.handle() != null ? identity.handle() : identity.externalId();
            }
        }
        if (contact.email() != null) {
            return contact.email();
        }
        if (contact.phone() != null) {
            return contact.phone();
        }
        return identities.isEmpty() ? null : identities.get(0).handle();
    }

    private record Label(String conversationId, String label) {}
}
