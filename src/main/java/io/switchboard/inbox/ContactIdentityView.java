package io.switchboard.inbox;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A contact's id on one channel. */
public record ContactIdentityView(
        String channelId,

        @Schema(description = "What the external id is: PHONE, EMAIL, PAGE_SCOPED_ID, X_USER_ID, CHAT_ID, EXTERNAL_ID")
        IdentityKind kind,

        String externalId,
        String handle) {}
