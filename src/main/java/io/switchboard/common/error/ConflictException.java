package io.switchboard.common.error;

/** 409: the request conflicts with the current state of the resource. */
public class ConflictException extends ApiException {

    public ConflictException(String detail) {
        super(409, "conflict", "Conflict", detail);
    }
}
