package io.switchboard.channel;

import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One setting of a channel kind. Secret settings are write-only: stored encrypted, never returned. A dotted
 * name ({@code imap.host}) is a field of a nested object.
 */
public record ConfigField(
        String name, boolean required, boolean secret, Pattern format, String formatHint, Destination destination) {

    /** Whether the service connects where the setting says: such settings pass the egress policy. */
    @Schema(name = "ChannelConfigDestination")
    public enum Destination {
        NONE,
        /** An http(s) URL the service sends to. */
        URL,
        /** A host name or address the service connects to. */
        HOST
    }

    public static ConfigField required(String name) {
        return new ConfigField(name, true, false, null, null, Destination.NONE);
    }

    public static ConfigField optional(String name) {
        return new ConfigField(name, false, false, null, null, Destination.NONE);
    }

    public static ConfigField secret(String name) {
        return new ConfigField(name, true, true, null, null, Destination.NONE);
    }

    public static ConfigField optionalSecret(String name) {
        return new ConfigField(name, false, true, null, null, Destination.NONE);
    }

    public ConfigField matching(String regex, String hint) {
        return new ConfigField(name, required, secret, Pattern.compile(regex), hint, destination);
    }

    /** The service connects where this setting points, so it is a tenant-supplied destination. */
    public ConfigField destination(Destination kind) {
        return new ConfigField(name, required, secret, format, formatHint, kind);
    }
}
