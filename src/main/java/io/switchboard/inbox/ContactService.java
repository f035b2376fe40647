package io.switchboard.inbox;

import io.switchboard.common.Ids;
import io.switchboard.common.api.Cursor;
import io.switchboard.common.api.Page;
import io.switchboard.common.db.NativeRows;
import io.switchboard.common.error.ConflictException;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.staff.CurrentOperator;
import io.switchboard.tenancy.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Contacts: the people behind conversations. A merged contact stays as a row pointing at the contact it was
 * merged into, so old references resolve; it is hidden from lists, and reading it answers with that contact.
 */
@ApplicationScoped
public class ContactService {

    private final EntityManager em;
    private final TenantContext tenant;
    private final CurrentOperator operator;
    private final Clock clock;
    private final ConversationEventLog events;
    private final InboxActivityPublisher activity;

    public ContactService(
            EntityManager em,
            TenantContext tenant,
            CurrentOperator operator,
            Clock clock,
            ConversationEventLog events,
            InboxActivityPublisher activity) {
        this.em = em;
        this.tenant = tenant;
        this.operator = operator;
        this.clock = clock;
        this.events = events;
        this.activity = activity;
    }

    /**
     * Newest first; {@code q} searches names, email addresses and phone numbers, and an address (or its start)
     * finds the contacts whose address starts with it (see {@link SearchQuery}); {@code labels} (normalised) keeps
     * the contacts carrying any of them.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ContactView> list(String q, Collection<String> labels, String cursor, int limit) {
        Optional<SearchQuery> search = SearchQuery.parse(q);
        String before = Cursor.decode(cursor);
        StringBuilder sql = new StringBuilder(
                "SELECT k.id FROM contact k WHERE k.tenant_id = :tenant AND k.merged_into_id IS NULL");
        Map<String, Object> params = new HashMap<>();
        params.put("tenant", tenant.require());
        search.ifPresent(s -> {
            if (s.address() != null) {
                sql.append(" AND k.email LIKE :address ESCAPE '!'");
                params.put("address", s.address());
            } else if (s.like() == null) {
                sql.append(" AND MATCH (k.search_text) AGAINST (:terms IN BOOLEAN MODE)");
                params.put("terms", s.fullTextIn(tenant.require()));
            } else {
                sql.append(" AND (k.name LIKE :like ESCAPE '!' OR k.email LIKE :like ESCAPE '!'"
                        + " OR k.phone LIKE :like ESCAPE '!')");
                params.put("like", s.like());
            }
        });
        if (!labels.isEmpty()) {
            sql.append(" AND k.id IN (SELECT l.contact_id FROM contact_label l"
                    + " WHERE l.tenant_id = :tenant AND l.label IN (:labels))");
            params.put("labels", labels);
        }
        if (before != null) {
            sql.append(" AND k.id < :before");
            params.put("before", before);
        }
        sql.append(" ORDER BY k.id DESC");
        Query query = em.createNativeQuery(sql.toString(), String.class).setMaxResults(limit + 1);
        params.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<String> ids = query.getResultList();
        boolean more = ids.size() > limit;
        List<String> shown = more ? ids.subList(0, limit) : ids;
        List<ContactView> views = rowViews(load(shown));
        return new Page<>(views, more ? Cursor.encode(shown.get(shown.size() - 1)) : null);
    }

    /** The contact, or the contact it was merged into. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ContactView> find(String id) {
        return Contact.<Contact>findByIdOptional(id)
                .map(k -> k.mergedIntoId == null ? k : Contact.<Contact>findById(k.mergedIntoId))
                .filter(Objects::nonNull)
                .map(k -> views(List.of(k)).get(0));
    }

    @Transactional
    public ContactView create(CreateContactRequest request) {
        Contact contact = new Contact();
        contact.id = Ids.newId();
        contact.name = request.name().strip();
        contact.email = blankToNull(request.email());
        contact.phone = blankToNull(request.phone());
        contact.createdAt = clock.instant();
        contact.updatedAt = contact.createdAt;
        List<String> labels = request.labels() == null ? List.of() : Labels.normalise(request.labels(), "labels");
        contact.persist();
        if (!labels.isEmpty()) {
            em.flush();
            writeLabels(contact.id, labels);
        }
        return views(List.of(contact)).get(0);
    }

    @Transactional
    public ContactView update(String id, UpdateContactRequest request) {
        Contact contact = require(id);
        if (contact.mergedIntoId != null) {
            throw new ConflictException(
                    "Contact " + id + " was merged into " + contact.mergedIntoId + "; change that contact instead");
        }
        if (request.name() != null) {
            contact.name = request.name().strip();
        }
        if (request.email() != null) {
            contact.email = blankToNull(request.email());
        }
        if (request.phone() != null) {
            contact.phone = blankToNull(request.phone());
        }
        if (request.labels() != null) {
            List<String> labels = Labels.normalise(request.labels(), "labels");
            em.createNativeQuery("DELETE FROM contact_label WHERE tenant_id = :tenant AND contact_id = :contact")
                    .setParameter("tenant", tenant.require())
                    .setParameter("contact", contact.id)
                    .executeUpdate();
            writeLabels(contact.id, labels);
        }
        contact.updatedAt = clock.instant();
        return views(List.of(contact)).get(0);
    }

    /**
     * Merges {@code sourceId} into {@code targetId} in one transaction: the source's identities and
     * conversations move to the target, the target takes over details it lacks, and the source is marked merged
     * (as are contacts merged into it before). Each moved conversation records a CONTACT_MERGED event.
     */
    @Transactional
    public ContactView merge(String targetId, String sourceId) {
        if (targetId.equals(sourceId)) {
            throw InvalidRequestException.ofField("sourceContactId", "must be another contact than the target");
        }
        // Locked in id order, so that two merges of the same pair (either way round) cannot deadlock.
        String tenantId = tenant.require();
        Map<String, Contact> locked = new HashMap<>();
        for (String id : List.of(targetId, sourceId).stream().sorted().toList()) {
            Contact contact = em.find(Contact.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (contact == null || !tenantId.equals(contact.tenantId)) {
                throw new ResourceNotFoundException("Contact", id);
            }
            locked.put(id, contact);
        }
        Contact target = locked.get(targetId);
        Contact source = locked.get(sourceId);
        if (target.mergedIntoId != null) {
            throw new ConflictException("Contact " + targetId + " was merged into " + target.mergedIntoId
                    + "; merge into that contact instead");
        }
        if (source.mergedIntoId != null) {
            throw new ConflictException("Contact " + sourceId + " was already merged into " + source.mergedIntoId);
        }
        Map<String, List<String>> labels = labels(List.of(targetId, sourceId));
        Set<String> mergedLabels = new TreeSet<>(labels.getOrDefault(targetId, List.of()));
        mergedLabels.addAll(labels.getOrDefault(sourceId, List.of()));
        if (mergedLabels.size() > Labels.MAX_COUNT) {
            throw new ConflictException("Together the two contacts carry " + mergedLabels.size()
                    + " labels; a contact carries at most " + Labels.MAX_COUNT + ". Remove some first");
        }
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<String> moved = em.createNativeQuery(
                        "SELECT id FROM conversation WHERE tenant_id = :tenant AND contact_id = :source ORDER BY id",
                        String.class)
                .setParameter("tenant", tenantId)
                .setParameter("source", sourceId)
                .getResultList();
        em.createNativeQuery("UPDATE conversation SET contact_id = :target, version = version + 1,"
                        + " updated_at = :now WHERE tenant_id = :tenant AND contact_id = :source")
                .setParameter("target", targetId)
                .setParameter("now", now)
                .setParameter("tenant", tenantId)
                .setParameter("source", sourceId)
                .executeUpdate();
        em.createNativeQuery("UPDATE contact_identity SET contact_id = :target"
                        + " WHERE tenant_id = :tenant AND contact_id = :source")
                .setParameter("target", targetId)
                .setParameter("tenant", tenantId)
                .setParameter("source", sourceId)
                .executeUpdate();
        // The survivor carries the duplicate's labels, so it stays in the audiences the duplicate was in.
        em.createNativeQuery("INSERT IGNORE INTO contact_label (contact_id, tenant_id, label)"
                        + " SELECT :target, tenant_id, label FROM contact_label"
                        + " WHERE tenant_id = :tenant AND contact_id = :source")
                .setParameter("target", targetId)
                .setParameter("tenant", tenantId)
                .setParameter("source", sourceId)
                .executeUpdate();
        em.createNativeQuery("DELETE FROM contact_label WHERE tenant_id = :tenant AND contact_id = :source")
                .setParameter("tenant", tenantId)
                .setParameter("source", sourceId)
                .executeUpdate();
        em.createNativeQuery("UPDATE contact SET merged_into_id = :target, updated_at = :now"
                        + " WHERE tenant_id = :tenant AND merged_into_id = :source")
                .setParameter("target", targetId)
                .setParameter("now", now)
                .setParameter("tenant", tenantId)
                .setParameter("source", sourceId)
                .executeUpdate();
        source.mergedIntoId = targetId;
        source.updatedAt = now;
        target.name = target.name != null ? target.name : source.name;
        target.email = target.email != null ? target.email : source.email;
        target.phone = target.phone != null ? target.phone : source.phone;
        target.updatedAt = now;
        String actor = operator.id();
        for (String conversationId : moved) {
            events.append(
                    conversationId,
                    "CONTACT_MERGED",
                    actor,
                    events.data().put("fromContactId", sourceId).put("toContactId", targetId),
                    now);
            activity.afterCommit(
                    new InboxActivity(InboxActivity.Type.CONVERSATION_UPDATED, tenantId, conversationId, null));
        }
        return views(List.of(target)).get(0);
    }

    private Contact require(String id) {
        return Contact.<Contact>findByIdOptional(id).orElseThrow(() -> new ResourceNotFoundException("Contact", id));
    }

    /** The tenant's contacts by id, in the order given, read natively (no entity is loaded for a list). */
    private List<ContactRow> load(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, ContactRow> byId = new HashMap<>();
        NativeRows.list(
                        em.createNativeQuery("SELECT id, name, email, phone, created_at, updated_at FROM contact"
                                        + " WHERE tenant_id = :tenant AND id IN (:ids)")
                                .setParameter("tenant", tenant.require())
                                .setParameter("ids", ids),
                        ContactRow.class)
                .forEach(k -> byId.put(k.id(), k));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    /** What a contact's view shows of its row. */
    private record ContactRow(
            String id, String name, String email, String phone, Instant createdAt, Instant updatedAt) {

        static ContactRow of(Contact k) {
            return new ContactRow(k.id, k.name, k.email, k.phone, k.createdAt, k.updatedAt);
        }
    }

    /** A contact's identity as its view shows it. */
    private record IdentityRow(
            String contactId, String channelId, IdentityKind kind, String externalId, String handle) {}

    private void writeLabels(String contactId, List<String> labels) {
        for (String label : labels) {
            em.createNativeQuery("INSERT INTO contact_label (contact_id, tenant_id, label) VALUES (:contact, :tenant,"
                            + " :label)")
                    .setParameter("contact", contactId)
                    .setParameter("tenant", tenant.require())
                    .setParameter("label", label)
                    .executeUpdate();
        }
    }

    private record ContactLabel(String contactId, String label) {}

    /** The labels of the contacts, sorted, read in one query. */
    private Map<String, List<String>> labels(Collection<String> contactIds) {
        Map<String, List<String>> labels = new HashMap<>();
        List<?> rows = em.createNativeQuery(
                        "SELECT contact_id, label FROM contact_label"
                                + " WHERE tenant_id = :tenant AND contact_id IN (:ids) ORDER BY contact_id, label",
                        Tuple.class)
                .setParameter("tenant", tenant.require())
                .setParameter("ids", contactIds)
                .getResultList();
        rows.stream()
                .map(Tuple.class::cast)
                .map(t -> new ContactLabel(t.get("contact_id", String.class), t.get("label", String.class)))
                .forEach(row -> labels.computeIfAbsent(row.contactId(), k -> new ArrayList<>())
                        .add(row.label()));
        labels.values().forEach(Collections::sort);
        return labels;
    }

    /** The entities' views (see {@link #rowViews}). */
    private List<ContactView> views(Collection<Contact> contacts) {
        return rowViews(contacts.stream().map(ContactRow::of).toList());
    }

    /**
     * Views with their identities and labels, read for all contacts in one native query each (tenant explicit: an
     * entity query is translated anew on every call under the tenant discriminator).
     */
    private List<ContactView> rowViews(List<ContactRow> contacts) {
        if (contacts.isEmpty()) {
            return List.of();
        }
        List<String> ids = contacts.stream().map(ContactRow::id).toList();
        Map<String, List<String>> labels = labels(ids);
        Map<String, List<ContactIdentityView>> identities = new HashMap<>();
        NativeRows.list(
                        em.createNativeQuery("SELECT contact_id, channel_id, kind, external_id, handle"
                                        + " FROM contact_identity WHERE tenant_id = :tenant AND contact_id IN (:ids)"
                                        + " ORDER BY created_at, id")
                                .setParameter("tenant", tenant.require())
                                .setParameter("ids", ids),
                        IdentityRow.class)
                .forEach(i -> identities
                        .computeIfAbsent(i.contactId(), k -> new ArrayList<>())
                        .add(new ContactIdentityView(i.channelId(), i.kind(), i.externalId(), i.handle())));
        return contacts.stream()
                .map(k -> new ContactView(
                        k.id(),
                        k.name(),
                        k.email(),
                        k.phone(),
                        labels.getOrDefault(k.id(), List.of()),
                        identities.getOrDefault(k.id(), List.of()),
                        k.createdAt(),
                        k.updatedAt()))
                .toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
