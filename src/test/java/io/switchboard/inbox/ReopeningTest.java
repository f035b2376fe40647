package io.switchboard.inbox;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A conversation reopens in three ways: an operator sets it OPEN, a new inbound message arrives, or its snooze ends.
 * Each is announced once, as a {@link ConversationStatusChanged} with its reason, and logged as a {@code
 * STATUS_CHANGED} event of the same shape.
 */
@QuarkusTest
class ReopeningTest {

    /** Hears every status change the inbox announces. */
    @ApplicationScoped
    static class Announcements {
        final List<ConversationStatusChanged> heard = new CopyOnWriteArrayList<>();

        void statusChanged(@Observes ConversationStatusChanged change) {
            heard.add(change);
        }

        List<ConversationStatusChanged> of(String conversationId) {
            return heard.stream()
                    .filter(c -> c.conversationId().equals(conversationId))
                    .toList();
        }
    }

    @Inject
    Announcements announcements;

    @Inject
    SnoozeWakeUp wakeUp;

    @Inject
    Clock clock;

    @Test
    void everyWayOfReopeningIsAnnouncedOnceAndLoggedAlike() {
        InboxFixture f = new InboxFixture("reopening");
        String channel = f.channel("Shop");
        String id = f.send(channel, "r-1", "u-1", "Rosa", "Where is my parcel?");
        String agentId = given().auth()
                .oauth2(f.agent)
                .get("/api/v1/me")
                .then()
                .extract()
                .path("id");

        // 1. By an operator.
        f.patch(f.agent, id, Map.of("status", "RESOLVED")).statusCode(200);
        f.patch(f.agent, id, Map.of("status", "OPEN")).statusCode(200);
        // 2. By a new message from the contact.
        f.patch(f.agent, id, Map.of("status", "RESOLVED")).statusCode(200);
        f.send(channel, "r-2", "u-1", "Rosa", "Still nothing");
        // 3. By the end of its snooze (far ahead, so that no other test's snooze is woken).
        Instant until = clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(4000));
        f.patch(f.agent, id, Map.of("status", "SNOOZED", "snoozedUntil", until.toString()))
                .statusCode(200);
        wakeUp.wakeUpDue(until);

        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> announcements.of(id).stream()
                        .anyMatch(c -> c.reason() == ConversationStatusChanged.Reason.SNOOZE_EXPIRED));
        List<ConversationStatusChanged> reopenings = announcements.of(id).stream()
                .filter(c -> c.to() == ConversationStatus.OPEN)
                .toList();
        assertEquals(
                List.of(
                        ConversationStatusChanged.Reason.OPERATOR,
                        ConversationStatusChanged.Reason.INBOUND_MESSAGE,
                        ConversationStatusChanged.Reason.SNOOZE_EXPIRED),
                reopenings.stream().map(ConversationStatusChanged::reason).toList());
        assertEquals(
                List.of(ConversationStatus.RESOLVED, ConversationStatus.RESOLVED, ConversationStatus.SNOOZED),
                reopenings.stream().map(ConversationStatusChanged::from).toList());
        reopenings.forEach(c -> {
            assertEquals(channel, c.channelId());
            assertEquals(f.tenant, c.tenantId());
        });
        assertEquals(
                java.util.Arrays.asList(agentId, null, null),
                reopenings.stream()
                        .map(ConversationStatusChanged::actorOperatorId)
                        .toList());

        JsonPath events = given().auth()
                .oauth2(f.agent)
                .get("/api/v1/conversations/" + id + "/events?limit=100")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Map<String, Object>> logged = events.<Map<String, Object>>getList("items").stream()
                .filter(e -> "STATUS_CHANGED".equals(e.get("type")))
                .map(e -> (Map<String, Object>) e.get("data"))
                .filter(d -> "OPEN".equals(d.get("to")))
                .toList();
        assertEquals(
                List.of(
                        Map.of("from", "RESOLVED", "to", "OPEN", "reason", "operator"),
                        Map.of("from", "RESOLVED", "to", "OPEN", "reason", "inbound-message"),
                        Map.of(
                                "from",
                                "SNOOZED",
                                "to",
                                "OPEN",
                                "reason",
                                "snooze-expired",
                                "snoozedUntil",
                                until.toString())),
                logged);
    }
}
