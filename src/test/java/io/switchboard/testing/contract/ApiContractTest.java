package io.switchboard.testing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract check itself, on exchanges made up to keep or break the checked-in spec. */
class ApiContractTest {

    private final ApiContract contract = ApiContract.load();

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> answer(String method, String target, int status, String contentType, String body) {
        return contract.mismatches(new ApiContract.Exchange(
                method, target, null, null, status, contentType, body == null ? null : json(body)));
    }

    @Test
    void aConversationWithNullsWhereTheSpecAllowsThemKeepsTheContract() {
        String conversation = """
                {"id":"c1","status":"OPEN","channelId":"ch","channelKind":"API","contact":null,"assigneeId":null,
                 "lastActivityAt":"2026-12-01T10:00:00Z","lastMessagePreview":null,"unreadCount":0,"priority":null,
                 "labels":[],"subject":null,"snoozedUntil":null,"teamId":null,"createdAt":"2026-12-01T10:00:00Z",
                 "version":3,"workingNow":[]}""";
        assertEquals(List.of(), answer("GET", "/api/v1/conversations/c1", 200, "application/json", conversation));
    }

    @Test
    void aNullPrimitiveAnUnknownEnumValueOrAnArrayForAnObjectBreaksIt() {
        List<String> found = answer("GET", "/api/v1/conversations/c1", 200, "application/json", """
                {"id":"c1","status":"LOST","unreadCount":null,"labels":null,"contact":[]}""");
        for (String field : List.of("$.status", "$.unreadCount", "$.labels", "$.contact")) {
            assertTrue(found.stream().anyMatch(m -> m.contains(field)), field + " in " + found);
        }
        assertTrue(found.stream().allMatch(m -> m.startsWith("GET /api/v1/conversations/{id} 200: ")), found::toString);
    }

    @Test
    void anUnlistedStatusOrAnErrorThatIsNoProblemDocumentBreaksIt() {
        assertEquals(
                1,
                answer("GET", "/api/v1/conversations/c1", 418, "application/problem+json", "{}")
                        .size());
        assertEquals(
                1,
                answer("GET", "/api/v1/conversations/c1", 404, "text/plain", "Not Found")
                        .size());
        assertEquals(
                List.of(),
                answer(
                        "GET",
                        "/api/v1/conversations/c1",
                        404,
                        "application/problem+json",
                        "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}"));
        assertEquals(
                1,
                answer("GET", "/api/v1/nowhere", 200, "application/json", "{}").size());
        assertEquals(List.of(), answer("GET", "/q/health", 200, "application/json", "{\"status\":\"UP\"}"));
    }

    @Test
    void aRequestTheServiceAcceptsButTheSpecRefusesBreaksIt() {
        List<String> found = contract.mismatches(new ApiContract.Exchange(
                "GET",
                "/api/v1/posts?status=SOMEDAY&limit=ten",
                null,
                null,
                200,
                "application/json",
                json("{\"items\":[],\"nextCursor\":null}")));
        assertTrue(found.stream().anyMatch(m -> m.contains("query parameter status")), found::toString);
        assertTrue(found.stream().anyMatch(m -> m.contains("query parameter limit")), found::toString);
        assertTrue(found.stream().allMatch(m -> m.contains("accepted a request the spec refuses")), found::toString);
        // The same request refused (400) is what the spec expects.
        assertEquals(
                List.of(),
                contract.mismatches(new ApiContract.Exchange(
                        "GET",
                        "/api/v1/conversations?status=SOMEDAY",
                        null,
                        null,
                        400,
                        "application/problem+json",
                        json("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400}"))));
    }

    @Test
    void aTimeThatIsNoDateTimeOrAnIntegerOutOfItsFormatBreaksIt() {
        List<String> found = answer("GET", "/api/v1/conversations/c1", 200, "application/json", """
                {"id":"c1","status":"OPEN","channelId":"ch","channelKind":"API","contact":null,"assigneeId":null,
                 "lastActivityAt":"yesterday","lastMessagePreview":null,"unreadCount":0,"priority":null,
                 "labels":[],"subject":null,"snoozedUntil":"2026-12-01 10:00","teamId":null,
                 "createdAt":"2026-12-01T10:00:00Z","version":3,"workingNow":[]}""");
        for (String field : List.of("$.lastActivityAt", "$.snoozedUntil")) {
            assertTrue(found.stream().anyMatch(m -> m.contains(field)), field + " in " + found);
        }
    }

    @Test
    void aDeclaredHeaderOfAnotherTypeBreaksIt() {
        assertEquals(List.of(), tooManyRequests(Map.of("Retry-After", List.of("30"))));
        List<String> found = tooManyRequests(Map.of("retry-after", List.of("Wed, 21 Oct 2026 07:28:00 GMT")));
        assertTrue(found.stream().anyMatch(m -> m.contains("Retry-After")), found::toString);
    }

    private List<String> tooManyRequests(Map<String, List<String>> headers) {
        return contract.mismatches(new ApiContract.Exchange(
                "GET",
                "/api/v1/conversations",
                null,
                null,
                429,
                "application/problem+json",
                json("{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429}"),
                headers));
    }

    @Test
    void everyEnumOfANullableTypeListsNull() throws Exception {
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(ApiContract.FILE.toFile());
        List<String> contradictory = new ArrayList<>();
        collectContradictoryEnums(spec, "", contradictory);
        assertEquals(List.of(), contradictory, "the type allows null but the enum refuses it");
        List<String> found = answer("GET", "/public/v1/chat/k/messages", 200, "application/json", """
                {"items":[{"id":"m1","direction":null,"text":"hi","attachments":[],"createdAt":null}],
                 "nextCursor":null,"hasMore":false}""");
        assertEquals(List.of(), found);
    }

    private static void collectContradictoryEnums(JsonNode node, String path, List<String> found) {
        if (node.isObject()) {
            JsonNode type = node.path("type");
            if (type.isArray() && node.has("enum")) {
                boolean typeAllowsNull = false;
                for (JsonNode t : type) {
                    typeAllowsNull |= t.asText().equals("null");
                }
                boolean enumListsNull = false;
                for (JsonNode value : node.get("enum")) {
                    enumListsNull |= value.isNull();
                }
                if (typeAllowsNull && !enumListsNull) {
                    found.add(path);
                }
            }
            node.fields()
                    .forEachRemaining(e -> collectContradictoryEnums(e.getValue(), path + "/" + e.getKey(), found));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectContradictoryEnums(node.get(i), path + "/" + i, found);
            }
        }
    }
}
