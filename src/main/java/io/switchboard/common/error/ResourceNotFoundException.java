package io.switchboard.common.error;

/**
 * 404: no such resource for this caller. Another tenant's resource is reported exactly like a missing one,
 * so ids leak nothing.
 */
public class ResourceNotFoundException extends ApiException {

    public ResourceNotFoundException(String resource, String id) {
        this(resource + " " + id + " does not exist");
    }

    public ResourceNotFoundException(String detail) {
        super(404, "not-found", "Not found", detail);
    }
}
