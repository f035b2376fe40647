package io.switchboard.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.switchboard.testing.Browser;
import java.time.Duration;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;

/**
 * The console's live stream survives a lost connection: the browser goes offline and drops the stream, an SMS
 * arrives meanwhile, and once the browser is back the stream resumes after the last event it received and the
 * conversation appears, without a reload of the page or of the list.
 */
final class StreamResumeScenario {

    /** Posts a signed SMS webhook from this number with this text; its HTTP status. */
    @FunctionalInterface
    interface SmsWebhook {
        int send(String from, String text) throws Exception;
    }

    private static final String STREAM = "document.querySelector('sb-app').stream";

    /** How many times the page read the conversation list (not single conversations). */
    private static final String LIST_READS = "return performance.getEntriesByType('resource')"
            + ".filter(e => new URL(e.name).pathname === '/api/v1/conversations').length;";

    private StreamResumeScenario() {}

    static void anSmsSentWhileTheConsoleWasOfflineAppearsWhenItReconnects(
            Browser browser, String from, SmsWebhook webhook) throws Exception {
        long started = System.nanoTime();
        await("the stream's position")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.script("return " + STREAM + ".lastEventId;") != null);
        browser.script("performance.setResourceTimingBufferSize(10000); window.__sameDocument = true;");
        long listReads = ((Number) browser.script(LIST_READS)).longValue();

        // The network goes away (new requests fail) and the open stream drops with it.
        browser.driver().setNetworkConditions(new ChromiumNetworkConditions().setOffline(true));
        browser.script(STREAM + ".controller.abort();");
        await("the offline notice").atMost(Duration.ofSeconds(5)).until(() -> browser.find(".offline") != null);
        String text = "Hello? I wrote while your connection was down.";
        assertEquals(200, webhook.send(from, text));
        assertFalse(browser.text("ul").contains(text), "heard of without a connection");
        browser.screenshot("02a-offline");

        browser.driver().deleteNetworkConditions();
        await("the SMS sent while offline, after the reconnection")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> browser.text("ul").contains(text));
        await("online again").atMost(Duration.ofSeconds(5)).until(() -> browser.find(".offline") == null);
        assertEquals(Boolean.TRUE, browser.script("return window.__sameDocument === true;"), "no page reload");
        assertEquals(
                listReads,
                ((Number) browser.script(LIST_READS)).longValue(),
                "the list was not read again: the missed events came from the resumed stream");
        browser.screenshot("02b-back-online");
        System.out.printf(
                "Console: dropped stream, SMS while offline, resumed: %d ms in all%n",
                (System.nanoTime() - started) / 1_000_000);
    }
}
