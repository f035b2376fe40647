package io.switchboard.console;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.time.Duration;
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
 * The admin screens and the manual time entry in a real Chromium against the packaged service and a real Keycloak:
 * carol (admin) connects an SMS channel through the form generated from the kind's settings and copies its webhook
 * URL, a signed Twilio webhook to that URL reaches alice's inbox; carol sets alice's hourly cost; alice logs a phone
 * call by hand, corrects it and reads both in its history; an agent cannot open the admin screens. Screenshots go to
 * target/console-screenshots (admin-*, time-*).
 */
@QuarkusIntegrationTest
@WithTestResource(KeycloakTestResource.class)
@WithTestResource(ProductionSettingsTestResource.class)
class AdminConsoleIT {

    private static final String API_CLIENT = "switchboard-api";
    private static final String API_SECRET = "switchboard-api-demo-secret";
    private static final String NUMBER = "+15550002222";

    @InjectKeycloak
    KeycloakServer keycloak;

    private Browser browser;
    private String base;

    @BeforeEach
    void setUp() {
        base = "http://localhost:" + RestAssured.port;
        keycloak.allowWebOrigin("switchboard-spa", base);
        // Operators are created by their first request: alice and andy exist before carol administers them.
        for (String user : List.of("alice", "andy")) {
            given().auth().oauth2(token(user)).get("/api/v1/me").then().statusCode(200);
        }
        browser = Browser.start(1440, 900);
    }

    @AfterEach
    void tearDown() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void carolConnectsAnSmsChannelAndCostsAliceWhoLogsAPhoneCallAndCannotAdminister() throws Exception {
        long started = System.nanoTime();
        browser.onFailure("admin", this::scenario);
        System.out.printf("AdminConsoleIT: scenario %d s%n", (System.nanoTime() - started) / 1_000_000_000);
    }

