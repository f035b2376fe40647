package io.switchboard.inbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.api.EntityTags;
import io.switchboard.common.api.Page;
import io.switchboard.common.db.NativeRows;
import io.switchboard.common.db.RetryOnLockConflict;
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
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The operators' inbox: finding conversations and changing their status, priority and labels. */
@ApplicationScoped
public class ConversationService {

    private static final int SORT_ABORTED = 1028;

    private final EntityManager em;
    private final TenantContext tenant;
    private final CurrentOperator operator;
    private final Clock clock;
    private final ConversationViews views;
    private final ConversationEventLog events;
    private final InboxActivityPublisher activity;
    private final Event<ConversationStatusChanged> statusChanged;
    private final int labelScanRows;
    private final int searchScanRows;

    /**
     * The filters whose bounded scan fell short on their first page lately (a rare label or word), by tenant: their
     * pages are read with the fallback at once for a while, the next pages too, instead of paying for the scan
     * again. Only a plan choice: the page is the same either way.
     */
    private final Cache<ShortScan, Boolean> shortScans = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    private record ShortScan(String tenantId, ConversationFilter filter) {}

    public ConversationService(
            EntityManager em,
            TenantContext tenant,
            CurrentOperator operator,
            Clock clock,
            ConversationViews views,
            ConversationEventLog events,
            InboxActivityPublisher activity,
            Event<ConversationStatusChanged> statusChanged,
            SwitchboardConfig config) {
        this.labelScanRows = config.reads().labelScanRows();
        this.searchScanRows = config.reads().searchScanRows();
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
     * One page of the inbox, most recent activity first, in one query planned by {@link InboxQuery} (tenant id
     * explicit), then the page's contacts and labels in bulk.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ConversationSummary> list(ConversationFilter filter, String cursor, int limit) {
        ActivityCursor after = ActivityCursor.decode(cursor);
        String tenantId = tenant.require();
        Set<String> channelIds = channelsOf(tenantId, filter);
        if (channelIds != null && channelIds.isEmpty()) {
            return new Page<>(List.of(), null);
        }
        InboxQuery planned =
                InboxQuery.plan(tenantId, filter, channelIds, after, limit + 1, labelScanRows, searchScanRows);
        ShortScan known = new ShortScan(tenantId, filter);
        if (planned.fallback() != null && shortScans.getIfPresent(known) != null) {
            planned = planned.fallback();
        }
        List<InboxRow> rows = rows(em, planned, limit + 1, () -> {
            if (after == null) {
                shortScans.put(known, Boolean.TRUE);
            }
        });

        boolean more = rows.size() > limit;
        List<InboxRow> page = more ? rows.subList(0, limit) : rows;
        String next = null;
        if (more) {
            InboxRow last = page.get(page.size() - 1);
            next = new ActivityCursor(last.lastActivityAt(), last.id()).encode();
        }
        return new Page<>(views.summaries(tenantId, page), next);
    }

    /**
     * The rows of a planned page; when the plan reaches its bound of rows examined, its fallback's rows. MariaDB
     * then answers fewer rows than it would have, so a page of fewer than {@code rows} rows is read again that way
     * too; should it have chosen to sort the scan after all, the bound aborts that sort instead, and that too is
     * read again.
     */
    static List<InboxRow> rows(EntityManager em, InboxQuery planned, int rows) {
        return rows(em, planned, rows, () -> {});
    }

    /** The same; {@code fellShort} runs when the fallback was read. */
    private static List<InboxRow> rows(EntityManager em, InboxQuery planned, int rows, Runnable fellShort) {
        InboxQuery fallback = planned.fallback();
        if (fallback != null) {
            try {
                List<InboxRow> bounded = new ArrayList<>(run(em, planned));
                if (bounded.size() >= rows) {
                    bounded.sort(PAGE_ORDER); // the bounded scan answers unsorted
                    return bounded;
                }
            } catch (PersistenceException e) {
                if (!rowsExaminedReached(e)) {
                    throw e;
                }
            }
            fellShort.run();
            return run(em, fallback);
        }
        return run(em, planned);
    }

