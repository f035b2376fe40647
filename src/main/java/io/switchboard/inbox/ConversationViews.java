package io.switchboard.inbox;

import io.switchboard.channel.Channel;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns conversations into API views. A page's contacts, their identities and the labels are read with one
 * query each, whatever the page size.
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

    List<ConversationSummary> summaries(List<InboxRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> labels =
                labels(rows.stream().map(InboxRow::id).toList());
        Map<String, ContactSummary> contacts = contacts(rows.stream()
                .map(r -> new ContactOf(r.id(), r.contactId(), r.channelId()))
                .toList());
        Map<String, Channel> channels =
                channels(rows.stream().map(InboxRow::channelId).collect(Collectors.toSet()));
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

    ConversationView view(Conversation c) {
        Instant waiting = c.status == ConversationStatus.OPEN
                ? ReplyDue.waitingSince(em, List.of(c.id)).get(c.id)
                : null;
        Channel channel = channels(Set.of(c.channelId)).get(c.channelId);
        return new ConversationView(
                c.id,
                c.status,
                c.channelId,
                c.channelKind,
                name(channel),
                contacts(List.of(new ContactOf(c.id, c.contactId, c.channelId))).get(c.id),
                c.assigneeId,
                c.lastActivityAt,
                c.lastMessagePreview,
                c.unreadCount,
                c.priority,
                List.copyOf(new TreeSet<>(c.labels)),
                c.subject,
                c.snoozedUntil,
                c.teamId,
                c.createdAt,
                c.version,
                presence.isResolvable() ? presence.get().workingNow(c.id) : List.of(),
                dueAt(c.status, channel, new HashMap<>(), waiting),
                c.publicThread,
                c.lastInboundAt);
    }

    /** Channels by id: agents see the name in every row, since they may not list channels. */
    private Map<String, Channel> channels(Set<String> channelIds) {
        return em.createQuery("from Channel where id in :ids", Channel.class)
                .setParameter("ids", channelIds)
                .getResultStream()
                .collect(Collectors.toMap(ch -> ch.id, ch -> ch));
    }

    private static String name(Channel channel) {
        return channel == null ? null : channel.name;
    }

    /** The reply-due time on the channel's target in its tenant's business hours (read once per tenant). */
    private Instant dueAt(
            ConversationStatus status, Channel channel, Map<String, BusinessHours> hours, Instant waiting) {
        if (channel == null || status != ConversationStatus.OPEN || waiting == null) {
            return null;
        }
        return ReplyDue.dueAt(
                status,
                ResponseTarget.of(channel),
                hours.computeIfAbsent(channel.tenantId, tenants::businessHours),
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

    /** The contact of each conversation, by conversation id, named by its identity on that channel. */
    private Map<String, ContactSummary> contacts(List<ContactOf> conversations) {
        Map<String, Contact> contacts =
                load(conversations.stream().map(ContactOf::contactId).collect(Collectors.toSet()));
        // A message stored while its contact was being merged may still point at the merged contact.
        Set<String> targets = contacts.values().stream()
                .map(k -> k.mergedIntoId)
                .filter(id -> id != null && !contacts.containsKey(id))
                .collect(Collectors.toSet());
        contacts.putAll(load(targets));
        if (contacts.isEmpty()) {
            return Map.of();
        }
        Map<String, List<ContactIdentity>> identities = new HashMap<>();
        em.createQuery("from ContactIdentity where contactId in :ids order by createdAt, id", ContactIdentity.class)
                .setParameter("ids", contacts.keySet())
                .getResultList()
                .forEach(i -> identities
                        .computeIfAbsent(i.contactId, k -> new ArrayList<>())
                        .add(i));
        Map<String, ContactSummary> summaries = new HashMap<>();
        for (ContactOf c : conversations) {
            Contact contact = contacts.get(c.contactId());
            if (contact != null && contact.mergedIntoId != null && contacts.containsKey(contact.mergedIntoId)) {
                contact = contacts.get(contact.mergedIntoId);
            }
            if (contact != null) {
                summaries.put(
                        c.conversationId(),
                        new ContactSummary(
                                contact.id,
                                contact.name,
                                handle(contact, identities.getOrDefault(contact.id, List.of()), c.channelId())));
            }
        }
        return summaries;
    }

    private Map<String, Contact> load(Set<String> ids) {
        if (ids.isEmpty()) {
            return new HashMap<>();
        }
        return em.createQuery("from Contact where id in :ids", Contact.class)
                .setParameter("ids", ids)
                .getResultStream()
                .collect(Collectors.toMap(k -> k.id, k -> k, (a, b) -> a, HashMap::new));
    }

    private static String handle(Contact contact, List<ContactIdentity> identities, String channelId) {
        for (ContactIdentity identity : identities) {
            if (identity.channelId.equals(channelId)) {
                return identity.handle != null ? identity.handle : identity.externalId;
            }
        }
        if (contact.email != null) {
            return contact.email;
        }
        if (contact.phone != null) {
            return contact.phone;
        }
        return identities.isEmpty() ? null : identities.get(0).handle;
    }

    private record Label(String conversationId, String label) {}
}
