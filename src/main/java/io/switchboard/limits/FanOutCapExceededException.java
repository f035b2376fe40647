package io.switchboard.limits;

import io.switchboard.common.error.ApiException;

/** 422: sending this would take the tenant over its daily cap of SMS or email messages; nothing was sent. */
public class FanOutCapExceededException extends ApiException {

    public FanOutCapExceededException(String detail) {
        super(422, "fan-out-cap-exceeded", "Daily sending cap reached", detail);
    }
}
