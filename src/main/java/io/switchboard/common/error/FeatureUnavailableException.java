package io.switchboard.common.error;

/** 422: the request is well-formed and valid, but what it asks for is not available (yet) in this service. */
public class FeatureUnavailableException extends ApiException {

    public FeatureUnavailableException(String slug, String detail) {
        super(422, slug, "Not available", detail);
    }
}
