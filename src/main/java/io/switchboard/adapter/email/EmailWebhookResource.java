package io.switchboard.adapter.email;

import io.smallrye.common.annotation.Blocking;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ChannelService;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.WebhookNonces;
import io.switchboard.common.error.InvalidSignatureException;
import io.switchboard.common.http.FormFields;
import io.switchboard.inbox.InboundIngestor;
import io.switchboard.inbox.InboundMessage;
import io.switchboard.inbox.IngestResult;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * A Mailgun route's "forward" action: an email received at the channel's address, posted as a form (or as
 * multipart, with its attachments as files). Attachments are recorded by name, type and size only: there is
 * no file store, and the files Quarkus buffered are deleted when the request ends.
 */
@Path("/webhooks/email/{key}")
@Tag(name = "Webhooks")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class EmailWebhookResource {

    /** A token is refused again until its timestamp can no longer be fresh, whichever way the clocks differ. */
    private static final Duration NONCE_RETENTION = MailgunSignature.TOLERANCE.multipliedBy(2);

    private static final int MAX_ATTACHMENTS = 50;

    private static final int MAX_NAME_LENGTH = 255;

    private static final Pattern ATTACHMENT_FIELD = Pattern.compile("attachment-([0-9]{1,4})");

    private final ChannelService channels;
    private final InboundIngestor ingestor;
    private final WebhookNonces nonces;
    private final Clock clock;

    public EmailWebhookResource(ChannelService channels, InboundIngestor ingestor, WebhookNonces nonces, Clock clock) {
        this.channels = channels;
        this.ingestor = ingestor;
        this.nonces = nonces;
        this.clock = clock;
    }

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(
            summary = "Mailgun route webhook (signed: timestamp, token, signature)",
            description = "Form or multipart (attachments as files attachment-1..N). Answered once the email is"
                    + " stored; the same email delivered again stores nothing more. A token is single-use.")
    @APIResponse(
            responseCode = "200",
            description = "Stored, or stored earlier (duplicate)",
            content = @Content(schema = @Schema(implementation = IngestResult.class)))
    @APIResponse(responseCode = "400", description = "No Message-Id or no sender address")
    @APIResponse(responseCode = "401", description = "Missing, invalid, stale or reused signature")
    @APIResponse(responseCode = "404", description = "No enabled email channel has this key")
    @APIResponse(responseCode = "503", description = "Busy; Mailgun retries")
    public CompletionStage<IngestResult> receiveEmailWebhook(
            @PathParam("key") String key,
            @RequestBody(
                            required = true,
                            content = {
                                @Content(
                                        mediaType = MediaType.APPLICATION_FORM_URLENCODED,
                                        schema = @Schema(implementation = MailgunRouteForm.class)),
                                @Content(
                                        mediaType = MediaType.MULTIPART_FORM_DATA,
                                        schema = @Schema(implementation = MailgunRouteForm.class))
                            })
                    byte[] body) {
        ResolvedChannel channel = resolve(key);
        return receive(channel, FormFields.parseUrlEncoded(body), List.of());
    }

    @POST
    @Blocking
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(hidden = true) // the same operation as the form variant, documented there
    public CompletionStage<IngestResult> receiveMultipart(@PathParam("key") String key, MultipartFormDataInput input) {
        ResolvedChannel channel = resolve(key);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        List<Part> files = new ArrayList<>();
        input.getValues().forEach((name, values) -> {
            for (FormValue value : values) {
                if (value.isFileItem()) {
                    files.add(new Part(name, value));
                } else {
                    fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value.getValue());
                }
            }
        });
        files.sort(Comparator.comparingInt(Part::order).thenComparing(Part::name));
        // The list is metadata kept with the message; a bound keeps it within its column whatever is sent.
        return receive(
                channel,
                new FormFields(fields),
                files.stream().limit(MAX_ATTACHMENTS).map(Part::attachment).toList());
    }

    private ResolvedChannel resolve(String key) {
        return channels.requireByKey(key, ChannelKind.EMAIL);
    }

    private CompletionStage<IngestResult> receive(
            ResolvedChannel channel, FormFields fields, List<InboundMessage.Attachment> attachments) {
        Instant now = clock.instant();
        String token = fields.first("token");
        MailgunSignature.verify(
                channel.secret("signingKey"), fields.first("timestamp"), token, fields.first("signature"), now);
        InboundMessage message = MailgunInboundEmail.toInbound(channel, fields, attachments, now);
        // Recorded only now, for this message: Mailgun retrying a delivery we failed is let through, while the
        // same token on another message is a replay.
        if (!nonces.claim(channel.id(), "mailgun", token, message.externalId(), NONCE_RETENTION)) {
            throw new InvalidSignatureException("The token was already used", MailgunSignature.CHALLENGE);
        }
        return ingestor.submit(message);
    }

    /** An uploaded file: only what it is, not what it holds. */
    private record Part(String name, FormValue value) {

        int order() {
            Matcher m = ATTACHMENT_FIELD.matcher(name);
            return m.matches() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
        }

        InboundMessage.Attachment attachment() {
            try {
                String fileName = value.getFileName();
                return new InboundMessage.Attachment(
                        null,
                        bounded(value.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE)),
                        bounded(fileName == null || fileName.isBlank() ? name : fileName),
                        value.getFileItem().getFileSize());
            } catch (IOException e) {
                throw new UncheckedIOException("An uploaded attachment could not be measured", e);
            }
        }

        private static String bounded(String s) {
            if (s == null || s.length() <= MAX_NAME_LENGTH) {
                return s;
            }
            int end = Character.isHighSurrogate(s.charAt(MAX_NAME_LENGTH - 1)) ? MAX_NAME_LENGTH - 1 : MAX_NAME_LENGTH;
            return s.substring(0, end);
        }
    }
}