    /**
     * MariaDB's "Sort aborted" (ER_FILSORT_ABORT, 1028), as the bound of rows examined ends a sort. Its text names
     * the reason in 10.11 ("LIMIT ROWS EXAMINED") and not in 11.4, so any abort counts: should another reason
     * have ended it (the statement's time limit), the fallback meets the same and fails as any read does.
     */
    static boolean rowsExaminedReached(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == SORT_ABORTED) {
                return true;
            }
        }
        return false;
    }

    /** Newest activity first, ties by id descending, as MariaDB orders ids ({@code ascii_general_ci}). */
    static final Comparator<InboxRow> PAGE_ORDER = Comparator.comparing(InboxRow::lastActivityAt)
            .thenComparing(InboxRow::id, String.CASE_INSENSITIVE_ORDER)
            .reversed();

    static List<InboxRow> run(EntityManager em, InboxQuery planned) {
        Query query = em.createNativeQuery(planned.sql());
        planned.params().forEach(query::setParameter);
        return NativeRows.list(query, InboxRow.class);
    }

    /**
     * The channels the channel and kind filters leave, or null when neither is given. A kind is the tenant's
     * channels of that kind, so that the page is read in the channels' index order.
     */
    private Set<String> channelsOf(String tenantId, ConversationFilter filter) {
        if (filter.kinds().isEmpty()) {
            return filter.channelIds().isEmpty() ? null : filter.channelIds();
        }
        @SuppressWarnings("unchecked")
        List<String> ofKinds = em.createNativeQuery(
                        "SELECT id FROM channel WHERE tenant_id = :tenant AND kind IN (:kinds)", String.class)
                .setParameter("tenant", tenantId)
                .setParameter("kinds", filter.kinds().stream().map(Enum::name).toList())
                .getResultList();
        Set<String> channels = new LinkedHashSet<>(ofKinds);
        if (!filter.channelIds().isEmpty()) {
            channels.retainAll(filter.channelIds());
        }
        return channels;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ConversationView> find(String id) {
        return views.find(tenant.require(), id);
    }

    /**
     * Applies a change. With {@code ifMatch}, the change is made only when the conversation is still at that
     * version (else 412); without it, concurrent changes apply one after the other. A change is never lost: one
     * that raced a writer after all is refused (409, or 412 with {@code ifMatch}) and leaves nothing behind.
     */
    @RetryOnLockConflict
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
            ObjectNode data = events.statusChanged(
                    c.status,
                    status,
                    ConversationStatusChanged.Reason.OPERATOR,
                    status == ConversationStatus.SNOOZED ? request.snoozedUntil() : null);
            events.append(c.id, "STATUS_CHANGED", actor, data, now);
            ConversationStatus from = c.status;
            c.status = status;
            c.snoozedUntil = status == ConversationStatus.SNOOZED ? request.snoozedUntil() : null;
            if (status == ConversationStatus.OPEN) {
                c.waitingSince = now;
            }
            changed = true;
            statusChanged.fire(new ConversationStatusChanged(
                    c.tenantId,
                    c.id,
                    c.channelId,
                    c.assigneeId,
                    from,
                    status,
                    actor,
                    ConversationStatusChanged.Reason.OPERATOR,
                    now));
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
    @RetryOnLockConflict
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

    /** 404 unless the tenant has the conversation; a read that needs nothing else of it (no entity is loaded). */
    void requireExists(String id) {
        if (em.createNativeQuery("SELECT 1 FROM conversation WHERE id = :id AND tenant_id = :tenant")
                .setParameter("id", id)
                .setParameter("tenant", tenant.require())
                .getResultList()
                .isEmpty()) {
            throw new ResourceNotFoundException("Conversation", id);
        }
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
}
