package io.switchboard.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.Sql;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tenants' destinations without the test profile's loopback allowance, as in production: an internal address is
 * refused when configured (422 naming the setting) and a name resolving to one gets no connection when a reply goes
 * out. The loopback WireMock below must receive nothing; no other address is ever connected to.
 */
@QuarkusTest
@TestProfile(EgressPolicyTest.WithoutLoopbackAllowance.class)
class EgressPolicyTest {

    /** An on-premises allow-list that does not cover loopback (a documentation range and a name; never used). */
    public static class WithoutLoopbackAllowance implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.egress.allow", "198.51.100.0/24,partner.example.test");
        }
    }

    private static WireMockServer integration;

    @Inject
    Sql sql;

    private final InboxFixture f = new InboxFixture("egress");
    private final Replies replies = new Replies(f);

    @BeforeAll
    static void startIntegration() {
        integration = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        integration.start();
        integration.stubFor(post(anyUrl()).willReturn(okJson("{\"id\":\"should-never-be-seen\"}")));
    }

    @AfterAll
    static void stopIntegration() {
        integration.stop();
    }

    @Test
    void aReplyUrlWrittenAsAnInternalAddressIsRefusedNamingTheSetting() {
        for (String url : List.of(
                "http://127.0.0.1:8080/replies",
                "http://2130706433/replies",
                "http://0x7f.1/replies",
                "http://0177.0.0.1/replies",
                "http://127.1/replies",
                "http://[::1]/replies",
                "http://[::ffff:127.0.0.1]/replies",
                "http://169.254.169.254/latest/meta-data",
                "https://10.0.0.5/replies",
                "https://192.168.1.10/replies",
                "https://172.16.0.1/replies",
                "https://100.64.0.1/replies",
                "https://0.0.0.0/replies",
                "https://[fd00::1]/replies",
                "https://[fe80::1]/replies")) {
            createApiChannel(url)
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:switchboard:problem:destination-refused"))
                    .body("errors[0].field", equalTo("config.replyUrl"));
        }
        createApiChannel("https://partner.example.test/replies").statusCode(201);
        createApiChannel("https://198.51.100.7/replies").statusCode(201);
        createApiChannel("https://api.example.test/replies").statusCode(201);
    }

    @Test
    void changingASettingToAnInternalAddressIsRefusedToo() {
        String channel = f.channel("Shop", Map.of("replyUrl", "https://api.example.test/replies"));
        given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(Map.of("config", Map.of("replyUrl", "http://169.254.169.254/latest")))
                .patch("/api/v1/channels/" + channel)
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("config.replyUrl"));
        given().auth()
                .oauth2(f.admin)
                .get("/api/v1/channels/" + channel)
                .then()
                .body("config.replyUrl", equalTo("https://api.example.test/replies"));
    }

    @Test
    void anImapHostWrittenAsAnInternalAddressIsRefused() {
        given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(Map.of(
                        "kind",
                        "EMAIL",
                        "name",
                        "Mailbox",
                        "config",
                        Map.of(
                                "address", "support@acme.example",
                                "signingKey", "k",
                                "imap", Map.of("host", "10.1.2.3", "username", "u", "password", "p"))))
                .post("/api/v1/channels")
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("config.imap.host"));
        given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(Map.of(
                        "kind",
                        "EMAIL",
                        "name",
                        "Mailbox",
                        "config",
                        Map.of(
                                "address", "support@acme.example",
                                "signingKey", "k",
                                "imap", Map.of("host", "imap.example.test", "port", "70000"))))
                .post("/api/v1/channels")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("config.imap.port"));
    }

    @Test
    void aNameThatResolvesToLoopbackGetsNoConnectionAndTheReplyFailsWithoutRevealingWhy() {
        // "localhost" is a name: it passes configuration, and resolves to loopback when the reply goes out.
        String path = "/replies/" + java.util.UUID.randomUUID();
        String channel = f.channel("Shop", Map.of("replyUrl", "http://localhost:" + integration.port() + path));
        String conversation = f.deliver(channel, InboxFixture.message("in-" + path.substring(9), "user-7", "Ann", "Hi"))
                .statusCode(201)
                .extract()
                .path("conversationId");

        String id = replies.send(conversation, Replies.text("Hello"));
        replies.awaitStatus(conversation, id, "FAILED");

        assertEquals(0, integration.findAll(anyRequestedFor(anyUrl())).size(), "the integration received nothing");
        String error = (String) sql.single("SELECT last_error FROM delivery WHERE message_id = ?", id);
        assertTrue(error.startsWith("The reply URL is refused: "), error);
        assertTrue(error.contains("internal, private or reserved address"), error);
        assertFalse(
                error.contains("127.0.0.1") || error.contains("::1"), "the resolved address stays unsaid: " + error);
    }

    private io.restassured.response.ValidatableResponse createApiChannel(String replyUrl) {
        return given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(Map.of("kind", "API", "name", "Shop", "config", Map.of("replyUrl", replyUrl)))
                .post("/api/v1/channels")
                .then();
    }
}
