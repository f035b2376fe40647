package io.switchboard.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.channel.ChannelKind;
import io.switchboard.common.Ids;
import io.switchboard.common.api.Page;
import io.switchboard.common.error.AccessDeniedException;
import io.switchboard.common.error.ConflictException;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.Problem;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.inbox.ActivityCursor;
import io.switchboard.reporting.rollups.RollupWriter;
import io.switchboard.reporting.rollups.SessionFacts;
import io.switchboard.staff.Operator;
import io.switchboard.staff.OperatorRates;
import io.switchboard.workload.WorkedConversations.WorkedConversation;
import io.switchboard.workload.WorkedPosts.WorkedPost;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The handling-time log as people see and edit it: the list, and work logged by hand (phone calls, off-system
 * work). Agents see and edit their own entries, managers everyone's. Every hand-made change is kept in the
 * entry's history with who made it and when.
 */
@ApplicationScoped
public class WorkLog {

    /** No work is logged this far back; earlier instants overflow the arithmetic of days and costs. */
    static final Instant EARLIEST_START = Instant.parse("2000-01-01T00:00:00Z");

    static final int MAX_DURATION_SECONDS = 86_400;
    static final int MAX_NOTE_LENGTH = 2000;

    private final EntityManager em;
    private final WorkedConversations conversations;
    private final WorkedPosts posts;
    private final OperatorRates rates;
    private final ObjectMapper mapper;
    private final RollupWriter rollups;

    public WorkLog(
            EntityManager em,
            WorkedConversations conversations,
            WorkedPosts posts,
            OperatorRates rates,
            ObjectMapper mapper,
            RollupWriter rollups) {
        this.em = em;
        this.posts = posts;
        this.rollups = rollups;
        this.conversations = conversations;
        this.rates = rates;
        this.mapper = mapper;
    }

    /** A channel carries a post: one of its targets, or the broadcast's channel. */
    private static final String CARRIES = "(exists (select 1 from PostTarget t where t.postId = s.postId and"
            + " t.channelId = %1$s) or exists (select 1 from Post p where p.id = s.postId and p.audienceChannelId ="
            + " %1$s))";

    /**
     * The sessions on posts whose time counts on {@code :postChannel}, by the rule of the channel reports
     * (PublishingWork): the post's channels, or only those whose own text was edited in the session when any of
     * them still carries the post.
     */
    private static final String POST_CHANNEL = " and s.postId is not null and " + CARRIES.formatted(":postChannel")
            + " and (not exists (select 1 from WorkSessionPostEdit e where e.workSessionId = s.id)"
            + " or exists (select 1 from WorkSessionPostEdit e where e.workSessionId = s.id and e.channelId ="
            + " :postChannel) or not exists (select 1 from WorkSessionPostEdit e where e.workSessionId = s.id and "
            + CARRIES.formatted("e.channelId") + "))";

