package io.switchboard.common.error;

/** 403: the caller is known but may not do this. */
public class AccessDeniedException extends ApiException {

    public AccessDeniedException(String detail) {
        super(403, "forbidden", "Forbidden", detail);
    }
}
