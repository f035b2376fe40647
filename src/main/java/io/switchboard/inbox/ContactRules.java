package io.switchboard.inbox;

/** The shapes of contact details the API accepts. */
final class ContactRules {

    /** A domain with at least one dot: addresses that mail can actually reach. */
    static final String EMAIL = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";

    static final String EMAIL_MESSAGE = "must be an email address such as zoe@example.com";
    static final String E164 = "\\+[1-9][0-9]{1,14}";
    static final String E164_MESSAGE = "must be an E.164 number: + and up to 15 digits, such as +4915112345678";

    private ContactRules() {}
}
