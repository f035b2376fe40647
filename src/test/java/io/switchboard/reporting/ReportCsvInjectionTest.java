package io.switchboard.reporting;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An operator's name comes from the identity provider, that is from a person: written into a report CSV it must
 * reach a spreadsheet as text, never as a formula (OWASP CSV injection).
 */
@QuarkusTest
class ReportCsvInjectionTest {

    private static final String FORMULA_NAME = "=HYPERLINK(\"http://x\")";

    @Test
    void anOperatorNamedLikeAFormulaRoundTripsThroughTheWorkloadCsvAsText() {
        String tenant = TestTokens.newTenant("csvinject");
        String agent = TestTokens.builder(tenant, "mallory", "agent")
                .name(FORMULA_NAME)
                .sign();
        String manager = TestTokens.token(tenant, "mona", "manager");
        given().auth()
                .oauth2(agent)
                .contentType("application/json")
                .body(Map.of("channelKind", "PHONE", "startedAt", "2026-03-29T10:00:00Z", "durationSeconds", 120))
                .post("/api/v1/work-sessions")
                .then()
                .statusCode(201);

        String csv = given().auth()
                .oauth2(manager)
                .accept("text/csv")
                .queryParams(Map.of("from", "2026-03-29", "to", "2026-03-30"))
                .get("/api/v1/reports/operator-workload")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        List<List<String>> rows = parse(csv);
        int nameColumn = rows.get(0).indexOf("operatorName");
        List<String> names = rows.subList(1, rows.size()).stream()
                .map(r -> r.get(nameColumn))
                .toList();
        assertEquals(List.of("'" + FORMULA_NAME), names, csv);
        // What the spreadsheet shows once it drops the text marker is the name exactly as the person chose it.
        assertEquals(FORMULA_NAME, names.get(0).substring(1));
        for (List<String> row : rows) {
            for (String cell : row) {
                assertTrue(cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0, () -> "formula cell: " + cell);
            }
        }
    }

    /** RFC 4180, as a spreadsheet reads it. */
    private static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(c);
            }
        }
        return rows;
    }
}
