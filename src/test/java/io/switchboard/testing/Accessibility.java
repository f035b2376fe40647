package io.switchboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An automated accessibility check of the page in the browser: axe-core (Deque's build, a test dependency: nothing
 * is downloaded at run time) injected into the page and run against WCAG 2.0, 2.1 and 2.2 A and AA. axe reads open
 * shadow roots, so the console's Lit components are checked too.
 */
public final class Accessibility {

    private static final String AXE = load();

    private Accessibility() {}

    /** The violations of impact "serious" or "critical", one readable line each (rule, impact, what and where). */
    public static List<String> seriousViolations(Browser browser) {
        browser.script("if (!window.axe) { " + AXE + "\n}");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations =
                (List<Map<String, Object>>) browser.driver().executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        axe.run(document, { runOnly: { type: 'tag',
                                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
                              resultTypes: ['violations'] })
                          .then((r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                                nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target) + ' ' + n.failureSummary) }))))
                          .catch((e) => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));
                        """);
        return violations.stream()
                .filter(v -> "serious".equals(v.get("impact")) || "critical".equals(v.get("impact")))
                .map(v -> v.get("id") + " (" + v.get("impact") + "): " + v.get("help") + "\n    "
                        + ((List<?>) v.get("nodes"))
                                .stream().map(String::valueOf).collect(Collectors.joining("\n    ")))
                .toList();
    }

    private static String load() {
        try (InputStream in = Accessibility.class.getResourceAsStream("/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is not on the test classpath (com.deque.html.axe-core)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
