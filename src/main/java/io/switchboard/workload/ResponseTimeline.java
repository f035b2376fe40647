package io.switchboard.workload;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Measures one conversation's history. The history runs in cycles: a cycle starts when the conversation opens
 * (its first message arrives) or reopens after a resolve, and ends when it is resolved. Per cycle:
 *
 * <ul>
 *   <li>FIRST_RESPONSE: the first human reply minus the cycle's start;
 *   <li>REPLY: each human reply that answers waiting inbound messages, minus the oldest of them (a second reply
 *       in a row answers nothing new and is not a reply time);
 *   <li>RESOLUTION: the resolve minus the cycle's start;
 *   <li>HANDLING: the seconds of the work sessions on the conversation that started within the cycle.
 * </ul>
 *
 * Pure computation, so that the rules can be read and tested apart from the database.
 */
final class ResponseTimeline {

    enum Step {
        OPENED,
        INBOUND,
        REPLY,
        RESOLVED
    }

    enum FactKind {
        FIRST_RESPONSE,
        REPLY,
        RESOLUTION,
        HANDLING
    }

    /**
     * One thing that happened. At the same instant, an opening comes before the message that caused it, and a
     * reply before the resolve that followed it.
     *
     * @param id the event's or message's id
     * @param operatorId who replied or resolved; null otherwise
     */
    record Item(Step step, String id, Instant at, String operatorId) {}

    record Session(Instant startedAt, int seconds) {}

    /**
     * @param sourceId what makes the fact unique: the cycle's opening (FIRST_RESPONSE), the reply (REPLY) or the
     *     resolve (RESOLUTION, HANDLING)
     */
    record Fact(FactKind kind, String operatorId, Instant startedAt, Instant endedAt, long seconds, String sourceId) {}

    private ResponseTimeline() {}

    static List<Fact> measure(List<Item> items, List<Session> sessions) {
        List<Item> ordered = items.stream()
                .sorted(Comparator.comparing(Item::at).thenComparing(Item::step).thenComparing(Item::id))
                .toList();
        List<Fact> facts = new ArrayList<>();
        Item opening = null;
        boolean responded = false;
        Instant waitingSince = null;
        for (Item item : ordered) {
            switch (item.step()) {
                case OPENED -> {
                    if (opening == null) {
                        opening = item;
                        responded = false;
                        waitingSince = null;
                    }
                }
                case INBOUND -> {
                    if (opening != null && waitingSince == null) {
                        waitingSince = item.at();
                    }
                }
                case REPLY -> {
                    if (opening == null) {
                        continue;
                    }
                    if (!responded) {
                        facts.add(fact(
                                FactKind.FIRST_RESPONSE, item.operatorId(), opening.at(), item.at(), opening.id()));
                        responded = true;
                    }
                    if (waitingSince != null) {
                        facts.add(fact(FactKind.REPLY, item.operatorId(), waitingSince, item.at(), item.id()));
                        waitingSince = null;
                    }
                }
                case RESOLVED -> {
                    if (opening == null) {
                        continue;
                    }
                    facts.add(fact(FactKind.RESOLUTION, item.operatorId(), opening.at(), item.at(), item.id()));
                    Instant from = opening.at();
                    long handled = sessions.stream()
                            .filter(s -> !s.startedAt().isBefore(from)
                                    && !s.startedAt().isAfter(item.at()))
                            .mapToLong(Session::seconds)
                            .sum();
                    facts.add(new Fact(FactKind.HANDLING, item.operatorId(), from, item.at(), handled, item.id()));
                    opening = null;
                    waitingSince = null;
                }
            }
        }
        return facts;
    }

    private static Fact fact(FactKind kind, String operatorId, Instant from, Instant to, String sourceId) {
        // Never negative, even if the clocks of two replicas disagreed.
        long seconds = Math.max(0, Duration.between(from, to).getSeconds());
        return new Fact(kind, operatorId, from, to, seconds, sourceId);
    }
}
