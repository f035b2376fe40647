package io.switchboard.channel;

import java.util.regex.Pattern;

/**
 * One setting of a channel kind. Secret settings are write-only: stored encrypted, never returned. A dotted
 * name ({@code imap.host}) is a field of a nested object.
 */
public record ConfigField(String name, boolean required, boolean secret, Pattern format, String formatHint) {

    public static ConfigField required(String name) {
        return new ConfigField(name, true, false, null, null);
    }

    public static ConfigField optional(String name) {
        return new ConfigField(name, false, false, null, null);
    }

    public static ConfigField secret(String name) {
        return new ConfigField(name, true, true, null, null);
    }

    public static ConfigField optionalSecret(String name) {
        return new ConfigField(name, false, true, null, null);
    }

    public ConfigField matching(String regex, String hint) {
        return new ConfigField(name, required, secret, Pattern.compile(regex), hint);
    }
}
