package io.switchboard.staff;

import java.util.List;

/** What a verified token says about its bearer. */
public record CallerProfile(
        String tenantId, String subject, String username, String name, String email, List<String> roles) {

    String rolesColumn() {
        return String.join(",", roles);
    }
}
