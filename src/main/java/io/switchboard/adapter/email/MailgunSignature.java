package io.switchboard.adapter.email;

import io.switchboard.common.error.InvalidSignatureException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mailgun's webhook signature: {@code signature} = hex HMAC-SHA256, keyed with the webhook signing key, of
 * {@code timestamp} followed by {@code token}. The signature covers no content, so freshness (the timestamp)
 * and single use (the token, recorded by the caller) are what stop a captured signature from being reused.
 */
final class MailgunSignature {

    /** How far the signed timestamp may be from our clock, either way. */
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    static final String CHALLENGE = "Mailgun-Signature";

    /** Mailgun's tokens are 50 characters; anything unlike a token is refused before it reaches the database. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,100}");

    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");

    private MailgunSignature() {}

    /** Throws {@link InvalidSignatureException} unless the fields are an authentic, fresh signature. */
    static void verify(String signingKey, String timestamp, String token, String signature, Instant now) {
        if (isBlank(timestamp) || isBlank(token) || isBlank(signature)) {
            throw new InvalidSignatureException("The timestamp, token and signature fields are required", CHALLENGE);
        }
        if (signingKey == null
                || !TIMESTAMP.matcher(timestamp).matches()
                || !TOKEN.matcher(token).matches()
                || !MessageDigest.isEqual(hmac(signingKey, timestamp + token), parseHex(signature))) {
            throw new InvalidSignatureException("The signature does not match", CHALLENGE);
        }
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (Duration.between(signedAt, now).abs().compareTo(TOLERANCE) > 0) {
            throw new InvalidSignatureException(
                    "The signature's timestamp is not within " + TOLERANCE.toMinutes() + " minutes of now", CHALLENGE);
        }
    }

    private static byte[] hmac(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** An unreadable signature matches nothing (an empty array never equals a digest). */
    private static byte[] parseHex(String hex) {
        try {
            return HexFormat.of().parseHex(hex.strip());
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
