package io.switchboard.common.error;

/**
 * 401: the request does not prove who sent it, for example a webhook whose signature is missing, wrong or
 * replayed. {@code challenge} names the scheme the caller must use (the {@code WWW-Authenticate} value).
 */
public class UnauthenticatedException extends ApiException {

    private final String challenge;

    public UnauthenticatedException(String detail, String challenge) {
        super(401, "unauthorized", "Unauthorized", detail);
        this.challenge = challenge;
    }

    public String challenge() {
        return challenge;
    }
}
