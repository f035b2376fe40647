package io.switchboard.inbox;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.testing.Sql;
import io.switchboard.testing.SseClient;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URL;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inbox as operators use it: listing, filtering, searching, reading and changing conversations. */
@QuarkusTest
class ConversationResourceTest {

    @Inject
    Sql sql;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EntityManager em;

    @TestHTTPResource("/api/v1/stream")
    URL streamUrl;

    private InboxFixture f;
    private String channel;

    @BeforeEach
    void seed() {
        f = new InboxFixture("inbox");
        channel = f.channel("Web shop");
    }

    @Test
    void theInboxListsConversationsMostRecentFirstWithTheirContact() {
        String zoe = f.send(channel, "m-1", "u-zoe", "Zoë Müller", "Hallo 👋, wo bleibt meine Bestellung?");
        String bob = f.send(channel, "m-2", "u-bob", "Bob", "first");
        assertEquals(zoe, f.send(channel, "m-3", "u-zoe", "Zoë Müller", "Noch   einmal:\n bitte 🙏"));

        given().auth()
                .oauth2(f.agent)
                .get("/api/v1/conversations")
                .then()
                .statusCode(200)
                .body("items.id", contains(zoe, bob))
                .body("nextCursor", nullValue())
                .body("items[0].status", equalTo("OPEN"))
                .body("items[0].channelId", equalTo(channel))
                .body("items[0].channelKind", equalTo("API"))
                .body("items[0].contact.name", equalTo("Zoë Müller"))
                .body("items[0].contact.handle", equalTo("@u-zoe"))
                .body("items[0].assigneeId", nullValue())
                .body("items[0].unreadCount", equalTo(2))
                .body("items[0].lastMessagePreview", equalTo("Noch einmal: bitte 🙏"))
                .body("items[0].priority", equalTo("NORMAL"))
                .body("items[0].labels", empty())
                .body("items[1].contact.name", equalTo("Bob"))
                .body("items[1].unreadCount", equalTo(1));
    }

    @Test
    void eachRowNamesItsChannelAndWhenTheResponseTargetIsMissedUntilASentReplyAnswers() {
        String id = f.send(channel, "due-1", "u-due", "Dana", "hello?");
        Instant first = Instant.parse(f.conversation(f.agent, id).extract().path("lastInboundAt"));
        f.send(channel, "due-2", "u-due", "Dana", "anyone there?");

        // The oldest unanswered message counts, plus the API kind's one-minute target; in the list and the view.
        String due = first.plusSeconds(60).toString();
        given().auth()
                .oauth2(f.agent)
                .get("/api/v1/conversations")
                .then()
                .statusCode(200)
                .body("items[0].id", equalTo(id))
                .body("items[0].channelName", equalTo("Web shop"))
                .body("items[0].replyDueAt", equalTo(due));
        f.conversation(f.agent, id)
                .statusCode(200)
                .body("channelName", equalTo("Web shop"))
                .body("replyDueAt", equalTo(due))
                .body("publicThread", equalTo(false));

        // A reply still queued answers nobody yet; once sent, nothing is due until the contact writes again.
        String operator = f.operatorId(f.agent);
        String reply = reply(id, operator, "QUEUED");
        f.conversation(f.agent, id).body("replyDueAt", equalTo(due));
        sql.update("UPDATE message SET delivery_status = 'SENT' WHERE id = ?", reply);
        f.conversation(f.agent, id).body("replyDueAt", nullValue());

        f.send(channel, "due-3", "u-due", "Dana", "thanks, one more thing");
        Instant third = Instant.parse(f.conversation(f.agent, id).extract().path("lastInboundAt"));
        f.conversation(f.agent, id)
                .body("replyDueAt", equalTo(third.plusSeconds(60).toString()));

        // Only an open conversation waits for a reply.
        f.patch(f.agent, id, Map.of("status", "PENDING")).statusCode(200);
        f.conversation(f.agent, id).body("replyDueAt", nullValue());
        given().auth()
                .oauth2(f.agent)
                .queryParam("status", "PENDING")
                .get("/api/v1/conversations")
                .then()
                .body("items[0].replyDueAt", nullValue());
    }

    /** A reply as the outbox leaves it (the API channel here has no reply URL to send through). */
    private String reply(String conversation, String operator, String status) {
        String id = java.util.UUID.randomUUID().toString();
        Instant now = Instant.now().plusMillis(5);
        sql.update(
                "INSERT INTO message (id, tenant_id, conversation_id, channel_id, direction, author_operator_id, text,"
                        + " delivery_status, created_at, received_at) VALUES (?, ?, ?, ?, 'OUTBOUND', ?, 'on it', ?, ?, ?)",
                id,
                f.tenant,
                conversation,
                channel,
                operator,
                status,
                java.sql.Timestamp.valueOf(
                        now.atOffset(java.time.ZoneOffset.UTC).toLocalDateTime()),
                java.sql.Timestamp.valueOf(
                        now.atOffset(java.time.ZoneOffset.UTC).toLocalDateTime()));
        return id;
    }

    @Test
    void everyFilterAloneAndCombined() {
        String open = f.send(channel, "f-1", "u-1", "Ann", "one");
        String pending = f.send(channel, "f-2", "u-2", "Ben", "two");
        String resolved = f.send(channel, "f-3", "u-3", "Cem", "three");
        String otherChannel = f.channel("Partner portal");
        String elsewhere = f.send(otherChannel, "f-4", "u-4", "Dan", "four");
        f.patch(f.agent, pending, Map.of("status", "PENDING", "labels", List.of("Billing")))
                .statusCode(200);
        f.patch(f.agent, resolved, Map.of("status", "RESOLVED")).statusCode(200);
        f.patch(f.agent, open, Map.of("labels", List.of("VIP", "billing"))).statusCode(200);
        String me = f.operatorId(f.agent);
        String colleague = f.operatorId(f.manager);
        String team = "0198c0de-0000-7000-8000-00000000beef";
        InboxFixture.execute(
                dataSource, "UPDATE conversation SET assignee_id = ?, team_id = ? WHERE id = ?", me, team, open);
        InboxFixture.execute(dataSource, "UPDATE conversation SET assignee_id = ? WHERE id = ?", colleague, pending);
        InboxFixture.execute(dataSource, "UPDATE conversation SET team_id = ? WHERE id = ?", team, elsewhere);

        assertEquals(List.of(elsewhere, open), f.listIds(f.agent, Map.of("status", "OPEN")));
        assertEquals(List.of(resolved, pending), f.listIds(f.agent, Map.of("status", "PENDING,RESOLVED")));
        assertEquals(
                List.of(resolved, pending),
                given().auth()
                        .oauth2(f.agent)
                        .queryParam("status", "pending")
                        .queryParam("status", "RESOLVED")
                        .get("/api/v1/conversations")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("items.id"));
        assertEquals(List.of(elsewhere), f.listIds(f.agent, Map.of("channel", otherChannel)));
        assertEquals(
                4,
                f.listIds(f.agent, Map.of("channel", channel + "," + otherChannel))
                        .size());
        assertEquals(4, f.listIds(f.agent, Map.of("kind", "API")).size());
        assertEquals(List.of(), f.listIds(f.agent, Map.of("kind", "SMS,EMAIL")));
        assertEquals(List.of(open), f.listIds(f.agent, Map.of("assignee", "me")));
        assertEquals(List.of(pending), f.listIds(f.manager, Map.of("assignee", "me")));
        assertEquals(List.of(pending), f.listIds(f.agent, Map.of("assignee", colleague)));
        assertEquals(List.of(elsewhere, resolved), f.listIds(f.agent, Map.of("assignee", "none")));
        assertEquals(List.of(elsewhere, open), f.listIds(f.agent, Map.of("team", team)));
        assertEquals(List.of(open), f.listIds(f.agent, Map.of("label", " vip ")));
        assertEquals(List.of(pending, open), f.listIds(f.agent, Map.of("label", "BILLING")));
        // Combined: every filter must match.
        assertEquals(
                List.of(open),
                f.listIds(f.agent, Map.of("status", "OPEN", "assignee", "me", "label", "billing", "team", team)));
        assertEquals(List.of(), f.listIds(f.agent, Map.of("status", "OPEN", "label", "billing", "assignee", "none")));
        assertEquals(
                List.of(elsewhere),
                f.listIds(f.agent, Map.of("status", "OPEN", "team", team, "kind", "API", "channel", otherChannel)));
    }

