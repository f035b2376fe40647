package io.switchboard.delivery;

import io.switchboard.common.error.ApiException;

/** 422: the reply is valid, but its channel cannot carry it (now), in words an operator understands. */
public class ReplyRefusedException extends ApiException {

    /** The channel's sender refused this reply (too long, outside a messaging window, no reply URL…). */
    public static ReplyRefusedException refused(String reason) {
        return new ReplyRefusedException("reply-refused", reason);
    }

    public ReplyRefusedException(String slug, String detail) {
        super(422, slug, "Reply refused", detail);
    }
}
