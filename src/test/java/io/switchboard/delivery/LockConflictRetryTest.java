package io.switchboard.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.Sql;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reply whose transaction loses a real deadlock in MariaDB is run again by the service
 * ({@link io.switchboard.common.db.RetryOnLockConflict}): the operator gets 202 and the reply is stored and sent
 * once, instead of an error for work the database rolled back whole.
 */
@QuarkusTest
class LockConflictRetryTest {

    @Inject
    Sql sql;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry metrics;

    private static WireMockServer provider;

    private final InboxFixture f = new InboxFixture("lock-retry");
    private final Replies replies = new Replies(f);

    @BeforeAll
    static void startProvider() {
        provider = new WireMockServer(options().dynamicPort());
        provider.start();
        provider.stubFor(post(urlPathMatching("/replies/.*")).willReturn(okJson("{\"id\": \"shop-1\"}")));
    }

    @AfterAll
    static void stopProvider() {
        provider.stop();
    }

    private double retried() {
        return metrics.counter("switchboard.transactions.lock.conflicts", "outcome", "retried")
                .count();
    }

    /** Whether the reply's claim of its Idempotency-Key is running (the service's connections use this account). */
    private boolean claimWaits(Connection own) throws Exception {
        try (PreparedStatement select = own.prepareStatement("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                        + " WHERE ID <> CONNECTION_ID() AND INFO LIKE 'INSERT IGNORE INTO idempotency_key%'");
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1) > 0;
        }
    }

    @Test
    void aReplyThatLosesADeadlockIsRunAgainAndAcceptedOnce() throws Exception {
        String channel = f.channel("Shop app", Map.of("replyUrl", provider.baseUrl() + "/replies/shop"));
        String conversation = f.send(channel, "in-1", "user-1", "Ann", "Where is my parcel?");
        String tenant = (String) sql.single("SELECT tenant_id FROM conversation WHERE id = ?", conversation);
        String operator = f.operatorId(f.agent);
        String key = "retry-" + UUID.randomUUID();
        double before = retried();

        ExtractableResponse<Response> accepted;
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            // Another transaction, larger than the reply's (the database rolls back the smaller one of a deadlock),
            // holds the reply's Idempotency-Key uncommitted: the reply, holding its conversation's lock, waits.
            try (PreparedStatement insert = other.prepareStatement(
                    "INSERT INTO idempotency_key (tenant_id,"
                            + " operator_id, idempotency_key, fingerprint, message_id, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < 20; i++) {
                    insert.setString(1, tenant);
                    insert.setString(2, operator);
                    insert.setString(3, i == 0 ? key : key + "-" + i);
                    insert.setString(4, "0".repeat(64));
                    insert.setString(5, UUID.randomUUID().toString());
                    insert.setObject(6, java.sql.Timestamp.from(Instant.now()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            CompletableFuture<ExtractableResponse<Response>> reply = CompletableFuture.supplyAsync(
                    () -> replies.post(conversation, Replies.text("It left the warehouse today"), key)
                            .extract());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> claimWaits(other));
            // Now this transaction wants the conversation the reply holds: a deadlock, and the reply is its victim.
            // Its second run queues behind this transaction's lock on the conversation until this one ends.
            try (PreparedStatement lock =
                    other.prepareStatement("SELECT id FROM conversation WHERE id = ? FOR UPDATE")) {
                lock.setString(1, conversation);
                lock.executeQuery().close();
            }
            // Its second run waits for this transaction; without one, the reply has answered already.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> retried() > before || reply.isDone());
            other.rollback();
            accepted = reply.get(20, TimeUnit.SECONDS);
            assertEquals(202, accepted.statusCode(), "the reply after a lost deadlock: " + accepted.asString());
        }

        assertEquals(before + 1, retried(), "runs again after the deadlock");
        replies.awaitStatus(conversation, accepted.path("id"), "SENT");
        assertEquals(
                1,
                sql.count(
                        "SELECT COUNT(*) FROM message WHERE conversation_id = ? AND direction = 'OUTBOUND'",
                        conversation));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM delivery WHERE conversation_id = ?", conversation));
        assertEquals(
                1,
                sql.count(
                        "SELECT COUNT(*) FROM conversation_event WHERE conversation_id = ? AND type = 'REPLY_ADDED'",
                        conversation));
        assertEquals(
                1,
                sql.count("SELECT COUNT(*) FROM idempotency_key WHERE idempotency_key = ?", key),
                "the reply's key, claimed once by its second run");
    }
}
