package io.switchboard.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.switchboard.adapter.sms.SmsSegments;
import io.switchboard.testing.Browser;
import io.switchboard.testing.KeycloakServer;
import io.switchboard.testing.KeycloakTestResource;
import io.switchboard.testing.KeycloakTestResource.InjectKeycloak;
import io.switchboard.testing.ProductionSettingsTestResource;
import io.switchboard.testing.ProviderApis;
import io.switchboard.testing.ProviderApisTestResource.InjectProviderApis;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The publishing screens in a real Chromium against the packaged service and a real Keycloak: alice composes a post
 * for an X account and a Facebook page (WireMock plays both) with an SMS broadcast, watching each channel's counter;
 * she schedules it in New York's time and finds it on the calendar at the workspace's local time; bob sends it back
 * with a comment, she reads it, changes the post and submits it again, bob approves it; a post that went out shows
 * each target's provider id. Screenshots go to target/console-screenshots (publishing-*).
 */
@QuarkusIntegrationTest
@WithTestResource(KeycloakTestResource.class)
@WithTestResource(ProductionSettingsTestResource.class)
class PublishingConsoleIT {

    private static final String API_CLIENT = "switchboard-api";
    private static final String API_SECRET = "switchboard-api-demo-secret";
    private static final String NEW_YORK = "America/New_York";

    @InjectKeycloak
    KeycloakServer keycloak;

    @InjectProviderApis
    WireMockServer providers;

