package io.switchboard.inbox;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.switchboard.testing.Sql;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ContactResourceTest {

    @Inject
    Sql sql;

    private InboxFixture f;
    private String channel;

    @BeforeEach
    void seed() {
        f = new InboxFixture("contacts");
        channel = f.channel("Shop");
    }

    private ValidatableResponse create(String token, Map<String, ?> body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/contacts")
                .then();
    }

    private ValidatableResponse patch(String token, String id, Map<String, ?> body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .patch("/api/v1/contacts/" + id)
                .then();
    }

    private ValidatableResponse merge(String token, String target, String source) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(Map.of("sourceContactId", source))
                .post("/api/v1/contacts/" + target + "/merge")
                .then();
    }

    private ValidatableResponse get(String token, String id) {
        return given().auth().oauth2(token).get("/api/v1/contacts/" + id).then();
    }

    private String contactOf(String conversationId) {
        return f.conversation(f.agent, conversationId).statusCode(200).extract().path("contact.id");
    }

    private List<String> list(String token, Map<String, ?> query) {
        return given().auth()
                .oauth2(token)
                .queryParams(query)
                .get("/api/v1/contacts")
                .then()
                .statusCode(200)
                .extract()
                .path("items.id");
    }

    @Test
    void anOperatorCreatesAndReadsAContact() {
        Response created = given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(Map.of("name", "  Zoë Müller  ", "email", "zoe@example.de", "phone", "+4915112345678"))
                .post("/api/v1/contacts");
        created.then()
                .statusCode(201)
                .header("Location", endsWith("/api/v1/contacts/" + created.path("id")))
                .body("name", equalTo("Zoë Müller"))
                .body("email", equalTo("zoe@example.de"))
                .body("phone", equalTo("+4915112345678"))
                .body("identities.size()", equalTo(0));
        get(f.agent, created.path("id")).statusCode(200).body("name", equalTo("Zoë Müller"));
        create(f.agent, Map.of("name", "Only a name")).statusCode(201).body("email", nullValue());
    }

    @Test
    void badContactsAreRefusedWithEveryFieldAndNothingIsStored() {
        long before = sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", f.tenant);
        create(f.agent, Map.of("name", " ", "email", "zoe(at)example", "phone", "0151 1234567"))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("name", "email", "phone"));
        for (String phone : List.of("4915112345678", "+0151123", "+49 151 1234567", "+1234567890123456", "+")) {
            create(f.agent, Map.of("name", "Ann", "phone", phone))
                    .statusCode(400)
                    .body("errors[0].field", equalTo("phone"));
        }
        for (String email : List.of("zoe", "zoe@", "@example.com", "zoe@example", "zo e@example.com")) {
            create(f.agent, Map.of("name", "Ann", "email", email))
                    .statusCode(400)
                    .body("errors[0].field", equalTo("email"));
        }
        create(f.agent, Map.of("email", "a@example.com")).statusCode(400).body("errors[0].field", equalTo("name"));
        assertEquals(before, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", f.tenant));
    }

    @Test
    void aContactFromAChannelShowsItsIdentities() {
        String conversation = f.send(channel, "i-1", "u-zoe", "Zoë", "hi");
        String other = f.channel("Partner portal");
        String contact = contactOf(conversation);
        get(f.agent, contact)
                .statusCode(200)
                .body("name", equalTo("Zoë"))
                .body("identities.size()", equalTo(1))
                .body("identities[0].channelId", equalTo(channel))
                .body("identities[0].kind", equalTo("EXTERNAL_ID"))
                .body("identities[0].externalId", equalTo("u-zoe"))
                .body("identities[0].handle", equalTo("@u-zoe"));
        String elsewhere = contactOf(f.send(other, "i-2", "zoe-77", "Zoe M.", "hi again"));
        assertTrue(!elsewhere.equals(contact), "another channel's id is another contact until merged");
    }

    @Test
    void contactsAreListedNewestFirstSearchableAndPaged() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(create(f.agent, Map.of("name", "Kunde " + i, "email", "kunde" + i + "@example.com"))
                    .statusCode(201)
                    .extract()
                    .path("id"));
        }
        String zoe = create(f.agent, Map.of("name", "Zoë Müller", "phone", "+4915112345678"))
                .statusCode(201)
                .extract()
                .path("id");
        String jo = create(f.agent, Map.of("name", "Jo 🎸"))
                .statusCode(201)
                .extract()
                .path("id");

        List<String> all = list(f.agent, Map.of("limit", 200));
        assertEquals(9, all.size());
        assertEquals(jo, all.get(0));
        assertEquals(zoe, all.get(1));
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> query = new HashMap<>(Map.of("limit", 4));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            Response page = given().auth().oauth2(f.agent).queryParams(query).get("/api/v1/contacts");
            page.then().statusCode(200);
            paged.addAll(page.path("items.id"));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        assertEquals(all, paged);
        assertEquals(9, new LinkedHashSet<>(paged).size());

        assertEquals(List.of(zoe), list(f.agent, Map.of("q", "müller")));
        assertEquals(List.of(zoe), list(f.agent, Map.of("q", "Zoe")));
        assertEquals(List.of(zoe), list(f.agent, Map.of("q", "+49151")));
        assertEquals(List.of(ids.get(3)), list(f.agent, Map.of("q", "kunde3@example.com")));
        assertEquals(7, list(f.agent, Map.of("q", "kunde")).size());
        assertEquals(List.of(jo), list(f.agent, Map.of("q", "Jo")));
        assertEquals(List.of(jo), list(f.agent, Map.of("q", "🎸")));
        for (String hostile : List.of("\"", "+-*()~@<>", "_", "%", "'; --", "(((")) {
            assertEquals(List.of(), list(f.agent, Map.of("q", hostile)), hostile);
        }
        // An address, or its start, finds the contacts whose address starts with it, not every contact whose
        // text holds its words; its LIKE wildcards are plain characters.
        String lookalike = create(f.agent, Map.of("name", "Kunde3 Example Com", "email", "post@kunde.de"))
                .statusCode(201)
                .extract()
                .path("id");
        assertEquals(List.of(ids.get(3)), list(f.agent, Map.of("q", "kunde3@example.com")));
        assertEquals(List.of(ids.get(3)), list(f.agent, Map.of("q", "KUNDE3@exa")));
        assertEquals(List.of(lookalike, ids.get(3)), list(f.agent, Map.of("q", "kunde3 example com")));
        assertEquals(List.of(ids.get(4)), list(f.agent, Map.of("q", "kunde4@")));
        assertEquals(List.of(), list(f.agent, Map.of("q", "kunde_@example.com")));
        assertEquals(List.of(), list(f.agent, Map.of("q", "kunde%@example.com")));
        given().auth()
                .oauth2(f.agent)
                .queryParam("q", "x".repeat(201))
                .get("/api/v1/contacts")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("q"));
    }

    @Test
    void updatingAContactChangesWhatIsSentOnly() {
        String id = create(f.agent, Map.of("name", "Zoe", "email", "zoe@example.com", "phone", "+4915112345678"))
                .statusCode(201)
                .extract()
                .path("id");
        patch(f.agent, id, Map.of("name", "Zoë Müller"))
                .statusCode(200)
                .body("name", equalTo("Zoë Müller"))
                .body("email", equalTo("zoe@example.com"))
                .body("phone", equalTo("+4915112345678"));
        patch(f.agent, id, Map.of("email", "", "phone", "+14155550100"))
                .statusCode(200)
                .body("email", nullValue())
                .body("phone", equalTo("+14155550100"));
        patch(f.agent, id, Map.of("name", " ", "email", "nope", "phone", "12"))
                .statusCode(400)
                .body("errors.field", containsInAnyOrder("name", "email", "phone"));
        get(f.agent, id).body("name", equalTo("Zoë Müller")).body("phone", equalTo("+14155550100"));
    }

    @Test
    void mergingMovesIdentitiesAndConversationsAndHidesTheDuplicate() {
        String other = f.channel("Email-ish");
        String first = f.send(channel, "mg-1", "u-zoe", "Zoë Müller", "Paket?");
        String second = f.send(other, "mg-2", "zoe@example.de", "Zoe", "Wo ist mein Paket?");
        String target = contactOf(first);
        String source = contactOf(second);
        patch(f.agent, source, Map.of("email", "zoe@example.de")).statusCode(200);
        long sourceEvents = sql.count("SELECT COUNT(*) FROM conversation_event WHERE conversation_id = ?", second);
        String manager = f.operatorId(f.manager);

        merge(f.agent, target, source).statusCode(403);
        merge(f.manager, target, source)
                .statusCode(200)
                .body("id", equalTo(target))
                .body("name", equalTo("Zoë Müller"))
                .body("email", equalTo("zoe@example.de"))
                .body("identities.externalId", contains("u-zoe", "zoe@example.de"));

        f.conversation(f.agent, second).body("contact.id", equalTo(target)).body("contact.name", equalTo("Zoë Müller"));
        assertEquals(
                sourceEvents + 1,
                sql.count("SELECT COUNT(*) FROM conversation_event WHERE conversation_id = ?", second));
        given().auth()
                .oauth2(f.agent)
                .get("/api/v1/conversations/" + second + "/events")
                .then()
                .body("items[-1].type", equalTo("CONTACT_MERGED"))
                .body("items[-1].actorOperatorId", equalTo(manager))
                .body("items[-1].data.fromContactId", equalTo(source))
                .body("items[-1].data.toContactId", equalTo(target));
        assertEquals(List.of(target), list(f.agent, Map.of()));
        assertEquals(List.of(target), list(f.agent, Map.of("q", "zoe")));
        get(f.agent, source)
                .statusCode(200)
                .body("id", equalTo(target))
                .header("Content-Location", endsWith("/api/v1/contacts/" + target));
        patch(f.agent, source, Map.of("name", "x")).statusCode(409);
        // The person writing again on the other channel is recognised as the merged contact.
        f.send(other, "mg-3", "zoe@example.de", "Zoe", "Hallo?");
        f.conversation(f.agent, second).body("contact.id", equalTo(target)).body("unreadCount", equalTo(2));
        // A new thread of the merged identity is recognised as the surviving contact, and no contact is created.
        Map<String, Object> newThread = InboxFixture.message("mg-4", "zoe@example.de", "Zoe", "Neue Frage");
        newThread.put("threadKey", "returns-2026");
        String third = f.deliver(other, newThread).statusCode(201).extract().path("conversationId");
        assertTrue(!third.equals(second));
        f.conversation(f.agent, third).body("contact.id", equalTo(target));
        assertEquals(2, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", f.tenant));

        merge(f.manager, target, source).statusCode(409);
        merge(f.manager, source, target).statusCode(409);
        merge(f.manager, target, target).statusCode(400).body("errors[0].field", equalTo("sourceContactId"));
        merge(f.manager, target, "0198c0de-0000-7000-8000-000000000000").statusCode(404);
        given().auth()
                .oauth2(f.manager)
                .contentType("application/json")
                .body(Map.of())
                .post("/api/v1/contacts/" + target + "/merge")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("sourceContactId"));
    }

    @Test
    void aMergeChainStillResolvesToTheSurvivor() {
        String a =
                create(f.agent, Map.of("name", "A")).statusCode(201).extract().path("id");
        String b =
                create(f.agent, Map.of("name", "B")).statusCode(201).extract().path("id");
        String c =
                create(f.agent, Map.of("name", "C")).statusCode(201).extract().path("id");
        merge(f.manager, b, a).statusCode(200);
        merge(f.manager, c, b).statusCode(200);
        get(f.agent, a).statusCode(200).body("id", equalTo(c));
        get(f.agent, b).statusCode(200).body("id", equalTo(c));
        assertEquals(List.of(c), list(f.agent, Map.of()));
    }

    @Test
    void oppositeMergesAtTheSameTimeLetOneWin() throws Exception {
        String a = create(f.agent, Map.of("name", "Twin A"))
                .statusCode(201)
                .extract()
                .path("id");
        String b = create(f.agent, Map.of("name", "Twin B"))
                .statusCode(201)
                .extract()
                .path("id");
        var pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            Future<Integer> ab = pool.submit(() -> {
                start.await();
                return merge(f.manager, a, b).extract().statusCode();
            });
            Future<Integer> ba = pool.submit(() -> {
                start.await();
                return merge(f.manager, b, a).extract().statusCode();
            });
            start.countDown();
            List<Integer> statuses = List.of(ab.get(30, TimeUnit.SECONDS), ba.get(30, TimeUnit.SECONDS));
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "statuses " + statuses);
            assertEquals(1, statuses.stream().filter(s -> s == 409).count(), "statuses " + statuses);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, list(f.agent, Map.of()).size());
        assertEquals(
                1,
                sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ? AND merged_into_id IS NOT NULL", f.tenant));
    }

    @Test
    void anotherTenantsContactsAreNotFound() {
        String mine = create(f.agent, Map.of("name", "Zoë", "email", "zoe@example.com"))
                .statusCode(201)
                .extract()
                .path("id");
        InboxFixture other = new InboxFixture("globex");
        String theirs = create(other.agent, Map.of("name", "Gina"))
                .statusCode(201)
                .extract()
                .path("id");

        get(other.agent, mine).statusCode(404).contentType("application/problem+json");
        patch(other.agent, mine, Map.of("name", "pwned")).statusCode(404);
        merge(other.manager, theirs, mine).statusCode(404);
        merge(other.manager, mine, theirs).statusCode(404);
        merge(f.manager, mine, theirs).statusCode(404);
        assertEquals(List.of(theirs), list(other.agent, Map.of()));
        assertEquals(List.of(), list(other.agent, Map.of("q", "zoe")));
        assertEquals(List.of(), list(other.agent, Map.of("q", "zoe@example.com")));
        get(f.agent, mine).statusCode(200).body("name", equalTo("Zoë"));
        get(other.agent, theirs).statusCode(200).body("name", equalTo("Gina"));
        assertEquals(
                0,
                sql.count(
                        "SELECT COUNT(*) FROM contact WHERE id IN (?, ?) AND merged_into_id IS NOT NULL",
                        mine,
                        theirs));
    }
}
