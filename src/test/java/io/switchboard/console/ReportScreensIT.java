package io.switchboard.console;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.switchboard.testing.Browser;
import io.switchboard.testing.InboundSms;
import io.switchboard.testing.KeycloakServer;
import io.switchboard.testing.KeycloakTestResource;
import io.switchboard.testing.KeycloakTestResource.InjectKeycloak;
import io.switchboard.testing.ProductionSettingsTestResource;
import io.switchboard.testing.ProviderApis;
import io.switchboard.testing.ProviderApisTestResource.InjectProviderApis;
import io.switchboard.testing.TwilioMessagesFake;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
 * The report screens in a real Chromium against the packaged service and a real Keycloak. Work is created through
 * the API as the console and providers would (signed SMS webhooks, replies, heartbeats, a manual phone entry and its
 * correction, a resolution); bob opens workload, response times, volume and return, and each figure on screen is
 * checked against the API's report for the same range; alice (an agent) sees only her own workload and none of the
 * manager's screens. Screenshots go to target/console-screenshots.
 */
@QuarkusIntegrationTest
@WithTestResource(KeycloakTestResource.class)
@WithTestResource(ProductionSettingsTestResource.class)
@WithTestResource(ReportScreensIT.PromptFacts.class)
class ReportScreensIT {

    private static final String API_CLIENT = "switchboard-api";
    private static final String API_SECRET = "switchboard-api-demo-secret";
    private static final String NUMBER = "+15550002222";

