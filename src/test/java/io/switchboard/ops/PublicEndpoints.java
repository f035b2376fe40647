package io.switchboard.ops;

import io.switchboard.testing.ProviderSignatures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How each public endpoint (provider webhooks, chat widget) proves who calls it, so that tests can call every
 * such operation of the spec signed with the secrets of a channel of their choice. An endpoint this class does not
 * know fails the tests that walk the spec: its way of authenticating must be added here.
 */
final class PublicEndpoints {

    private PublicEndpoints() {}

    /** The channel kind whose key the operation's path takes. */
    static String channelKind(ApiSpec.Operation op) {
        String path = op.path();
        if (path.startsWith("/webhooks/sms/")) {
            return "SMS";
        }
        if (path.startsWith("/webhooks/facebook/")) {
            return "FACEBOOK";
        }
        if (path.startsWith("/webhooks/x/")) {
            return "X";
        }
        if (path.startsWith("/webhooks/email/")) {
            return "EMAIL";
        }
        if (path.startsWith("/public/v1/chat/")) {
            return "CHAT";
        }
        throw new AssertionError(op + " is public, but the tests do not know how it authenticates its callers:"
                + " teach PublicEndpoints about it");
    }

    /** Whether the operation answers anyone by design (a provider's handshake that proves only the secret). */
    static boolean handshake(ApiSpec.Operation op) {
        return op.method().equals("GET") && op.path().equals("/webhooks/x/{key}");
    }

    /**
     * A valid request to the operation on the channel with {@code key}, authenticated with the secrets of
     * {@code signer} (the key's own channel for a genuine request, another one for a forged one). {@code body} is
     * the payload to sign and send, or null for a typical one.
     */
    static RawHttp.Call request(ApiSpec.Operation op, String key, TenantWorld.Channel signer, byte[] body) {
        String path = op.path().replace("{key}", key);
        Map<String, String> secrets = signer.config();
        String unique = UUID.randomUUID().toString().replace("-", "");
        switch (channelKind(op)) {
            case "SMS" -> {
                boolean status = op.path().endsWith("/status");
                String target = path + (status ? "?delivery=" + UUID.randomUUID() : "");
                List<Map.Entry<String, String>> form = body != null
                        ? ProviderSignatures.parseForm(new String(body, StandardCharsets.UTF_8))
                        : status
                                ? List.of(
                                        Map.entry("MessageSid", "SM" + unique),
                                        Map.entry("MessageStatus", "delivered"),
                                        Map.entry("AccountSid", secrets.get("accountSid")))
                                : List.of(
                                        Map.entry("MessageSid", "SM" + unique),
                                        Map.entry("AccountSid", secrets.get("accountSid")),
                                        Map.entry("From", "+15559990000"),
                                        Map.entry("To", secrets.get("phoneNumber")),
                                        Map.entry("Body", "Hello"),
                                        Map.entry("NumMedia", "0"));
                // Twilio signs the URL it calls: the public base URL, the path and the query.
                String publicBase =
                        signer.webhookUrl().substring(0, signer.webhookUrl().indexOf("/webhooks/"));
                String url = publicBase + target;
                String signature = ProviderSignatures.twilio(secrets.get("authToken"), url, form);
                return RawHttp.Call.of("POST", target)
                        .header("X-Twilio-Signature", signature)
                        .withBody(
                                "application/x-www-form-urlencoded",
                                body != null
                                        ? body
                                        : ProviderSignatures.form(form).getBytes(StandardCharsets.UTF_8));
            }
            case "FACEBOOK" -> {
                if (op.method().equals("GET")) {
                    return RawHttp.Call.of(
                            "GET",
                            path + "?hub.mode=subscribe&hub.verify_token=" + secrets.get("verifyToken")
                                    + "&hub.challenge=1158201444");
                }
                byte[] payload = body != null
                        ? body
                        : """
                        {"object":"page","entry":[{"id":"%s","time":%d,"messaging":[{"sender":{"id":"psid-%s"},\
                        "recipient":{"id":"%s"},"timestamp":%d,"message":{"mid":"m_%s","text":"Hello"}}]}]}""".formatted(
                                        secrets.get("pageId"),
                                        System.currentTimeMillis(),
                                        unique,
                                        secrets.get("pageId"),
                                        System.currentTimeMillis(),
                                        unique)
                                .getBytes(StandardCharsets.UTF_8);
                return RawHttp.Call.of("POST", path)
                        .header("X-Hub-Signature-256", ProviderSignatures.meta(secrets.get("appSecret"), payload))
                        .withBody("application/json", payload);
            }
            case "X" -> {
                if (op.method().equals("GET")) {
                    return RawHttp.Call.of("GET", path + "?crc_token=challenge-" + unique);
                }
                byte[] payload = body != null
                        ? body
                        : """
                        {"for_user_id":"%s","direct_message_events":[{"type":"message_create","id":"%d",\
                        "created_timestamp":"%d","message_create":{"target":{"recipient_id":"%s"},\
                        "sender_id":"4711","message_data":{"text":"Hello"}}}]}""".formatted(
                                        secrets.get("userId"),
                                        Math.abs(UUID.randomUUID().getMostSignificantBits()),
                                        System.currentTimeMillis(),
                                        secrets.get("userId"))
                                .getBytes(StandardCharsets.UTF_8);
                return RawHttp.Call.of("POST", path)
                        .header(
                                "x-twitter-webhooks-signature",
                                ProviderSignatures.x(secrets.get("consumerSecret"), payload))
                        .withBody("application/json", payload);
            }
            case "EMAIL" -> {
                List<Map.Entry<String, String>> form = new ArrayList<>();
                if (body != null) {
                    form.addAll(ProviderSignatures.parseForm(new String(body, StandardCharsets.UTF_8)));
                } else {
                    form.add(Map.entry("Message-Id", "<" + unique + "@mail.example>"));
                    form.add(Map.entry("from", "Zoe <zoe@customer.example>"));
                    form.add(Map.entry("sender", "zoe@customer.example"));
                    form.add(Map.entry("recipient", secrets.get("address")));
                    form.add(Map.entry("subject", "Hello"));
                    form.add(Map.entry("body-plain", "Hello"));
                    form.add(Map.entry("stripped-text", "Hello"));
                }
                String timestamp = Long.toString(Instant.now().getEpochSecond());
                String token = unique + "0123456789abcdef";
                form.removeIf(f -> List.of("timestamp", "token", "signature").contains(f.getKey()));
                form.add(Map.entry("timestamp", timestamp));
                form.add(Map.entry("token", token));
                form.add(Map.entry(
                        "signature", ProviderSignatures.mailgun(secrets.get("signingKey"), timestamp, token)));
                return RawHttp.Call.of("POST", path)
                        .withBody("application/x-www-form-urlencoded", ProviderSignatures.form(form));
            }
            default -> {
                String identifier = "visitor-" + unique.substring(0, 12);
                String hash = ProviderSignatures.chatIdentity(secrets.get("identitySecret"), identifier);
                if (op.method().equals("GET")) {
                    return RawHttp.Call.of("GET", path + "?identifier=" + identifier + "&identifierHash=" + hash)
                            .header("X-Chat-Identifier", identifier)
                            .header("X-Chat-Identifier-Hash", hash);
                }
                String payload = body != null
                        ? new String(body, StandardCharsets.UTF_8)
                        : "{\"identifier\":\"%s\",\"identifierHash\":\"%s\",\"text\":\"Hello\",\"clientMessageId\":\"c-%s\"}"
                                .formatted(identifier, hash, unique);
                return RawHttp.Call.of("POST", path).withBody("application/json", payload);
            }
        }
    }
}
