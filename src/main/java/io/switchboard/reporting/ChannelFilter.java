package io.switchboard.reporting;

import io.switchboard.channel.ChannelKind;
import io.switchboard.common.error.InvalidRequestException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Optional narrowing of a report to one channel ({@code none}: work not carried by a channel, such as PHONE) and
 * one kind.
 *
 * @param channelKey the rollups' channel key ('' for none), null for all
 */
record ChannelFilter(String channelKey, String kind) {

    static ChannelFilter parse(String channel, String kind) {
        String key = null;
        if (channel != null && !channel.isBlank()) {
            key = "none".equals(channel.strip()) ? "" : channel.strip();
        }
        String kindName = null;
        if (kind != null && !kind.isBlank()) {
            try {
                kindName = ChannelKind.valueOf(kind.strip().toUpperCase(Locale.ROOT))
                        .name();
            } catch (IllegalArgumentException e) {
                throw InvalidRequestException.ofField(
                        "kind", "must be one of " + Arrays.toString(ChannelKind.values()));
            }
        }
        return new ChannelFilter(key, kindName);
    }

    /** Whether a row of this channel ('' for none) and kind is wanted. */
    boolean matches(String channel, String kindName) {
        return (channelKey == null || channelKey.equals(channel)) && (kind == null || kind.equals(kindName));
    }
}
