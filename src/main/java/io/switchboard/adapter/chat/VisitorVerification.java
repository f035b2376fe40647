package io.switchboard.adapter.chat;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Identity verification of chat visitors (DESIGN.md, "Chat"). The customer's own back end, which knows who is
 * signed in, computes {@code identifierHash = hex(HMAC-SHA256(identitySecret, identifier))} and gives it to the
 * widget; only someone holding the channel's secret can produce it, so a visitor cannot pose as another.
 */
final class VisitorVerification {

    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private VisitorVerification() {}

    /** Whether {@code identifierHash} (hex, either case) is the identifier's HMAC; compared in constant time. */
    static boolean verify(String identitySecret, String identifier, String identifierHash) {
        if (identitySecret == null || identifier == null || identifierHash == null || identifierHash.length() != 64) {
            return false;
        }
        byte[] presented;
        try {
            presented = HEX.parseHex(identifierHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(identitySecret, identifier), presented);
    }

    /** The hash the customer's back end computes; lower-case hex. */
    static String hash(String identitySecret, String identifier) {
        return HEX.formatHex(hmac(identitySecret, identifier));
    }

    private static byte[] hmac(String secret, String identifier) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
