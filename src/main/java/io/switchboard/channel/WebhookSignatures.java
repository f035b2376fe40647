package io.switchboard.channel;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC signatures of providers' webhooks. Comparisons are constant-time, so a forger learns nothing from how
 * long a wrong guess took to be refused.
 */
public final class WebhookSignatures {

    private WebhookSignatures() {}

    public static byte[] hmacSha256(String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /** Whether {@code header} is {@code prefix} followed by the lower- or upper-case hex of {@code expected}. */
    public static boolean matchesHex(String header, String prefix, byte[] expected) {
        if (header == null || !header.startsWith(prefix)) {
            return false;
        }
        String hex = header.substring(prefix.length()).strip();
        if (hex.length() != expected.length * 2 || !hex.chars().allMatch(WebhookSignatures::isHexDigit)) {
            return false;
        }
        return MessageDigest.isEqual(HexFormat.of().parseHex(hex), expected);
    }

    /** Whether {@code header} is {@code prefix} followed by the standard base64 of {@code expected}. */
    public static boolean matchesBase64(String header, String prefix, byte[] expected) {
        if (header == null || !header.startsWith(prefix)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.substring(prefix.length()).strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, expected);
    }

    /** Constant-time equality of two configured or presented secrets. */
    public static boolean sameSecret(String presented, String expected) {
        if (presented == null || expected == null) {
            return false;
        }
        return MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
