package io.switchboard.inbox;

/**
 * A change in a tenant's inbox, fired after it committed: live updates, assignment and reporting observe it.
 */
public record InboxActivity(Type type, String tenantId, String conversationId, String messageId) {

    public enum Type {
        CONVERSATION_CREATED("conversation-created"),
        CONVERSATION_UPDATED("conversation-updated"),
        MESSAGE_CREATED("message-created"),
        /** A message changed after it was written: a reply's delivery status, or an edit of a scheduled reply. */
        MESSAGE_UPDATED("message-updated");

        private final String eventName;

        Type(String eventName) {
            this.eventName = eventName;
        }

        /** The server-sent event name. */
        public String eventName() {
            return eventName;
        }
    }
}