    @Test
    void invalidFiltersAreOneProblemListingEveryField() {
        given().auth()
                .oauth2(f.agent)
                .queryParam("status", "OPEN,CLOSED")
                .queryParam("kind", "FAX")
                .queryParam("label", "a,")
                .queryParam("q", "x".repeat(201))
                .get("/api/v1/conversations")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("status", "kind", "q"));
        given().auth()
                .oauth2(f.agent)
                .queryParam("label", "x".repeat(65))
                .get("/api/v1/conversations")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("label"));
        for (String cursor : List.of("not a cursor!", "Zm9v", "MjAyNi0wMS0wMXx4")) {
            given().auth()
                    .oauth2(f.agent)
                    .queryParam("cursor", cursor)
                    .get("/api/v1/conversations")
                    .then()
                    .statusCode(400)
                    .body("errors[0].field", equalTo("cursor"));
        }
        given().auth()
                .oauth2(f.agent)
                .queryParam("limit", 0)
                .get("/api/v1/conversations")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("limit"));
    }

    @Test
    void searchFindsContactsAndMessageTextInAnyScript() {
        String zoe = f.send(channel, "s-1", "u-zoe", "Zoë Müller", "Vielen Dank für die schnelle Lieferung 🎉");
        String jose = f.send(channel, "s-2", "u-jose", "José García", "Mi pedido llegó roto");
        String taro = f.send(channel, "s-3", "u-taro", "東京太郎", "荷物が届きません");
        String al = f.send(channel, "s-4", "u-al", "Al", "The parcel is late");
        String kim = f.send(channel, "s-5", "u-kim", "Kim 🎉", "ok");
        String joseContact = f.conversation(f.agent, jose).extract().path("contact.id");
        given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(Map.of("email", "jose.garcia@example.org", "phone", "+34612345678"))
                .patch("/api/v1/contacts/" + joseContact)
                .then()
                .statusCode(200);

        assertEquals(List.of(zoe), search("zoë"));
        assertEquals(List.of(zoe), search("ZOE"), "accents and case do not matter");
        assertEquals(List.of(zoe), search("müller"));
        assertEquals(List.of(zoe), search("liefer"), "words match as prefixes");
        assertEquals(List.of(jose), search("pedido roto"));
        assertEquals(List.of(), search("pedido parcel"), "every word must match");
        assertEquals(List.of(jose), search("jose.garcia@example.org"));
        assertEquals(List.of(jose), search("+34612345678"));
        assertEquals(List.of(taro), search("東京"));
        assertEquals(List.of(al), search("parcel"));
        assertEquals(List.of(al), search("Al"), "two letters are a word prefix like any other");
        assertEquals(List.of(al), search("the parcel"), "stop words are indexed");
        assertEquals(List.of(kim), search("ok"), "so are words of two letters");
        assertEquals(List.of(kim), search("🎉"), "emoji match contact names");
        assertEquals(List.of(jose), search("pedido", "status", "OPEN", "channel", channel));
        assertEquals(List.of(), search("pedido", "status", "RESOLVED"));

        // An address or its start finds the contact by the start of its address, and messages by its words.
        String mia = f.send(channel, "s-6", "u-mia", "Mia", "Bitte an mia@example.net schreiben");
        String alContact = f.conversation(f.agent, al).extract().path("contact.id");
        given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(Map.of("email", "a@b.example"))
                .patch("/api/v1/contacts/" + alContact)
                .then()
                .statusCode(200);
        assertEquals(List.of(jose), search("JOSE.GARCIA@exa"));
        assertEquals(List.of(jose), search("jose.garcia@"));
        assertEquals(List.of(mia), search("mia@example.net"), "a message's text by the address's words");
        assertEquals(List.of(al), search("a@b"), "an address of one-letter words by its start alone");
        assertEquals(List.of(), search("jose_garcia@example.org"), "LIKE wildcards are escaped");
    }

    @Test
    void searchFindsWordsAsTheIndexSplitsThem() {
        String text = f.send(channel, "w-1", "u-w1", "Ana", "don't e-mail order_4711 à bientôt Ärger ÉLAN naïve 12:30");
        for (String q : List.of("don", "mail", "order_4711", "order", "bientôt", "ärger", "élan", "naïve", "30")) {
            assertEquals(List.of(text), search(q), q);
        }
        assertEquals(List.of(), search("4711"), "an underscore joins a word");
    }

    @Test
    void searchReadsOnlyTheTenantsOwnIndexList() {
        String ours = f.send(channel, "i-1", "u-i1", "Ida", "refund please");
        InboxFixture other = new InboxFixture("globex");
        String theirs = other.send(other.channel("Their channel"), "i-2", "u-i2", "Ida", "refund please");

        assertEquals(List.of(ours), search("refund"));
        assertEquals(List.of(theirs), other.listIds(other.agent, Map.of("q", "refund")));
        // The index itself holds each tenant's words apart: no tenant filter needed to tell them apart.
        String expression = SearchQuery.parse("refund").orElseThrow().fullTextIn(f.tenant);
        assertEquals(
                List.<Object>of(ours),
                sql.column(
                        "SELECT conversation_id FROM message WHERE MATCH (search_text) AGAINST (? IN BOOLEAN MODE)",
                        expression));
        assertEquals(
                1L,
                sql.count(
                        "SELECT COUNT(*) FROM contact WHERE MATCH (search_text) AGAINST (? IN BOOLEAN MODE)",
                        SearchQuery.parse("ida").orElseThrow().fullTextIn(f.tenant)));
    }

    @Test
    void searchNeverFailsOnHostileInput() {
        String zoe = f.send(channel, "h-1", "u-zoe", "Zoë Müller", "Paket (beschädigt) – bitte *schnell*");
        List<String> hostile = List.of(
                "\"",
                "'",
                "+-*()~@<>",
                "\\",
                "%",
                "_",
                "*",
                "!",
                "\"zoe",
                "zoe\"",
                "+zoe -müller",
                "zoe*)",
                "(zoe",
                "~zoe <paket >beschädigt",
                "@zoe",
                "'; DROP TABLE conversation; --",
                "zoe\u0000",
                "\uD83D",
                "%%%_%_",
                "MATCH AGAINST IN BOOLEAN MODE",
                " ",
                "a".repeat(200));
        for (String q : hostile) {
            given().auth()
                    .oauth2(f.agent)
                    .queryParam("q", q)
                    .get("/api/v1/conversations")
                    .then()
                    .statusCode(200);
        }
        assertEquals(List.of(zoe), search("\"zoe"));
        assertEquals(List.of(zoe), search("+zoe -müller"), "operators are plain separators: both words required");
        assertEquals(List.of(zoe), search("(beschädigt)*"));
        assertEquals(List.of(), search("_"), "LIKE wildcards are escaped");
        assertEquals(List.of(), search("%"));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM conversation WHERE tenant_id = ?", f.tenant));
    }

    /**
     * The conversations a search finds through the API; checks on the way that the search's scan (the newest
     * conversations first, each checked on its messages and contact) finds exactly what the full-text indexes find.
     */
    private List<String> search(String q, String... filters) {
        Map<String, Object> query = new HashMap<>();
        query.put("q", q);
        for (int i = 0; i < filters.length; i += 2) {
            query.put(filters[i], filters[i + 1]);
        }
        List<String> found = f.listIds(f.agent, query);
        List<String> channels = query.containsKey("channel") ? List.of((String) query.get("channel")) : null;
        ConversationFilter filter = ConversationFilter.parse(
                query.containsKey("status") ? List.of((String) query.get("status")) : null,
                channels,
                null,
                null,
                null,
                null,
                null,
                q,
                f.operatorId(f.agent));
        InboxQuery planned = InboxQuery.plan(
                f.tenant, filter, channels == null ? null : Set.copyOf(channels), null, 26, 10_000, 10_000);
        if (planned.fallback() != null) {
            assertTrue(planned.sql().contains("LIMIT ROWS EXAMINED"), planned.sql());
            QuarkusTransaction.requiringNew().run(() -> {
                assertEquals(found, scanIds(planned), "the scan's matches of " + q);
                assertEquals(found, ids(ConversationService.run(em, planned.fallback())), "the index's of " + q);
            });
        }
        return found;
    }

    /** The rows of a bounded scan as the service orders them. */
    private List<String> scanIds(InboxQuery planned) {
        List<InboxRow> rows = new ArrayList<>(ConversationService.run(em, planned));
        rows.sort(ConversationService.PAGE_ORDER);
        return ids(rows);
    }

    @Test
    void pagesAreStableWithoutDuplicatesEvenWithTiesAndNewActivity() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            ids.add(f.send(channel, "p-" + i, "u-" + i, "Person " + i, "message " + i));
        }
        // Ten conversations share one instant: the id breaks the tie.
        Instant tie = Instant.parse("2026-01-02T03:04:05.123456Z");
        for (String id : ids.subList(5, 15)) {
            InboxFixture.execute(
                    dataSource,
                    "UPDATE conversation SET last_activity_at = ? WHERE id = ?",
                    java.sql.Timestamp.from(tie),
                    id);
        }
        List<Object> expected = sql.column(
                "SELECT id FROM conversation WHERE tenant_id = ? ORDER BY last_activity_at DESC, id DESC", f.tenant);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(f.agent).queryParam("limit", 5);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.get("/api/v1/conversations");
            page.then().statusCode(200);
            seen.addAll(page.path("items.id"));
            cursor = page.path("nextCursor");
            if (pages == 0) {
                // New activity after the first page goes to the top; it neither shifts nor repeats later pages.
                f.send(channel, "p-new", "u-new", "Newcomer", "hello");
            }
            pages++;
        } while (cursor != null);

        assertEquals(5, pages);
        assertEquals(expected, new ArrayList<Object>(seen));
        assertEquals(23, new LinkedHashSet<>(seen).size());
    }

    /**
     * Each filter is read as ordered index scans merged per value (InboxQuery); whichever plan a filter gets (one
     * scan, a merge of scans, or IN lists beyond the merge's limit), its pages walk the same rows in the same order
     * as one plain query over the table, ties included.
     */
    @Test
    void everyPlanPagesLikeOnePlainQuery() {
        List<String> channels = new ArrayList<>(List.of(channel));
        for (int i = 1; i < 9; i++) {
            channels.add(f.channel("Shop " + i));
        }
        String me = f.operatorId(f.agent);
        String colleague = f.operatorId(f.manager);
        List<String> statuses = List.of("OPEN", "PENDING", "SNOOZED", "RESOLVED");
        Instant tie = Instant.parse("2026-01-02T03:04:05.123456Z");
        for (int i = 0; i < 36; i++) {
            String id = f.send(channels.get(i % channels.size()), "plan-" + i, "u-" + i, "Person " + i, "text " + i);
            InboxFixture.execute(
                    dataSource,
                    "UPDATE conversation SET status = ?, assignee_id = ?, last_activity_at = ? WHERE id = ?",
                    statuses.get(i % 4),
                    i % 3 == 0 ? me : i % 3 == 1 ? colleague : null,
                    java.sql.Timestamp.from(i % 5 == 0 ? tie : tie.plusSeconds(i)),
                    id);
            if (i % 4 == 1) {
                f.patch(f.agent, id, Map.of("labels", List.of("vip"))).statusCode(200);
            }
        }
        String nine = String.join(",", channels);
        Map<Map<String, String>, String> plans = new java.util.LinkedHashMap<>();
        plans.put(Map.of(), "TRUE");
        plans.put(Map.of("status", "OPEN,RESOLVED"), "status IN ('OPEN','RESOLVED')");
        plans.put(Map.of("assignee", "me"), "assignee_id = '" + me + "'");
        plans.put(
                Map.of("assignee", "none", "status", "OPEN,PENDING"),
                "assignee_id IS NULL AND status IN ('OPEN','PENDING')");
        plans.put(Map.of("kind", "API"), "TRUE");
        plans.put(
                Map.of("channel", channels.get(1) + "," + channels.get(2)),
                "channel_id IN ('" + channels.get(1) + "','" + channels.get(2) + "')");
        plans.put(Map.of("channel", nine), "TRUE");
        plans.put(Map.of("channel", nine, "status", "PENDING,SNOOZED"), "status IN ('PENDING','SNOOZED')");
        plans.put(
                Map.of("channel", channels.get(3), "assignee", "me"),
                "channel_id = '" + channels.get(3) + "' AND assignee_id = '" + me + "'");
        plans.put(
                Map.of("label", "vip", "status", "PENDING"),
                "status = 'PENDING' AND id IN (SELECT conversation_id FROM conversation_label WHERE label = 'vip')");
        plans.forEach((query, where) -> {
            List<Object> expected = sql.column(
                    "SELECT id FROM conversation WHERE tenant_id = ? AND " + where
                            + " ORDER BY last_activity_at DESC, id DESC",
                    f.tenant);
            List<Object> seen = new ArrayList<>();
            String cursor = null;
            do {
                var request = given().auth().oauth2(f.agent).queryParams(query).queryParam("limit", 4);
                if (cursor != null) {
                    request.queryParam("cursor", cursor);
                }
                Response page = request.get("/api/v1/conversations");
                page.then().statusCode(200);
                seen.addAll(page.path("items.id"));
                cursor = page.path("nextCursor");
            } while (cursor != null);
            assertEquals(expected, seen, "pages of " + query);
            assertFalse(expected.isEmpty(), "the data has rows for " + query);
        });
    }

    @Test
    void theContactFilterPagesOneContactsConversationsInItsTenantOnly() throws Exception {
        List<String> ids = new ArrayList<>();
        Instant tie = Instant.parse("2026-02-03T04:05:06.123456Z");
        for (int i = 0; i < 7; i++) {
            Map<String, Object> inbound = InboxFixture.message("contact-" + i, "ann-7", "Ann", "order " + i);
            inbound.put("threadKey", "order-" + i);
            String id = f.deliver(channel, inbound).statusCode(201).extract().path("conversationId");
            InboxFixture.execute(
                    dataSource,
                    "UPDATE conversation SET status = ?, last_activity_at = ? WHERE id = ?",
                    i % 2 == 0 ? "OPEN" : "RESOLVED",
                    java.sql.Timestamp.from(i % 3 == 0 ? tie : tie.plusSeconds(i)),
                    id);
            ids.add(id);
        }
        f.send(channel, "contact-other", "bob-8", "Bob", "not Ann's");
        String contact = f.conversation(f.agent, ids.get(0)).extract().path("contact.id");
        assertEquals(7, new LinkedHashSet<>(ids).size(), "seven conversations");

        for (Map<String, String> query :
                List.of(Map.of("contact", contact), Map.of("contact", contact, "status", "OPEN"))) {
            String status = query.get("status");
            List<Object> expected = sql.column(
                    "SELECT id FROM conversation WHERE tenant_id = ? AND contact_id = ?"
                            + (status == null ? "" : " AND status = '" + status + "'")
                            + " ORDER BY last_activity_at DESC, id DESC",
                    f.tenant,
                    contact);
            List<Object> seen = new ArrayList<>();
            String cursor = null;
            do {
                var request = given().auth().oauth2(f.agent).queryParams(query).queryParam("limit", 3);
                if (cursor != null) {
                    request.queryParam("cursor", cursor);
                }
                Response page = request.get("/api/v1/conversations");
                page.then().statusCode(200);
                seen.addAll(page.path("items.id"));
                page.then().body("items.contact.id", org.hamcrest.Matchers.everyItem(equalTo(contact)));
                cursor = page.path("nextCursor");
            } while (cursor != null);
            assertEquals(expected, seen, "pages of " + query);
            assertEquals(status == null ? 7 : 4, seen.size());
        }

        // Read in the contact's index order, one page at a time (no sort of all its conversations).
        try (var db = dataSource.getConnection()) {
            List<String> plan = InboxQueryPlans.explain(
                    db, f.tenant, f.operatorId(f.agent), Map.of("contact", List.of(contact)), null, 26);
            assertTrue(plan.stream().anyMatch(line -> line.contains("ix_conversation_contact")), plan.toString());
            assertTrue(
                    plan.stream()
                            .filter(line -> line.contains("ix_conversation_contact"))
                            .noneMatch(line -> line.contains("filesort")),
                    plan.toString());
        }

        // Another tenant learns nothing of the contact, and its own contact ids find nothing here.
        InboxFixture other = new InboxFixture("inbox-other");
        String otherChannel = other.channel("Their shop");
        String theirs = other.send(otherChannel, "theirs-1", "ann-7", "Ann", "same sender id, other tenant");
        String theirContact = other.conversation(other.agent, theirs).extract().path("contact.id");
        assertEquals(List.of(), other.listIds(other.manager, Map.of("contact", contact)));
        assertEquals(List.of(), f.listIds(f.manager, Map.of("contact", theirContact)));
        assertEquals(List.of(theirs), other.listIds(other.agent, Map.of("contact", theirContact)));
        assertEquals(List.of(), f.listIds(f.agent, Map.of("contact", "no-such-contact")));
    }

    @Test
    void aLabelsPagesAreTheSameFromItsScanAsFromItsRows() {
        List<String> sent = new ArrayList<>(); // oldest activity first
        for (int i = 0; i < 8; i++) {
            sent.add(f.send(channel, "ls-" + i, "u-ls" + i, "Kunde " + i, "Frage " + i));
        }
        f.patch(f.agent, sent.get(0), Map.of("labels", List.of("rare"))).statusCode(200);
        for (int i : List.of(1, 3, 5, 6, 7)) {
            f.patch(f.agent, sent.get(i), Map.of("labels", List.of("often", "x" + i)))
                    .statusCode(200);
        }
        List<String> often = List.of(sent.get(7), sent.get(6), sent.get(5), sent.get(3), sent.get(1));
        assertEquals(often, f.listIds(f.agent, Map.of("label", "often")));
        assertEquals(List.of(sent.get(0)), f.listIds(f.agent, Map.of("label", "rare")));
        // Pages of two: full pages come from the label's scan, the last from the label's rows.
        assertEquals(often, pagesOfTwo("label", "often"));

        // The scan answers a full page within its bound, sorted; past its bound it answers less, and the page is
        // read from the label's rows: the same page either way.
        ConversationFilter filter = ConversationFilter.parse(
                null, null, null, null, null, null, List.of("often"), null, f.operatorId(f.agent));
        InboxQuery wide = InboxQuery.plan(f.tenant, filter, null, null, 3, 10_000, 10_000);
        InboxQuery narrow = InboxQuery.plan(f.tenant, filter, null, null, 3, 2, 10_000);
        assertTrue(wide.sql().contains("STRAIGHT_JOIN") && wide.fallback() != null, wide.sql());
        List<String> expected = often.subList(0, 3);
        QuarkusTransaction.requiringNew().run(() -> {
            assertEquals(3, rowsOf(wide));
            assertTrue(rowsOf(narrow) < 3, "the bound cuts the scan short");
            assertEquals(expected, ids(ConversationService.rows(em, wide, 3)));
            assertEquals(expected, ids(ConversationService.rows(em, narrow, 3)));
            assertEquals(
                    expected, ids(ConversationService.rows(em, InboxQuery.plan(f.tenant, filter, null, null, 3), 3)));
        });
        // Should MariaDB sort a bounded scan after all, the bound fails the sort: that too is read again.
        RuntimeException aborted = org.junit.jupiter.api.Assertions.assertThrows(
                RuntimeException.class,
                () -> QuarkusTransaction.requiringNew()
                        .run(() -> em.createNativeQuery("SELECT id FROM conversation WHERE tenant_id = :tenant"
                                        + " ORDER BY last_message_preview LIMIT 5 ROWS EXAMINED 2")
                                .setParameter("tenant", f.tenant)
                                .getResultList()));
        assertTrue(ConversationService.rowsExaminedReached(aborted), aborted.toString());
        // Several labels, a label beside several scans or beside scans too many to merge (sorted, not read in
        // order) keep MariaDB's own plan.
        ConversationFilter two = ConversationFilter.parse(
                null, null, null, null, null, null, List.of("often", "rare"), null, f.operatorId(f.agent));
        assertEquals(
                null,
                InboxQuery.plan(f.tenant, two, null, null, 3, 10_000, 10_000).fallback());
        Set<String> channels = new java.util.TreeSet<>();
        for (int i = 0; i < 9; i++) {
            channels.add("channel-" + i); // 9 channels of 4 statuses each: 36 scans, more than are merged
        }
        ConversationFilter inMany = ConversationFilter.parse(
                null, List.copyOf(channels), null, null, null, null, List.of("often"), null, f.operatorId(f.agent));
        assertEquals(
                null,
                InboxQuery.plan(f.tenant, inMany, channels, null, 3, 10_000, 10_000)
                        .fallback());
        assertTrue(InboxQuery.plan(f.tenant, inMany, channels, null, 3, 10_000, 10_000)
                .sql()
                .contains("EXISTS"));
        assertEquals(
                List.of(sent.get(7), sent.get(6), sent.get(5), sent.get(3), sent.get(1), sent.get(0)),
                f.listIds(f.agent, Map.of("label", "often,rare")));
        assertEquals(List.of(sent.get(5)), f.listIds(f.agent, Map.of("label", "x5", "assignee", "none")));
    }

    @Test
    void aSearchsPagesAreTheSameFromItsScanAsFromTheIndex() {
        List<String> sent = new ArrayList<>(); // oldest activity first
        for (int i = 0; i < 8; i++) {
            String name = i == 4 ? "Oftalmo Klinik" : "Kunde " + i;
            sent.add(f.send(channel, "ss-" + i, "u-ss" + i, name, i % 2 == 1 ? "Oft gefragt nr" + i : "Frage nr" + i));
            f.send(channel, "ss-" + i + "b", "u-ss" + i, name, "Danke nr" + i); // the match is not the newest
        }
        // Words in one message each, across two messages, and by the contact's name.
        List<String> often = List.of(sent.get(7), sent.get(5), sent.get(4), sent.get(3), sent.get(1));
        assertEquals(often, search("oft"));
        assertEquals(List.of(sent.get(5)), search("gefragt nr5"));
        assertEquals(List.of(), search("gefragt danke"), "every word in one message");
        assertEquals(List.of(sent.get(4)), search("oftalmo"));
        // Pages of two: full pages come from the scan, the last from the index.
        assertEquals(often, pagesOfTwo("q", "oft"));

        // Within its bound the scan answers the page; past it, less, and the page is read from the index.
        ConversationFilter filter =
                ConversationFilter.parse(null, null, null, null, null, null, null, "oft", f.operatorId(f.agent));
        InboxQuery wide = InboxQuery.plan(f.tenant, filter, null, null, 3, 10_000, 10_000);
        InboxQuery narrow = InboxQuery.plan(f.tenant, filter, null, null, 3, 10_000, 4);
        assertFalse(wide.sql().contains("MATCH"), wide.sql());
        assertTrue(wide.fallback().sql().contains("MATCH"), wide.fallback().sql());
        QuarkusTransaction.requiringNew().run(() -> {
            assertEquals(3, rowsOf(wide));
            assertTrue(rowsOf(narrow) < 3, "the bound cuts the scan short");
            assertEquals(often.subList(0, 3), ids(ConversationService.rows(em, wide, 3)));
            assertEquals(often.subList(0, 3), ids(ConversationService.rows(em, narrow, 3)));
        });
        // A search with a label keeps the index's plan; a search that fell short is read from the index for a
        // while, and stays right when its word becomes common meanwhile.
        ConversationFilter labelled = ConversationFilter.parse(
                null, null, null, null, null, null, List.of("vip"), "oft", f.operatorId(f.agent));
        assertEquals(
                null,
                InboxQuery.plan(f.tenant, labelled, null, null, 3, 10_000, 10_000)
                        .fallback());
        assertEquals(List.of(sent.get(6)), search("frage nr6"));
        String later = f.send(channel, "ss-8", "u-ss8", "Kunde 8", "Frage nr6 noch einmal");
        assertEquals(List.of(later, sent.get(6)), search("frage nr6"));
    }

    /** Every page of the filter, two conversations a page, through the cursor. */
    private List<String> pagesOfTwo(String parameter, String value) {
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> query = new HashMap<>(Map.of(parameter, value, "limit", 2));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            Response page = given().auth().oauth2(f.agent).queryParams(query).get("/api/v1/conversations");
            page.then().statusCode(200);
            paged.addAll(page.path("items.id"));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        return paged;
    }

    private int rowsOf(InboxQuery planned) {
        jakarta.persistence.Query query = em.createNativeQuery(planned.sql());
        planned.params().forEach(query::setParameter);
        return query.getResultList().size();
    }

    private static List<String> ids(List<InboxRow> rows) {
        return rows.stream().map(InboxRow::id).toList();
    }

    @Test
    void anUnchangedPageIsNotModifiedAndAChangedOneIsNot() {
        f.send(channel, "t-1", "u-1", "Ann", "one");
        String tag = given().auth()
                .oauth2(f.agent)
                .get("/api/v1/conversations")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        assertTrue(tag.startsWith("W/\""), tag);
        given().auth()
                .oauth2(f.agent)
                .header("If-None-Match", tag)
                .get("/api/v1/conversations")
                .then()
                .statusCode(304)
                .body(org.hamcrest.Matchers.emptyString());
        // Another filter is another page; so is the same page after new activity.
        given().auth()
                .oauth2(f.agent)
                .header("If-None-Match", tag)
                .queryParam("status", "RESOLVED")
                .get("/api/v1/conversations")
                .then()
                .statusCode(200);
        f.send(channel, "t-2", "u-1", "Ann", "two");
        String changed = given().auth()
                .oauth2(f.agent)
                .header("If-None-Match", tag)
                .get("/api/v1/conversations")
                .then()
                .statusCode(200)
                .body("items[0].lastMessagePreview", org.hamcrest.Matchers.equalTo("two"))
                .extract()
                .header("ETag");
        assertFalse(tag.equals(changed));
    }

    @Test
    void getCarriesAnETagAndPatchHonoursIfMatch() {
        String id = f.send(channel, "e-1", "u-1", "Ann", "hi");
        Response read = given().auth().oauth2(f.agent).get("/api/v1/conversations/" + id);
        read.then().statusCode(200).body("subject", nullValue()).body("snoozedUntil", nullValue());
        long version = ((Number) read.path("version")).longValue();
        String etag = read.header("ETag");
        assertEquals("\"" + version + "\"", etag);
        given().auth()
                .oauth2(f.agent)
                .header("If-None-Match", etag)
                .get("/api/v1/conversations/" + id)
                .then()
                .statusCode(304)
                .header("ETag", etag);

        long events = eventCount(id);
        given().auth()
                .oauth2(f.agent)
                .header("If-Match", "\"" + (version + 7) + "\"")
                .contentType("application/json")
                .body(Map.of("priority", "URGENT", "status", "PENDING"))
                .patch("/api/v1/conversations/" + id)
                .then()
                .statusCode(412)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:switchboard:problem:precondition-failed"));
        f.conversation(f.agent, id)
                .body("priority", equalTo("NORMAL"))
                .body("status", equalTo("OPEN"))
                .body("version", equalTo((int) version));
        assertEquals(events, eventCount(id), "a refused change records nothing");

        String newTag = given().auth()
                .oauth2(f.agent)
                .header("If-Match", etag)
                .contentType("application/json")
                .body(Map.of("priority", "URGENT"))
                .patch("/api/v1/conversations/" + id)
                .then()
                .statusCode(200)
                .body("priority", equalTo("URGENT"))
                .body("version", equalTo((int) version + 1))
                .extract()
                .header("ETag");
        assertEquals("\"" + (version + 1) + "\"", newTag);
        // The old tag is stale now; a weakened current one (as compressing proxies send it) and * are accepted.
        given().auth()
                .oauth2(f.agent)
                .header("If-Match", etag)
                .contentType("application/json")
                .body(Map.of("priority", "LOW"))
                .patch("/api/v1/conversations/" + id)
                .then()
                .statusCode(412);
        given().auth()
                .oauth2(f.agent)
                .header("If-Match", "W/" + newTag)
                .contentType("application/json")
                .body(Map.of("priority", "LOW"))
                .patch("/api/v1/conversations/" + id)
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(f.agent)
                .header("If-Match", "*")
                .contentType("application/json")
                .body(Map.of("priority", "HIGH"))
                .patch("/api/v1/conversations/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"" + (version + 3) + "\"");
    }

    @Test
    void everyChangeIsRecordedAsAnEventOfItsOperator() {
        String id = f.send(channel, "ev-1", "u-1", "Ann", "hi");
        String me = f.operatorId(f.agent);
        f.patch(f.agent, id, Map.of("status", "PENDING", "priority", "HIGH", "labels", List.of("Refund", "vip")))
                .statusCode(200)
                .body("status", equalTo("PENDING"))
                .body("priority", equalTo("HIGH"))
                .body("labels", contains("refund", "vip"));
        f.patch(f.agent, id, Map.of("labels", List.of("vip", "Urgent 🚨"))).statusCode(200);
        long version = ((Number) f.conversation(f.agent, id).extract().path("version")).longValue();
        // Setting what is already set changes nothing and records nothing.
        f.patch(f.agent, id, Map.of("status", "PENDING", "labels", List.of("VIP", "urgent 🚨")))
                .statusCode(200)
                .body("version", equalTo((int) version));

        given().auth()
                .oauth2(f.agent)
                .get("/api/v1/conversations/" + id + "/events")
                .then()
                .statusCode(200)
                .body("items.type[0]", equalTo("CONVERSATION_CREATED"))
                .body("items.type[1]", equalTo("MESSAGE_RECEIVED"))
                .body("items[1].actorOperatorId", nullValue())
                .body("items.type[2..4]", containsInAnyOrder("STATUS_CHANGED", "PRIORITY_CHANGED", "LABELS_CHANGED"))
                .body("items[2..4].actorOperatorId", contains(me, me, me))
                .body("items.find { it.type == 'STATUS_CHANGED' }.data.from", equalTo("OPEN"))
                .body("items.find { it.type == 'STATUS_CHANGED' }.data.to", equalTo("PENDING"))
                .body("items.find { it.type == 'PRIORITY_CHANGED' }.data.from", equalTo("NORMAL"))
                .body("items.find { it.type == 'PRIORITY_CHANGED' }.data.to", equalTo("HIGH"))
                .body("items.find { it.type == 'LABELS_CHANGED' }.data.added", contains("refund", "vip"))
                .body("items.find { it.type == 'LABELS_CHANGED' }.data.removed", empty())
                .body("items.size()", equalTo(6))
                .body("items[5].type", equalTo("LABELS_CHANGED"))
                .body("items[5].data.added", contains("urgent 🚨"))
                .body("items[5].data.removed", contains("refund"))
                .body("items[5].createdAt", org.hamcrest.Matchers.notNullValue());

        // Events page oldest first, without gaps or repeats.
        List<String> all = given().auth()
                .oauth2(f.agent)
                .get("/api/v1/conversations/" + id + "/events")
                .then()
                .extract()
                .path("items.id");
        Response first =
                given().auth().oauth2(f.agent).queryParam("limit", 3).get("/api/v1/conversations/" + id + "/events");
        List<String> paged = new ArrayList<>(first.path("items.id"));
        paged.addAll(given().auth()
                .oauth2(f.agent)
                .queryParam("limit", 3)
                .queryParam("cursor", first.<String>path("nextCursor"))
                .get("/api/v1/conversations/" + id + "/events")
                .then()
                .body("nextCursor", nullValue())
                .extract()
                .<List<String>>path("items.id"));
        assertEquals(all, paged);
    }

    @Test
    void labelsAreNormalised() {
        String id = f.send(channel, "l-1", "u-1", "Ann", "hi");
        f.patch(
                        f.agent,
                        id,
                        Map.of("labels", List.of(" VIP ", "vip", "Café   Crème", "cafe", "Cafe\u0301", "🔥", "💧")))
                .statusCode(200)
                .body("labels", contains("cafe", "café", "café crème", "vip", "💧", "🔥"))
                .body("version", equalTo(2));
        assertEquals(List.of(id), f.listIds(f.agent, Map.of("label", "CAFÉ")));
        assertEquals(List.of(id), f.listIds(f.agent, Map.of("label", "🔥")));
        f.patch(f.agent, id, Map.of("labels", List.of())).statusCode(200).body("labels", empty());
        assertEquals(0, sql.count("SELECT COUNT(*) FROM conversation_label WHERE conversation_id = ?", id));
    }

    @Test
    void invalidChangesAreRefusedWithEveryFieldAndChangeNothing() {
        String id = f.send(channel, "v-1", "u-1", "Ann", "hi");
        long events = eventCount(id);
        Instant past = Instant.now().minus(1, ChronoUnit.MINUTES);
        List<String> tooMany =
                IntStream.range(0, 21).mapToObj(i -> "label " + i).toList();

        f.patch(f.agent, id, Map.of("labels", java.util.Arrays.asList(" ", "x".repeat(65), "a,b", null, "ok")))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("labels[0]", "labels[1]", "labels[2]", "labels[3]"));
        f.patch(f.agent, id, Map.of("labels", tooMany)).statusCode(400).body("errors[0].field", equalTo("labels"));
        f.patch(f.agent, id, Map.of("status", "SNOOZED"))
                .statusCode(400)
                .body("errors[0].field", equalTo("snoozedUntil"));
        f.patch(f.agent, id, Map.of("status", "SNOOZED", "snoozedUntil", past.toString()))
                .statusCode(400)
                .body("errors[0].message", equalTo("must be in the future"));
        f.patch(
                        f.agent,
                        id,
                        Map.of(
                                "snoozedUntil",
                                Instant.now().plus(1, ChronoUnit.DAYS).toString()))
                .statusCode(400)
                .body("errors[0].field", equalTo("snoozedUntil"));
        f.patch(f.agent, id, Map.of("status", "SNOOZED", "labels", List.of(""), "priority", "HIGH"))
                .statusCode(400)
                .body("errors.field", containsInAnyOrder("labels[0]", "snoozedUntil"));
        f.patch(f.agent, id, Map.of("status", "CLOSED")).statusCode(400).body("errors[0].field", equalTo("status"));
        f.patch(f.agent, id, Map.of("priority", "SOMETIMES")).statusCode(400);
        f.patch(f.agent, id, Map.of("snoozedUntil", "tomorrow")).statusCode(400);
        given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body("{\"status\": ")
                .patch("/api/v1/conversations/" + id)
                .then()
                .statusCode(400)
                .contentType("application/problem+json");

        f.conversation(f.agent, id)
                .body("status", equalTo("OPEN"))
                .body("priority", equalTo("NORMAL"))
                .body("labels", empty())
                .body("version", equalTo(1));
        assertEquals(events, eventCount(id));
    }

    @Test
    void concurrentConditionalChangesLetExactlyOneWin() throws Exception {
        String id = f.send(channel, "c-1", "u-1", "Ann", "hi");
        String etag = given().auth()
                .oauth2(f.agent)
                .get("/api/v1/conversations/" + id)
                .header("ETag");
        List<String> priorities = List.of("LOW", "HIGH", "URGENT");
        List<Integer> statuses = race(
                12,
                i -> given().auth()
                        .oauth2(f.agent)
                        .header("If-Match", etag)
                        .contentType("application/json")
                        .body(Map.of("priority", priorities.get(i % 3), "labels", List.of("racer " + i)))
                        .patch("/api/v1/conversations/" + id)
                        .statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "statuses " + statuses);
        assertEquals(11, statuses.stream().filter(s -> s == 412).count(), "statuses " + statuses);
        f.conversation(f.agent, id).body("version", equalTo(2)).body("labels.size()", equalTo(1));
        assertEquals(
                1,
                sql.count(
                        "SELECT COUNT(*) FROM conversation_event WHERE conversation_id = ? AND type = 'LABELS_CHANGED'",
                        id));
    }

    @Test
    void concurrentUnconditionalChangesAreAppliedOrRefusedButNeverLost() throws Exception {
        String id = f.send(channel, "c-2", "u-2", "Ben", "hi");
        List<Integer> statuses = race(
                12,
                i -> f.patch(f.agent, id, Map.of("labels", List.of("racer " + i)))
                        .extract()
                        .statusCode());
        long applied = statuses.stream().filter(s -> s == 200).count();
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 409), "statuses " + statuses);
        assertTrue(applied >= 1);
        f.conversation(f.agent, id).body("version", equalTo(1 + (int) applied));
        assertEquals(
                applied,
                sql.count(
                        "SELECT COUNT(*) FROM conversation_event WHERE conversation_id = ? AND type = 'LABELS_CHANGED'",
                        id));
    }

    private static List<Integer> race(int n, java.util.function.IntFunction<Integer> call) throws Exception {
        var pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.apply(index);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : futures) {
                statuses.add(future.get(30, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void markingReadResetsTheUnreadCountAndReadingMessagesDoesNot() {
        String id = f.send(channel, "r-1", "u-1", "Ann", "one");
        f.send(channel, "r-2", "u-1", "Ann", "two");
        given().auth()
                .oauth2(f.agent)
                .get("/api/v1/conversations/" + id + "/messages")
                .then()
                .statusCode(200);
        f.conversation(f.agent, id).body("unreadCount", equalTo(2)).body("version", equalTo(2));
        given().auth()
                .oauth2(f.agent)
                .post("/api/v1/conversations/" + id + "/read")
                .then()
                .statusCode(200)
                .header("ETag", "\"3\"")
                .body("unreadCount", equalTo(0));
        given().auth()
                .oauth2(f.agent)
                .post("/api/v1/conversations/" + id + "/read")
                .then()
                .statusCode(200)
                .body("version", equalTo(3));
        f.send(channel, "r-3", "u-1", "Ann", "three");
        f.conversation(f.agent, id).body("unreadCount", equalTo(1));
    }

    @Test
    void notesAreInternalMessagesWithTheirAuthor() {
        String id = f.send(channel, "n-1", "u-1", "Ann", "Wo ist mein Paket?");
        var before = f.conversation(f.agent, id).extract();
        String me = f.operatorId(f.agent);
        Response created = given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(Map.of("type", "NOTE", "text", "  Kundin hat angerufen ☎️ – Paket kommt morgen  "))
                .post("/api/v1/conversations/" + id + "/messages");
        created.then()
                .statusCode(201)
                .body("direction", equalTo("NOTE"))
                .body("text", equalTo("Kundin hat angerufen ☎️ – Paket kommt morgen"))
                .body("authorOperatorId", equalTo(me))
                .body("externalId", nullValue())
                .body("attachments", empty());
        String noteId = created.path("id");
        given().auth()
                .oauth2(f.agent)
                .get(created.header("Location"))
                .then()
                .statusCode(200)
                .body("id", equalTo(noteId));

        given().auth()
                .oauth2(f.agent)
                .get("/api/v1/conversations/" + id + "/messages")
                .then()
                .statusCode(200)
                .body("items.direction", contains("NOTE", "INBOUND"))
                .body("items[0].id", equalTo(noteId))
                .body("items[1].text", equalTo("Wo ist mein Paket?"))
                .body("items[1].authorOperatorId", nullValue());
        // A note is not part of the exchange with the contact.
        f.conversation(f.agent, id)
                .body("lastMessagePreview", equalTo("Wo ist mein Paket?"))
                .body("lastActivityAt", equalTo(before.<String>path("lastActivityAt")))
                .body("unreadCount", equalTo(1));
        given().auth()
                .oauth2(f.agent)
                .get("/api/v1/conversations/" + id + "/events")
                .then()
                .body("items.type", hasItems("NOTE_ADDED"))
                .body("items.find { it.type == 'NOTE_ADDED' }.data.messageId", equalTo(noteId))
                .body("items.find { it.type == 'NOTE_ADDED' }.actorOperatorId", equalTo(me));
    }

    @Test
    void repliesNeedAReplyUrlAndBadMessagesAreRefused() {
        String id = f.send(channel, "n-2", "u-1", "Ann", "hi");
        // This API channel has no reply URL: the reply is refused, not stored (replies are tested in delivery).
        given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(Map.of("type", "REPLY", "text", "On its way!"))
                .post("/api/v1/conversations/" + id + "/messages")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:switchboard:problem:reply-refused"))
                .body("detail", containsString("reply URL"));
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("text", "no type"),
                Map.of("type", "NOTE", "text", "  "),
                Map.of("type", "SHOUT", "text", "x"),
                Map.of("type", "NOTE", "text", "x".repeat(20_001)),
                Map.of("type", "NOTE", "text", "later", "sendAt", "2030-01-01T00:00:00Z"),
                Map.of("type", "NOTE", "text", "x", "attachments", List.of(Map.of("url", "https://x.example/a"))),
                Map.of("type", "REPLY"),
                Map.of("type", "REPLY", "text", "x", "attachments", List.of(Map.of("url", "ftp://x.example/a"))))) {
            given().auth()
                    .oauth2(f.agent)
                    .contentType("application/json")
                    .body(bad)
                    .post("/api/v1/conversations/" + id + "/messages")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.size()", equalTo(1));
        }
        given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(Map.of("type", "NOTE", "text", "x"))
                .post("/api/v1/conversations/" + "0198c0de-0000-7000-8000-000000000000" + "/messages")
                .then()
                .statusCode(404);
        assertEquals(1, sql.count("SELECT COUNT(*) FROM message WHERE conversation_id = ?", id));
    }

    @Test
    void messagesPageNewestFirstWithAttachments() {
        String id = null;
        for (int i = 0; i < 7; i++) {
            Map<String, Object> message = InboxFixture.message("a-" + i, "u-1", "Ann", "Nachricht " + i + " 📎");
            message.put(
                    "attachments",
                    List.of(Map.of(
                            "url",
                            "https://files.example.com/" + i + ".jpg",
                            "contentType",
                            "image/jpeg",
                            "name",
                            "Foto " + i + ".jpg",
                            "size",
                            1024 * i)));
            id = f.deliver(channel, message).statusCode(201).extract().path("conversationId");
        }
        List<String> texts = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().auth().oauth2(f.agent).queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.get("/api/v1/conversations/" + id + "/messages");
            page.then()
                    .statusCode(200)
                    .body("items[0].direction", equalTo("INBOUND"))
                    .body("items[0].externalId", org.hamcrest.Matchers.startsWith("a-"))
                    .body("items[0].attachments[0].contentType", equalTo("image/jpeg"));
            texts.addAll(page.path("items.text"));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        assertEquals(
                IntStream.range(0, 7)
                        .mapToObj(i -> "Nachricht " + (6 - i) + " 📎")
                        .toList(),
                texts);
        given().auth()
                .oauth2(f.agent)
                .queryParam("limit", 1)
                .get("/api/v1/conversations/" + id + "/messages")
                .then()
                .body("items[0].attachments[0].url", equalTo("https://files.example.com/6.jpg"))
                .body("items[0].attachments[0].name", equalTo("Foto 6.jpg"))
                .body("items[0].attachments[0].size", equalTo(6144));
    }

    @Test
    void anotherTenantSeesNothingAndChangesNothing() {
        String id = f.send(channel, "x-1", "u-1", "Zoë Müller", "secret order 4711");
        String messageId = given().auth()
                .oauth2(f.agent)
                .get("/api/v1/conversations/" + id + "/messages")
                .then()
                .extract()
                .path("items[0].id");
        InboxFixture other = new InboxFixture("globex");
        String intruder = other.agent;
        other.channel("Their channel");

        f.conversation(intruder, id).statusCode(404).contentType("application/problem+json");
        f.patch(intruder, id, Map.of("status", "RESOLVED", "labels", List.of("pwned")))
                .statusCode(404);
        given().auth()
                .oauth2(intruder)
                .post("/api/v1/conversations/" + id + "/read")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(intruder)
                .get("/api/v1/conversations/" + id + "/messages")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(intruder)
                .get("/api/v1/conversations/" + id + "/messages/" + messageId)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(intruder)
                .get("/api/v1/conversations/" + id + "/events")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(intruder)
                .contentType("application/json")
                .body(Map.of("type", "NOTE", "text", "x"))
                .post("/api/v1/conversations/" + id + "/messages")
                .then()
                .statusCode(404);
        assertEquals(List.of(), other.listIds(intruder, Map.of()));
        assertEquals(List.of(), other.listIds(intruder, Map.of("q", "secret")));
        assertEquals(List.of(), other.listIds(intruder, Map.of("q", "Zo")));
        assertEquals(List.of(), other.listIds(intruder, Map.of("channel", channel)));

        f.conversation(f.agent, id)
                .statusCode(200)
                .body("status", equalTo("OPEN"))
                .body("labels", empty())
                .body("unreadCount", equalTo(1));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM message WHERE conversation_id = ?", id));
    }

    @Test
    void onlyOperatorsMayUseTheInbox() {
        String id = f.send(channel, "o-1", "u-1", "Ann", "hi");
        String stranger = TestTokens.token(f.tenant, "sam");
        given().auth().oauth2(stranger).get("/api/v1/conversations").then().statusCode(403);
        given().auth()
                .oauth2(stranger)
                .get("/api/v1/conversations/" + id)
                .then()
                .statusCode(403);
        given().get("/api/v1/conversations").then().statusCode(401);
        f.patch(stranger, id, Map.of("status", "RESOLVED")).statusCode(403);
        f.conversation(f.agent, id).body("status", equalTo("OPEN"));
    }

    @Test
    void changesAndNotesReachTheLiveStreamAfterCommit() {
        String changed = f.send(channel, "live-1", "u-1", "Ann", "hi");
        String refused = f.send(channel, "live-2", "u-2", "Ben", "hi");
        try (SseClient stream = SseClient.connect(streamUrl.toString(), f.agent)) {
            f.patch(f.agent, refused, Map.of("status", "SNOOZED")).statusCode(400);
            given().auth()
                    .oauth2(f.agent)
                    .header("If-Match", "\"99\"")
                    .contentType("application/json")
                    .body(Map.of("status", "RESOLVED"))
                    .patch("/api/v1/conversations/" + refused)
                    .then()
                    .statusCode(412);
            f.patch(f.agent, changed, Map.of("status", "RESOLVED")).statusCode(200);
            stream.awaitEvent("conversation-updated", changed);
            String noteId = given().auth()
                    .oauth2(f.agent)
                    .contentType("application/json")
                    .body(Map.of("type", "NOTE", "text", "done"))
                    .post("/api/v1/conversations/" + changed + "/messages")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            stream.awaitEvent("message-created", noteId);
            assertFalse(stream.mentions(refused), "refused changes are not announced");
        }
    }

    private long eventCount(String conversationId) {
        return sql.count("SELECT COUNT(*) FROM conversation_event WHERE conversation_id = ?", conversationId);
    }
}
