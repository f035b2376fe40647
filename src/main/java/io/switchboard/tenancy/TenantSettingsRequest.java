package io.switchboard.tenancy;

import jakarta.validation.constraints.NotBlank;

/** @param timeZone IANA zone id such as Europe/Berlin */
public record TenantSettingsRequest(@NotBlank String timeZone) {}
