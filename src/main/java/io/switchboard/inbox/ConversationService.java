package io.switchboard.inbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.api.EntityTags;
import io.switchboard.common.api.Page;
import io.switchboard.common.error.ConflictException;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.PreconditionFailedException;
import io.switchboard.common.error.Problem;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.staff.CurrentOperator;
import io.switchboard.tenancy.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The operators' inbox: finding conversations and changing their status, priority and labels. */
@ApplicationScoped
public class ConversationService {

    private final EntityManager em;
    private final TenantContext tenant;
    private final CurrentOperator operator;
    private final Clock clock;
    private final ConversationViews views;
    private final ConversationEventLog events;
    private final InboxActivityPublisher activity;
    private final Event<ConversationStatusChanged> statusChanged;

    public ConversationService(
            EntityManager em,
            TenantContext tenant,
            CurrentOperator operator,
            Clock clock,
            ConversationViews views,
            ConversationEventLog events,
            InboxActivityPublisher activity,
            Event<ConversationStatusChanged> statusChanged) {
        this.em = em;
        this.tenant = tenant;
        this.operator = operator;
        this.clock = clock;
        this.views = views;
        this.events = events;
        this.activity = activity;
        this.statusChanged = statusChanged;
    }

    /**
     * One page of the inbox, most recent activity first. The filters and the keyset run in one native query
     * (tenant id explicit) that the conversation indexes serve in sort order; the page's rows are then loaded
     * as entities, and their contacts and labels in bulk.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ConversationSummary> list(ConversationFilter filter, String cursor, int limit) {
        ActivityCursor after = ActivityCursor.decode(cursor);
        Map<String, Object> params = new HashMap<>();
        params.put("tenant", tenant.require());
        StringBuilder sql = new StringBuilder("SELECT c.id FROM conversation c");
        if (!filter.kinds().isEmpty()) {
            sql.append(" JOIN channel ch ON ch.id = c.channel_id");
        }
        SearchQuery search = filter.search().orElse(null);
        if (search != null && search.fullText() != null) {
            // The matches are collected once, in a derived table: as IN-subqueries next to the activity scan,
            // MariaDB would repeat the full-text searches for every conversation it looks at.
            sql.append(" JOIN (SELECT c2.id FROM contact k JOIN conversation c2 ON c2.contact_id = k.id"
                    + " WHERE k.tenant_id = :tenant AND c2.tenant_id = :tenant"
                    + " AND MATCH (k.name, k.email, k.phone) AGAINST (:terms IN BOOLEAN MODE)"
                    + " UNION SELECT m.conversation_id FROM message m WHERE m.tenant_id = :tenant"
                    + " AND MATCH (m.text) AGAINST (:terms IN BOOLEAN MODE)) hit ON hit.id = c.id");
            params.put("terms", search.fullText());
        }
        sql.append(" WHERE c.tenant_id = :tenant");
        if (search != null && search.like() != null) {
            sql.append(" AND c.contact_id IN (SELECT k.id FROM contact k WHERE k.tenant_id = :tenant"
                    + " AND (k.name LIKE :like ESCAPE '!' OR k.email LIKE :like ESCAPE '!'"
                    + " OR k.phone LIKE :like ESCAPE '!'))");
            params.put("like", search.like());
        }
        if (!filter.statuses().isEmpty()) {
            sql.append(" AND c.status IN (:statuses)");
            params.put("statuses", filter.statuses().stream().map(Enum::name).toList());
        }
        if (!filter.channelIds().isEmpty()) {
            sql.append(" AND c.channel_id IN (:channels)");
            params.put("channels", filter.channelIds());
        }
        if (!filter.kinds().isEmpty()) {
            sql.append(" AND ch.kind IN (:kinds)");
            params.put("kinds", filter.kinds().stream().map(Enum::name).toList());
        }
        if (filter.unassigned()) {
            sql.append(" AND c.assignee_id IS NULL");
        } else if (filter.assigneeId() != null) {
            sql.append(" AND c.assignee_id = :assignee");
            params.put("assignee", filter.assigneeId());
        }
        if (filter.teamId() != null) {
            sql.append(" AND c.team_id = :team");
            params.put("team", filter.teamId());
        }
        if (!filter.labels().isEmpty()) {
            sql.append(" AND c.id IN (SELECT l.conversation_id FROM conversation_label l WHERE l.label IN (:labels))");
            params.put("labels", filter.labels());
        }
        if (after != null) {
            sql.append(" AND (c.last_activity_at < :at OR (c.last_activity_at = :at AND c.id < :id))");
            params.put("at", after.at());
            params.put("id", after.id());
        }
        sql.append(" ORDER BY c.last_activity_at DESC, c.id DESC");
        Query query = em.createNativeQuery(sql.toString(), String.class).setMaxResults(limit + 1);
        params.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<String> ids = query.getResultList();

        boolean more = ids.size() > limit;
        List<Conversation> page = load(more ? ids.subList(0, limit) : ids);
        String next = null;
        if (more && !page.isEmpty()) {
            Conversation last = page.get(page.size() - 1);
            next = new ActivityCursor(last.lastActivityAt, last.id).encode();
        }
        return new Page<>(views.summaries(page), next);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ConversationView> find(String id) {
        return Conversation.<Conversation>findByIdOptional(id).map(views::view);
    }

    /**
     * Applies a change. With {@code ifMatch}, the change is made only when the conversation is still at that
     * version (else 412); without it, concurrent changes apply one after the other. A change is never lost: one
     * that raced a writer after all is refused (409, or 412 with {@code ifMatch}) and leaves nothing behind.
     */
    @Transactional
    public ConversationView update(String id, UpdateConversationRequest request, String ifMatch) {
        // Changes of one conversation queue up behind each other (as inbound messages do), each judging the state
        // the previous one left; the version check at the write remains the safety net.
        Conversation c = em.find(Conversation.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (c == null || !tenant.require().equals(c.tenantId)) {
            throw new ResourceNotFoundException("Conversation", id);
        }
        Instant now = clock.instant();
        if (request.snoozedUntil() != null) {
            // Stored to the microsecond: answer with what a later read returns.
            request = new UpdateConversationRequest(
                    request.status(),
                    request.priority(),
                    request.labels(),
                    request.snoozedUntil().truncatedTo(ChronoUnit.MICROS));
        }
        ConversationStatus status = request.status() != null ? request.status() : c.status;
        List<String> labels = validate(c, request, status, now);
        // Preconditions are checked on otherwise valid requests only (RFC 9110, 13.2.1).
        if (ifMatch != null && !EntityTags.matches(ifMatch, c.version)) {
            throw new PreconditionFailedException("The conversation has changed since it was read (now at version "
                    + c.version + "); read it again and reapply the change");
        }

        String actor = operator.id();
        boolean changed = false;
        if (status != c.status) {
            ObjectNode data = events.data().put("from", c.status.name()).put("to", status.name());
            if (status == ConversationStatus.SNOOZED) {
                data.put("snoozedUntil", request.snoozedUntil().toString());
            }
            events.append(c.id, "STATUS_CHANGED", actor, data, now);
            ConversationStatus from = c.status;
            c.status = status;
            c.snoozedUntil = status == ConversationStatus.SNOOZED ? request.snoozedUntil() : null;
            if (status == ConversationStatus.OPEN) {
                c.waitingSince = now;
            }
            changed = true;
            statusChanged.fire(new ConversationStatusChanged(
                    c.tenantId, c.id, c.channelId, c.assigneeId, from, status, actor, now));
        } else if (request.snoozedUntil() != null && !request.snoozedUntil().equals(c.snoozedUntil)) {
            events.append(
                    c.id,
                    "SNOOZE_RESCHEDULED",
                    actor,
                    events.data()
                            .put("from", Objects.toString(c.snoozedUntil, null))
                            .put("to", request.snoozedUntil().toString()),
                    now);
            c.snoozedUntil = request.snoozedUntil();
            changed = true;
        }
        if (request.priority() != null && request.priority() != c.priority) {
            events.append(
                    c.id,
                    "PRIORITY_CHANGED",
                    actor,
                    events.data()
                            .put("from", c.priority.name())
                            .put("to", request.priority().name()),
                    now);
            c.priority = request.priority();
            changed = true;
        }
        if (labels != null && !new TreeSet<>(labels).equals(new TreeSet<>(c.labels))) {
            Set<String> added = new LinkedHashSet<>(labels);
            added.removeAll(c.labels);
            Set<String> removed = new TreeSet<>(c.labels);
            removed.removeAll(labels);
            ObjectNode data = events.data();
            added.forEach(data.putArray("added")::add);
            removed.forEach(data.putArray("removed")::add);
            events.append(c.id, "LABELS_CHANGED", actor, data, now);
            c.labels.clear();
            c.labels.addAll(labels);
            changed = true;
        }
        if (changed) {
            c.updatedAt = now;
            flush(ifMatch != null);
            activity.afterCommit(new InboxActivity(InboxActivity.Type.CONVERSATION_UPDATED, c.tenantId, c.id, null));
        }
        return views.view(c);
    }

    /**
     * Marks everything in the conversation read: its unread count goes back to zero. Reading messages does not
     * do it (a GET changes nothing), so that a preview or a colleague's glance leaves the badge alone.
     */
    @Transactional
    public ConversationView markRead(String id) {
        int updated = em.createNativeQuery("UPDATE conversation SET unread_count = 0, version = version + 1,"
                        + " updated_at = :now WHERE id = :id AND tenant_id = :tenant AND unread_count > 0")
                .setParameter("now", clock.instant())
                .setParameter("id", id)
                .setParameter("tenant", tenant.require())
                .executeUpdate();
        Conversation c = require(id);
        if (updated > 0) {
            activity.afterCommit(new InboxActivity(InboxActivity.Type.CONVERSATION_UPDATED, c.tenantId, c.id, null));
        }
        return views.view(c);
    }

    /** The conversation of the caller's tenant, or 404. */
    Conversation require(String id) {
        return Conversation.<Conversation>findByIdOptional(id)
                .orElseThrow(() -> new ResourceNotFoundException("Conversation", id));
    }

    /** Checks the whole request, reporting every invalid field; returns the normalised labels, if any. */
    private static List<String> validate(
            Conversation c, UpdateConversationRequest request, ConversationStatus status, Instant now) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<String> labels = null;
        if (request.labels() != null) {
            try {
                labels = Labels.normalise(request.labels(), "labels");
            } catch (InvalidRequestException e) {
                errors.addAll(e.errors());
            }
        }
        Instant snoozedUntil = request.snoozedUntil();
        if (status == ConversationStatus.SNOOZED) {
            if (snoozedUntil == null && c.status != ConversationStatus.SNOOZED) {
                errors.add(new Problem.FieldError("snoozedUntil", "is required to snooze a conversation"));
            } else if (snoozedUntil != null && !snoozedUntil.isAfter(now)) {
                errors.add(new Problem.FieldError("snoozedUntil", "must be in the future"));
            }
        } else if (snoozedUntil != null) {
            errors.add(new Problem.FieldError("snoozedUntil", "is only allowed when the status is SNOOZED"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(
                    errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; ")), errors);
        }
        return labels;
    }

    /** Writes now, so that a concurrent change is reported here rather than as a failed commit. */
    private void flush(boolean conditional) {
        try {
            em.flush();
        } catch (OptimisticLockException e) {
            if (conditional) {
                throw new PreconditionFailedException(
                        "The conversation was changed by someone else at the same time; read it again");
            }
            throw new ConflictException(
                    "The conversation was changed by someone else at the same time; read it again and retry");
        }
    }

    private List<Conversation> load(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Conversation> byId = new HashMap<>();
        em.createQuery("from Conversation where id in :ids", Conversation.class)
                .setParameter("ids", ids)
                .getResultList()
                .forEach(c -> byId.put(c.id, c));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }
}
