package io.switchboard.inbox;

import static io.restassured.RestAssured.given;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.Ids;
import io.switchboard.testing.SseClient;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A stream shows what happened on any replica: the events another replica writes to the shared database
 * reach the clients connected here.
 */
@QuarkusTest
class LiveUpdatesAcrossReplicasTest {

    @TestHTTPResource("/api/v1/stream")
    URL streamUrl;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anEventWrittenByAnotherReplicaReachesTheStream() throws Exception {
        String tenant = TestTokens.newTenant("acme");
        String admin = TestTokens.token(tenant, "carol", "admin");
        String channelId = given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of("kind", "API", "name", "CRM"))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String conversationId = given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of("externalId", "e-1", "sender", Map.of("id", "u-1"), "text", "hi"))
                .post("/api/v1/channels/" + channelId + "/inbound")
                .then()
                .statusCode(201)
                .extract()
                .path("conversationId");

        try (SseClient stream = SseClient.connect(streamUrl.toString(), TestTokens.token(tenant, "alice", "agent"))) {
            // Another replica resolves the conversation: all this one can see is the event row.
            try (var c = dataSource.getConnection();
                    var insert = c.prepareStatement("INSERT INTO conversation_event (id, tenant_id, conversation_id,"
                            + " type, data, created_at) VALUES (?, ?, ?, 'STATUS_CHANGED', ?, ?)")) {
                insert.setString(1, Ids.newId());
                insert.setString(2, tenant);
                insert.setString(3, conversationId);
                insert.setString(4, "{\"from\":\"OPEN\",\"to\":\"RESOLVED\"}");
                insert.setTimestamp(5, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> stream.saw("conversation-updated", conversationId));
        }
    }
}