    private Browser browser;
    private String base;
    private final String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41));
    private final String pageId = "7" + suffix;
    private final String label = "vip-" + suffix;
    private String xChannel;
    private String pageChannel;
    private String smsChannel;

    @BeforeEach
    void setUp() {
        base = "http://localhost:" + RestAssured.port;
        xChannel = channel(
                "X",
                "Acme on X",
                Map.of("userId", suffix, "consumerSecret", "cs" + suffix, "accessToken", "xt" + suffix));
        pageChannel = channel(
                "FACEBOOK",
                "Acme page",
                Map.of(
                        "pageId",
                        pageId,
                        "appSecret",
                        "as" + suffix,
                        "verifyToken",
                        "vt" + suffix,
                        "pageAccessToken",
                        "pt" + suffix));
        smsChannel = channel(
                "SMS",
                "Acme SMS",
                Map.of(
                        "accountSid",
                        "AC" + hex(16),
                        "authToken",
                        hex(16),
                        "phoneNumber",
                        "+1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999))));
        for (int i = 0; i < 3; i++) {
            given().auth()
                    .oauth2(token("alice"))
                    .contentType("application/json")
                    .body(Map.of(
                            "name",
                            "Customer " + i + " " + suffix,
                            "phone",
                            "+4915" + (100_000_000 + ThreadLocalRandom.current().nextInt(899_999_999)),
                            "labels",
                            List.of(label)))
                    .post("/api/v1/contacts")
                    .then()
                    .statusCode(201);
        }
        given().auth()
                .oauth2(token("carol"))
                .contentType("application/json")
                .body(Map.of("approvalRequired", true))
                .put("/api/v1/settings/publishing")
                .then()
                .statusCode(200);
        keycloak.allowWebOrigin("switchboard-spa", base);
        browser = Browser.start(1440, 900);
    }

    @AfterEach
    void tearDown() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aliceComposesAndSchedulesAPostBobSendsItBackThenApprovesIt() throws Exception {
        long started = System.nanoTime();
        browser.onFailure("publishing", this::composeReviewAndApprove);
        System.out.printf(
                "PublishingConsoleIT: the scenario took %d s%n", (System.nanoTime() - started) / 1_000_000_000);
    }

    private void composeReviewAndApprove() throws Exception {
        signIn("alice", "Alice Anders");
        go("#/publishing/new");
        await("the composer").atMost(Duration.ofSeconds(20)).until(() -> browser.find("[data-testid=text]") != null);

        // One text for both targets; X counts weighted characters: 12 + an emoji (2) + 15 + a link (23) = 52.
        String text = "Winter sale ❄️ starts Monday https://example.com/sale";
        browser.find("[data-testid=text]").sendKeys(text);
        browser.find("input[data-target='" + xChannel + "']").click();
        browser.find("input[data-target='" + pageChannel + "']").click();
        await("X's counter")
                .atMost(Duration.ofSeconds(5))
                .until(() -> browser.text("[data-testid=counter-X]").contains("280"));
        assertTrue(
                browser.text("[data-testid=counter-X]").contains("52 / 280"), browser.text("[data-testid=counter-X]"));
        assertTrue(
                browser.text("[data-testid=counter-FACEBOOK]").contains("63,206"),
                browser.text("[data-testid=counter-FACEBOOK]"));

        // X gets a text of its own, over the limit: the counter says so as she types.
        browser.find("section[data-kind=X] [data-action=own-text]").click();
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.find("[data-testid=target-text]") != null);
        browser.find("[data-testid=target-text]").sendKeys(" " + "x".repeat(240));
        await("over X's limit")
                .atMost(Duration.ofSeconds(5))
                .until(() -> browser.find("[data-testid=counter-X].over") != null);
        browser.find("[data-testid=target-text]").clear();
        browser.find("[data-testid=target-text]").sendKeys("Winter sale on X ❄️ from Monday");
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.find("[data-testid=counter-X].over") == null);

        // A broadcast by SMS to the label: the count before sending is the API's.
        selectValue("[data-testid=audience-channel]", smsChannel);
        browser.find("[data-testid=audience-label]").sendKeys(label);
        int apiCount = given().auth()
                .oauth2(token("alice"))
                .queryParam("channelId", smsChannel)
                .queryParam("label", label)
                .get("/api/v1/posts/audience")
                .then()
                .statusCode(200)
                .extract()
                .path("recipients");
        assertEquals(3, apiCount);
        await("the audience count")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.text("[data-testid=audience-count]").contains("3 recipients"));
        smsPartsCountedAsTheServiceDoes();
        browser.find("[data-testid=audience-text]").sendKeys("VIP: winter sale from Monday, 20% off");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> browser.text("[data-testid=counter-SMS]").contains("1 / 10 segments"));

        // In two days, 09:30 in New York.
        LocalDate day = LocalDate.now(ZoneId.of(NEW_YORK)).plusDays(2);
        selectValue("[data-testid=zone]", NEW_YORK);
        setInput("[data-testid=date]", day.toString());
        setInput("[data-testid=time]", "09:30");
        browser.screenshot("publishing-01-composer");
        browser.find("[data-action=submit-post]").click();
        await("the post's page")
                .atMost(Duration.ofSeconds(15))
                .until(() -> browser.text("[data-testid=post-status]").contains("Pending approval"));
        String postId = currentId();
        Instant at =
                ZonedDateTime.of(day, LocalTime.of(9, 30), ZoneId.of(NEW_YORK)).toInstant();
        JsonPath post = getPost("alice", postId);
        assertEquals(at.toString(), post.getString("scheduledAt"));
        assertEquals(NEW_YORK, post.getString("timeZone"));
        assertEquals("Winter sale on X ❄️ from Monday", post.getString("targets.find { it.kind == 'X' }.text"));
        assertEquals(label, post.getString("audience.label"));
        browser.screenshot("publishing-02-pending");

        // On the calendar, at the workspace's local time.
        String tenantZone = given().auth()
                .oauth2(token("alice"))
                .get("/api/v1/posts/channels")
                .then()
                .statusCode(200)
                .extract()
                .path("timeZone");
        ZonedDateTime local = at.atZone(ZoneId.of(tenantZone));
        go("#/publishing");
        String entry = "a.entry[data-post='" + postId + "']";
        await("the calendar")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.find("[data-testid=calendar]") != null);
        if (!appears("[data-day='" + local.toLocalDate() + "'] " + entry)) {
            browser.find("button[aria-label=Next]").click(); // the day is in next month
        }
        await("the post on its local day")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.find("[data-day='" + local.toLocalDate() + "'] " + entry) != null);
        assertEquals(
                local.format(DateTimeFormatter.ofPattern("HH:mm")),
                browser.find(entry).getAttribute("data-time"));
        browser.screenshot("publishing-03-calendar-month");
        browser.find("[data-view=week]").click();
        // The week view opens on the week of the month shown; the post's week is that one or a later one.
        for (int i = 0; i < 6 && !appears(entry); i++) {
            browser.find("button[aria-label=Next]").click();
        }
        await("the post in the week view").atMost(Duration.ofSeconds(10)).until(() -> browser.find(entry) != null);
        browser.screenshot("publishing-04-calendar-week");

        // bob sends it back with a comment.
        signOut();
        signIn("bob", "Bob");
        go("#/publishing/queue");
        String row = "[data-testid=queue] li[data-post='" + postId + "']";
        await("the approval queue").atMost(Duration.ofSeconds(10)).until(() -> browser.find(row) != null);
        browser.find(row + " [data-action=send-back]").click();
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.find("[data-testid=comment]") != null);
        String comment = "Please name the stores that take part.";
        browser.find("[data-testid=comment]").sendKeys(comment);
        browser.screenshot("publishing-05-queue-send-back");
        browser.find("[data-action=confirm-send-back]").click();
        await("the queue is empty of it").atMost(Duration.ofSeconds(10)).until(() -> browser.find(row) == null);
        assertEquals("DRAFT", getPost("bob", postId).getString("status"));

        // alice reads the comment, changes the post and submits it again.
        signOut();
        signIn("alice", "Alice Anders");
        go("#/publishing/drafts");
        await("the comment on her draft")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.text("[data-testid=drafts] li[data-post='" + postId + "']")
                        .contains(comment));
        go("#/publishing/post/" + postId);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.text("[data-testid=sent-back]").contains(comment));
        browser.screenshot("publishing-06-sent-back");
        go("#/publishing/edit/" + postId);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.find("[data-testid=text]") != null
                        && browser.find("[data-testid=text]")
                                .getAttribute("value")
                                .contains("Winter sale"));
        browser.find("[data-testid=text]").sendKeys(" In Berlin, Paris and Lyon.");
        // The composer's work clock: an open work session on the post while alice edits it, ended when she leaves.
        await("a work session on the post")
                .atMost(Duration.ofSeconds(10))
                .until(() -> postSession("alice", postId) != null
                        && postSession("alice", postId).get("endedAt") == null);
        browser.find("[data-action=submit-post]").click();
        await("pending again")
                .atMost(Duration.ofSeconds(15))
                .until(() -> browser.text("[data-testid=post-status]").contains("Pending approval"));
        await("the work session ended on leaving the composer")
                .atMost(Duration.ofSeconds(10))
                .until(() -> postSession("alice", postId).get("endedAt") != null);
        assertTrue(getPost("alice", postId).getString("text").endsWith("In Berlin, Paris and Lyon."));
        assertEquals(at.toString(), getPost("alice", postId).getString("scheduledAt"));

        // bob approves it from the post's page; a post that already went out shows its provider ids.
        String tweetId = "19" + suffix;
        WireMock wireMock =
                WireMock.create().host("127.0.0.1").port(providers.port()).build();
        wireMock.register(post(urlPathEqualTo(ProviderApis.X + "/2/tweets"))
                .withHeader("Authorization", WireMock.equalTo("Bearer xt" + suffix))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":{\"id\":\"" + tweetId + "\",\"text\":\"sale\"}}")));
        wireMock.register(post(urlPathMatching(ProviderApis.META + "/v[^/]+/" + pageId + "/feed"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                                "{\"error\":{\"message\":\"(#200) The page is unpublished\",\"type\":\"OAuthException\","
                                        + "\"code\":200}}")));
        signOut();
        signIn("bob", "Bob");
        go("#/publishing/post/" + postId);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.find("[data-action=approve]") != null);
        browser.find("[data-action=approve]").click();
        await("approved")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.text("[data-testid=post-status]").contains("Scheduled"));
        assertEquals("SCHEDULED", getPost("bob", postId).getString("status"));

        String soon = given().auth()
                .oauth2(token("bob"))
                .contentType("application/json")
                .body(Map.of(
                        "text",
                        "Doors open at 9 today",
                        "targets",
                        List.of(Map.of("channelId", xChannel), Map.of("channelId", pageChannel)),
                        "scheduledAt",
                        Instant.now().plusSeconds(3).toString(),
                        "timeZone",
                        NEW_YORK))
                .post("/api/v1/posts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(token("bob"))
                .post("/api/v1/posts/" + soon + "/submit")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(token("bob"))
                .post("/api/v1/posts/" + soon + "/approve")
                .then()
                .statusCode(200);
        await("it went out")
                .atMost(Duration.ofSeconds(30))
                .until(() -> getPost("bob", soon).getString("status").equals("PARTIALLY_FAILED"));
        wireMock.verifyThat(1, postRequestedFor(urlPathEqualTo(ProviderApis.X + "/2/tweets")));
        go("#/publishing/post/" + soon);
        await("provider id and error")
                .atMost(Duration.ofSeconds(10))
                .until(() ->
                        browser.text("[data-testid=targets] tr[data-kind=X]").contains(tweetId)
                                && browser.text("[data-testid=targets] tr[data-kind=FACEBOOK]")
                                        .contains("The page is unpublished"));
        browser.screenshot("publishing-07-post-outcome");

        // French, then a phone's width.
        go("#/publishing");
        browser.find("select[aria-label=Language]").sendKeys("FR");
        await("the French interface")
                .atMost(Duration.ofSeconds(5))
                .until(() -> browser.text("nav.tabs").contains("Calendrier"));
        assertTrue(browser.text(".toolbar").contains("Heures de " + tenantZone), browser.text(".toolbar"));
        browser.screenshot("publishing-08-french");
        browser.resize(390, 844);
        Thread.sleep(500);
        assertNoHorizontalScroll();
        browser.screenshot("publishing-09-phone-calendar");
        go("#/publishing/post/" + postId);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.find("[data-testid=audience]") != null);
        assertNoHorizontalScroll();
        browser.screenshot("publishing-10-phone-post");
        go("#/publishing/new");
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.find("[data-testid=composer]") != null);
        assertNoHorizontalScroll();
        browser.screenshot("publishing-11-phone-composer");
        browser.resize(1440, 900);
        browser.find("select[aria-label=Langue]").sendKeys("EN");
    }

    private String channel(String kind, String name, Map<String, String> config) {
        return given().auth()
                .oauth2(token("carol"))
                .contentType("application/json")
                .body(Map.of("kind", kind, "name", name, "config", config))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Whether the element shows within 3 s (the screen reads the API after it renders). */
    private boolean appears(String selector) throws InterruptedException {
        for (int i = 0; i < 30; i++) {
            if (browser.find(selector) != null) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private void signIn(String user, String name) {
        browser.open(base + "/");
        await("Keycloak's login page").atMost(Duration.ofSeconds(30)).until(() -> browser.find("#kc-login") != null);
        browser.driver().findElement(By.id("username")).sendKeys(user);
        browser.driver().findElement(By.id("password")).sendKeys(user + "-pw");
        browser.driver().findElement(By.id("kc-login")).click();
        await("the console, signed in")
                .atMost(Duration.ofSeconds(30))
                .until(() -> browser.text("[data-testid=operator]").contains(name));
    }

    private void signOut() {
        browser.find("[data-action=sign-out]").click();
        await("signed out").atMost(Duration.ofSeconds(30)).until(() -> browser.find("#kc-login") != null);
    }

    private void go(String hash) {
        browser.script("location.hash = arguments[0];", hash);
    }

    private String currentId() {
        String hash = (String) browser.script("return location.hash;");
        return hash.substring(hash.lastIndexOf('/') + 1);
    }

    private void selectValue(String selector, String value) {
        browser.script(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'));",
                browser.find(selector),
                value);
    }

    /**
     * The composer counts a broadcast's SMS parts as the service bills and checks them (SmsSegments): an escape pair
     * (€) or an emoji is never split across two parts, so these texts take one part more than their length divided
     * by a part's size.
     */
    private void smsPartsCountedAsTheServiceDoes() {
        for (String text : List.of(
                "a".repeat(152) + "€" + "a".repeat(152),
                "é" + "a".repeat(65) + "\uD83D\uDE00" + "a".repeat(66),
                "\uD83D\uDE00".repeat(36),
                "a".repeat(160))) {
            SmsSegments expected = SmsSegments.of(text);
            browser.script(
                    "arguments[0].value = arguments[1];"
                            + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                    browser.find("[data-testid=audience-text]"),
                    text);
            await("the parts of a text of " + expected.characters() + " " + expected.encoding() + " units")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> {
                        WebElement counter = browser.find("[data-testid=counter-SMS]");
                        return counter != null
                                && String.valueOf(expected.segments()).equals(counter.getDomAttribute("data-segments"))
                                && expected.encoding().toString().equals(counter.getDomAttribute("data-encoding"));
                    });
        }
        browser.script(
                "arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                browser.find("[data-testid=audience-text]"));
    }

    private void setInput(String selector, String value) {
        browser.script(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'));",
                browser.find(selector),
                value);
    }

    /** The user's latest work session on the post, or null. */
    private Map<String, Object> postSession(String user, String postId) {
        List<Map<String, Object>> items = given().auth()
                .oauth2(token(user))
                .queryParam("operator", "me")
                .get("/api/v1/work-sessions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        return items.stream()
                .filter(i -> postId.equals(i.get("postId")))
                .findFirst()
                .orElse(null);
    }

    private JsonPath getPost(String user, String id) {
        return given().auth()
                .oauth2(token(user))
                .get("/api/v1/posts/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private void assertNoHorizontalScroll() {
        Object overflow = browser.script("return document.documentElement.scrollWidth - window.innerWidth;");
        assertEquals(0L, ((Number) overflow).longValue(), "the page scrolls sideways");
    }

    private String token(String user) {
        return keycloak.passwordGrantToken(API_CLIENT, API_SECRET, user, user + "-pw");
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
