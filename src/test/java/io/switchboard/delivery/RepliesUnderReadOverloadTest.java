package io.switchboard.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.limits.ReadBulkhead;
import io.switchboard.limits.ReadProbeResource;
import io.switchboard.testing.ProviderApis;
import io.switchboard.testing.ProviderSignatures;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The promise: slow reads never stop replies. 40 clients of four tenants read as slowly as they can (each
 * read holds a connection until the test ends it), more than the pool's 32 connections; without the bulkhead they
 * would hold every connection and the dispatcher could not even claim a delivery. With it, 16 reads run, the rest
 * are refused with 503, and meanwhile another tenant's customer texts in and the agent's reply reaches Twilio.
 */
@QuarkusTest
class RepliesUnderReadOverloadTest extends ProviderReplyEndToEnd {

    private static final String NUMBER = "+14155550123";
    private static final int FLOODING_TENANTS = 4;
    private static final int CLIENTS_PER_TENANT = 10;

    @Inject
    ReadBulkhead bulkhead;

    private final String accountSid = "AC" + hex(16);
    private final String authToken = hex(16);
    private final String customer = "+1415555" + digits(4);

    @Test
    void withEveryReadPlaceTakenAndMoreReadsThanConnectionsTheDispatcherStillSendsAReply() throws Exception {
        Map<String, String> channel = channel(
                "SMS", "Support line", Map.of("accountSid", accountSid, "authToken", authToken, "phoneNumber", NUMBER));
        String messagesApi = ProviderApis.TWILIO + "/2010-04-01/Accounts/" + accountSid + "/Messages.json";
        stub(post(urlPathEqualTo(messagesApi))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"SM" + hex(16) + "\",\"status\":\"queued\"}")));
        // Once in quiet times, so that what is measured below is the overload, not a cold start.
        String quietReply = textAndReply(channel, "Hello?", "Hello, how can I help?");
        awaitSent(quietReply);
        List<String> readers = new ArrayList<>();
        for (int t = 0; t < FLOODING_TENANTS; t++) {
            String agent = TestTokens.token(TestTokens.newTenant("flood"), "alice", "agent");
            given().auth().oauth2(agent).get("/api/v1/me").then().statusCode(200);
            readers.add(agent);
        }

        String key = UUID.randomUUID().toString();
        ReadProbeResource.holdReads(key);
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Queue<String> unexpected = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(FLOODING_TENANTS * CLIENTS_PER_TENANT);
        try {
            for (String agent : readers) {
                for (int c = 0; c < CLIENTS_PER_TENANT; c++) {
                    clients.submit(() -> readUntilStopped(agent, key, flooding, admitted, refused, unexpected));
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> bulkhead.inFlight() == bulkhead.replicaLimit());
            await().atMost(Duration.ofSeconds(30)).until(() -> refused.get() >= FLOODING_TENANTS * CLIENTS_PER_TENANT);

            // The customer texts in (ingest) and the agent answers (a write) while every read place is taken.
            String reply = textAndReply(channel, "Where is my parcel?", "It arrives tomorrow");
            awaitSent(reply);

            assertEquals(
                    2,
                    wireMock.find(postRequestedFor(urlPathEqualTo(messagesApi))).size());
            assertEquals(bulkhead.replicaLimit(), bulkhead.inFlight(), "the reads were still holding every read place");
            assertEquals(0, admitted.get(), "no held read ended before the reply was sent");
        } finally {
            flooding.set(false);
            ReadProbeResource.release(key);
            clients.shutdown();
            assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS));
        }
        assertTrue(unexpected.isEmpty(), "answers other than 200 or 503 with Retry-After: " + unexpected);
        // The held reads answered 200 once released (and so did reads admitted in the places they freed).
        assertTrue(admitted.get() >= bulkhead.replicaLimit(), admitted.get() + " reads answered 200");
    }

    /** One client of the flood: reads as long as it may, and after a 503 waits as its Retry-After says. */
    private static Void readUntilStopped(
            String agent,
            String key,
            AtomicBoolean flooding,
            AtomicInteger admitted,
            AtomicInteger refused,
            Queue<String> unexpected)
            throws InterruptedException {
        while (flooding.get()) {
            Response read = given().auth().oauth2(agent).get("/api/v1/test-reads/hold?key=" + key);
            if (read.statusCode() == 200) {
                admitted.incrementAndGet();
            } else if (read.statusCode() == 503 && read.header("Retry-After") != null) {
                refused.incrementAndGet();
                Thread.sleep(1000 * Long.parseLong(read.header("Retry-After")));
            } else {
                unexpected.add(read.statusCode() + " " + read.asString());
            }
        }
        return null;
    }

    /** The customer texts in through Twilio's signed webhook, the agent replies; returns the reply's id. */
    private String textAndReply(Map<String, String> channel, String text, String answer) {
        List<Map.Entry<String, String>> inbound = List.of(
                Map.entry("MessageSid", "SM" + hex(16)),
                Map.entry("AccountSid", accountSid),
                Map.entry("From", customer),
                Map.entry("To", NUMBER),
                Map.entry("Body", text),
                Map.entry("NumMedia", "0"));
        String webhookUrl = channel.get("webhookUrl");
        given().contentType("application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", ProviderSignatures.twilio(authToken, webhookUrl, inbound))
                .body(ProviderSignatures.form(inbound))
                .post(webhookUrl.substring(webhookUrl.indexOf("/webhooks/")))
                .then()
                .statusCode(200);
        String conversationId = conversationOf(channel.get("id"), inbound.get(0).getValue());
        return replies.send(conversationId, Replies.text(answer));
    }

    /** Reads the delivery's status from the database: under the flood the API's reads are refused. */
    private void awaitSent(String messageId) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "SENT".equals(sql.single("SELECT status FROM delivery WHERE message_id = ?", messageId)));
    }
}
