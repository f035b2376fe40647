package io.switchboard.common.error;

/** 412: the caller's {@code If-Match} names a version that is no longer current; nothing was changed. */
public class PreconditionFailedException extends ApiException {

    public PreconditionFailedException(String detail) {
        super(412, "precondition-failed", "Precondition failed", detail);
    }
}
