package io.switchboard.common.error;

/**
 * 404: no such resource for this caller. Another tenant's resource is reported exactly like a missing one,
 * so ids leak nothing.
 */
public class ResourceNotFoundException extends ApiException {

    public ResourceNotFoundException(String resource, String id) {
        super(404, "not-found", "Not found", resource + " " + id + " does not exist");
    }
}
