package io.switchboard.inbox;

/** What a contact's id on a channel is. */
public enum IdentityKind {
    PHONE,
    EMAIL,
    PAGE_SCOPED_ID,
    X_USER_ID,
    CHAT_ID,
    EXTERNAL_ID
}