    /** Newest first (by start); open sessions are included, with {@code endedAt} null. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<WorkSessionView> list(WorkSessionFilter filter, String cursor, int limit) {
        ActivityCursor after = ActivityCursor.decode(cursor);
        StringBuilder hql = new StringBuilder("select s from WorkSession s where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (filter.operatorId() != null) {
            hql.append(" and s.operatorId = :operator");
            params.put("operator", filter.operatorId());
        }
        if (filter.conversationId() != null) {
            hql.append(" and s.conversationId = :conversation");
            params.put("conversation", filter.conversationId());
        }
        if (filter.kind() != null) {
            hql.append(" and s.channelKind = :kind");
            params.put("kind", filter.kind());
        }
        if (filter.source() != null) {
            hql.append(" and s.source = :source");
            params.put("source", filter.source());
        }
        if (filter.channelId() != null) {
            if (WorkSessionFilter.NO_CHANNEL.equals(filter.channelId())) {
                hql.append(" and s.channelId is null");
            } else {
                hql.append(" and s.channelId = :channel");
                params.put("channel", filter.channelId());
            }
        }
        if (filter.work() != null) {
            hql.append(
                    filter.work() == WorkSessionFilter.Work.PUBLISHING
                            ? " and s.postId is not null"
                            : " and s.postId is null");
        }
        if (filter.postId() != null) {
            hql.append(" and s.postId = :post");
            params.put("post", filter.postId());
        }
        if (filter.postChannelId() != null) {
            hql.append(POST_CHANNEL);
            params.put("postChannel", filter.postChannelId());
        }
        if (filter.ended() != null) {
            hql.append(filter.ended() ? " and s.endedAt is not null" : " and s.endedAt is null");
        }
        if (filter.from() != null) {
            // Overlapping: the session's [start, end) meets [from, to); a running one counts up to its last heartbeat.
            hql.append(
                    filter.overlapping()
                            ? " and coalesce(s.endedAt, s.lastHeartbeatAt) > :from"
                            : " and s.startedAt >= :from");
            params.put("from", filter.from());
        }
        if (filter.to() != null) {
            hql.append(" and s.startedAt < :to");
            params.put("to", filter.to());
        }
        if (after != null) {
            hql.append(" and (s.startedAt < :at or (s.startedAt = :at and s.id < :id))");
            params.put("at", after.at());
            params.put("id", after.id());
        }
        hql.append(" order by s.startedAt desc, s.id desc");
        TypedQuery<WorkSession> query =
                em.createQuery(hql.toString(), WorkSession.class).setMaxResults(limit + 1);
        params.forEach(query::setParameter);
        List<WorkSession> rows = query.getResultList();
        boolean more = rows.size() > limit;
        List<WorkSession> shown = more ? rows.subList(0, limit) : rows;
        String next = null;
        if (more) {
            WorkSession last = shown.get(shown.size() - 1);
            next = new ActivityCursor(last.startedAt, last.id).encode();
        }
        return new Page<>(shown.stream().map(WorkSessionView::of).toList(), next);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public WorkSessionView get(String id, Actor actor) {
        return WorkSessionView.of(visible(id, actor, LockModeType.NONE));
    }

    /** Oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<WorkSessionChangeView> history(String id, Actor actor) {
        List<WorkSessionChange> changes = WorkSessionChange.<WorkSessionChange>find(
                        "workSessionId = ?1 order by changedAt, id", id)
                .list();
        if (changes.isEmpty()) {
            // Live sessions have no hand-made history; deleted entries keep theirs.
            visible(id, actor, LockModeType.NONE);
            return List.of();
        }
        WorkSessionView first = read(changes.get(0).entry);
        if (!actor.mayActFor(first.operatorId())) {
            throw new AccessDeniedException("Agents see only their own work sessions");
        }
        return changes.stream()
                .map(c -> new WorkSessionChangeView(c.action, c.changedBy, c.changedAt, read(c.entry)))
                .toList();
    }

    /** Logs work done off-system. */
    @Transactional
    public WorkSessionView log(LogWorkRequest request, Actor actor, Instant now) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String operatorId = request.operatorId() == null ? actor.operatorId() : request.operatorId();
        if (!actor.mayActFor(operatorId)) {
            throw new AccessDeniedException("Agents log only their own work");
        }
        if (!operatorId.equals(actor.operatorId())
                && Operator.find("id", operatorId).firstResultOptional().isEmpty()) {
            errors.add(new Problem.FieldError("operatorId", "is not an operator of this tenant"));
        }
        WorkedConversation conversation = null;
        if (request.conversationId() != null) {
            conversation = conversations.find(request.conversationId()).orElse(null);
            if (conversation == null) {
                errors.add(new Problem.FieldError("conversationId", "is not a conversation of this tenant"));
            }
        }
        WorkedPost post = null;
        if (request.postId() != null) {
            post = posts.find(request.postId()).orElse(null);
            if (post == null) {
                errors.add(new Problem.FieldError("postId", "is not a post of this tenant"));
            }
        }
        ChannelKind kind = request.channelKind();
        if (kind == null && conversation != null) {
            kind = conversation.kind();
        }
        if (kind == null && post != null && request.conversationId() == null) {
            kind = post.firstKind();
        }
        if (kind == null && request.conversationId() == null && request.postId() == null) {
            errors.add(
                    new Problem.FieldError("channelKind", "is required for work without a conversationId or postId"));
        }
        checkKind(kind, conversation, errors);
        if (request.conversationId() == null) {
            checkPostKind(kind, post, errors);
        }
        checkTimes(request.startedAt(), request.durationSeconds(), true, now, errors);
        checkNote(request.note(), errors);
        throwIfAny(errors);

