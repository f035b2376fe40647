package io.switchboard.inbox;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.channel.ChannelKind;
import io.switchboard.testing.Sql;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Labels on contacts: written normalised, limited, filtered on, carried over by merges; broadcast audiences. */
@QuarkusTest
class ContactLabelsTest {

    @Inject
    Sql sql;

    @Inject
    ContactAudience audience;

    private InboxFixture f;
    private String channel;

    @BeforeEach
    void seed() {
        f = new InboxFixture("labels");
        channel = f.channel("Shop");
    }

    private ValidatableResponse create(Map<String, ?> body) {
        return given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/contacts")
                .then();
    }

    private ValidatableResponse patch(String id, Map<String, ?> body) {
        return given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(body)
                .patch("/api/v1/contacts/" + id)
                .then();
    }

    private List<String> listed(String... labels) {
        return given().auth()
                .oauth2(f.agent)
                .queryParam("label", (Object[]) labels)
                .get("/api/v1/contacts")
                .then()
                .statusCode(200)
                .extract()
                .path("items.id");
    }

    private String contactOf(String conversationId) {
        return f.conversation(f.agent, conversationId).statusCode(200).extract().path("contact.id");
    }

    private ValidatableResponse merge(String target, String source) {
        return given().auth()
                .oauth2(f.manager)
                .contentType("application/json")
                .body(Map.of("sourceContactId", source))
                .post("/api/v1/contacts/" + target + "/merge")
                .then();
    }

    @Test
    void labelsAreStoredNormalisedSortedAndReplacedByPatch() {
        String id = create(Map.of("name", "Zoë", "labels", List.of(" VIP ", "vip", "Newsletter   Subscribers")))
                .statusCode(201)
                .body("labels", contains("newsletter subscribers", "vip"))
                .extract()
                .path("id");
        given().auth()
                .oauth2(f.agent)
                .get("/api/v1/contacts/" + id)
                .then()
                .body("labels", contains("newsletter subscribers", "vip"));

        patch(id, Map.of("name", "Zoë M.")).statusCode(200).body("labels", contains("newsletter subscribers", "vip"));
        patch(id, Map.of("labels", List.of("Berlin", "VIP"))).statusCode(200).body("labels", contains("berlin", "vip"));
        patch(id, Map.of("labels", List.of())).statusCode(200).body("labels", empty());
        assertEquals(0, sql.count("SELECT COUNT(*) FROM contact_label WHERE contact_id = ?", id));
        create(Map.of("name", "No labels")).statusCode(201).body("labels", empty());
    }

    @Test
    void labelsAreComparedByteForByte() {
        String cafe = create(Map.of("name", "A", "labels", List.of("Café")))
                .statusCode(201)
                .extract()
                .path("id");
        String plain = create(Map.of("name", "B", "labels", List.of("cafe")))
                .statusCode(201)
                .extract()
                .path("id");
        assertEquals(List.of(cafe), listed("CAFÉ"));
        assertEquals(List.of(plain), listed("cafe"));
        // NFC: "e" + combining acute is the same label as "é".
        assertEquals(List.of(cafe), listed("cafe\u0301"));
    }