    private void scenario() throws Exception {
        String accountSid = "AC" + hex(16);
        String authToken = hex(16);
        signIn("carol", "Carol");
        browser.find("nav a[data-screen=admin]").click();
        await("the channels section")
                .atMost(Duration.ofSeconds(15))
                .until(() -> browser.find("[data-action=new-channel]") != null);

        // The form is generated from the kind's settings (GET /channel-kinds): SMS asks for its three.
        browser.find("[data-action=new-channel]").click();
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.find("input[data-config=accountSid]") != null);
        select("select[data-field=kind]", "SMS");
        assertEquals("password", browser.find("input[data-config=authToken]").getAttribute("type"));
        type("input[data-field=name]", "Hotline " + hex(2));
        type("input[data-config=accountSid]", accountSid);
        type("input[data-config=authToken]", authToken);
        type("input[data-config=phoneNumber]", "0800 123");
        browser.find("[data-action=save-channel]").click();
        await("the API's refusal, readable")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.text("[data-testid=channel-form] [data-testid=problem]")
                        .contains("Phone number: must be an E.164 number"));
        browser.screenshot("admin-01-channel-invalid");
        type("input[data-config=phoneNumber]", NUMBER);
        browser.find("[data-action=save-channel]").click();
        await("the new channel's webhook URL")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.find("[data-testid=channel-created] [data-testid=webhook-url]") != null);

        // Copy: the clipboard holds what the field shows.
        browser.driver()
                .executeCdpCommand(
                        "Browser.grantPermissions",
                        Map.of(
                                "origin",
                                base,
                                "permissions",
                                List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        String shown = browser.find("[data-testid=channel-created] [data-testid=webhook-url]")
                .getDomProperty("value");
        browser.find("[data-testid=channel-created] [data-action=copy-webhook]").click();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> browser.text("[data-testid=channel-created] [data-action=copy-webhook]")
                        .contains("Copied"));
        String webhookUrl = (String) browser.driver()
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + " navigator.clipboard.readText().then(done, (e) => done('clipboard refused: ' + e));");
        assertEquals(shown, webhookUrl);
        assertTrue(webhookUrl.contains("/webhooks/sms/"), webhookUrl);
        browser.screenshot("admin-02-channel-created");
        // Secrets are write-only: not on the page, not in the edit form.
        assertFalse(pageText().contains(authToken), "the auth token is shown");
        editLastChannel();
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.find("input[data-config=authToken]") != null);
        assertEquals("", browser.find("input[data-config=authToken]").getDomProperty("value"));
        assertEquals(accountSid, browser.find("input[data-config=accountSid]").getDomProperty("value"));
        browser.screenshot("admin-03-channel-edit");
        responseTarget();

        // The provider posts to the copied URL, signed over it: the message reaches alice's inbox.
        String invoice = hex(3);
        String text = "Hello, I called twice about invoice " + invoice + ", can someone call me back?";
        assertEquals(200, sendSms(webhookUrl, accountSid, authToken, text));
        await("the SMS in alice's conversations")
                .atMost(Duration.ofSeconds(15))
                .until(() -> given().auth()
                        .oauth2(token("alice"))
                        .get("/api/v1/conversations")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()
                        .contains(invoice));

        // carol sets alice's hourly cost.
        String aliceId = operatorId("alice");
        browser.find("a[data-section=operators]").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.find("tr[data-operator='" + aliceId + "']") != null);
        browser.find("tr[data-operator='" + aliceId + "']").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.find("[data-testid=rate-form]") != null);
        long cents = 2_000 + ThreadLocalRandom.current().nextInt(3_000);
        String amount = String.format(java.util.Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
        type("input[data-field=amount]", amount);
        browser.find("[data-action=save-rate]").click();
        await("the new rate in alice's history")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.text("[data-testid=rates]").contains(amount));
        JsonPath alice = given().auth()
                .oauth2(token("carol"))
                .get("/api/v1/operators/" + aliceId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(cents, alice.getLong("hourlyCost.amountMinor"));
        browser.screenshot("admin-04-operator-cost");
        availability(aliceId);

        browser.find("a[data-section=teams]").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.find("[data-testid=routing]") != null);
        browser.screenshot("admin-05-teams-routing");
        browser.find("a[data-section=settings]").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.find("[data-testid=limit-settings]") != null);
        assertTrue(browser.text("[data-testid=usage]").contains("SMS"), browser.text("[data-testid=usage]"));
        browser.screenshot("admin-06-settings");
        businessHours();

        // French, then a phone's width.
        browser.click("a[data-section=channels]");
        language("FR");
        await("the French admin screens")
                .atMost(Duration.ofSeconds(5))
                .until(() -> browser.text("nav.tabs").contains("Équipes et routage"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.text("[data-testid=channels]").contains("URL du webhook"));
        browser.screenshot("admin-07-french");
        browser.find("a[data-section=settings]").click();
        await("the French business hours")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.text("[data-testid=business-hours]").contains("Toujours ouvert"));
        browser.screenshot("admin-07b-french-settings");
        browser.find("a[data-section=channels]").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.find("[data-testid=channels]") != null);
        browser.resize(390, 844);
        assertNoHorizontalScroll();
        browser.screenshot("admin-08-phone-channels");
        browser.find("a[data-section=operators]").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.find("tr[data-operator]") != null);
        assertNoHorizontalScroll();
        browser.screenshot("admin-09-phone-operators");
        browser.find("a[data-section=settings]").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.find("[data-testid=business-hours]") != null);
        assertNoHorizontalScroll();
        browser.screenshot("admin-09b-phone-settings");
        browser.resize(1440, 900);
        language("EN");
        signOut();

        // alice: the SMS in her inbox, no admin screens (hidden, refused at their address, 403 from the API).
        signIn("alice", "Alice");
        browser.find("#tab-all").click();
        await("the SMS in alice's inbox")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.text("ul").contains(text));
        assertNull(browser.find("nav a[data-screen=admin]"), "the admin screens are in an agent's navigation");
        browser.script("location.hash = '#/admin/channels';");
        await("the refusal").atMost(Duration.ofSeconds(5)).until(() -> browser.find("[data-testid=forbidden]") != null);
        assertTrue(browser.text("[data-testid=forbidden]").contains("admin"), browser.text("[data-testid=forbidden]"));
        browser.screenshot("admin-10-agent-refused");
        given().auth().oauth2(token("alice")).get("/api/v1/channels").then().statusCode(403);
        given().auth()
                .oauth2(token("alice"))
                .contentType("application/json")
                .body(Map.of("hourlyCost", Map.of("amountMinor", 1, "currency", "EUR")))
                .patch("/api/v1/operators/" + aliceId)
                .then()
                .statusCode(403);

        // alice logs a phone call, the API refuses a start in the future with a readable message, she corrects it.
        browser.find("nav a[data-screen=time]").click();
        await().atMost(Duration.ofSeconds(15)).until(() -> browser.find("[data-testid=time-form]") != null);
        select("select[data-field=kind]", "PHONE");
        setValue(
                "input[data-field=start]",
                java.time.LocalDateTime.now()
                        .plusDays(2)
                        .withSecond(0)
                        .withNano(0)
                        .toString());
        type("input[data-field=minutes]", "12");
        String note = "Call back about invoice " + hex(2);
        type("textarea[data-field=note]", note);
        browser.find("[data-action=save-time]").click();
        await("the API's refusal of a future start")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.text("[data-testid=time-form] [data-testid=problem]")
                        .contains("Start: must not be in the future"));
        browser.screenshot("time-01-invalid");
        setValue(
                "input[data-field=start]",
                java.time.LocalDateTime.now()
                        .minusHours(1)
                        .withSecond(0)
                        .withNano(0)
                        .toString());
        browser.find("[data-action=save-time]").click();
        await("the entry in the list")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.text("[data-testid=time-list]").contains(note));
        assertTrue(browser.text("[data-testid=time-list]").contains("12 min"), browser.text("[data-testid=time-list]"));
        browser.find("[data-action=edit-entry]").click();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> browser.text("[data-testid=time-form]").contains("Edit entry"));
        type("input[data-field=minutes]", "20");
        browser.find("[data-action=save-time]").click();
        await("the corrected entry")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.text("[data-testid=time-list]").contains("20 min"));
        browser.find("[data-action=history]").click();
        await("its history: entered, then changed")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.text("[data-testid=history]").contains("Changed"));
        String history = browser.text("[data-testid=history]");
        assertTrue(history.contains("Entered") && history.contains("12 min") && history.contains("20 min"), history);
        assertTrue(history.contains("Alice"), history);
        browser.screenshot("time-02-history");
        List<Map<String, Object>> manual = given().auth()
                .oauth2(token("alice"))
                .queryParam("operator", "me")
                .queryParam("source", "MANUAL")
                .get("/api/v1/work-sessions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.findAll { it.note == '" + note + "' }");
        assertEquals(1, manual.size());
        assertEquals(1200, manual.get(0).get("durationSeconds"));
        assertEquals("PHONE", manual.get(0).get("channelKind"));

        language("FR");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> browser.text("[data-testid=history]").contains("Modifiée"));
        browser.screenshot("time-03-french");
        browser.resize(390, 844);
        assertNoHorizontalScroll();
        browser.screenshot("time-04-phone");
        browser.resize(1440, 900);
        language("EN");
    }

    private void signIn(String user, String name) {
        browser.open(base + "/");
        await("Keycloak's login page").atMost(Duration.ofSeconds(30)).until(() -> browser.find("#kc-login") != null);
        browser.driver().findElement(By.id("username")).sendKeys(user);
        browser.driver().findElement(By.id("password")).sendKeys(user + "-pw");
        browser.driver().findElement(By.id("kc-login")).click();
        await(user + " signed in")
                .atMost(Duration.ofSeconds(30))
                .until(() -> browser.text("[data-testid=operator]").contains(name));
    }

    private void signOut() {
        browser.find("[data-action=sign-out]").click();
        await("back on Keycloak's login page")
                .atMost(Duration.ofSeconds(30))
                .until(() -> browser.find("#kc-login") != null);
    }

    /**
     * carol gives the new channel a first-response target of its own (10 minutes instead of the SMS default): the API
     * holds 600 s; a target typed wrongly is refused on the screen and changes nothing; emptied, the kind's default
     * is back.
     */
    private void responseTarget() {
        List<WebElement> rows = browser.findAll("[data-testid=channels] tr[data-channel]");
        String channelId = rows.get(rows.size() - 1).getAttribute("data-channel");
        assertTrue(channel(channelId).getBoolean("firstResponseTargetIsKindDefault"));
        type("input[data-field=target]", "10");
        select("select[data-field=targetUnit]", "min");
        browser.click("[data-action=save-channel]");
        await("the target saved")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.find("[data-testid=channel-form]") == null);
        JsonPath saved = channel(channelId);
        assertEquals(600, saved.getInt("firstResponseTargetSeconds"));
        assertFalse(saved.getBoolean("firstResponseTargetIsKindDefault"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> browser.text("tr[data-channel='" + channelId + "'] [data-testid=target]")
                        .contains("10 min"));

        editLastChannel();
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.find("input[data-field=target]") != null);
        assertEquals("10", browser.find("input[data-field=target]").getDomProperty("value"));
        type("input[data-field=target]", "soon");
        browser.click("[data-action=save-channel]");
        await("the target refused")
                .atMost(Duration.ofSeconds(5))
                .until(() -> browser.text("[data-testid=response-target]").contains("Enter a positive number"));
        assertEquals(600, channel(channelId).getInt("firstResponseTargetSeconds"), "nothing changed");
        browser.screenshot("admin-03b-channel-target-refused");
        setValue("input[data-field=target]", "");
        browser.click("[data-action=save-channel]");
        await("the kind's default again")
                .atMost(Duration.ofSeconds(10))
                .until(() -> channel(channelId).getBoolean("firstResponseTargetIsKindDefault"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> browser.text("tr[data-channel='" + channelId + "'] [data-testid=target]")
                        .contains("(default)"));
    }

    private JsonPath channel(String id) {
        return given().auth()
                .oauth2(token("carol"))
                .get("/api/v1/channels/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /**
     * carol takes alice off the queue (AWAY) from the operators screen, as the API then says; setting her own row
     * changes the top bar's control too.
     */
    private void availability(String aliceId) {
        select("[data-testid=operator-detail] select[data-field=availability]", "AWAY");
        await("alice away")
                .atMost(Duration.ofSeconds(10))
                .until(() -> "AWAY"
                        .equals(given().auth()
                                .oauth2(token("carol"))
                                .get("/api/v1/operators/" + aliceId)
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("availability")));
        String carolId = operatorId("carol");
        browser.find("tr[data-operator='" + carolId + "']").click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.text("[data-testid=operator-detail] h2").contains("Carol"));
        String before = browser.find("select[data-testid=availability]").getDomProperty("value");
        String next = "ONLINE".equals(before) ? "AWAY" : "ONLINE";
        select("[data-testid=operator-detail] select[data-field=availability]", next);
        await("the top bar follows")
                .atMost(Duration.ofSeconds(10))
                .until(() -> next.equals(
                        browser.find("select[data-testid=availability]").getDomProperty("value")));
        browser.screenshot("admin-04b-operator-availability");
    }

    private void editLastChannel() {
        List<WebElement> buttons = browser.findAll("button[data-action=edit-channel]");
        buttons.get(buttons.size() - 1).click();
    }

    private void language(String code) {
        browser.find("select[aria-label=Language], select[aria-label=Langue]").sendKeys(code);
    }

    private void type(String selector, String value) {
        WebElement input = browser.find(selector);
        setValue(selector, "");
        input.sendKeys(value);
    }

    /** Sets a field's value as a person would leave it (an input event), for fields sendKeys types badly into. */
    private void setValue(String selector, String value) {
        browser.script(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                browser.find(selector),
                value);
    }

    private void select(String selector, String value) {
        browser.script(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                browser.find(selector),
                value);
    }

    private String pageText() {
        return (String)
                browser.script("const all = []; const walk = (root) => { for (const el of root.querySelectorAll('*')) {"
                        + " if (el.value) all.push(el.value); if (el.shadowRoot) walk(el.shadowRoot); } };"
                        + " walk(document); return document.body.innerText + all.join(' ');");
    }

    /**
     * carol opens the workspace Monday to Friday, 09:00 to 18:00: the API holds those hours; a day typed wrongly is
     * refused on the screen and changes nothing; "Always open" clears them again (the other browser tests of the
     * run measure around the clock).
     */
    private void businessHours() {
        assertTrue(browser.text("[data-testid=hours-state]").contains("Always open"));
        for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday")) {
            browser.find("input[data-day=" + day + "]").sendKeys("09:00-18:00");
        }
        browser.click("[data-action=save-hours]");
        await("the hours saved")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.text("[data-testid=hours-state]").contains("count only these hours"));
        JsonPath hours = tenantSettings();
        assertEquals("09:00", hours.getString("businessHours.monday[0].open"));
        assertEquals("18:00", hours.getString("businessHours.friday[0].close"));
        assertEquals(List.of(), hours.getList("businessHours.saturday"));
        browser.screenshot("admin-06b-business-hours");

        WebElement tuesday = browser.find("input[data-day=tuesday]");
        tuesday.clear();
        tuesday.sendKeys("9 to 5");
        browser.click("[data-action=save-hours]");
        await("the day refused")
                .atMost(Duration.ofSeconds(5))
                .until(() -> browser.text("[data-testid=business-hours]").contains("is not a time range"));
        assertEquals("09:00", tenantSettings().getString("businessHours.tuesday[0].open"), "nothing changed");

        browser.click("[data-action=always-open]");
        await("always open again")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.text("[data-testid=hours-state]").contains("Always open"));
        assertEquals(null, (Object) tenantSettings().get("businessHours"));
    }

    private JsonPath tenantSettings() {
        return given().auth()
                .oauth2(token("carol"))
                .get("/api/v1/settings/tenant")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private void assertNoHorizontalScroll() {
        Object overflow = browser.script("return document.documentElement.scrollWidth - window.innerWidth;");
        assertEquals(0L, ((Number) overflow).longValue(), "the page scrolls sideways");
    }

    private String operatorId(String user) {
        return given().auth()
                .oauth2(token(user))
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    /** Twilio's inbound request: posted to the path of the URL pasted into Twilio, signed over that URL. */
    private int sendSms(String webhookUrl, String accountSid, String authToken, String body) throws Exception {
        String from = "+1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
        return InboundSms.post(base, webhookUrl, accountSid, authToken, NUMBER, "SM" + hex(16), from, body);
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
