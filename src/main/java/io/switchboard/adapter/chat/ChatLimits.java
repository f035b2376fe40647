package io.switchboard.adapter.chat;

/** The rules of the widget API's input, shared by its requests and their documentation. */
final class ChatLimits {

    static final int MAX_TEXT = 5000;

    /** Ids as customers' systems make them: numbers, UUIDs, email addresses, "auth0|…" subjects. */
    static final String IDENTIFIER_PATTERN = "[A-Za-z0-9._@+:|-]{1,128}";

    static final String IDENTIFIER_MESSAGE = "must be 1 to 128 characters: letters, digits and . _ @ + : | -";

    /** No colon: the message's stored id is "chat:{identifier}:{clientMessageId}", read from the right. */
    static final String CLIENT_MESSAGE_ID_PATTERN = "[A-Za-z0-9_-]{1,64}";

    static final String CLIENT_MESSAGE_ID_MESSAGE = "must be 1 to 64 characters: letters, digits, _ and -";

    static final String IDENTIFIER_DESCRIPTION =
            "The visitor's stable id in the customer's own system (1 to 128 of A-Z a-z 0-9 . _ @ + : | -)";

    static final String HASH_DESCRIPTION = "hex(HMAC-SHA256(identitySecret, identifier)), computed by the customer's"
            + " back end with the channel's identitySecret; proves the identifier";

    static final String TEXT_DESCRIPTION = "The message, 1 to 5000 characters; stored exactly as sent";

    static final String CLIENT_MESSAGE_ID_DESCRIPTION = "The widget's own id of the message (for example a UUID;"
            + " 1 to 64 of A-Z a-z 0-9 _ -): sending the same message again stores nothing more.";

    private ChatLimits() {}
}
