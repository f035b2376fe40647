package io.switchboard.inbox;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.Sql;
import io.switchboard.testing.SseClient;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Snoozed conversations reopen when their time comes. Time is moved by handing the wake-up the instant it
 * should take as "now" (what the schedule does with the service's clock), so nothing waits.
 */
@QuarkusTest
class ConversationSnoozeTest {

    @Inject
    SnoozeWakeUp wakeUp;

    @Inject
    Clock clock;

    @Inject
    Sql sql;

    @Inject
    io.quarkus.scheduler.Scheduler scheduler;

    @TestHTTPResource("/api/v1/stream")
    URL streamUrl;

    private InboxFixture f;
    private String channel;

    @BeforeEach
    void seed() {
        f = new InboxFixture("snooze");
        channel = f.channel("Shop");
    }

    /** Far ahead, so that no other test's snoozed conversation is affected by moving time there. */
    private Instant farAhead(Duration extra) {
        return clock.instant()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .plus(Duration.ofDays(3650))
                .plus(extra);
    }

    @Test
    void aSnoozedConversationReopensWhenItsTimeHasCome() {
        String id = f.send(channel, "z-1", "u-1", "Zoë", "Ich melde mich nächste Woche wieder");
        Instant until = farAhead(Duration.ofMinutes(1));
        f.patch(f.agent, id, Map.of("status", "SNOOZED", "snoozedUntil", until.toString()))
                .statusCode(200)
                .body("status", equalTo("SNOOZED"))
                .body("snoozedUntil", equalTo(until.toString()));
        assertEquals(List.of(id), f.listIds(f.agent, Map.of("status", "SNOOZED")));
        int version = f.conversation(f.agent, id).extract().path("version");

        wakeUp.wakeUpDue(until.minusMillis(1));
        f.conversation(f.agent, id).body("status", equalTo("SNOOZED"));

        try (SseClient stream = SseClient.connect(streamUrl.toString(), f.agent)) {
            assertTrue(wakeUp.wakeUpDue(until) >= 1);
            stream.awaitEvent("conversation-updated", id);
        }
        f.conversation(f.agent, id)
                .body("status", equalTo("OPEN"))
                .body("snoozedUntil", nullValue())
                .body("version", equalTo(version + 1));
        given().auth()
                .oauth2(f.agent)
                .get("/api/v1/conversations/" + id + "/events")
                .then()
                .body("items[-1].type", equalTo("STATUS_CHANGED"))
                .body("items[-1].actorOperatorId", nullValue())
                .body("items[-1].data.from", equalTo("SNOOZED"))
                .body("items[-1].data.to", equalTo("OPEN"))
                .body("items[-1].data.reason", equalTo("snooze-expired"))
                .body("items[-1].data.snoozedUntil", equalTo(until.toString()));

        // Woken once: a later run finds nothing more to do for it.
        wakeUp.wakeUpDue(until.plusSeconds(60));
        assertEquals(1, snoozeExpiries(id));
    }

    @Test
    void snoozingCanBeMovedAndEndsWithAnyOtherStatus() {
        String id = f.send(channel, "z-2", "u-2", "Ben", "later");
        Instant first = farAhead(Duration.ofHours(1));
        Instant later = farAhead(Duration.ofHours(5));
        f.patch(f.agent, id, Map.of("status", "SNOOZED", "snoozedUntil", first.toString()))
                .statusCode(200);
        f.patch(f.agent, id, Map.of("snoozedUntil", later.toString()))
                .statusCode(200)
                .body("status", equalTo("SNOOZED"))
                .body("snoozedUntil", equalTo(later.toString()));
        wakeUp.wakeUpDue(first);
        f.conversation(f.agent, id).body("status", equalTo("SNOOZED"));

        f.patch(f.agent, id, Map.of("priority", "HIGH")).statusCode(200).body("status", equalTo("SNOOZED"));
        f.patch(f.agent, id, Map.of("status", "PENDING"))
                .statusCode(200)
                .body("status", equalTo("PENDING"))
                .body("snoozedUntil", nullValue());
        wakeUp.wakeUpDue(later);
        f.conversation(f.agent, id).body("status", equalTo("PENDING"));
        given().auth()
                .oauth2(f.agent)
                .get("/api/v1/conversations/" + id + "/events")
                .then()
                .body("items.type[0]", equalTo("CONVERSATION_CREATED"))
                .body("items.type[2]", equalTo("STATUS_CHANGED"))
                .body("items[2].data.snoozedUntil", equalTo(first.toString()))
                .body("items[3].type", equalTo("SNOOZE_RESCHEDULED"))
                .body("items[3].data.to", equalTo(later.toString()))
                .body("items[5].data.from", equalTo("SNOOZED"))
                .body("items[5].data.to", equalTo("PENDING"));
        assertEquals(0, snoozeExpiries(id));
    }

    @Test
    void aMessageFromTheContactEndsTheSnoozeEarly() {
        String id = f.send(channel, "z-3", "u-3", "Cem", "hi");
        f.patch(
                        f.agent,
                        id,
                        Map.of(
                                "status",
                                "SNOOZED",
                                "snoozedUntil",
                                farAhead(Duration.ZERO).toString()))
                .statusCode(200);
        f.send(channel, "z-4", "u-3", "Cem", "are you there?");
        f.conversation(f.agent, id).body("status", equalTo("OPEN")).body("snoozedUntil", nullValue());
    }

    @Test
    void replicasWakingAtTheSameTimeWakeEachConversationOnce() throws Exception {
        Instant until = farAhead(Duration.ofDays(1));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = f.send(channel, "r-" + i, "u-r" + i, "Person " + i, "hello");
            f.patch(f.agent, id, Map.of("status", "SNOOZED", "snoozedUntil", until.toString()))
                    .statusCode(200);
            ids.add(id);
        }
        var pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        int woken = 0;
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int replica = 0; replica < 4; replica++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return wakeUp.wakeUpDue(until);
                }));
            }
            start.countDown();
            for (Future<Integer> run : runs) {
                woken += run.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(woken >= 30, "woken " + woken);
        for (String id : ids) {
            assertEquals(1, snoozeExpiries(id), "conversation " + id);
        }
        assertEquals(List.of(), f.listIds(f.agent, Map.of("status", "SNOOZED")));
        assertEquals(30, f.listIds(f.agent, Map.of("status", "OPEN")).size());
    }

    @Test
    void theWakeUpRunsOnASchedule() {
        var job = scheduler.getScheduledJob("inbox-snooze-wake-up");
        assertTrue(job != null, "the wake-up job is scheduled");
        assertTrue(scheduler.isRunning());
    }

    private long snoozeExpiries(String conversationId) {
        return sql.count(
                "SELECT COUNT(*) FROM conversation_event WHERE conversation_id = ? AND type = 'STATUS_CHANGED'"
                        + " AND data LIKE '%snooze-expired%'",
                conversationId);
    }
}
