package io.switchboard.console;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The manager's screens in a real Chromium against the packaged service and a real Keycloak: bob signs in and lands
 * on the live overview of acme, then reads the staff cost per channel, drills into a bar of its chart, downloads the
 * report as CSV and reads it in French and at a phone's width. The figures are checked against the API's own answers
 * for the same range. Test data goes in through the API as users would put it: an SMS channel, signed webhooks, hourly
 * costs and logged work. Screenshots go to target/console-screenshots.
 */
@QuarkusIntegrationTest
@WithTestResource(KeycloakTestResource.class)
@WithTestResource(ProductionSettingsTestResource.class)
class ManagerDashboardIT {

    private static final String API_CLIENT = "switchboard-api";
    private static final String API_SECRET = "switchboard-api-demo-secret";
    private static final String NUMBER = "+15550002222";

    @InjectKeycloak
    KeycloakServer keycloak;

    private Browser browser;
    private String base;
    private String authToken;
    private String accountSid;
    private String channelId;
    private String webhookUrl;
    private Path downloads;

    @BeforeEach
    void setUp() throws IOException {
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
                        "Hotline SMS",
                        "config",
                        Map.of("accountSid", accountSid, "authToken", authToken, "phoneNumber", NUMBER)))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getMap("", String.class, String.class);
        channelId = channel.get("id");
        webhookUrl = channel.get("webhookUrl");
        keycloak.allowWebOrigin("switchboard-spa", base);
        downloads = Files.createTempDirectory("dashboard-downloads");
        browser = Browser.start(1440, 900);
    }

    @AfterEach
    void tearDown() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void bobReadsTheOverviewAndTheStaffCostPerChannel() throws Exception {
        long started = System.nanoTime();
        seed();
        browser.onFailure("bob", this::bobReadsHisDashboard);
        System.out.printf(
                "ManagerDashboardIT: %d s (data, sign-in, overview, costs, drill-down, CSV, French, phone)%n",
                (System.nanoTime() - started) / 1_000_000_000);
    }

    /** Three SMS conversations, hourly costs for alice, logged work on the channel and by phone. */
    private void seed() throws Exception {
        String bob = token("bob");
        String alice = token("alice");
        String andy = token("andy");
        String aliceId = id(alice);
        id(andy);
        given().auth()
                .oauth2(bob)
                .contentType("application/json")
                .body(Map.of("hourlyCost", Map.of("amountMinor", 3600, "currency", "EUR")))
                .patch("/api/v1/operators/" + aliceId)
                .then()
                .statusCode(200);
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String from = "+1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
            assertEquals(200, sendSms("SM" + hex(16), from, "Question " + i + ": where is my order?"));
        }
        await("three conversations on the channel")
                .atMost(Duration.ofSeconds(15))
                .until(() -> smsConversations(alice).size() >= 3);
        conversations.addAll(smsConversations(alice));
        Instant earlier = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        logWork(
                alice,
                Map.of(
                        "conversationId",
                        conversations.get(0),
                        "startedAt",
                        earlier.toString(),
                        "durationSeconds",
                        1800));
        logWork(
                alice,
                Map.of(
                        "conversationId", conversations.get(1),
                        "startedAt", earlier.plusSeconds(2400).toString(),
                        "durationSeconds", 1200));
        logWork(
                alice,
                Map.of(
                        "channelKind",
                        "PHONE",
                        "startedAt",
                        earlier.plusSeconds(4000).toString(),
                        "durationSeconds",
                        900,
                        "note",
                        "Call about a refund"));
        logWork(
                andy,
                Map.of(
                        "channelKind",
                        "PHONE",
                        "startedAt",
                        earlier.plusSeconds(5000).toString(),
                        "durationSeconds",
                        600,
                        "note",
                        "Supplier call"));
        given().auth()
                .oauth2(alice)
                .contentType("application/json")
                .body(Map.of("status", "RESOLVED"))
                .patch("/api/v1/conversations/" + conversations.get(0))
                .then()
                .statusCode(200);
    }

    @SuppressWarnings("unchecked")
    private void bobReadsHisDashboard() throws Exception {
        browser.open(base + "/");
        await("Keycloak's login page").atMost(Duration.ofSeconds(30)).until(() -> browser.find("#kc-login") != null);
        browser.driver().findElement(By.id("username")).sendKeys("bob");
        browser.driver().findElement(By.id("password")).sendKeys("bob-pw");
        browser.driver().findElement(By.id("kc-login")).click();

        // The landing screen of a manager is the overview, with the tenant's figures as the API gives them.
        await("the overview")
                .atMost(Duration.ofSeconds(30))
                .until(() -> browser.find("[data-testid=overview-cards]") != null);
        assertEquals("overview", browser.find("main").getAttribute("data-screen"));
        browser.script("window.__sameDocument = true;");
        JsonPath overview = api("bob", "/api/v1/overview");
        assertEquals(sum(overview, "open"), card("open"));
        assertEquals(sum(overview, "awaitingReply"), card("awaiting"));
        assertEquals(sum(overview, "unassigned"), card("unassigned"));
        assertEquals(sum(overview, "pastTarget"), card("pastTarget"));
        assertEquals(
                overview.getList("operators.findAll { it.availability == 'ONLINE' }")
                        .size(),
                card("online"));
        assertTrue(browser.text("[data-testid=overview-channels]").contains("Hotline SMS"));
        browser.screenshot("20-overview");

        // A new SMS shows in the figures without a reload (the event stream).
        long before = card("open");
        assertEquals(200, sendSms("SM" + hex(16), "+15559990000", "Is anyone there?"));
        await("the new conversation counted live")
                .atMost(Duration.ofSeconds(10))
                .until(() -> card("open") == before + 1);
        assertEquals(Boolean.TRUE, browser.script("return window.__sameDocument === true;"), "no reload");

        // Staff cost per channel: the chart's total is the report's total for the same range.
        browser.find("nav a[data-screen=costs]").click();
        await("the cost chart")
                .atMost(Duration.ofSeconds(30))
                .until(() -> Long.valueOf(0)
                        .equals(browser.script(
                                "const c = arguments[0]; return c && c.__chart ? 0 : 1;",
                                browser.find("[data-testid=cost-chart]"))));
        WebElement page = browser.find("[data-testid=costs]");
        Map<String, String> range = Map.of(
                "from", page.getAttribute("data-from"),
                "to", page.getAttribute("data-to"),
                "groupBy", page.getAttribute("data-group"));
        JsonPath report = given().auth()
                .oauth2(token("bob"))
                .queryParams(range)
                .get("/api/v1/reports/channel-costs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        long apiTotal =
                report
                        .getList("rows.costs.flatten().findAll { it.currency == 'EUR' }.amountMinor", Number.class)
                        .stream()
                        .mapToLong(Number::longValue)
                        .sum();
        assertTrue(apiTotal > 0, "alice's logged work costs something");
        Number chartTotal = (Number) browser.script(
                "const option = arguments[0].__chart.getOption();"
                        + " return Math.round(option.series.flatMap((s) => s.data).reduce((a, v) => a + (v || 0), 0) * 100);",
                browser.find("[data-testid=cost-chart][data-currency=EUR]"));
        assertEquals(apiTotal, chartTotal.longValue(), "the chart's bars add up to the report's EUR total");
        assertEquals(
                String.valueOf(apiTotal),
                browser.find("[data-figure=total] [data-currency=EUR]").getAttribute("data-minor"));
        assertTrue(browser.text("[data-testid=costs-table]").contains("Hotline SMS"));
        assertTrue(browser.text("[data-testid=costs-table]").contains("Phone"));
        long uncosted = report.getList("rows.uncostedSeconds", Number.class).stream()
                .mapToLong(Number::longValue)
                .sum();
        if (uncosted > 0) {
            assertTrue(
                    browser.text("[data-testid=uncosted]").contains("without an hourly cost"),
                    browser.text("[data-testid=uncosted]"));
        }
        browser.screenshot("21-costs");

        // A bar of the chart opens the work sessions behind it; their seconds in the period add up to the bar's.
        // The chart is scrolled whole into the window first: Selenium offsets a move from the middle of the part of
        // an element in view, so with the chart's foot below the fold the click landed above the bar it aimed at.
        Map<String, Object> bar = (Map<String, Object>) browser.script(
                "arguments[0].scrollIntoView({ block: 'center' });"
                        + " const chart = arguments[0].__chart; const option = chart.getOption();"
                        + " const s = option.series.findIndex((x) => x.name === 'Hotline SMS');"
                        + " const data = option.series[s].data; let i = data.length - 1; while (i > 0 && !data[i]) i--;"
                        + " let below = 0; for (let k = 0; k < s; k++) below += option.series[k].data[i] || 0;"
                        + " const [x, y] = chart.convertToPixel({ gridIndex: 0 }, [i, below + data[i] / 2]);"
                        + " const box = arguments[0].getBoundingClientRect();"
                        + " return { x: Math.round(x - box.width / 2), y: Math.round(y - box.height / 2), index: i,"
                        + " period: chart.__periods ? chart.__periods[i] : null };",
                browser.find("[data-testid=cost-chart][data-currency=EUR]"));
        new Actions(browser.driver())
                .moveToElement(
                        browser.find("[data-testid=cost-chart][data-currency=EUR]"),
                        ((Number) bar.get("x")).intValue(),
                        ((Number) bar.get("y")).intValue())
                .click()
                .perform();
        await("the drill-down")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.find("[data-testid=drill-seconds]") != null
                        && !browser.findAll("[data-testid=drill-table] tbody tr")
                                .isEmpty());
        String period = (String) bar.get("period");
        long barSeconds = report
                .getList(
                        "rows.findAll { it.period == '" + period + "' && it.channelId == '" + channelId + "' }"
                                + ".handlingSeconds",
                        Number.class)
                .stream()
                .mapToLong(Number::longValue)
                .sum();
        long listed = browser.findAll("[data-testid=drill-table] tbody tr").stream()
                .mapToLong(row -> Long.parseLong(row.getAttribute("data-seconds")))
                .sum();
        assertTrue(barSeconds > 0, "the bar has handling time");
        assertEquals(
                barSeconds,
                listed,
                () -> "the sessions listed add up to the bar of " + period + " (now " + Instant.now()
                        + "); report rows: "
                        + report.getList("rows.findAll { it.period == '" + period + "' }")
                        + "; listed: "
                        + browser.findAll("[data-testid=drill-table] tbody tr").stream()
                                .map(row -> row.getText().replace('\n', ' ') + " = " + row.getAttribute("data-seconds"))
                                .toList());
        assertEquals(
                String.valueOf(barSeconds),
                browser.find("[data-testid=drill-seconds]").getAttribute("data-seconds"));
        browser.screenshot("22-drill-down");
        browser.find("[data-action=close]").click();

        // The report downloads in the API's CSV form and parses; its EUR costs add up to the same total.
        browser.driver()
                .executeCdpCommand(
                        "Browser.setDownloadBehavior",
                        Map.of("behavior", "allow", "downloadPath", downloads.toString(), "eventsEnabled", true));
        browser.find("[data-action=report-csv]").click();
        await("the CSV file").atMost(Duration.ofSeconds(15)).until(() -> csvFile() != null);
        List<String> lines = Files.readAllLines(csvFile(), StandardCharsets.UTF_8);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        assertTrue(
                header.containsAll(List.of("period", "channelId", "kind", "handlingSeconds", "costAmountMinor")),
                lines.get(0));
        assertEquals(report.getList("rows").size() + 1, lines.size(), "a header and one line per row");
        int amount = header.indexOf("costAmountMinor");
        int currency = header.indexOf("costCurrency");
        long csvTotal = lines.stream()
                .skip(1)
                .map(line -> line.split(",", -1))
                .filter(cells -> "EUR".equals(cells[currency]))
                .mapToLong(cells -> Long.parseLong(cells[amount]))
                .sum();
        assertEquals(apiTotal, csvTotal);

        // French.
        browser.find("select[aria-label=Language]").sendKeys("FR");
        await("the French interface")
                .atMost(Duration.ofSeconds(5))
                .until(() -> browser.text("[data-testid=costs] h1").contains("Coût du personnel par canal"));
        // Table headings are set in capitals by CSS, and innerText says them so.
        assertTrue(browser.text("[data-testid=costs-table]")
                .toLowerCase(java.util.Locale.ROOT)
                .contains("par conversation résolue"));
        browser.screenshot("23-costs-french");

        // A phone's width: nothing scrolls sideways but the tables inside their panels.
        browser.resize(390, 844);
        await().atMost(Duration.ofSeconds(5)).until(() -> noHorizontalScroll());
        browser.screenshot("24-phone-costs");
        browser.find("nav a[data-screen=overview]").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.find("[data-testid=overview-cards]") != null);
        await().atMost(Duration.ofSeconds(5)).until(() -> noHorizontalScroll());
        browser.screenshot("25-phone-overview");
        browser.resize(1440, 900);
        browser.screenshot("26-overview-french");
    }

    private long card(String figure) {
        WebElement value = browser.find("[data-figure=" + figure + "] .value");
        return value == null ? -1 : Long.parseLong(value.getAttribute("data-value"));
    }

    private static long sum(JsonPath overview, String field) {
        return overview.getList("channels." + field, Number.class).stream()
                .mapToLong(Number::longValue)
                .sum();
    }

    private Path csvFile() throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(f -> f.toString().endsWith(".csv")).findFirst().orElse(null);
        }
    }

    private boolean noHorizontalScroll() {
        Object overflow = browser.script("return document.documentElement.scrollWidth - window.innerWidth;");
        return ((Number) overflow).longValue() <= 0;
    }

    private List<String> smsConversations(String token) {
        return given().auth()
                .oauth2(token)
                .queryParam("kind", "SMS")
                .queryParam("limit", 200)
                .get("/api/v1/conversations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.findAll { it.channelId == '" + channelId + "' }.id", String.class);
    }

    private void logWork(String token, Map<String, Object> body) {
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/work-sessions")
                .then()
                .statusCode(201);
    }

    private JsonPath api(String user, String path) {
        return given().auth()
                .oauth2(token(user))
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private String id(String token) {
        return given().auth()
                .oauth2(token)
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
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
