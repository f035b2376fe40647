package io.switchboard.inbox;

import io.switchboard.channel.ChannelKind;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.Problem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The inbox filters, checked. Multi-valued filters take repeated parameters or comma lists and match any of
 * their values; different filters must all match.
 *
 * @param assigneeId the assignee, with "me" already resolved; null for no filter (see {@code unassigned})
 */
record ConversationFilter(
        Set<ConversationStatus> statuses,
        Set<String> channelIds,
        Set<ChannelKind> kinds,
        String assigneeId,
        boolean unassigned,
        String teamId,
        String contactId,
        Set<String> labels,
        Optional<SearchQuery> search) {

    static final int MAX_VALUES = 50;

    static ConversationFilter parse(
            List<String> status,
            List<String> channel,
            List<String> kind,
            String assignee,
            String team,
            String contact,
            List<String> label,
            String q,
            String currentOperatorId) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Set<ConversationStatus> statuses = new LinkedHashSet<>();
        for (String value : values(status, "status", errors)) {
            try {
                statuses.add(ConversationStatus.valueOf(value.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError(
                        "status", "'" + value + "' is not one of OPEN, PENDING, SNOOZED, RESOLVED"));
            }
        }
        Set<ChannelKind> kinds = new LinkedHashSet<>();
        for (String value : values(kind, "kind", errors)) {
            try {
                kinds.add(ChannelKind.valueOf(value.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("kind", "'" + value + "' is not a channel kind"));
            }
        }
        Set<String> labels = new LinkedHashSet<>();
        for (String value : values(label, "label", errors)) {
            String normalised = Labels.normalise(value);
            String problem = Labels.problem(normalised);
            if (problem != null) {
                errors.add(new Problem.FieldError("label", problem));
            } else {
                labels.add(normalised);
            }
        }
        Set<String> channelIds = new LinkedHashSet<>(values(channel, "channel", errors));
        String assigneeId = null;
        boolean unassigned = false;
        if (assignee != null && !assignee.isBlank()) {
            switch (assignee.strip()) {
                case "me" -> assigneeId = currentOperatorId;
                case "none" -> unassigned = true;
                default -> assigneeId = assignee.strip();
            }
        }
        Optional<SearchQuery> search = Optional.empty();
        try {
            search = SearchQuery.parse(q);
        } catch (InvalidRequestException e) {
            errors.addAll(e.errors());
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("Some filters are not valid", errors);
        }
        return new ConversationFilter(
                statuses,
                channelIds,
                kinds,
                assigneeId,
                unassigned,
                team == null || team.isBlank() ? null : team.strip(),
                contact == null || contact.isBlank() ? null : contact.strip(),
                labels,
                search);
    }

    /** The values of a repeatable parameter, comma lists split, blanks dropped. */
    private static List<String> values(List<String> parameters, String name, List<Problem.FieldError> errors) {
        List<String> values = new ArrayList<>();
        if (parameters != null) {
            for (String parameter : parameters) {
                if (parameter == null) {
                    continue;
                }
                for (String value : parameter.split(",")) {
                    if (!value.isBlank()) {
                        values.add(value.strip());
                    }
                }
            }
        }
        if (values.size() > MAX_VALUES) {
            errors.add(new Problem.FieldError(name, "must not list more than " + MAX_VALUES + " values"));
            return List.of();
        }
        return values;
    }
}
