package io.switchboard.channel;

import java.util.Map;

/**
 * A channel as inbound and outbound traffic need it: its tenant, its public key (in webhook and callback URLs)
 * and its decrypted settings. Never leaves the service.
 */
public record ResolvedChannel(
        String id,
        String tenantId,
        ChannelKind kind,
        String key,
        Map<String, String> settings,
        Map<String, String> secrets) {

    public String setting(String name) {
        return settings.get(name);
    }

    public String secret(String name) {
        return secrets.get(name);
    }
}
