package io.switchboard.inbox;

/** What an operator posts to a conversation. */
public enum MessageType {
    /** An answer to the contact, sent through the channel. */
    REPLY,
    /** An internal note for colleagues; the contact never sees it. */
    NOTE
}
