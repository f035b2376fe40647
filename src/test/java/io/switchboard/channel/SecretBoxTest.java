package io.switchboard.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Channel credentials at rest: the public development key stays in development, and keys can be rotated. */
class SecretBoxTest {

    private static final String KEY_A = "dGVzdC1vbmx5LXNlY3JldHMta2V5LTMyLWJ5dGVzISE=";
    private static final String KEY_B = "YW5vdGhlci10ZXN0LWtleS0zMi1ieXRlcy1sb25nISE=";
    /** Sealed with KEY_A for channel-1 by the SecretBox of before key ids (commit 6c50e2c). */
    private static final String SEALED_WITHOUT_KEY_ID =
            "v1:3/EtqHsZc56492AGnWmAfLYKdufxNt/KVmdYbi4sSZIaoSM5a3+amotAJrnETQVOD8clGut5h6b8fDFQ9wNnO0o=";

    @Test
    void theDevelopmentKeyIsRefusedUnlessTheProfileIsDevOrTest() {
        for (List<String> profiles :
                List.<List<String>>of(List.of("prod"), List.of("staging"), List.of("prod", "eu"), List.of())) {
            IllegalStateException refused = assertThrows(
                    IllegalStateException.class,
                    () -> new SecretBox(SecretBox.DEVELOPMENT_KEY, List.of(), profiles),
                    profiles::toString);
            assertTrue(refused.getMessage().contains("SWITCHBOARD_SECRETS_KEY"), refused.getMessage());
            assertThrows(
                    IllegalStateException.class,
                    () -> new SecretBox(KEY_A, List.of(SecretBox.DEVELOPMENT_KEY), profiles),
                    "as a previous key too: " + profiles);
        }
        new SecretBox(SecretBox.DEVELOPMENT_KEY, List.of(), List.of("dev"));
        new SecretBox(SecretBox.DEVELOPMENT_KEY, List.of(), List.of("test"));
        new SecretBox(KEY_A, List.of(), List.of("staging"));
    }

    @Test
    void onlyTheDevAndTestProfilesHaveABuiltInSecretsKeyOrDatabasePassword() throws IOException {
        for (String profile : List.of("prod", "staging")) {
            SmallRyeConfig config = config(profile);
            assertTrue(
                    config.getOptionalValue("switchboard.secrets-key", String.class)
                            .isEmpty(),
                    profile);
            assertTrue(
                    config.getOptionalValue("quarkus.datasource.password", String.class)
                            .isEmpty(),
                    profile);
        }
        for (String profile : List.of("dev", "test")) {
            SmallRyeConfig config = config(profile);
            assertEquals(SecretBox.DEVELOPMENT_KEY, config.getValue("switchboard.secrets-key", String.class));
            assertEquals("switchboard", config.getValue("quarkus.datasource.password", String.class));
        }
    }

    @Test
    void valuesNameTheKeyThatSealedThem() {
        SecretBox box = new SecretBox(KEY_A, List.of(), List.of("prod"));
        String sealed = box.seal("{\"authToken\":\"t\"}", "channel-1");
        assertTrue(sealed.startsWith("v2:" + box.writingKeyId() + ":"), sealed);
        assertEquals(16, box.writingKeyId().length());
        assertFalse(sealed.contains(KEY_A));
        assertEquals("{\"authToken\":\"t\"}", box.open(sealed, "channel-1"));
        assertThrows(IllegalStateException.class, () -> box.open(sealed, "channel-2"), "bound to its channel");
    }

    @Test
    void afterARotationTheNewKeyWritesAndThePreviousOnesStillRead() {
        SecretBox before = new SecretBox(KEY_A, List.of(), List.of("prod"));
        String old = before.seal("old secret", "channel-1");

        SecretBox rotated = new SecretBox(KEY_B, List.of(KEY_A), List.of("prod"));
        assertEquals("old secret", rotated.open(old, "channel-1"));
        assertTrue(rotated.sealedWithOlderKey(old));
        String fresh = rotated.seal("new secret", "channel-1");
        assertNotEquals(before.writingKeyId(), rotated.writingKeyId());
        assertTrue(fresh.startsWith("v2:" + rotated.writingKeyId() + ":"), fresh);
        assertFalse(rotated.sealedWithOlderKey(fresh));
        assertEquals("new secret", rotated.open(fresh, "channel-1"));

        SecretBox withoutPrevious = new SecretBox(KEY_B, List.of(), List.of("prod"));
        IllegalStateException unknown =
                assertThrows(IllegalStateException.class, () -> withoutPrevious.open(old, "channel-1"));
        assertTrue(unknown.getMessage().contains(before.writingKeyId()), unknown.getMessage());
        assertThrows(IllegalStateException.class, () -> before.open(fresh, "channel-1"));
    }

    @Test
    void valuesSealedBeforeKeyIdsStayReadableWithWhicheverKeySealedThem() {
        assertEquals(
                "{\"authToken\":\"sealed-before-key-ids\"}",
                new SecretBox(KEY_A, List.of(), List.of("prod")).open(SEALED_WITHOUT_KEY_ID, "channel-1"));
        assertEquals(
                "{\"authToken\":\"sealed-before-key-ids\"}",
                new SecretBox(KEY_B, List.of(KEY_A), List.of("prod")).open(SEALED_WITHOUT_KEY_ID, "channel-1"));
        assertThrows(
                IllegalStateException.class,
                () -> new SecretBox(KEY_B, List.of(), List.of("prod")).open(SEALED_WITHOUT_KEY_ID, "channel-1"));
    }

    @Test
    void keysMustBe32BytesOfBase64() {
        assertThrows(IllegalStateException.class, () -> new SecretBox("not base64!", List.of(), List.of("prod")));
        assertThrows(IllegalStateException.class, () -> new SecretBox("c2hvcnQ=", List.of(), List.of("prod")));
        assertThrows(IllegalStateException.class, () -> new SecretBox(KEY_A, List.of("c2hvcnQ="), List.of("prod")));
    }

    /** application.properties alone (no environment), as the given profile sees it. */
    private static SmallRyeConfig config(String profile) throws IOException {
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(
                        SecretBoxTest.class.getClassLoader().getResource("application.properties")))
                .build();
    }
}