    @Test
    void tooManyOrBadLabelsAreRefusedWithProblemDetailsAndNothingChanges() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add("label " + i);
        }
        long before = sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", f.tenant);
        create(Map.of("name", "Ann", "labels", many))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("labels"))
                .body("errors[0].message", equalTo("must not hold more than 20 labels"));
        create(Map.of("name", "Ann", "labels", List.of("ok", "x".repeat(65), "a,b", " ")))
                .statusCode(400)
                .body("errors.field", contains("labels[1]", "labels[2]", "labels[3]"));
        assertEquals(before, sql.count("SELECT COUNT(*) FROM contact WHERE tenant_id = ?", f.tenant));

        String id = create(Map.of("name", "Ann", "labels", List.of("vip")))
                .statusCode(201)
                .extract()
                .path("id");
        patch(id, Map.of("name", "Anna", "labels", many)).statusCode(400);
        given().auth()
                .oauth2(f.agent)
                .get("/api/v1/contacts/" + id)
                .then()
                .body("name", equalTo("Ann"))
                .body("labels", contains("vip"));
        create(Map.of("name", "Max", "labels", List.of("x".repeat(64)))).statusCode(201);
        given().auth()
                .oauth2(f.agent)
                .queryParam("label", "x".repeat(65))
                .get("/api/v1/contacts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("label"));
    }

    @Test
    void theListFiltersOnAnyOfTheLabelsWithinTheTenant() {
        String vip = create(Map.of("name", "V", "labels", List.of("vip")))
                .statusCode(201)
                .extract()
                .path("id");
        String news = create(Map.of("name", "N", "labels", List.of("news")))
                .statusCode(201)
                .extract()
                .path("id");
        String both = create(Map.of("name", "B", "labels", List.of("news", "vip")))
                .statusCode(201)
                .extract()
                .path("id");
        create(Map.of("name", "None")).statusCode(201);
        InboxFixture other = new InboxFixture("labels-other");
        given().auth()
                .oauth2(other.agent)
                .contentType("application/json")
                .body(Map.of("name", "Elsewhere", "labels", List.of("vip")))
                .post("/api/v1/contacts")
                .then()
                .statusCode(201);

        assertEquals(List.of(both, vip), listed("VIP"));
        assertEquals(List.of(both, news, vip), listed("vip,news"));
        assertEquals(List.of(both, news, vip), listed("vip", "news"));
        assertEquals(List.of(), listed("nobody"));
    }

    @Test
    void aMergedContactKeepsTheDuplicatesLabelsAndTheAudienceCountsThePersonOnce() {
        String first = contactOf(f.send(channel, "lb-1", "u-zoe-1", "Zoë", "Hi"));
        String second = contactOf(f.send(channel, "lb-2", "u-zoe-2", "Zoë (work)", "Hello"));
        patch(first, Map.of("labels", List.of("vip"))).statusCode(200);
        patch(second, Map.of("labels", List.of("newsletter", "vip"))).statusCode(200);
        assertEquals(2, audience.count(f.tenant, channel, "VIP", ChannelKind.API));

        merge(first, second).statusCode(200).body("labels", contains("newsletter", "vip"));

        assertEquals(List.of(first), listed("newsletter"));
        assertEquals(List.of(first), listed("vip"));
        assertEquals(
                List.of(new ContactAudience.Member(first, "u-zoe-1", "Zoë")),
                audience.members(f.tenant, channel, "vip", ChannelKind.API, null, 100),
                "one member, at the oldest identity on the channel");
        assertEquals(1, audience.count(f.tenant, channel, "newsletter", ChannelKind.API));
        assertEquals(0, sql.count("SELECT COUNT(*) FROM contact_label WHERE contact_id = ?", second));
    }

    @Test
    void aMergeThatWouldExceedTheLimitIsRefusedAndChangesNothing() {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            a.add("a" + i);
            b.add("b" + i);
        }
        String target = create(Map.of("name", "A", "labels", a))
                .statusCode(201)
                .extract()
                .path("id");
        String source = create(Map.of("name", "B", "labels", b))
                .statusCode(201)
                .extract()
                .path("id");
        merge(target, source)
                .statusCode(409)
                .contentType("application/problem+json")
                .body(
                        "detail",
                        equalTo("Together the two contacts carry 30 labels; a contact carries at most 20."
                                + " Remove some first"));
        given().auth().oauth2(f.agent).get("/api/v1/contacts/" + source).then().body("id", equalTo(source));
        assertEquals(15, sql.count("SELECT COUNT(*) FROM contact_label WHERE contact_id = ?", source));
    }

    @Test
    void theAudienceIsTheLabelledContactsKnownOnTheChannelInPages() {
        String otherChannel = f.channel("Other");
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String contact = contactOf(f.send(channel, "au-" + i, "u-" + i, "Person " + i, "Hi"));
            patch(contact, Map.of("labels", List.of("Spring Sale"))).statusCode(200);
            members.add(contact);
        }
        String elsewhere = contactOf(f.send(otherChannel, "au-x", "u-x", "Elsewhere", "Hi"));
        patch(elsewhere, Map.of("labels", List.of("spring sale"))).statusCode(200);
        String unlabelled = contactOf(f.send(channel, "au-y", "u-y", "Unlabelled", "Hi"));
        create(Map.of("name", "No identity", "phone", "+4915112345678", "labels", List.of("spring sale")))
                .statusCode(201);
        InboxFixture other = new InboxFixture("labels-audience");
        String otherTenantsChannel = other.channel("Shop");
        other.send(otherTenantsChannel, "au-o", "u-o", "Other tenant", "Hi");

        List<String> sorted = members.stream().sorted().toList();
        Map<String, String> externalIds = new HashMap<>();
        List<ContactAudience.Member> paged = new ArrayList<>();
        String after = null;
        while (true) {
            var page = audience.members(f.tenant, channel, " spring  SALE ", ChannelKind.API, after, 2);
            if (page.isEmpty()) {
                break;
            }
            paged.addAll(page);
            after = page.get(page.size() - 1).contactId();
        }
        paged.forEach(m -> externalIds.put(m.contactId(), m.externalId()));
        assertEquals(
                sorted, paged.stream().map(ContactAudience.Member::contactId).toList());
        for (int i = 0; i < 5; i++) {
            assertEquals("u-" + i, externalIds.get(members.get(i)));
        }
        assertEquals(5, audience.count(f.tenant, channel, "spring sale", ChannelKind.API));
        // A channel that reaches profiles by phone (SMS) also reaches the labelled contact without an identity.
        assertEquals(6, audience.count(f.tenant, channel, "spring sale", ChannelKind.SMS));
        assertEquals(5, audience.count(f.tenant, channel, "spring sale", ChannelKind.EMAIL));
        assertEquals(0, audience.count(other.tenant, channel, "spring sale", ChannelKind.API));
        assertEquals(
                List.of(elsewhere),
                audience.members(f.tenant, otherChannel, "spring sale", ChannelKind.API, null, 10).stream()
                        .map(ContactAudience.Member::contactId)
                        .toList());
        assertEquals(List.of(), audience.members(f.tenant, channel, "spring sale", ChannelKind.API, sorted.get(4), 10));
        assertEquals(
                false,
                audience.members(f.tenant, channel, "spring sale", ChannelKind.API, null, 10).stream()
                        .anyMatch(m -> m.contactId().equals(unlabelled)));
    }

    @Test
    void anAudienceLabelIsNormalisedOrRefused() {
        assertEquals("spring sale", ContactAudience.normaliseLabel("  Spring   Sale ", "audience.label"));
        var refused = org.junit.jupiter.api.Assertions.assertThrows(
                io.switchboard.common.error.InvalidRequestException.class,
                () -> ContactAudience.normaliseLabel("a,b", "audience.label"));
        assertEquals("audience.label", refused.errors().get(0).field());
    }

    @Test
    void labelsAppearInTheListView() {
        create(Map.of("name", "Listed", "labels", List.of("b", "A"))).statusCode(201);
        given().auth()
                .oauth2(f.agent)
                .queryParam("label", "a")
                .get("/api/v1/contacts")
                .then()
                .statusCode(200)
                .body("items[0].labels", containsInAnyOrder("a", "b"));
    }
}
