package io.switchboard.adapter.sms;

import io.switchboard.channel.ResolvedChannel;
import io.switchboard.common.error.AccessDeniedException;
import io.switchboard.common.error.InvalidSignatureException;
import io.switchboard.common.http.FormFields;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature, {@code X-Twilio-Signature}: base64 of HMAC-SHA1, keyed with the account's auth
 * token, over the full URL Twilio requested followed by every POST parameter's name and value, sorted by
 * name (a repeated name contributes each distinct value, sorted, as Twilio's own helper libraries do).
 */
final class TwilioSignature {

    private static final String CHALLENGE = "Twilio-Signature";

    private TwilioSignature() {}

    /**
     * Reads a Twilio request to this service after checking that it comes from the channel's Twilio account: 401
     * without a valid signature (Twilio signs the URL it was given: our public base URL, the path and the query as
     * sent); 403 when validly signed but for another account than the channel's (the number is wired to the wrong
     * channel). Returns the form fields.
     */
    static FormFields verify(
            ResolvedChannel channel, String publicBaseUrl, HttpServerRequest request, byte[] body, String signature) {
        if (signature == null || signature.isBlank()) {
            throw new InvalidSignatureException("The X-Twilio-Signature header is missing", CHALLENGE);
        }
        FormFields form = FormFields.parseUrlEncoded(body);
        String pathAndQuery = request.path() + (request.query() == null ? "" : "?" + request.query());
        if (!isValid(channel.secret("authToken"), publicBaseUrl, pathAndQuery, form, signature)) {
            throw new InvalidSignatureException("The X-Twilio-Signature does not match the request", CHALLENGE);
        }
        String accountSid = form.first("AccountSid");
        if (accountSid != null && !accountSid.equals(channel.setting("accountSid"))) {
            throw new AccessDeniedException("The request belongs to another Twilio account than this channel's");
        }
        return form;
    }

    /**
     * Whether {@code header} signs {@code fields} sent to {@code baseUrl + pathAndQuery}. Twilio may have
     * signed the URL with or without the scheme's default port, so both spellings are accepted.
     */
    static boolean isValid(String authToken, String baseUrl, String pathAndQuery, FormFields fields, String header) {
        if (authToken == null || header == null || header.isBlank()) {
            return false;
        }
        byte[] presented = header.strip().getBytes(StandardCharsets.US_ASCII);
        boolean valid = false;
        for (String base : baseUrlSpellings(baseUrl)) {
            byte[] expected = sign(authToken, base + pathAndQuery, fields).getBytes(StandardCharsets.US_ASCII);
            // Constant time per comparison; every spelling is checked so the timing does not tell which matched.
            valid |= MessageDigest.isEqual(expected, presented);
        }
        return valid;
    }

    static String sign(String authToken, String url, FormFields fields) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(fields.asMap()).forEach((name, values) -> {
            for (String value : new TreeSet<>(values)) {
                data.append(name).append(value);
            }
        });
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }

    /** The base URL as configured, plus the same URL with its default port added or removed. */
    static List<String> baseUrlSpellings(String baseUrl) {
        String base = baseUrl.replaceAll("/+$", "");
        List<String> spellings = new ArrayList<>(2);
        spellings.add(base);
        URI uri = URI.create(base);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int defaultPort = switch (scheme) {
            case "https" -> 443;
            case "http" -> 80;
            default -> -1;
        };
        if (defaultPort < 0 || uri.getHost() == null) {
            return spellings;
        }
        String userInfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String prefix = uri.getScheme() + "://" + userInfo + uri.getHost();
        if (uri.getPort() == -1) {
            spellings.add(prefix + ":" + defaultPort + path);
        } else if (uri.getPort() == defaultPort) {
            spellings.add(prefix + path);
        }
        return spellings;
    }
}
