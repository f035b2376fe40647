package io.switchboard.delivery;

import io.switchboard.common.error.ApiException;

/** 422: an Idempotency-Key came back with a different request than the one it was first used for. */
public class IdempotencyKeyReusedException extends ApiException {

    public IdempotencyKeyReusedException() {
        super(
                422,
                "idempotency-key-reused",
                "Idempotency key reused",
                "This Idempotency-Key was used for a different request; use a new key for a new reply");
    }
}
