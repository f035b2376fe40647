package io.switchboard.workload;

import io.switchboard.channel.ChannelKind;
import io.switchboard.common.error.AccessDeniedException;
import io.switchboard.common.error.Problem;
import io.switchboard.common.time.RangeBound;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The filters of the work-session list. Agents see only their own sessions: a filter on another operator is
 * refused (403) rather than silently narrowed, so a client never mistakes an empty page for "no work".
 *
 * @param operatorId null for everyone's (managers only)
 * @param from inclusive, on the start
 * @param to exclusive, on the start
 * @param work conversation work (no post) or publishing (naming a post); null for both
 * @param postId sessions naming this post
 * @param postChannelId sessions on posts whose time counts on this channel (the post's targets and broadcast
 *     channel, or only the channels whose text was edited in the session)
 */
record WorkSessionFilter(
        String operatorId,
        String conversationId,
        ChannelKind kind,
        WorkSource source,
        Instant from,
        Instant to,
        String channelId,
        Boolean ended,
        boolean overlapping,
        Work work,
        String postId,
        String postChannelId) {

    /** What the work was on. */
    enum Work {
        /** Sessions naming no post: conversations and off-system work. */
        CONVERSATIONS,
        /** Sessions naming a post: composing, approving. */
        PUBLISHING
    }

    /** The {@code channel} filter's value for sessions not carried by a channel (PHONE and other manual work). */
    static final String NO_CHANNEL = "none";

    static WorkSessionFilter parse(
            String operator,
            String conversation,
            String kind,
            String source,
            String from,
            String to,
            String channel,
            String status,
            Boolean overlapping,
            String work,
            String post,
            String postChannel,
            Actor actor,
            ZoneId zone) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String operatorId = operator == null || operator.isBlank() ? null : operator.strip();
        if ("me".equals(operatorId)) {
            operatorId = actor.operatorId();
        }
        ChannelKind channelKind = parseEnum(ChannelKind.class, "kind", kind, errors);
        WorkSource workSource = parseEnum(WorkSource.class, "source", source, errors);
        Work workFilter = parseEnum(Work.class, "work", work, errors);
        String postId = blankToNull(post);
        String postChannelId = blankToNull(postChannel);
        if (workFilter == Work.CONVERSATIONS && (postId != null || postChannelId != null)) {
            errors.add(new Problem.FieldError("work", "must not be CONVERSATIONS with post or postChannel"));
        }
        Instant fromAt = parseBound("from", from, zone, errors);
        Instant toAt = parseBound("to", to, zone, errors);
        if (fromAt != null && toAt != null && !fromAt.isBefore(toAt)) {
            errors.add(new Problem.FieldError("to", "must be after from"));
        }
        Boolean ended = null;
        if (status != null && !status.isBlank()) {
            switch (status.strip().toUpperCase(java.util.Locale.ROOT)) {
                case "OPEN" -> ended = false;
                case "ENDED" -> ended = true;
                default -> errors.add(new Problem.FieldError("status", "must be OPEN or ENDED"));
            }
        }
        WorkLog.throwIfAny(errors);
        if (!actor.manager()) {
            if (operatorId != null && !operatorId.equals(actor.operatorId())) {
                throw new AccessDeniedException("Agents see only their own work sessions");
            }
            operatorId = actor.operatorId();
        }
        String conversationId = blankToNull(conversation);
        String channelId = blankToNull(channel);
        return new WorkSessionFilter(
                operatorId,
                conversationId,
                channelKind,
                workSource,
                fromAt,
                toAt,
                channelId,
                ended,
                Boolean.TRUE.equals(overlapping),
                workFilter,
                postId,
                postChannelId);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static <E extends Enum<E>> E parseEnum(
            Class<E> type, String field, String value, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError(
                    field, "must be one of " + java.util.Arrays.toString(type.getEnumConstants())));
            return null;
        }
    }

    /** One end of the range as everywhere a range is given: a local day of the tenant or an instant. */
    private static Instant parseBound(String field, String value, ZoneId zone, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return RangeBound.parse(value, zone).instant();
        } catch (DateTimeException e) {
            errors.add(new Problem.FieldError(field, "must be " + RangeBound.FORMATS));
            return null;
        }
    }
}
