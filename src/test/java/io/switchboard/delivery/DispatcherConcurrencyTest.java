package io.switchboard.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.channel.outbound.SendOutcome;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.Sql;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dispatchers racing for the same due rows, and a dispatcher that dies mid-batch: every delivery is sent exactly
 * once and none is lost. The replica's own dispatcher is paused, so the dispatchers here are the only ones.
 */
@QuarkusTest
class DispatcherConcurrencyTest {

    private static WireMockServer provider;

    @Inject
    DeliveryDispatcher dispatcher;

    @Inject
    DeliveryAttempts attempts;

    @Inject
    SwitchboardConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    Sql sql;

    @Inject
    AgroalDataSource dataSource;

    private final InboxFixture f = new InboxFixture("dispatch");
    private final Replies replies = new Replies(f);
    private final String path = "/replies/" + UUID.randomUUID();

    @BeforeAll
    static void startProvider() {
        provider = new WireMockServer(options().dynamicPort().containerThreads(40));
        provider.start();
    }

    @AfterAll
    static void stopProvider() {
        provider.stop();
    }

    @BeforeEach
    void pauseTheReplicasDispatcher() {
        dispatcher.pause();
        provider.stubFor(post(urlEqualTo(path)).willReturn(okJson("{}")));
    }

    @AfterEach
    void resume() {
        dispatcher.resume();
    }

    /** {@code count} replies, spread over a few conversations, queued while no dispatcher runs. */
    private Set<String> queueReplies(int count) throws Exception {
        String channel = f.channel("Shop app", Map.of("replyUrl", provider.baseUrl() + path));
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            conversations.add(f.send(channel, "in-" + UUID.randomUUID(), "user-" + i, "User " + i, "Hallo"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String conversation = conversations.get(i % conversations.size());
                int n = i;
                ids.add(pool.submit(() -> replies.send(conversation, Replies.text("Antwort " + n))));
            }
            Set<String> all = new HashSet<>();
            for (Future<String> id : ids) {
                all.add(id.get());
            }
            return all;
        } finally {
            pool.shutdown();
        }
    }

