package io.switchboard.staff;

import jakarta.enterprise.context.RequestScoped;

/** The operator making the current API request, known once the request passed authentication. */
@RequestScoped
public class CurrentOperator {

    private String id;
    private CallerProfile profile;

    /** Set by the provisioning filter for API requests; the local demo seed sets it to act as a demo operator. */
    public void set(String id, CallerProfile profile) {
        this.id = id;
        this.profile = profile;
    }

    public String id() {
        if (id == null) {
            throw new IllegalStateException("No operator is authenticated in this request");
        }
        return id;
    }

    public CallerProfile profile() {
        id();
        return profile;
    }

    public boolean hasRole(String role) {
        return profile().roles().contains(role);
    }
}
