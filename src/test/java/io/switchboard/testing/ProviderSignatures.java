package io.switchboard.testing;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How the providers sign their webhooks, as their documentation describes it, computed independently of the
 * production code: for tests that deliver inbound messages the way the providers deliver them.
 */
public final class ProviderSignatures {

    private ProviderSignatures() {}

    /** Twilio: base64(HMAC-SHA1(auth token, URL + each parameter's name and value, sorted by name)). */
    public static String twilio(String authToken, String url, List<Map.Entry<String, String>> params) {
        StringBuilder data = new StringBuilder(url);
        params.stream()
                .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .forEach(p -> data.append(p.getKey()).append(p.getValue()));
        return Base64.getEncoder().encodeToString(hmac("HmacSHA1", authToken, data.toString()));
    }

    /** Meta ({@code X-Hub-Signature-256}): {@code sha256=} and the hex HMAC-SHA256 of the raw body. */
    public static String meta(String appSecret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", appSecret, body));
    }

    /** X ({@code x-twitter-webhooks-signature}): {@code sha256=} and the base64 HMAC-SHA256 of the raw body. */
    public static String x(String consumerSecret, byte[] body) {
        return "sha256=" + Base64.getEncoder().encodeToString(hmac("HmacSHA256", consumerSecret, body));
    }

    /** Mailgun: hex(HMAC-SHA256(webhook signing key, timestamp + token)). */
    public static String mailgun(String signingKey, String timestamp, String token) {
        return HexFormat.of().formatHex(hmac("HmacSHA256", signingKey, timestamp + token));
    }

    /** Our chat widget's identity verification: hex(HMAC-SHA256(channel secret, identifier)). */
    public static String chatIdentity(String secret, String identifier) {
        return HexFormat.of().formatHex(hmac("HmacSHA256", secret, identifier));
    }

    /** A URL-encoded form of these fields, in their order (repeated names kept). */
    public static String form(List<Map.Entry<String, String>> fields) {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> field : fields) {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8));
        }
        return body.toString();
    }

    /** A URL-encoded form as a provider reads it: name=value pairs in order, repeated names kept. */
    public static List<Map.Entry<String, String>> parseForm(String body) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            // A pair without '=' (a mangled form, as the fuzzer sends) is a name with an empty value.
            int eq = pair.indexOf('=') < 0 ? pair.length() : pair.indexOf('=');
            fields.add(Map.entry(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq == pair.length() ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)));
        }
        return fields;
    }

    private static byte[] hmac(String algorithm, String key, String data) {
        return hmac(algorithm, key, data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(String algorithm, String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