    /** How often the provider received each of our messages. */
    private Map<String, Long> sentPerMessage() {
        return provider.findAll(postRequestedFor(urlEqualTo(path))).stream()
                .map(request -> {
                    try {
                        return mapper.readTree(request.getBody())
                                .get("messageId")
                                .asText();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private long withStatus(Set<String> messageIds, String status) {
        return messageIds.stream()
                .filter(id -> status.equals(sql.single("SELECT status FROM delivery WHERE message_id = ?", id)))
                .count();
    }

    /** One dispatcher: claims small batches at {@code now} and sends them until nothing is due. */
    private Callable<Integer> dispatcherAt(Instant now) {
        return () -> {
            int sent = 0;
            for (List<DeliveryAttempts.Claim> batch = attempts.claim(7, now);
                    !batch.isEmpty();
                    batch = attempts.claim(7, now)) {
                batch.forEach(attempts::process);
                sent += batch.size();
            }
            return sent;
        };
    }

    @Test
    void twoDispatchersSendEveryDeliveryExactlyOnce() throws Exception {
        Set<String> ours = queueReplies(200);
        assertEquals(200, withStatus(ours, "QUEUED"));

        ExecutorService dispatchers = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> first = dispatchers.submit(dispatcherAt(Instant.now()));
            Future<Integer> second = dispatchers.submit(dispatcherAt(Instant.now()));
            assertTrue(first.get() + second.get() >= 200);
        } finally {
            dispatchers.shutdown();
        }

        Map<String, Long> sent = sentPerMessage();
        assertEquals(ours, sent.keySet());
        assertTrue(sent.values().stream().allMatch(n -> n == 1), "sent more than once: " + sent);
        assertEquals(200, withStatus(ours, "SENT"));
    }

    @Test
    void deliveriesOfADispatcherThatDiedAreTakenOverWhenTheirLeaseEnds() throws Exception {
        Set<String> ours = queueReplies(30);
        // A dispatcher claims the batch and dies before sending anything.
        List<DeliveryAttempts.Claim> abandoned = attempts.claim(500, Instant.now()).stream()
                .filter(c -> ours.contains(c.messageId()))
                .toList();
        assertEquals(30, abandoned.size());
        assertEquals(30, withStatus(ours, "SENDING"));
        // While the lease lasts, nobody else takes them.
        assertTrue(attempts.claim(500, Instant.now()).stream().noneMatch(c -> ours.contains(c.messageId())));
        assertTrue(sentPerMessage().isEmpty());

        // Once it has run out, two other dispatchers share them.
        Instant afterLease = Instant.now().plus(config.delivery().lease()).plusSeconds(1);
        ExecutorService dispatchers = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> first = dispatchers.submit(dispatcherAt(afterLease));
            Future<Integer> second = dispatchers.submit(dispatcherAt(afterLease));
            assertTrue(first.get() + second.get() >= 30);
        } finally {
            dispatchers.shutdown();
        }
        Map<String, Long> sent = sentPerMessage();
        assertEquals(ours, sent.keySet());
        assertTrue(sent.values().stream().allMatch(n -> n == 1), "sent more than once: " + sent);
        assertEquals(30, withStatus(ours, "SENT"));
        for (String id : ours) {
            assertEquals(2, ((Number) sql.single("SELECT attempts FROM delivery WHERE message_id = ?", id)).intValue());
        }

        // The dead dispatcher comes back and reports: its claim is stale, so nothing it says is recorded.
        DeliveryAttempts.Claim stale = abandoned.get(0);
        assertFalse(attempts.record(stale, new SendOutcome.Permanent("late news")));
        assertEquals("SENT", sql.single("SELECT status FROM delivery WHERE id = ?", stale.deliveryId()));
        assertEquals(
                stale.messageId(), sql.single("SELECT provider_id FROM delivery WHERE id = ?", stale.deliveryId()));
    }

    /**
     * A sender whose send another sender is recording goes on without waiting for that commit: its slot is for a
     * provider's call. The record still comes, when the writer gets through.
     */
    @Test
    void aSenderDoesNotWaitForARecordAnotherSenderIsWriting() throws Exception {
        Set<String> ours = queueReplies(2);
        List<DeliveryAttempts.Claim> claimed = attempts.claim(500, Instant.now()).stream()
                .filter(c -> ours.contains(c.messageId()))
                .toList();
        assertEquals(2, claimed.size());
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try (Connection blocker = dataSource.getConnection()) {
            // Holds the first delivery's row: whoever writes its record waits here.
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement("SELECT id FROM delivery WHERE id = ? FOR UPDATE")) {
                lock.setString(1, claimed.get(0).deliveryId());
                lock.executeQuery().close();
            }
            Future<?> writer = senders.submit(() -> attempts.process(claimed.get(0)));
            // Its writer waits on the row (the service's own connections are visible to its database user).
            await().atMost(Duration.ofSeconds(20))
                    .until(() ->
                            sql.count("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()"
                                            + " AND COMMAND = 'Query' AND INFO LIKE '%delivery%' AND TIME_MS > 300")
                                    > 0);

            // The second send ends while the first sender is still writing: it is queued for that writer.
            senders.submit(() -> attempts.process(claimed.get(1))).get(20, TimeUnit.SECONDS);
            assertEquals(2, sentPerMessage().size());
            assertFalse(writer.isDone());
            assertEquals(2, withStatus(ours, "SENDING"));

            blocker.rollback();
            writer.get(20, TimeUnit.SECONDS);
        } finally {
            senders.shutdown();
        }
        assertEquals(2, withStatus(ours, "SENT"));
    }

    /**
     * The dispatcher records a broadcast's sends together; the record is the one a single send gets, which for
     * replies (queued here without a broadcast) also shows on their messages and conversations' history.
     */
    @Test
    void sendsRecordedTogetherAreRecordedAsOneByOne() throws Exception {
        Set<String> ours = queueReplies(6);
        List<DeliveryAttempts.Claim> claimed = attempts.claim(500, Instant.now()).stream()
                .filter(c -> ours.contains(c.messageId()))
                .sorted(java.util.Comparator.comparing(DeliveryAttempts.Claim::deliveryId))
                .toList();
        assertEquals(6, claimed.size());
        DeliveryAttempts.Claim takenOver = claimed.get(0);
        DeliveryAttempts.Claim reportedEarly = claimed.get(1);
        // Another dispatcher took one over after our lease ran out; the provider already reported on another.
        sql.update("UPDATE delivery SET claim_token = ? WHERE id = ?", UUID.randomUUID(), takenOver.deliveryId());
        sql.update("UPDATE delivery SET early_receipt_status = 'DELIVERED' WHERE id = ?", reportedEarly.deliveryId());

        List<SendOutcome.Sent> outcomes = claimed.stream()
                .map(c -> new SendOutcome.Sent("provider-" + c.deliveryId()))
                .toList();
        Set<String> recorded = attempts.recordAllSent(claimed, outcomes);

        assertEquals(
                claimed.stream().skip(1).map(DeliveryAttempts.Claim::deliveryId).collect(Collectors.toSet()), recorded);
        assertEquals("SENDING", sql.single("SELECT status FROM delivery WHERE id = ?", takenOver.deliveryId()));
        assertEquals("DELIVERED", sql.single("SELECT status FROM delivery WHERE id = ?", reportedEarly.deliveryId()));
        assertEquals(
                "DELIVERED", sql.single("SELECT delivery_status FROM message WHERE id = ?", reportedEarly.messageId()));
        for (DeliveryAttempts.Claim claim : claimed.subList(2, claimed.size())) {
            assertEquals("SENT", sql.single("SELECT status FROM delivery WHERE id = ?", claim.deliveryId()));
            assertEquals(
                    "provider-" + claim.deliveryId(),
                    sql.single("SELECT provider_id FROM delivery WHERE id = ?", claim.deliveryId()));
            assertEquals(null, sql.single("SELECT claim_token FROM delivery WHERE id = ?", claim.deliveryId()));
            assertEquals("SENT", sql.single("SELECT delivery_status FROM message WHERE id = ?", claim.messageId()));
            assertEquals(
                    "provider-" + claim.deliveryId(),
                    sql.single("SELECT external_id FROM message WHERE id = ?", claim.messageId()));
            assertEquals(
                    1,
                    sql.count(
                            "SELECT COUNT(*) FROM conversation_event WHERE type = 'DELIVERY_UPDATED'"
                                    + " AND JSON_VALUE(data, '$.deliveryId') = ?"
                                    + " AND JSON_VALUE(data, '$.status') = 'SENT'",
                            claim.deliveryId()));
        }
    }
}