    /** Response times are measured by a background job; here every second, so the test does not wait long. */
    public static class PromptFacts implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("switchboard.workload.facts-every", "1s");
        }

        @Override
        public void stop() {}
    }

    @InjectKeycloak
    KeycloakServer keycloak;

    @InjectProviderApis
    WireMockServer providers;

    private Browser browser;
    private String base;
    private String accountSid;
    private String authToken;
    private String webhookUrl;

    @BeforeEach
    void setUp() {
        base = "http://localhost:" + RestAssured.port;
        accountSid = "AC" + hex(16);
        authToken = hex(16);
        Map<String, String> channel = given().auth()
                .oauth2(token("carol"))
                .contentType("application/json")
                .body(Map.of(
                        "kind",
                        "SMS",
                        "name",
                        "Reports line",
                        "config",
                        Map.of("accountSid", accountSid, "authToken", authToken, "phoneNumber", NUMBER)))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getMap("", String.class, String.class);
        webhookUrl = channel.get("webhookUrl");
        TwilioMessagesFake.install(
                WireMock.create().host("127.0.0.1").port(providers.port()).build(), ProviderApis.TWILIO, accountSid);
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
    void aManagerReadsTheReportScreensAndAnAgentOnlyHerOwnWorkload() throws Exception {
        long started = System.nanoTime();
        String alice = given().auth()
                .oauth2(token("alice"))
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        String bob = given().auth()
                .oauth2(token("bob"))
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        String phoneEntry = createWork(alice);
        browser.onFailure("reports-bob", () -> bobReadsTheReports(alice, phoneEntry));
        browser.onFailure("reports-alice", () -> aliceSeesOnlyHerOwn(alice, bob));
        System.out.printf("ReportScreensIT: %d s%n", (System.nanoTime() - started) / 1_000_000_000);
    }

    /**
     * Three SMS conversations; alice takes and answers two (heartbeats while she works), resolves one; bob logs a
     * phone call for her and corrects its length. Returns the phone entry's id.
     */
    private String createWork(String alice) throws Exception {
        // The reports' rows are days in acme's zone, and the checks below look in today's: work logged just before
        // midnight would be read after it, in yesterday's row. Close to midnight, start on the new day.
        java.time.ZoneId zone = zone();
        java.time.ZonedDateTime local = java.time.ZonedDateTime.now(zone);
        Duration left = Duration.between(local, local.toLocalDate().plusDays(1).atStartOfDay(zone));
        if (left.compareTo(Duration.ofMinutes(2)) < 0) {
            System.out.printf(
                    "ReportScreensIT: %d s to midnight in %s; the work starts on the new day%n",
                    left.toSeconds(), zone);
            Thread.sleep(left.toMillis() + 1000);
        }
        String aliceToken = token("alice");
        given().auth()
                .oauth2(token("bob"))
                .contentType("application/json")
                .body(Map.of("hourlyCost", Map.of("amountMinor", 3600, "currency", "EUR")))
                .patch("/api/v1/operators/" + alice)
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(409)));
        List<String> conversations = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String from = "+1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
            assertEquals(200, sendSms("SM" + hex(16), from, "Question " + i + ": where is my order?"));
            await().atMost(Duration.ofSeconds(10)).until(() -> conversationFrom(aliceToken, from) != null);
            conversations.add(conversationFrom(aliceToken, from));
        }
        for (String id : conversations.subList(0, 2)) {
            given().auth()
                    .oauth2(aliceToken)
                    .contentType("application/json")
                    .body(Map.of("operatorId", alice))
                    .put("/api/v1/conversations/" + id + "/assignee")
                    .then()
                    .statusCode(200);
            for (int beat = 0; beat < 3; beat++) {
                given().auth()
                        .oauth2(aliceToken)
                        .post("/api/v1/conversations/" + id + "/work/heartbeat")
                        .then()
                        .statusCode(200);
                Thread.sleep(1000); // a session of a few seconds, as a real one lasts minutes
            }
            given().auth()
                    .oauth2(aliceToken)
                    .contentType("application/json")
                    .body(Map.of("type", "REPLY", "text", "Your order ships today."))
                    .post("/api/v1/conversations/" + id + "/messages")
                    .then()
                    .statusCode(202);
            given().auth()
                    .oauth2(aliceToken)
                    .post("/api/v1/conversations/" + id + "/work/stop")
                    .then()
                    .statusCode(org.hamcrest.Matchers.lessThan(300));
        }
        given().auth()
                .oauth2(aliceToken)
                .contentType("application/json")
                .body(Map.of("status", "RESOLVED"))
                .patch("/api/v1/conversations/" + conversations.get(0))
                .then()
                .statusCode(200);
        Map<String, Object> call = new HashMap<>();
        call.put("channelKind", "PHONE");
        call.put("operatorId", alice);
        // A call that ended a minute ago, or one that started at midnight if today is younger than that.
        Instant midnight = java.time.LocalDate.now(zone).atStartOfDay(zone).toInstant();
        Instant callStart = Instant.now().minusSeconds(960);
        call.put("startedAt", (callStart.isBefore(midnight) ? midnight : callStart).toString());
        call.put("durationSeconds", 600);
        call.put("note", "Customer called about a refund");
        String entry = given().auth()
                .oauth2(token("bob"))
                .contentType("application/json")
                .body(call)
                .post("/api/v1/work-sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(token("bob"))
                .contentType("application/json")
                .body(Map.of("durationSeconds", 900))
                .patch("/api/v1/work-sessions/" + entry)
                .then()
                .statusCode(200);
        // The replies' first-response facts are measured in the background.
        await("alice's first responses measured")
                .atMost(Duration.ofSeconds(60))
                .until(() -> workload(token("bob"), Map.of("from", today(), "to", tomorrow(), "operator", alice))
                                .getInt("rows.collect { it.firstResponse.count }.sum() ?: 0")
                        >= 2);
        return entry;
    }

    private void bobReadsTheReports(String alice, String phoneEntry) throws Exception {
        signIn("bob");
        for (String screen : List.of("workload", "response-times", "volume", "return")) {
            assertNotNull(browser.find("nav a[data-screen=" + screen + "]"), screen + " in bob's navigation");
        }

        // Workload: the table's figures are the API's for the range the screen chose.
        browser.click("nav a[data-screen=workload]");
        await("the workload table")
                .atMost(Duration.ofSeconds(20))
                .until(() -> browser.find("[data-testid=workload-table] tr[data-operator='" + alice + "']") != null);
        Map<String, String> range = range();
        JsonPath workload = workload(token("bob"), range);
        long handling = workload.getList("rows.handlingSeconds", Integer.class).stream()
                .mapToLong(Integer::longValue)
                .sum();
        assertEquals(String.valueOf(handling), attribute("[data-testid=total-handling]", "data-value"));
        List<Map<String, Object>> aliceRows = workload.getList("rows.findAll { it.operatorId == '" + alice + "' }");
        assertEquals(
                aliceRows.size(),
                browser.findAll("tr[data-operator='" + alice + "']").size());
        Map<String, Object> todays = aliceRows.stream()
                .filter(r -> r.get("period").equals(today()))
                .findFirst()
                .orElseThrow();
        String row = "tr[data-operator='" + alice + "'][data-period='" + today() + "'] ";
        assertEquals(
                String.valueOf(todays.get("conversationsResolved")),
                browser.text(row + "[data-field=conversationsResolved]").strip());
        assertEquals(
                String.valueOf(todays.get("replies")),
                browser.text(row + "[data-field=replies]").strip());
        assertEquals(
                String.valueOf(todays.get("handlingSeconds")),
                attribute(row + "[data-field=handlingSeconds]", "data-value"));
        assertTrue(browser.text(row + "[data-field=cost]").contains("€"), browser.text(row + "[data-field=cost]"));
        // The sessions behind the row: the drill-down lists them, their seconds add up to at least the figure.
        browser.click(row + "[data-action=drill]");
        await("the sessions behind alice's day")
                .atMost(Duration.ofSeconds(10))
                .until(() ->
                        browser.findAll("[data-testid=drill] tr[data-session]").size() >= 3);

        // Her day: live sessions and bob's phone entry, marked as manual with who entered and changed it.
        browser.click(row + "[data-action=timeline]");
        await("alice's day")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.find("[data-testid=day-sessions] tr[data-session='" + phoneEntry + "']") != null);
        String entry = browser.text("[data-testid=day-sessions] tr[data-session='" + phoneEntry + "']");
        assertTrue(entry.contains("Manual entry"), entry);
        assertTrue(entry.contains("entered by Bob Baker"), entry);
        assertTrue(entry.contains("changed by Bob Baker"), entry);
        assertTrue(entry.contains("15 min"), entry);
        assertTrue(
                browser.findAll("[data-testid=day-sessions] tr[data-source=LIVE]")
                                .size()
                        >= 2,
                "alice's live sessions");
        // Below the fold of a 900 px window: clicked from the page, as the keyboard would, without scrolling to it.
        browser.script(
                "arguments[0].click();", browser.find("tr[data-session='" + phoneEntry + "'] [data-action=history]"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.text("ul.history").contains("Changed"));
        assertNotNull(browser.find(".timeline svg"), "the timeline is drawn");
        fullPage("10-workload");
        browser.resize(390, 844);
        assertNoHorizontalScroll();
        browser.screenshot("11-workload-phone");
        browser.resize(1440, 900);

        // Response times: per channel kind against its target, the same counts as the API.
        browser.click("nav a[data-screen=response-times]");
        await("the response-times table")
                .atMost(Duration.ofSeconds(20))
                .until(() ->
                        browser.find("[data-testid=rt-table] tr[data-kind=SMS][data-measure=FIRST_RESPONSE]") != null);
        range = range();
        JsonPath times = report("response-times", range);
        Map<String, Object> sms = times.getMap("rows.find { it.dimension == 'CHANNEL_KIND' && it.key == 'SMS'"
                + " && it.measure == 'FIRST_RESPONSE' && it.period == '" + today() + "' }");
        String smsRow =
                "[data-testid=rt-table] tr[data-kind=SMS][data-measure=FIRST_RESPONSE][data-period='" + today() + "'] ";
        assertEquals(
                String.valueOf(sms.get("count")),
                browser.text(smsRow + "[data-action=drill]").strip());
        assertEquals(String.valueOf(sms.get("medianSeconds")), attribute(smsRow + "[data-field=median]", "data-value"));
        assertEquals(
                ((Number) sms.get("metTargetShare")).doubleValue(),
                Double.parseDouble(attribute(smsRow + "[data-field=share]", "data-value")));
        assertTrue(browser.text(smsRow).contains("15 min"), "SMS's target: " + browser.text(smsRow));
        assertTrue(browser.text("[data-testid=rt-summary]").contains("SMS"));
        // Per channel: the SMS channel on its kind's 15 min (it sets no target of its own).
        assertNotNull(
                browser.find("[data-testid=rt-channels] tr[data-channel] [data-field=target][data-value='900']"),
                browser.text("[data-testid=rt-channels]"));
        assertNotNull(browser.find(".chart.dist svg"), "the distribution is drawn");
        fullPage("12-response-times");

        // Volume: messages per kind, the drill-down behind a figure, the hour-of-week heatmap.
        browser.click("nav a[data-screen=volume]");
        await("the volume table")
                .atMost(Duration.ofSeconds(20))
                .until(() -> browser.find("[data-testid=volume-table] tr[data-kind=SMS]") != null);
        range = range();
        JsonPath volume = report("volume", range);
        long in = volume.getList("rows.messagesIn", Integer.class).stream()
                .mapToLong(Integer::longValue)
                .sum();
        assertEquals(String.valueOf(in), attribute("[data-testid=total-in]", "data-value"));
        long out = volume.getList("rows.messagesOut", Integer.class).stream()
                .mapToLong(Integer::longValue)
                .sum();
        assertEquals(String.valueOf(out), attribute("[data-testid=total-out]", "data-value"));
        JsonPath hours = report("traffic-hours", Map.of("from", range.get("from"), "to", range.get("to")));
        assertEquals(
                in,
                hours.getList("rows.messagesIn", Integer.class).stream()
                        .mapToLong(Integer::longValue)
                        .sum());
        assertTrue(browser.text("[data-testid=busiest]").startsWith("Busiest hour"));
        // bob is a manager, not an admin: the channel's name still labels its row (the channel directory).
        await("the channel's name")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.text("[data-testid=volume-channels]").contains("Reports line"));
        assertNotNull(browser.find(".chart.heat svg"), "the heatmap is drawn");
        String smsToday = "[data-testid=volume-table] tr[data-kind=SMS][data-period='" + today() + "'] ";
        long smsIn = volume.getLong("rows.find { it.kind == 'SMS' && it.period == '" + today() + "' }.messagesIn");
        browser.click(smsToday + "[data-field=messagesIn]");
        await("the conversations behind today's SMS in")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.find("[data-testid=drill] tbody tr") != null);
        long counted = 0;
        for (WebElement cell : browser.findAll("[data-testid=drill] tbody td:last-child")) {
            counted += Long.parseLong(cell.getText().strip());
        }
        assertEquals(smsIn, counted, "the drill-down adds up to the figure");
        // The CSV the download button saves: the API's CSV, read by the console's own client.
        String csv = (String) browser.driver()
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + " const app = document.querySelector('sb-app');"
                                + " app.api.reportCsv('volume', {from: arguments[0], to: arguments[1]})"
                                + ".then(done, e => done('failed: ' + e.message));",
                        range.get("from"),
                        range.get("to"));
        String[] lines = csv.split("\r?\n");
        assertEquals(
                "period,kind,messagesIn,messagesOut,postsPublished,broadcastRecipients,deliveryFailures", lines[0]);
        assertEquals(volume.getList("rows").size() + 1, lines.length);
        fullPage("13-volume");

        // Return: the channel-return rows, a missing ratio as a dash.
        browser.click("nav a[data-screen=return]");
        await("the return table")
                .atMost(Duration.ofSeconds(20))
                .until(() -> browser.find("[data-testid=return-table] tbody tr") != null);
        range = range();
        JsonPath ret = report("channel-return", range);
        assertEquals(
                ret.getList("rows").size(),
                browser.findAll("[data-testid=return-table] tbody tr").size());
        long missing = ret.getList("rows.costPerThousandViews").stream()
                .filter(java.util.Objects::isNull)
                .count();
        assertTrue(missing > 0, "a channel without views has no cost per 1,000 views");
        assertEquals(
                missing,
                browser.findAll("[data-testid=return-table] [data-field=perThousandViews]").stream()
                        .filter(c -> c.getText().strip().equals("—"))
                        .count());
        fullPage("14-return");

        // French.
        browser.find("select[aria-label=Language]").sendKeys("FR");
        await("the French interface")
                .atMost(Duration.ofSeconds(5))
                .until(() -> browser.text("h1").contains("Retour"));
        browser.click("nav a[data-screen=volume]");
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.text("h1").contains("Volume et trafic"));
        assertTrue(browser.text("[data-testid=volume-table]").contains("Messages reçus"));
        fullPage("15-volume-french");
        browser.resize(390, 844);
        assertNoHorizontalScroll();
        browser.screenshot("16-volume-phone-french");
        browser.resize(1440, 900);
        browser.find("select[aria-label=Langue]").sendKeys("EN");
        browser.click("[data-action=sign-out]");
    }

    private void aliceSeesOnlyHerOwn(String alice, String bob) {
        await("back on Keycloak's login page")
                .atMost(Duration.ofSeconds(30))
                .until(() -> browser.find("#kc-login") != null);
        signIn("alice");
        assertNotNull(browser.find("nav a[data-screen=workload]"));
        for (String screen : List.of("response-times", "volume", "return")) {
            assertEquals(null, browser.find("nav a[data-screen=" + screen + "]"), screen + " in alice's navigation");
        }
        browser.click("nav a[data-screen=workload]");
        await("her workload")
                .atMost(Duration.ofSeconds(20))
                .until(() -> browser.find("[data-testid=workload-table] tr[data-operator]") != null);
        for (WebElement row : browser.findAll("[data-testid=workload-table] tr[data-operator]")) {
            assertEquals(alice, row.getDomAttribute("data-operator"));
        }
        assertEquals(null, browser.find("select[data-field=operator]"), "no one else to choose");
        Map<String, String> range = range();
        long handling = workload(token("alice"), range).getList("rows.handlingSeconds", Integer.class).stream()
                .mapToLong(Integer::longValue)
                .sum();
        assertEquals(String.valueOf(handling), attribute("[data-testid=total-handling]", "data-value"));
        browser.screenshot("17-workload-agent");

        // A manager's screen by its address: refused on screen, and by the API.
        for (String screen : List.of("response-times", "volume", "return")) {
            browser.script("location.hash = arguments[0];", "#/" + screen);
            await(screen + " refused")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> browser.find("[data-testid=forbidden]") != null);
            assertTrue(browser.text("[data-testid=forbidden]").contains("manager"));
        }
        browser.screenshot("18-agent-refused");
        for (String report : List.of("response-times", "volume", "channel-return", "traffic-hours")) {
            given().auth()
                    .oauth2(token("alice"))
                    .queryParams(range)
                    .get("/api/v1/reports/" + report)
                    .then()
                    .statusCode(403);
        }
        given().auth()
                .oauth2(token("alice"))
                .queryParams(range)
                .queryParam("operator", bob)
                .get("/api/v1/reports/operator-workload")
                .then()
                .statusCode(403);
    }

    private void signIn(String user) {
        browser.open(base + "/");
        await("Keycloak's login page").atMost(Duration.ofSeconds(30)).until(() -> browser.find("#kc-login") != null);
        browser.driver().findElement(By.id("username")).sendKeys(user);
        browser.driver().findElement(By.id("password")).sendKeys(user + "-pw");
        browser.driver().findElement(By.id("kc-login")).click();
        await(user + " signed in").atMost(Duration.ofSeconds(30)).until(() -> browser.find("nav") != null);
    }

    /** The range and grouping the current screen's picker asks for. */
    @SuppressWarnings("unchecked")
    private Map<String, String> range() {
        return (Map<String, String>)
                browser.script("const deep = (root, s) => root.querySelector(s) || [...root.querySelectorAll('*')]"
                        + ".map(e => e.shadowRoot && deep(e.shadowRoot, s)).find(Boolean);"
                        + " const r = deep(document, 'sb-report-range');"
                        + " return {from: r.from, to: r.to, groupBy: r.groupBy};");
    }

    private String attribute(String selector, String name) {
        WebElement element = browser.find(selector);
        assertNotNull(element, selector);
        return element.getDomAttribute(name);
    }

    /** A screenshot of the whole page, as tall as its content. */
    private void fullPage(String name) {
        Object height =
                browser.script("const deep = (root, s) => root.querySelector(s) || [...root.querySelectorAll('*')]"
                        + ".map(e => e.shadowRoot && deep(e.shadowRoot, s)).find(Boolean);"
                        + " const page = deep(document, '.page'); return page ? page.scrollHeight + 60 : 900;");
        browser.resize(1440, Math.min(4000, Math.max(900, ((Number) height).intValue() + 100)));
        browser.screenshot(name);
        browser.resize(1440, 900);
    }

    private void assertNoHorizontalScroll() {
        Object overflow = browser.script("return document.documentElement.scrollWidth - window.innerWidth;");
        assertEquals(0L, ((Number) overflow).longValue(), "the page scrolls sideways");
    }

    private JsonPath report(String name, Map<String, String> query) {
        return given().auth()
                .oauth2(token("bob"))
                .queryParams(query)
                .get("/api/v1/reports/" + name)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private JsonPath workload(String token, Map<String, String> query) {
        return given().auth()
                .oauth2(token)
                .queryParams(query)
                .get("/api/v1/reports/operator-workload")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Acme's time zone, in which the reports cut days. */
    private java.time.ZoneId zone() {
        return java.time.ZoneId.of(given().auth()
                .oauth2(token("bob"))
                .get("/api/v1/settings/tenant")
                .then()
                .statusCode(200)
                .extract()
                .path("timeZone"));
    }

    /** Today and tomorrow in acme's zone, as the reports take them. */
    private String today() {
        return java.time.LocalDate.now(zone()).toString();
    }

    private String tomorrow() {
        return java.time.LocalDate.parse(today()).plusDays(1).toString();
    }

    private String conversationFrom(String token, String from) {
        List<Map<String, Object>> items = given().auth()
                .oauth2(token)
                .queryParam("q", from.substring(1))
                .queryParam("status", "OPEN")
                .get("/api/v1/conversations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        return items.isEmpty() ? null : (String) items.get(0).get("id");
    }

    private int sendSms(String sid, String from, String body) throws Exception {
        return InboundSms.post(base, webhookUrl, accountSid, authToken, NUMBER, sid, from, body);
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
