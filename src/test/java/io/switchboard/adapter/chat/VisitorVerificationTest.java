package io.switchboard.adapter.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VisitorVerificationTest {

    /** RFC 4231, test case 2: HMAC-SHA256 with key "Jefe". */
    @Test
    void theHashIsHexHmacSha256OfTheIdentifier() {
        assertEquals(
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                VisitorVerification.hash("Jefe", "what do ya want for nothing?"));
    }

    @Test
    void onlyTheRightHashVerifies() {
        String secret = "s3cret-of-the-channel";
        String hash = VisitorVerification.hash(secret, "user-1");
        assertTrue(VisitorVerification.verify(secret, "user-1", hash));
        assertTrue(VisitorVerification.verify(secret, "user-1", hash.toUpperCase()));
        assertFalse(VisitorVerification.verify(secret, "user-2", hash));
        assertFalse(VisitorVerification.verify("another-secret", "user-1", hash));
        assertFalse(VisitorVerification.verify(secret, "user-1", hash.substring(1)));
        assertFalse(VisitorVerification.verify(secret, "user-1", "g" + hash.substring(1)));
        assertFalse(VisitorVerification.verify(secret, "user-1", null));
        assertFalse(VisitorVerification.verify(secret, "user-1", ""));
        assertFalse(VisitorVerification.verify(null, "user-1", hash));
    }
}
