package io.switchboard.channel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignaturesTest {

    /** RFC 4231, test case 2. */
    private static final byte[] RFC_4231_MAC =
            java.util.HexFormat.of().parseHex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

    private static byte[] mac() {
        return WebhookSignatures.hmacSha256("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void hexSignaturesMatchOnlyTheirOwnMacWithTheirPrefix() {
        assertTrue(WebhookSignatures.matchesHex(
                "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", "sha256=", mac()));
        assertTrue(WebhookSignatures.matchesHex(
                "sha256=5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843", "sha256=", RFC_4231_MAC));
        assertFalse(WebhookSignatures.matchesHex(
                "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3844", "sha256=", mac()));
        assertFalse(WebhookSignatures.matchesHex(
                "sha1=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", "sha256=", mac()));
        assertFalse(WebhookSignatures.matchesHex("sha256=5bdcc146", "sha256=", mac()));
        assertFalse(WebhookSignatures.matchesHex(
                "sha256=zzdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", "sha256=", mac()));
        assertFalse(WebhookSignatures.matchesHex(null, "sha256=", mac()));
    }

    @Test
    void base64SignaturesMatchOnlyTheirOwnMac() {
        String base64 = java.util.Base64.getEncoder().encodeToString(RFC_4231_MAC);
        assertTrue(WebhookSignatures.matchesBase64("sha256=" + base64, "sha256=", mac()));
        assertFalse(WebhookSignatures.matchesBase64("sha256=" + base64.substring(1), "sha256=", mac()));
        assertFalse(WebhookSignatures.matchesBase64("sha256=not base64!", "sha256=", mac()));
        assertFalse(WebhookSignatures.matchesBase64(base64, "sha256=", mac()));
    }

    @Test
    void secretsCompareExactly() {
        assertTrue(WebhookSignatures.sameSecret("verify-me", "verify-me"));
        assertFalse(WebhookSignatures.sameSecret("verify-m", "verify-me"));
        assertFalse(WebhookSignatures.sameSecret("verify-me!", "verify-me"));
        assertFalse(WebhookSignatures.sameSecret(null, "verify-me"));
        assertFalse(WebhookSignatures.sameSecret("", "verify-me"));
    }
}
