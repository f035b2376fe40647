package io.switchboard.workload;

import io.switchboard.channel.ChannelKind;
import io.switchboard.common.error.AccessDeniedException;
import io.switchboard.common.error.Problem;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The filters of the work-session list. Agents see only their own sessions: a filter on another operator is
 * refused (403) rather than silently narrowed, so a client never mistakes an empty page for "no work".
 *
 * @param operatorId null for everyone's (managers only)
 * @param from inclusive, on the start
 * @param to exclusive, on the start
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
        boolean overlapping) {

    /** The {@code channel} filter's value for sessions not carried by a channel (PHONE and other manual work). */
    static final String NO_CHANNEL = "none";

    static WorkSessionFilter parse(
            String operator, String conversation, String kind, String source, String from, String to, Actor actor) {
        return parse(operator, conversation, kind, source, from, to, null, null, null, actor);
    }

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
            Actor actor) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String operatorId = operator == null || operator.isBlank() ? null : operator.strip();
        if ("me".equals(operatorId)) {
            operatorId = actor.operatorId();
        }
        ChannelKind channelKind = parseEnum(ChannelKind.class, "kind", kind, errors);
        WorkSource workSource = parseEnum(WorkSource.class, "source", source, errors);
        Instant fromAt = parseInstant("from", from, errors);
        Instant toAt = parseInstant("to", to, errors);
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
        String conversationId = conversation == null || conversation.isBlank() ? null : conversation.strip();
        String channelId = channel == null || channel.isBlank() ? null : channel.strip();
        return new WorkSessionFilter(
                operatorId,
                conversationId,
                channelKind,
                workSource,
                fromAt,
                toAt,
                channelId,
                ended,
                Boolean.TRUE.equals(overlapping));
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

    private static Instant parseInstant(String field, String value, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeException e) {
            errors.add(new Problem.FieldError(field, "must be an ISO-8601 UTC instant such as 2026-01-31T23:00:00Z"));
            return null;
        }
    }
}
