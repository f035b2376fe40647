package io.switchboard.adapter.chat;

import io.switchboard.common.error.ApiException;

/** 401: the visitor's identifierHash is missing or does not match the identifier. */
class VisitorNotVerifiedException extends ApiException {

    VisitorNotVerifiedException() {
        super(
                401,
                "visitor-not-verified",
                "Unauthorized",
                "identifierHash must be hex(HMAC-SHA256(identitySecret, identifier)) for this channel");
    }
}
