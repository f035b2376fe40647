package io.switchboard.channel;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts channel credentials at rest with AES-256-GCM. One key writes ({@code switchboard.secrets-key}); it and
 * the previous keys ({@code switchboard.secrets-previous-keys}) read, so keys can be rotated without making stored
 * credentials unreadable. The stored form is {@code v2:<key id>:base64(iv || ciphertext+tag)}, the key id being a
 * fingerprint of the key (no secret, and no setting to get wrong); values stored before key ids, {@code
 * v1:base64(…)}, are tried with every key (GCM's tag tells the right one). The channel id is authenticated data,
 * so a secret copied onto another channel's row does not decrypt.
 *
 * <p>The development key below is in the source code, so it protects nothing: it is refused unless the profile
 * is {@code dev} or {@code test}.
 */
@ApplicationScoped
@Startup
public class SecretBox {

    /** The key of the {@code dev} and {@code test} profiles (application.properties); public, so never elsewhere. */
    static final String DEVELOPMENT_KEY = "c3dpdGNoYm9hcmQtZGV2LWtleS1ub3QtZm9yLXByb2Q=";

    private static final String V1 = "v1:";
    private static final String V2 = "v2:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String writingKeyId;
    /** Every readable key by id, the writing key first. */
    private final Map<String, SecretKey> keys = new LinkedHashMap<>();

    private final SecureRandom random = new SecureRandom();

    @jakarta.inject.Inject
    public SecretBox(SwitchboardConfig config) {
        this(config.secretsKey(), config.secretsPreviousKeys().orElse(List.of()), ConfigUtils.getProfiles());
    }

    /** A box for the given base64 key; tools outside the service (benchmarks, migrations) use it. */
    public SecretBox(String base64Key) {
        this(base64Key, List.of(), List.of("test"));
    }

    /**
     * A box writing with {@code writingKey} and reading with it and {@code previousKeys}, under the given profiles.
     *
     * @throws IllegalStateException when a key is not 32 bytes of base64, or is the development key while the
     *     profiles are neither {@code dev} nor {@code test}
     */
    SecretBox(String writingKey, List<String> previousKeys, List<String> profiles) {
        boolean development = profiles.contains("dev") || profiles.contains("test");
        List<String> all = new ArrayList<>();
        all.add(writingKey);
        all.addAll(previousKeys);
        for (String base64 : all) {
            if (!development && DEVELOPMENT_KEY.equals(base64.strip())) {
                throw new IllegalStateException("The built-in development key of switchboard.secrets-key is public and"
                        + " only allowed in the dev and test profiles (active: " + String.join(",", profiles)
                        + "): set SWITCHBOARD_SECRETS_KEY to 32 random bytes, base64 (openssl rand -base64 32)");
            }
            SecretKey key = key(base64);
            keys.putIfAbsent(keyId(key), key);
        }
        this.writingKeyId = keyId(key(writingKey));
    }

    private static SecretKey key(String base64Key) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "switchboard.secrets-key (SWITCHBOARD_SECRETS_KEY) or one of the previous keys is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("switchboard.secrets-key (SWITCHBOARD_SECRETS_KEY) and the previous keys"
                    + " must be 32 bytes each, base64 encoded");
        }
        return new SecretKeySpec(raw, "AES");
    }

    /** The first 8 bytes of SHA-256 over the key, in hex: names the key in stored values without revealing it. */
    static String keyId(SecretKey key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("switchboard secrets key id".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(key.getEncoded()), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The id of the key new values are sealed with. */
    public String writingKeyId() {
        return writingKeyId;
    }

    public String seal(String plaintext, String channelId) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(writingKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(channelId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return V2
                    + writingKeyId
                    + ":"
                    + Base64.getEncoder()
                            .encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                                    .put(iv)
                                    .put(sealed)
                                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt a channel secret", e);
        }
    }

    public String open(String stored, String channelId) {
        if (stored.startsWith(V2)) {
            int colon = stored.indexOf(':', V2.length());
            if (colon < 0) {
                throw new IllegalStateException("Unknown secret format");
            }
            String keyId = stored.substring(V2.length(), colon);
            SecretKey key = keys.get(keyId);
            if (key == null) {
                throw new IllegalStateException("A channel secret is sealed with key " + keyId + ", which is neither"
                        + " switchboard.secrets-key nor one of switchboard.secrets-previous-keys");
            }
            return open(key, stored.substring(colon + 1), channelId);
        }
        if (stored.startsWith(V1)) {
            // Sealed before values named their key: whichever key authenticates it sealed it.
            for (SecretKey key : keys.values()) {
                try {
                    return open(key, stored.substring(V1.length()), channelId);
                } catch (IllegalStateException wrongKey) {
                    // try the next one
                }
            }
            throw new IllegalStateException("A channel secret does not decrypt with any configured key");
        }
        throw new IllegalStateException("Unknown secret format");
    }

    /** Whether a stored value is sealed with another key than the writing one (re-sealing it would rotate it). */
    public boolean sealedWithOlderKey(String stored) {
        return !stored.startsWith(V2 + writingKeyId + ":");
    }

    private static String open(SecretKey key, String base64, String channelId) {
        try {
            byte[] all = Base64.getDecoder().decode(base64);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            cipher.updateAAD(channelId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A channel secret does not decrypt with the configured key", e);
        }
    }
}
