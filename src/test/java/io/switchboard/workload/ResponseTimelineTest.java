package io.switchboard.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.workload.ResponseTimeline.Fact;
import io.switchboard.workload.ResponseTimeline.FactKind;
import io.switchboard.workload.ResponseTimeline.Item;
import io.switchboard.workload.ResponseTimeline.Session;
import io.switchboard.workload.ResponseTimeline.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseTimelineTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private static Item item(Step step, String id, int second, String operator) {
        return new Item(step, id, T0.plusSeconds(second), operator);
    }

    private static Fact fact(FactKind kind, String operator, int from, int to, long seconds, String source) {
        return new Fact(kind, operator, T0.plusSeconds(from), T0.plusSeconds(to), seconds, source);
    }

    @Test
    void measuresEachCycleFromArrivalOrReopening() {
        List<Item> items = new ArrayList<>(List.of(
                item(Step.OPENED, "created", 0, null),
                item(Step.INBOUND, "in-1", 0, null),
                item(Step.INBOUND, "in-2", 10, null),
                item(Step.REPLY, "out-1", 45, "alice"),
                // A second reply in a row answers nothing new.
                item(Step.REPLY, "out-2", 60, "alice"),
                item(Step.INBOUND, "in-3", 100, null),
                item(Step.INBOUND, "in-4", 130, null),
                item(Step.REPLY, "out-3", 190, "bob"),
                item(Step.RESOLVED, "resolved-1", 300, "bob"),
                // A reply after the resolve, without reopening, is in no cycle.
                item(Step.REPLY, "out-late", 400, "bob"),
                // Reopened by a new message: the opening comes before the message stamped at the same instant.
                item(Step.INBOUND, "in-5", 1000, null),
                item(Step.OPENED, "reopened", 1000, null),
                item(Step.REPLY, "out-4", 1030, "alice"),
                // Stamped at the same instant as the reply before it: the reply counts in the cycle.
                item(Step.RESOLVED, "resolved-2", 1030, "alice")));
        Collections.shuffle(items);
        List<Session> sessions = List.of(
                new Session(T0.plusSeconds(20), 100),
                new Session(T0.plusSeconds(150), 50),
                new Session(T0.plusSeconds(500), 999), // between the cycles: nobody's handling of either
                new Session(T0.plusSeconds(1010), 15));

        List<Fact> facts = ResponseTimeline.measure(items, sessions);

        assertEquals(
                List.of(
                        fact(FactKind.FIRST_RESPONSE, "alice", 0, 45, 45, "created"),
                        fact(FactKind.REPLY, "alice", 0, 45, 45, "out-1"),
                        fact(FactKind.REPLY, "bob", 100, 190, 90, "out-3"),
                        fact(FactKind.RESOLUTION, "bob", 0, 300, 300, "resolved-1"),
                        fact(FactKind.HANDLING, "bob", 0, 300, 150, "resolved-1"),
                        fact(FactKind.FIRST_RESPONSE, "alice", 1000, 1030, 30, "reopened"),
                        fact(FactKind.REPLY, "alice", 1000, 1030, 30, "out-4"),
                        fact(FactKind.RESOLUTION, "alice", 1000, 1030, 30, "resolved-2"),
                        fact(FactKind.HANDLING, "alice", 1000, 1030, 15, "resolved-2")),
                facts);
    }

    @Test
    void anOpenCycleHasResponseTimesButNoResolution() {
        List<Fact> facts = ResponseTimeline.measure(
                List.of(
                        item(Step.OPENED, "created", 0, null),
                        item(Step.INBOUND, "in-1", 0, null),
                        item(Step.REPLY, "out-1", 61, "alice")),
                List.of());

        assertEquals(
                List.of(
                        fact(FactKind.FIRST_RESPONSE, "alice", 0, 61, 61, "created"),
                        fact(FactKind.REPLY, "alice", 0, 61, 61, "out-1")),
                facts);
    }

    @Test
    void resolvingWithoutAReplyMeasuresResolutionOnly() {
        List<Fact> facts = ResponseTimeline.measure(
                List.of(
                        item(Step.OPENED, "created", 0, null),
                        item(Step.INBOUND, "in-1", 0, null),
                        item(Step.RESOLVED, "resolved", 86_400 + 5, "bob")),
                List.of());

        assertEquals(
                List.of(
                        fact(FactKind.RESOLUTION, "bob", 0, 86_405, 86_405, "resolved"),
                        fact(FactKind.HANDLING, "bob", 0, 86_405, 0, "resolved")),
                facts);
    }
}
