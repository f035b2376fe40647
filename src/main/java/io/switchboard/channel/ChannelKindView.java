package io.switchboard.channel;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A kind of channel as the product knows it, and the settings a channel of that kind takes. */
public record ChannelKindView(
        ChannelKind kind,

        @Schema(description = "How fast people expect an answer on it")
        ChannelKind.Mode mode,

        @Schema(description = "The default first-response target in seconds; null where the kind has none (PHONE)")
        Long firstResponseTargetSeconds,

        @Schema(
                description = "Concurrent conversations of this kind per operator, unless the tenant or operator sets"
                        + " another")
        int defaultCapacity,

        @Schema(description = "Whether messages travel through Switchboard (false for PHONE: work on it is logged)")
        boolean carried,

        @Schema(description = "Whether an admin can connect a channel of this kind (POST /api/v1/channels)")
        boolean connectable,

        @Schema(
                description = "The settings of a channel of this kind, in the order a form shows them; empty when"
                        + " it takes none")
        List<Field> configFields) {

    /** One setting of a channel kind. */
    @Schema(name = "ChannelConfigField")
    public record Field(
            @Schema(
                    description = "The name in `config`; a dotted name (`imap.host`) is a field of a nested object,"
                            + " and may also be sent as the dotted name itself",
                    example = "accountSid",
                    required = true)
            String name,

            boolean required,

            @Schema(
                    description = "Write-only: stored encrypted, never returned (a channel's `secretsConfigured` names"
                            + " the ones set)")
            boolean secret,

            @Schema(
                    description = "A regular expression the whole value must match; null when any non-empty text"
                            + " is taken",
                    example = "AC[0-9a-fA-F]{32}")
            String pattern,

            @Schema(description = "What the value looks like, in words", example = "a Twilio account SID (AC + 32 hex)")
            String formatHint,

            @Schema(
                    description = "NONE, or URL / HOST where the service connects to the value (internal addresses are"
                            + " refused)",
                    required = true)
            ConfigField.Destination destination) {

        static Field of(ConfigField field) {
            return new Field(
                    field.name(),
                    field.required(),
                    field.secret(),
                    field.format() == null ? null : field.format().pattern(),
                    field.formatHint(),
                    field.destination());
        }
    }
}
