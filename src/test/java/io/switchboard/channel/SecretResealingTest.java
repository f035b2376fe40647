package io.switchboard.channel;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.Sql;
import io.switchboard.testing.TestTokens;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 point 8, bulk re-encryption after a key rotation: every stored channel secret not sealed with the current
 * key is sealed with it, in every tenant, in batches; the secrets open to what they were; one sealed with a key the
 * service does not have is counted and left alone; a second run has nothing to do. The test rotates the whole
 * database's secrets to another key and back, so the other tests' channels stay readable.
 */
@QuarkusTest
class SecretResealingTest {

    private static final String KEY_OLD = "dGVzdC1vbmx5LXNlY3JldHMta2V5LTMyLWJ5dGVzISE=";
    private static final String KEY_NEW = "YW5vdGhlci10ZXN0LWtleS0zMi1ieXRlcy1sb25nISE=";
    private static final String KEY_LOST = "bG9zdC1rZXktbm9ib2R5LWhhcy1pdC0zMi1ieXRlcyE=";
    private static final List<String> TEST = List.of("test");

    @Inject
    Sql sql;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everySecretNotSealedWithTheCurrentKeyIsSealedAgainAcrossTenants() {
        SecretBox development = new SecretBox(SecretBox.DEVELOPMENT_KEY, List.of(), TEST);
        SecretBox old = new SecretBox(KEY_OLD, List.of(), TEST);
        SecretBox lost = new SecretBox(KEY_LOST, List.of(), TEST);
        SecretBox rotated = new SecretBox(KEY_NEW, List.of(KEY_OLD, SecretBox.DEVELOPMENT_KEY), TEST);

        List<String> ids = new ArrayList<>();
        for (String tenant : List.of(TestTokens.newTenant("reseal-a"), TestTokens.newTenant("reseal-b"))) {
            String admin = TestTokens.token(tenant, "carol", "admin");
            for (int i = 0; i < 3; i++) {
                ids.add(createSmsChannel(admin, "token-" + tenant + "-" + i));
            }
        }
        Map<String, String> plaintext = new LinkedHashMap<>();
        for (String id : ids) {
            plaintext.put(id, development.open(stored(id), id));
        }
        // Four with the old key, one left with the development key, one with a key nobody has any more.
        for (String id : ids.subList(0, 4)) {
            sql.update("UPDATE channel SET secrets = ? WHERE id = ?", old.seal(plaintext.get(id), id), id);
        }
        String unreadable = ids.get(5);
        String lostValue = lost.seal(plaintext.get(unreadable), unreadable);
        sql.update("UPDATE channel SET secrets = ? WHERE id = ?", lostValue, unreadable);

        try {
            SecretResealer.Outcome first = SecretResealer.reseal(rotated, dataSource, 2);
            assertTrue(first.resealed() >= 5, "mine and every other test's channels: " + first);
            assertEquals(1, first.unreadable(), first.toString());
            for (String id : ids.subList(0, 5)) {
                String now = stored(id);
                assertTrue(now.startsWith("v2:" + rotated.writingKeyId() + ":"), now);
                assertEquals(plaintext.get(id), rotated.open(now, id));
            }
            assertEquals(lostValue, stored(unreadable), "an unreadable secret is left as it is");
            assertEquals(
                    1L,
                    ((Number) sql.single(
                                    "SELECT COUNT(*) FROM channel WHERE secrets IS NOT NULL AND secrets NOT LIKE ?",
                                    "v2:" + rotated.writingKeyId() + ":%"))
                            .longValue());

            SecretResealer.Outcome again = SecretResealer.reseal(rotated, dataSource, 2);
            assertEquals(new SecretResealer.Outcome(0, 0, 1), again, "nothing left to do");
        } finally {
            sql.update(
                    "UPDATE channel SET secrets = ? WHERE id = ?",
                    development.seal(plaintext.get(unreadable), unreadable),
                    unreadable);
            SecretResealer.Outcome back = SecretResealer.reseal(
                    new SecretBox(SecretBox.DEVELOPMENT_KEY, List.of(KEY_NEW), TEST), dataSource, 200);
            assertEquals(0, back.unreadable(), back.toString());
        }
        for (String id : ids) {
            assertEquals(plaintext.get(id), development.open(stored(id), id));
        }
    }

    private String stored(String id) {
        return (String) sql.single("SELECT secrets FROM channel WHERE id = ?", id);
    }

    private static String createSmsChannel(String admin, String authToken) {
        return given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body(Map.of(
                        "kind",
                        "SMS",
                        "name",
                        "Support line",
                        "config",
                        Map.of(
                                "accountSid",
                                "AC0123456789abcdef0123456789abcdef",
                                "authToken",
                                authToken,
                                "phoneNumber",
                                "+14155550100")))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }
}
