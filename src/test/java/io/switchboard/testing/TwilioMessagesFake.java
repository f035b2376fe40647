package io.switchboard.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.Admin;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.extension.ExtensionFactory;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.extension.WireMockServices;
import com.github.tomakehurst.wiremock.http.LoggedResponse;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Twilio's Messages API played faithfully enough to prove "exactly one message per recipient": the messages a
 * WireMock accepted are its own request journal, so that what Twilio would list is exactly what was POSTed.
 *
 * <ul>
 *   <li>{@link #acceptMessages}: {@code POST …/2010-04-01/Accounts/{sid}/Messages.json} answered 201 with Twilio's
 *       message resource ({@code sid, to, from, body, status: "queued", date_created, …}); the sid is derived
 *       from the request's journal id ({@code SM} + its 32 hex digits), so every accepted POST is one message.
 *       Like Twilio it answers 400 (error 21604) without {@code To} and (21602) without {@code Body} and media.
 *   <li>{@link #listMessages}: {@code GET …/Messages.json?To=&From=&PageSize=&Page=} answers Twilio's list
 *       ({@code messages[]} newest first, {@code next_page_uri}, {@code page}, {@code page_size}) from the journal:
 *       every POST to the same path whose answer was 2xx and carried a {@code sid}, whatever stub answered it
 *       (this fake's or a test's own), with the sid of that answer and the POST's {@code To, From, Body}.
 * </ul>
 *
 * Use: the shared provider WireMock ({@link ProviderApisTestResource}) has the transformers; register the stubs
 * with {@code TwilioMessagesFake.install(ProviderApis.wireMock(), ProviderApis.TWILIO, accountSid)}. A test's
 * own {@code WireMockServer} gets them with {@code TwilioMessagesFake.configure(WireMockConfiguration.options())}
 * and then {@code install(new WireMock("127.0.0.1", server.port()), "", accountSid)} (base URL {@code http://127.0.0.1:port}).
 * {@link #accepted} reads the accepted messages back for assertions.
 */
public final class TwilioMessagesFake {

    /** The transformer answering POSTs as Twilio creates a message. */
    public static final String ACCEPT = "twilio-accept-message";

    /** The transformer answering Twilio's message list from the request journal. */
    public static final String LIST = "twilio-list-messages";

    /** Twilio's {@code date_created}: RFC 2822, such as {@code Thu, 26 Nov 2026 10:15:00 +0000}. */
    static final DateTimeFormatter RFC_2822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_PATH = "/2010-04-01/Accounts/";

    private TwilioMessagesFake() {}

    /** One message Twilio accepted, as its list shows it. */
    public record Message(
            String sid, String to, String from, String body, Instant dateCreated, String statusCallback) {}

    /** Adds the fake's transformers to a WireMock server's configuration. */
    public static WireMockConfiguration configure(WireMockConfiguration options) {
        return options.extensions(new Factory());
    }

    /** The stubs of one account below {@code prefix} (the provider's base path on the server, or ""). */
    public static MappingBuilder acceptMessages(String prefix, String accountSid) {
        return post(urlPathEqualTo(messagesPath(prefix, accountSid)))
                .willReturn(WireMock.aResponse().withTransformers(ACCEPT));
    }

    public static MappingBuilder listMessages(String prefix, String accountSid) {
        return get(urlPathEqualTo(messagesPath(prefix, accountSid)))
                .willReturn(WireMock.aResponse().withTransformers(LIST));
    }

    /** Registers both stubs; remove them with {@code wireMock.removeStubMapping} when done. */
    public static List<com.github.tomakehurst.wiremock.stubbing.StubMapping> install(
            WireMock wireMock, String prefix, String accountSid) {
        return List.of(
                wireMock.register(acceptMessages(prefix, accountSid)),
                wireMock.register(listMessages(prefix, accountSid)));
    }

    public static String messagesPath(String prefix, String accountSid) {
        return prefix + API_PATH + accountSid + "/Messages.json";
    }

    /** The messages the server accepted for the account (below {@code prefix}), newest first. */
    public static List<Message> accepted(WireMock wireMock, String prefix, String accountSid) {
        return accepted(wireMock.getServeEvents(), messagesPath(prefix, accountSid));
    }

    /** The messages accepted on {@code path} among {@code journal} (newest first, as WireMock keeps it). */
    public static List<Message> accepted(List<ServeEvent> journal, String path) {
        List<Message> messages = new ArrayList<>();
        for (ServeEvent event : journal) {
            LoggedRequest request = event.getRequest();
            LoggedResponse response = event.getResponse();
            if (!RequestMethod.POST.equals(request.getMethod())
                    || !path.equals(URI.create(request.getUrl()).getRawPath())
                    || response == null
                    || response.getStatus() < 200
                    || response.getStatus() >= 300) {
                continue;
            }
            String sid = sidOf(response.getBodyAsString());
            if (sid == null) {
                continue;
            }
            Map<String, String> form = firstValues(request.getBodyAsString());
            messages.add(new Message(
                    sid,
                    form.get("To"),
                    form.get("From"),
                    form.get("Body"),
                    request.getLoggedDate().toInstant(),
                    form.get("StatusCallback")));
        }
        return messages;
    }

    private static String sidOf(String body) {
        try {
            var sid = JSON.readTree(body).get("sid");
            return sid == null || !sid.isTextual() ? null : sid.asText();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Map<String, String> firstValues(String form) {
        Map<String, String> values = new java.util.HashMap<>();
        if (form == null || form.isBlank()) {
            return values;
        }
        for (Map.Entry<String, String> field : ProviderSignatures.parseForm(form)) {
            values.putIfAbsent(field.getKey(), field.getValue());
        }
        return values;
    }

    private static final class Factory implements ExtensionFactory {
        @Override
        public List<Extension> create(WireMockServices services) {
            return List.of(new Accept(), new ListFromJournal(services.getAdmin()));
        }
    }

    private static final class Accept implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return ACCEPT;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            LoggedRequest request = event.getRequest();
            List<Map.Entry<String, String>> form = request.getBodyAsString().isBlank()
                    ? List.of()
                    : ProviderSignatures.parseForm(request.getBodyAsString());
            Map<String, String> first = firstValues(request.getBodyAsString());
            long media =
                    form.stream().filter(f -> f.getKey().equals("MediaUrl")).count();
            ResponseDefinitionBuilder answer = ResponseDefinitionBuilder.like(event.getResponseDefinition())
                    .but()
                    .withHeader("Content-Type", "application/json");
            if (isBlank(first.get("To"))) {
                return error(answer, 21604, "A 'To' phone number is required.");
            }
            if (isBlank(first.get("Body")) && media == 0) {
                return error(answer, 21602, "Message body is required.");
            }
            String path = URI.create(request.getUrl()).getRawPath();
            String accountSid = path.substring(path.indexOf(API_PATH) + API_PATH.length(), path.lastIndexOf('/'));
            String sid = (media > 0 ? "MM" : "SM") + event.getId().toString().replace("-", "");
            String created = RFC_2822.format(request.getLoggedDate().toInstant());
            ObjectNode message =
                    resource(sid, accountSid, first.get("To"), first.get("From"), first.get("Body"), created, media);
            return answer.withStatus(201).withBody(message.toString()).build();
        }

        private static ResponseDefinition error(ResponseDefinitionBuilder answer, int code, String message) {
            ObjectNode body = JSON.createObjectNode()
                    .put("code", code)
                    .put("message", message)
                    .put("more_info", "https://www.twilio.com/docs/errors/" + code)
                    .put("status", 400);
            return answer.withStatus(400).withBody(body.toString()).build();
        }
    }

    private static final class ListFromJournal implements ResponseDefinitionTransformerV2 {
        private final Admin admin;

        ListFromJournal(Admin admin) {
            this.admin = admin;
        }

        @Override
        public String getName() {
            return LIST;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            LoggedRequest request = event.getRequest();
            String path = URI.create(request.getUrl()).getRawPath();
            String to = query(request, "To");
            String from = query(request, "From");
            int pageSize = Math.max(1, Math.min(1000, intQuery(request, "PageSize", 50)));
            int page = Math.max(0, intQuery(request, "Page", 0));
            String accountSid = path.substring(path.indexOf(API_PATH) + API_PATH.length(), path.lastIndexOf('/'));
            List<Message> matching = accepted(admin.getServeEvents().getServeEvents(), path).stream()
                    .filter(m -> to == null || to.equals(m.to()))
                    .filter(m -> from == null || from.equals(m.from()))
                    .toList();
            ObjectNode body = JSON.createObjectNode();
            ArrayNode messages = body.putArray("messages");
            int start = page * pageSize;
            for (int i = start; i < Math.min(matching.size(), start + pageSize); i++) {
                Message m = matching.get(i);
                messages.add(resource(
                        m.sid(),
                        accountSid,
                        m.to(),
                        m.from(),
                        m.body(),
                        RFC_2822.format(m.dateCreated()),
                        m.sid().startsWith("MM") ? 1 : 0));
            }
            String apiPath = path.substring(path.indexOf(API_PATH));
            String query = (to == null ? "" : "To=" + encode(to) + "&")
                    + (from == null ? "" : "From=" + encode(from) + "&") + "PageSize=" + pageSize;
            body.put("first_page_uri", apiPath + "?" + query + "&Page=0");
            body.put(
                    "next_page_uri",
                    start + pageSize < matching.size()
                            ? apiPath + "?" + query + "&Page=" + (page + 1) + "&PageToken=PA" + (page + 1)
                            : null);
            body.putNull("previous_page_uri");
            body.put("page", page);
            body.put("page_size", pageSize);
            body.put("start", start);
            body.put("end", start + messages.size() - 1);
            body.put("uri", apiPath + "?" + query + "&Page=" + page);
            return ResponseDefinitionBuilder.like(event.getResponseDefinition())
                    .but()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body.toString())
                    .build();
        }

        private static String query(LoggedRequest request, String name) {
            QueryParameter parameter = request.queryParameter(name);
            return parameter != null && parameter.isPresent() ? parameter.firstValue() : null;
        }

        private static int intQuery(LoggedRequest request, String name, int otherwise) {
            String value = query(request, name);
            return value != null && value.matches("[0-9]{1,6}") ? Integer.parseInt(value) : otherwise;
        }
    }

    private static ObjectNode resource(
            String sid, String accountSid, String to, String from, String body, String created, long media) {
        ObjectNode message = JSON.createObjectNode()
                .put("sid", sid)
                .put("account_sid", accountSid)
                .put("to", to)
                .put("from", from)
                .put("body", body == null ? "" : body)
                .put("status", "queued")
                .put("direction", "outbound-api")
                .put("num_media", Long.toString(media))
                .put("num_segments", "1")
                .put("date_created", created)
                .put("date_updated", created)
                .putNull("date_sent")
                .putNull("error_code")
                .putNull("error_message")
                .put("api_version", "2010-04-01");
        message.put("uri", API_PATH + accountSid + "/Messages/" + sid + ".json");
        return message;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
