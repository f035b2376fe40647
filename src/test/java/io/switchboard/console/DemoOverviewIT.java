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
import io.switchboard.testing.DemoDataTestResource;
import io.switchboard.testing.KeycloakServer;
import io.switchboard.testing.KeycloakTestResource;
import io.switchboard.testing.KeycloakTestResource.InjectKeycloak;
import io.switchboard.testing.ProductionSettingsTestResource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * What a manager sees on a fresh local run: the packaged service seeded with the demo tenant acme (90 days, the demo
 * realm's operators), bob signing in through Keycloak. The overview shows the seeded tenant's figures as the API
 * gives them, and the staff-cost screen answers "which channel costs most per resolved conversation, and is it
 * getting better?" one click away. One class, one extra start of the service (the seed needs its own database).
 */
@QuarkusIntegrationTest
@WithTestResource(KeycloakTestResource.class)
@WithTestResource(ProductionSettingsTestResource.class)
@WithTestResource(DemoDataTestResource.class)
class DemoOverviewIT {

    private static final String API_CLIENT = "switchboard-api";
    private static final String API_SECRET = "switchboard-api-demo-secret";

    @InjectKeycloak
    KeycloakServer keycloak;

    private Browser browser;
    private String base;

    @BeforeEach
    void setUp() {
        base = "http://localhost:" + RestAssured.port;
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
    void bobSeesTheSeededTenantsFiguresAndWhichChannelCostsMostPerResolvedConversation() throws Exception {
        browser.onFailure("bob-demo", this::bobReadsTheDemoTenant);
    }

    private void bobReadsTheDemoTenant() throws Exception {
        // The seed writes in the background after the start (its history, then the reporting facts): wait for both.
        await("the demo seed, with its reporting facts")
                .atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .until(() -> {
                    JsonPath report = given().auth()
                            .oauth2(token("bob"))
                            .queryParam(
                                    "from",
                                    java.time.LocalDate.now().minusDays(90).toString())
                            .queryParam(
                                    "to", java.time.LocalDate.now().plusDays(1).toString())
                            .queryParam("groupBy", "month")
                            .get("/api/v1/reports/channel-costs")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    return !report.getList("rows.findAll { it.conversationsResolved > 0 && !it.costs.isEmpty() }")
                            .isEmpty();
                });
        browser.open(base + "/");
        await("Keycloak's login page").atMost(Duration.ofSeconds(30)).until(() -> browser.find("#kc-login") != null);
        browser.driver().findElement(By.id("username")).sendKeys("bob");
        browser.driver().findElement(By.id("password")).sendKeys("bob-pw");
        browser.driver().findElement(By.id("kc-login")).click();

        await("the overview")
                .atMost(Duration.ofSeconds(30))
                .until(() -> browser.find("[data-testid=overview-cards]") != null && card("open") >= 0);
        JsonPath overview = api("/api/v1/overview");
        assertTrue(overview.getList("channels").size() >= 6, "the seed's channels, of all six kinds");
        assertTrue(sum(overview, "open") > 0, "the seed has open conversations");
        // Live figures can move between the two reads (the seed's conversations arriving now): read until equal.
        await("the overview's figures, as the API gives them")
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> {
                    JsonPath now = api("/api/v1/overview");
                    assertEquals(sum(now, "open"), card("open"));
                    assertEquals(sum(now, "awaitingReply"), card("awaiting"));
                    assertEquals(sum(now, "unassigned"), card("unassigned"));
                    assertEquals(sum(now, "pastTarget"), card("pastTarget"));
                });
        for (String name : overview.getList("channels.name", String.class)) {
            assertTrue(browser.text("[data-testid=overview-channels]").contains(name), name);
        }
        browser.screenshot("30-demo-overview");

        // One click: the staff cost per channel, with the cost per resolved conversation over time.
        browser.find("nav a[data-screen=costs]").click();
        await("the cost per resolved conversation over time")
                .atMost(Duration.ofSeconds(30))
                .until(() -> browser.find("[data-testid=trend-answer]") != null
                        && Long.valueOf(0)
                                .equals(browser.script(
                                        "const c = arguments[0]; return c && c.__chart ? 0 : 1;",
                                        browser.find("[data-testid=trend-chart]"))));
        WebElement page = browser.find("[data-testid=costs]");
        JsonPath report = given().auth()
                .oauth2(token("bob"))
                .queryParam("from", page.getAttribute("data-from"))
                .queryParam("to", page.getAttribute("data-to"))
                .queryParam("groupBy", page.getAttribute("data-group"))
                .get("/api/v1/reports/channel-costs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        WebElement answer = browser.find("[data-testid=trend-answer]");
        String currency = answer.getAttribute("data-currency");
        // The channel with the highest cost per resolved conversation over the range, from the report's rows.
        String top = null;
        long topMinor = -1;
        for (String channel : report.getList("rows.findAll { it.channelId != null }.channelId", String.class).stream()
                .distinct()
                .toList()) {
            List<Number> costs = report.getList(
                    "rows.findAll { it.channelId == '" + channel + "' }.costs.flatten().findAll { it.currency == '"
                            + currency + "' }.amountMinor",
                    Number.class);
            long resolved = report
                    .getList("rows.findAll { it.channelId == '" + channel + "' }.conversationsResolved", Number.class)
                    .stream()
                    .mapToLong(Number::longValue)
                    .sum();
            if (costs.isEmpty() || resolved == 0) {
                continue;
            }
            long per = Math.round(
                    (double) costs.stream().mapToLong(Number::longValue).sum() / resolved);
            if (per > topMinor) {
                topMinor = per;
                top = channel;
            }
        }
        assertTrue(top != null, "the seed has costed, resolved conversations");
        assertEquals(top, answer.getAttribute("data-channel"));
        assertEquals(String.valueOf(topMinor), answer.getAttribute("data-minor"));
        String topName = overview.getString("channels.find { it.channelId == '" + top + "' }.name");
        assertTrue(answer.getText().contains(topName), answer.getText());
        Number periods = (Number) browser.script(
                "return arguments[0].__chart.getOption().xAxis[0].data.length;",
                browser.find("[data-testid=trend-chart]"));
        assertTrue(periods.intValue() > 1, "the range's periods, to see the trend");
        browser.screenshot("31-demo-cost-per-resolved");

        aPublishedPostShowsWhatItGot();
    }

    /**
     * A post the seed published shows, per target, what it got at its latest metrics fetch: the figures
     * the API holds for it, as the post's page shows them.
     */
    private void aPublishedPostShowsWhatItGot() {
        // Newest first: the first page post whose views were read (page views come from the 24-hour fetch on).
        JsonPath posts = given().auth()
                .oauth2(token("bob"))
                .queryParam("status", "PUBLISHED")
                .queryParam("limit", 100)
                .get("/api/v1/posts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String postId =
                posts.getString("items.find { p -> p.targets.any { it.kind == 'FACEBOOK' && it.metrics?.views } }.id");
        assertTrue(postId != null, "the seed published page posts with their views read");
        JsonPath post = api("/api/v1/posts/" + postId);
        Number views = post.get("targets.find { it.kind == 'FACEBOOK' }.metrics.views");
        Number engagements = post.get("targets.find { it.kind == 'FACEBOOK' }.metrics.engagements");
        assertTrue(views != null && views.longValue() > 0, "its page target has views");
        browser.script("location.hash = arguments[0];", "#/publishing/post/" + postId);
        String row = "[data-testid=targets] tr[data-kind=FACEBOOK]";
        await("the post's page with its metrics")
                .atMost(Duration.ofSeconds(30))
                .until(() -> browser.find(row) != null && browser.text(row).contains("Views"));
        String shown = browser.text(row);
        assertTrue(shown.contains(String.format(java.util.Locale.US, "%,d", views.longValue())), shown);
        assertTrue(shown.contains(String.format(java.util.Locale.US, "%,d", engagements.longValue())), shown);
        browser.screenshot("32-demo-post-metrics");
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

    private JsonPath api(String path) {
        return given().auth()
                .oauth2(token("bob"))
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private String token(String user) {
        return keycloak.passwordGrantToken(API_CLIENT, API_SECRET, user, user + "-pw");
    }
}
