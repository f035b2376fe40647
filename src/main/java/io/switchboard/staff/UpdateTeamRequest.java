package io.switchboard.staff;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Every field is optional. */
public record UpdateTeamRequest(
        @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
        String name,

        @Schema(description = "The new members (operator ids of the tenant), replacing the current ones")
        @Size(max = TeamService.MAX_MEMBERS)
        List<String> members) {}
