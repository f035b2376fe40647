package io.switchboard.adapter.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.http.FormFields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The URL spellings Twilio may have signed, and repeated parameters. Signatures are computed by the test's own
 * implementation of Twilio's documented algorithm ({@link SmsWebhookTest#twilioSignature}).
 */
class TwilioSignatureTest {

    private static final String TOKEN = "12345";
    private static final String PATH = "/webhooks/sms/k3y?x=1";
    private static final List<SmsWebhookTest.Param> PARAMS = List.of(
            new SmsWebhookTest.Param("From", "+14158675310"),
            new SmsWebhookTest.Param("Body", "Ahoy 👋"),
            new SmsWebhookTest.Param("MessageSid", "SM" + "a".repeat(32)));

    private static FormFields fields() {
        return FormFields.parseUrlEncoded(SmsWebhookTest.formBody(PARAMS));
    }

    private static boolean accepts(String baseUrl, String signedUrl) {
        return TwilioSignature.isValid(
                TOKEN, baseUrl, PATH, fields(), SmsWebhookTest.twilioSignature(TOKEN, signedUrl + PATH, PARAMS));
    }

    @Test
    void anHttpsUrlIsAcceptedWithAndWithoutItsDefaultPort() {
        assertTrue(accepts("https://inbox.example.com", "https://inbox.example.com"));
        assertTrue(accepts("https://inbox.example.com", "https://inbox.example.com:443"));
        assertTrue(accepts("https://inbox.example.com:443/", "https://inbox.example.com"));
        assertTrue(accepts("https://inbox.example.com:443", "https://inbox.example.com:443"));
        assertFalse(accepts("https://inbox.example.com", "https://inbox.example.com:80"));
        assertFalse(accepts("https://inbox.example.com", "https://inbox.example.com:8443"));
        assertFalse(accepts("https://inbox.example.com", "http://inbox.example.com"));
    }

    @Test
    void anHttpUrlIsAcceptedWithAndWithoutPort80AndAPathPrefixIsKept() {
        assertTrue(accepts("http://inbox.example.com/sb", "http://inbox.example.com:80/sb"));
        assertTrue(accepts("http://inbox.example.com:80/sb", "http://inbox.example.com/sb"));
        assertFalse(accepts("http://inbox.example.com/sb", "http://inbox.example.com:443/sb"));
        assertFalse(accepts("http://inbox.example.com/sb", "http://inbox.example.com"));
    }

    @Test
    void aNonDefaultPortMustBeSignedAsConfigured() {
        assertTrue(accepts("http://localhost:8080", "http://localhost:8080"));
        assertFalse(accepts("http://localhost:8080", "http://localhost"));
        assertEquals(List.of("http://localhost:8080"), TwilioSignature.baseUrlSpellings("http://localhost:8080/"));
    }

    @Test
    void aRepeatedParameterContributesEachValueInOrder() {
        // As Twilio's helper libraries do: the name's values, sorted, each appended with the name.
        Map<String, List<String>> repeated = new LinkedHashMap<>();
        repeated.put("To", List.of("+2", "+1"));
        repeated.put("A", List.of("x"));
        String url = "https://inbox.example.com" + PATH;
        String expected = SmsWebhookTest.twilioSignature(
                TOKEN,
                url,
                List.of(
                        new SmsWebhookTest.Param("A", "x"),
                        new SmsWebhookTest.Param("To", "+1"),
                        new SmsWebhookTest.Param("To", "+2")));
        assertEquals(expected, TwilioSignature.sign(TOKEN, url, new FormFields(repeated)));
    }
}