        OperatorLocks.shared(em, operatorId);
        WorkSession entry = new WorkSession();
        entry.id = Ids.newId();
        entry.operatorId = operatorId;
        entry.source = WorkSource.MANUAL;
        entry.conversationId = request.conversationId();
        entry.postId = request.postId();
        entry.channelKind = kind;
        entry.channelId = channelOf(conversation, kind);
        entry.startedAt = request.startedAt();
        entry.durationSeconds = request.durationSeconds();
        entry.endedAt = entry.startedAt.plusSeconds(entry.durationSeconds);
        entry.note = blankToNull(request.note());
        entry.snapshot(rates.rateAt(operatorId, entry.startedAt).orElse(null));
        entry.createdBy = actor.operatorId();
        entry.createdAt = now;
        entry.updatedBy = actor.operatorId();
        entry.updatedAt = now;
        entry.persist();
        // The insert fills the tenant id (from the current tenant), which the rollups key by.
        em.flush();
        rollups.sessions(List.of(new SessionFacts.Change(null, entry.facts())));
        record(entry, WorkSessionChange.Action.CREATED, actor, now);
        return WorkSessionView.of(entry);
    }

    /** Changes an entry; a LIVE session's times come from its heartbeats, so only its note can change. */
    @Transactional
    public WorkSessionView update(String id, UpdateWorkSessionRequest request, Actor actor, Instant now) {
        WorkSession entry = visible(id, actor, LockModeType.PESSIMISTIC_WRITE);
        SessionFacts before = entry.facts();
        boolean timesOrKind =
                request.channelKind() != null || request.startedAt() != null || request.durationSeconds() != null;
        if (entry.source == WorkSource.LIVE && timesOrKind) {
            throw new ConflictException(
                    "A LIVE session's times and kind come from its heartbeats; only its note can be changed");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        ChannelKind kind = request.channelKind() != null ? request.channelKind() : entry.channelKind;
        WorkedConversation conversation = null;
        if (request.channelKind() != null && entry.conversationId != null) {
            conversation = conversations.find(entry.conversationId).orElse(null);
            checkKind(kind, conversation, errors);
        } else if (request.channelKind() != null && entry.postId != null) {
            checkPostKind(kind, posts.find(entry.postId).orElse(null), errors);
        }
        Instant startedAt = request.startedAt() != null ? request.startedAt() : entry.startedAt;
        int duration = request.durationSeconds() != null ? request.durationSeconds() : entry.durationSeconds;
        if (request.startedAt() != null || request.durationSeconds() != null) {
            checkTimes(startedAt, duration, request.startedAt() != null, now, errors);
        }
        checkNote(request.note(), errors);
        throwIfAny(errors);

        boolean changed = false;
        if (kind != entry.channelKind) {
            entry.channelKind = kind;
            entry.channelId = conversation == null ? null : channelOf(conversation, kind);
            changed = true;
        }
        if (!startedAt.equals(entry.startedAt) || duration != entry.durationSeconds) {
            if (!startedAt.equals(entry.startedAt)) {
                OperatorLocks.shared(em, entry.operatorId);
                entry.snapshot(rates.rateAt(entry.operatorId, startedAt).orElse(null));
            }
            entry.startedAt = startedAt;
            entry.durationSeconds = duration;
            entry.endedAt = startedAt.plusSeconds(duration);
            changed = true;
        }
        if (request.note() != null && !java.util.Objects.equals(blankToNull(request.note()), entry.note)) {
            entry.note = blankToNull(request.note());
            changed = true;
        }
        if (changed) {
            entry.updatedBy = actor.operatorId();
            entry.updatedAt = now;
            record(entry, WorkSessionChange.Action.UPDATED, actor, now);
            rollups.sessions(List.of(new SessionFacts.Change(before, entry.facts())));
        }
        return WorkSessionView.of(entry);
    }

    /** Deletes a MANUAL entry (its history stays); LIVE sessions are measurements and cannot be deleted. */
    @Transactional
    public void delete(String id, Actor actor, Instant now) {
        WorkSession entry = visible(id, actor, LockModeType.PESSIMISTIC_WRITE);
        if (entry.source == WorkSource.LIVE) {
            throw new ConflictException("LIVE sessions are measured, not entered, and cannot be deleted");
        }
        record(entry, WorkSessionChange.Action.DELETED, actor, now);
        rollups.sessions(List.of(new SessionFacts.Change(entry.facts(), null)));
        entry.delete();
    }

    /** The session of the caller's tenant, if the actor may see it: 404 when absent, 403 when someone else's. */
    private WorkSession visible(String id, Actor actor, LockModeType lock) {
        // A query rather than a find by id: queries are filtered by tenant.
        Optional<WorkSession> found =
                WorkSession.<WorkSession>find("id", id).withLock(lock).firstResultOptional();
        WorkSession session = found.orElseThrow(() -> new ResourceNotFoundException("Work session", id));
        if (!actor.mayActFor(session.operatorId)) {
            throw new AccessDeniedException("Agents see and change only their own work sessions");
        }
        return session;
    }

    /** Work on a conversation is of its kind, or a kind not carried (PHONE: a call about it, costed as phone work). */
    private static void checkKind(ChannelKind kind, WorkedConversation conversation, List<Problem.FieldError> errors) {
        if (kind != null && conversation != null && kind != conversation.kind() && kind.carried()) {
            errors.add(new Problem.FieldError(
                    "channelKind", "must be the conversation's kind (" + conversation.kind() + ") or PHONE"));
        }
    }

    /** Work on a post alone is of the kind of one of its channels (which kind does not move its cost). */
    private static void checkPostKind(ChannelKind kind, WorkedPost post, List<Problem.FieldError> errors) {
        if (kind != null && post != null && post.channels().stream().noneMatch(c -> c.kind() == kind)) {
            errors.add(new Problem.FieldError(
                    "channelKind",
                    "must be the kind of one of the post's channels ("
                            + post.channels().stream()
                                    .map(c -> c.kind().name())
                                    .distinct()
                                    .collect(Collectors.joining(", "))
                            + ")"));
        }
    }

    private static void checkTimes(
            Instant startedAt,
            Integer durationSeconds,
            boolean startChanged,
            Instant now,
            List<Problem.FieldError> errors) {
        if (startedAt == null) {
            errors.add(new Problem.FieldError("startedAt", "is required"));
        } else if (startChanged && startedAt.isAfter(now)) {
            errors.add(new Problem.FieldError("startedAt", "must not be in the future"));
        } else if (startChanged && startedAt.isBefore(EARLIEST_START)) {
            errors.add(new Problem.FieldError("startedAt", "must not be before " + EARLIEST_START));
        }
        if (durationSeconds == null) {
            errors.add(new Problem.FieldError("durationSeconds", "is required"));
        } else if (durationSeconds < 1 || durationSeconds > MAX_DURATION_SECONDS) {
            errors.add(new Problem.FieldError("durationSeconds", "must be between 1 and " + MAX_DURATION_SECONDS));
        }
    }

    private static void checkNote(String note, List<Problem.FieldError> errors) {
        if (note != null && note.strip().length() > MAX_NOTE_LENGTH) {
            errors.add(new Problem.FieldError("note", "must be at most " + MAX_NOTE_LENGTH + " characters"));
        }
    }

    /** Reports every invalid field at once. */
    static void throwIfAny(List<Problem.FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(
                    errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; ")), errors);
        }
    }

    /** PHONE work is not carried by the conversation's channel, so it is not costed to it. */
    private static String channelOf(WorkedConversation conversation, ChannelKind kind) {
        return conversation != null && kind == conversation.kind() ? conversation.channelId() : null;
    }

    private static String blankToNull(String note) {
        return note == null || note.isBlank() ? null : note.strip();
    }

    private void record(WorkSession entry, WorkSessionChange.Action action, Actor actor, Instant now) {
        WorkSessionChange change = new WorkSessionChange();
        change.id = Ids.newId();
        change.workSessionId = entry.id;
        change.action = action;
        change.changedBy = actor.operatorId();
        change.changedAt = now;
        try {
            change.entry = mapper.writeValueAsString(WorkSessionView.of(entry));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        change.persist();
    }

    private WorkSessionView read(String json) {
        try {
            return mapper.readValue(json, WorkSessionView.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
