package io.switchboard.staff;

import jakarta.validation.constraints.NotNull;

public record AvailabilityRequest(@NotNull Availability availability) {}
