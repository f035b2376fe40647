package io.switchboard.staff;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record CreateTeamRequest(
        @NotBlank @Size(max = 200) String name,

        @Schema(description = "Operator ids of the tenant") @Size(max = TeamService.MAX_MEMBERS)
        List<String> members) {}
