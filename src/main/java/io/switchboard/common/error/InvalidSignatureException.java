package io.switchboard.common.error;

/**
 * 401: a signed request (a provider's webhook) whose signature is missing or does not match. Unlike a missing
 * bearer token, no challenge is offered: the caller cannot log in, only sign correctly.
 */
public class InvalidSignatureException extends ApiException {

    public InvalidSignatureException(String detail) {
        super(401, "invalid-signature", "Unauthorized", detail);
    }
}
