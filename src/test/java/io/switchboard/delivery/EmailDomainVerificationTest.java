package io.switchboard.delivery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.testing.DnsServer;
import io.switchboard.testing.DnsServerTestResource;
import io.switchboard.testing.MailServer;
import io.switchboard.testing.ProviderSignatures;
import io.switchboard.testing.TestTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An EMAIL channel sends only from a domain its tenant proved it owns: until the TXT record
 * {@code _switchboard-verification.<domain>} holds the issued token, mail still comes in but replies are refused
 * with a 422 that says how to verify. The look-ups go through the service's real DNS resolver to a DNS server on
 * loopback ({@link DnsServer}). The test profile vouches for {@code *.example} (the other tests' domains), as an
 * on-premises install would for its own; this test's domains are under {@code .test}.
 */
@QuarkusTest
class EmailDomainVerificationTest extends ProviderReplyEndToEnd {

    private final String domain = "mail-" + hex(4) + ".acme.test";
    private final String address = "support@" + domain;
    private final String signingKey = "key-" + hex(16);
    private final DnsServer dns = DnsServerTestResource.server();

    @Test
    void repliesWaitForTheDomainsTxtRecordAndGoOutOnceItIsThere() throws Exception {
        Map<String, String> channel = channel("EMAIL", "Support", Map.of("address", address, "signingKey", signingKey));
        String customer = "zoe-" + hex(4) + "@customer.example";
        String conversationId = mailFrom(channel.get("key"), customer);

        // Inbound works; outbound is refused, saying what to do.
        replies.post(conversationId, Replies.text("Hello"), null)
                .statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("_switchboard-verification." + domain));

        String recordValue = verification(channel.get("id"), "GET")
                .body("domain", equalTo(domain))
                .body("recordName", equalTo("_switchboard-verification." + domain))
                .body("verified", equalTo(false))
                .body("checkedAt", nullValue())
                .extract()
                .path("recordValue");
        assertTrue(recordValue.startsWith("switchboard-verification="), recordValue);
        // The token stays the same between calls.
        verification(channel.get("id"), "GET").body("recordValue", equalTo(recordValue));

        verification(channel.get("id"), "POST")
                .body("verified", equalTo(false))
                .body("lastError", equalTo("No TXT record at _switchboard-verification." + domain));

        dns.txt("_switchboard-verification." + domain, "switchboard-verification=someone-elses-token");
        verification(channel.get("id"), "POST")
                .body("verified", equalTo(false))
                .body("lastError", containsString("do not include " + recordValue));

        dns.silence("_switchboard-verification." + domain);
        verification(channel.get("id"), "POST")
                .body("verified", equalTo(false))
                .body("lastError", containsString("DNS did not answer"));
        replies.post(conversationId, Replies.text("Still refused"), null).statusCode(422);

        // Found among the name's other TXT records; the silenced name answers again once it has records.
        dns.answer("_switchboard-verification." + domain, "v=spf1 include:_spf.example -all", recordValue);
        verification(channel.get("id"), "POST")
                .body("verified", equalTo(true))
                .body("vouchedByPlatform", equalTo(false))
                .body("lastError", nullValue())
                .body("verifiedAt", org.hamcrest.Matchers.notNullValue());

        String id = replies.send(conversationId, Replies.text("Now it goes out"));
        replies.awaitStatus(conversationId, id, "SENT");
        assertEquals(1, MailServer.awaitInbox(customer).size());
    }

    @Test
    void aDomainThePlatformVouchesForSendsWithoutARecordAndOnlyEmailChannelsHaveOne() {
        Map<String, String> vouched =
                channel("EMAIL", "News", Map.of("address", "news@acme-" + hex(4) + ".example", "signingKey", "k"));
        verification(vouched.get("id"), "GET").body("verified", equalTo(true)).body("vouchedByPlatform", equalTo(true));

        Map<String, String> sms = channel(
                "SMS",
                "Texts",
                Map.of("accountSid", "AC" + hex(16), "authToken", hex(16), "phoneNumber", "+14155550100"));
        given().auth()
                .oauth2(f.admin)
                .get("/api/v1/channels/" + sms.get("id") + "/domain-verification")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
    }

    @Test
    void onlyTheChannelsTenantsAdminsSeeOrCheckItsDomain() {
        Map<String, String> channel = channel("EMAIL", "Support", Map.of("address", address, "signingKey", "k"));
        String path = "/api/v1/channels/" + channel.get("id") + "/domain-verification";
        given().auth().oauth2(f.agent).get(path).then().statusCode(403);
        given().auth().oauth2(f.manager).post(path).then().statusCode(403);
        String stranger = TestTokens.token(TestTokens.newTenant("other"), "mallory", "admin");
        given().auth().oauth2(stranger).get(path).then().statusCode(404);
        given().auth().oauth2(stranger).post(path).then().statusCode(404);
    }

    private ValidatableResponse verification(String channelId, String method) {
        return given().auth()
                .oauth2(f.admin)
                .request(method, "/api/v1/channels/" + channelId + "/domain-verification")
                .then()
                .statusCode(200);
    }

    /** A customer's mail arrives through a signed Mailgun route; returns its conversation. */
    private String mailFrom(String key, String customer) {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String token = hex(25);
        return given().contentType("application/x-www-form-urlencoded")
                .body(ProviderSignatures.form(List.of(
                        Map.entry("from", customer),
                        Map.entry("sender", customer),
                        Map.entry("recipient", address),
                        Map.entry("subject", "Order #42"),
                        Map.entry("Message-Id", "<" + hex(12) + "@mail.customer.example>"),
                        Map.entry("body-plain", "Where is it?"),
                        Map.entry("stripped-text", "Where is it?"),
                        Map.entry("timestamp", timestamp),
                        Map.entry("token", token),
                        Map.entry("signature", ProviderSignatures.mailgun(signingKey, timestamp, token)))))
                .post("/webhooks/email/" + key)
                .then()
                .statusCode(200)
                .extract()
                .path("conversationId");
    }
}
