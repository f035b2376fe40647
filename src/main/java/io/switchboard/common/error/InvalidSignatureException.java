package io.switchboard.common.error;

/**
 * 401: a signed request (a provider's webhook) whose signature is missing, wrong or replayed. The caller cannot
 * log in, only sign correctly; {@code challenge}, where the provider has a name for its scheme, becomes the
 * {@code WWW-Authenticate} value.
 */
public class InvalidSignatureException extends ApiException {

    private final String challenge;

    public InvalidSignatureException(String detail) {
        this(detail, null);
    }

    public InvalidSignatureException(String detail, String challenge) {
        super(401, "invalid-signature", "Unauthorized", detail);
        this.challenge = challenge;
    }

    /** The {@code WWW-Authenticate} value, or null. */
    public String challenge() {
        return challenge;
    }
}
