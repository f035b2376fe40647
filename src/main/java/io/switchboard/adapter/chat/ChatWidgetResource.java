package io.switchboard.adapter.chat;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ChannelService;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.common.Ids;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.api.Cursor;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.TooManyRequestsException;
import io.switchboard.inbox.ContactTranscript;
import io.switchboard.inbox.IdentityKind;
import io.switchboard.inbox.InboundIngestor;
import io.switchboard.inbox.InboundMessage;
import io.switchboard.inbox.live.ServerSentEvents;
import io.switchboard.inbox.live.StreamSlots;
import io.switchboard.tenancy.TenantContext;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The public API of our chat widget, embedded on customers' web sites (any origin may call it). A channel's
 * public key names it; the visitor proves who they are with an identifierHash made by the customer's back
 * end. Messages join the visitor's private conversation on the channel and are stored exactly once per
 * clientMessageId.
 */
@Path("/public/v1/chat/{key}")
@Tag(name = "Chat widget", description = "Public: called by the chat widget from any web site, without a token")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@PermitAll
public class ChatWidgetResource {

    static final String IDENTIFIER_HEADER = "X-Chat-Identifier";
    static final String IDENTIFIER_HASH_HEADER = "X-Chat-Identifier-Hash";

    private final ChannelService channels;
    private final InboundIngestor ingestor;
    private final ContactTranscript transcript;
    private final VisitorRateLimiter rateLimiter;
    private final TenantContext tenantContext;
    private final VisitorReplyStream replyStream;
    private final StreamSlots streamSlots;
    private final SwitchboardConfig config;

    public ChatWidgetResource(
            ChannelService channels,
            InboundIngestor ingestor,
            ContactTranscript transcript,
            VisitorRateLimiter rateLimiter,
            TenantContext tenantContext,
            VisitorReplyStream replyStream,
            StreamSlots streamSlots,
            SwitchboardConfig config) {
        this.streamSlots = streamSlots;
        this.config = config;
        this.channels = channels;
        this.ingestor = ingestor;
        this.transcript = transcript;
        this.rateLimiter = rateLimiter;
        this.tenantContext = tenantContext;
        this.replyStream = replyStream;
    }

    @POST
    @Path("/conversations")
    @Blocking
    @Operation(
            summary = "Start (or continue) the visitor's conversation with a message",
            description = "Name and email fill the visitor's contact when it is new.")
    @APIResponse(
            responseCode = "201",
            description = "Stored",
            content = @Content(schema = @Schema(implementation = ChatMessageReceipt.class)))
    @APIResponse(
            responseCode = "200",
            description = "Stored earlier (same clientMessageId)",
            content = @Content(schema = @Schema(implementation = ChatMessageReceipt.class)))
    @APIResponse(responseCode = "401", description = "identifierHash is missing or wrong; nothing is stored")
    @APIResponse(responseCode = "404", description = "No enabled chat channel has this key")
    @APIResponse(
            responseCode = "429",
            description = "The visitor sends too fast; nothing is stored",
            headers =
                    @Header(
                            name = HttpHeaders.RETRY_AFTER,
                            description = "Seconds to wait",
                            schema = @Schema(type = SchemaType.INTEGER)))
    public CompletionStage<Response> startChat(
            @PathParam("key") String key, @Valid @NotNull ChatConversationStartRequest request) {
        String clientMessageId = request.clientMessageId() != null ? request.clientMessageId() : Ids.newId();
        return receive(
                key,
                request.identifier(),
                request.identifierHash(),
                request.name(),
                request.email(),
                request.text(),
                clientMessageId);
    }

    @POST
    @Path("/messages")
    @Blocking
    @Operation(summary = "Send a message in the visitor's conversation; repeating a clientMessageId is harmless")
    @APIResponse(
            responseCode = "201",
            description = "Stored",
            content = @Content(schema = @Schema(implementation = ChatMessageReceipt.class)))
    @APIResponse(
            responseCode = "200",
            description = "Stored earlier (same clientMessageId)",
            content = @Content(schema = @Schema(implementation = ChatMessageReceipt.class)))
    @APIResponse(responseCode = "401", description = "identifierHash is missing or wrong; nothing is stored")
    @APIResponse(responseCode = "404", description = "No enabled chat channel has this key")
    @APIResponse(
            responseCode = "429",
            description = "The visitor sends too fast; nothing is stored",
            headers =
                    @Header(
                            name = HttpHeaders.RETRY_AFTER,
                            description = "Seconds to wait",
                            schema = @Schema(type = SchemaType.INTEGER)))
    public CompletionStage<Response> sendChatMessage(
            @PathParam("key") String key, @Valid @NotNull ChatMessageRequest request) {
        return receive(
                key,
                request.identifier(),
                request.identifierHash(),
                null,
                null,
                request.text(),
                request.clientMessageId());
    }

    @GET
    @Path("/messages")
    @Operation(
            summary = "The visitor's conversation, oldest first: their messages and the replies sent to them, never"
                    + " internal notes",
            description = "Page with nextCursor while hasMore; then keep polling with the last nextCursor.")
    @APIResponse(
            responseCode = "200",
            description = "Messages after the cursor",
            content = @Content(schema = @Schema(implementation = ChatMessagePage.class)))
    @APIResponse(responseCode = "401", description = "identifierHash is missing or wrong")
    @APIResponse(responseCode = "404", description = "No enabled chat channel has this key")
    public ChatMessagePage listChatMessages(
            @PathParam("key") String key,
            @Parameter(description = ChatLimits.IDENTIFIER_DESCRIPTION)
                    @QueryParam("identifier")
                    @NotBlank
                    @Pattern(regexp = ChatLimits.IDENTIFIER_PATTERN, message = ChatLimits.IDENTIFIER_MESSAGE)
                    String identifier,
            @Parameter(description = ChatLimits.HASH_DESCRIPTION, required = true) @QueryParam("identifierHash")
                    String identifierHash,
            @Parameter(description = "A nextCursor returned earlier; omitted, reading starts at the beginning")
                    @QueryParam("after")
                    String after,
            @Parameter(description = "Most messages returned, 1 to 200 (default 50)") @QueryParam("limit")
                    Integer limit) {
        ResolvedChannel channel = verifiedVisitorChannel(key, identifier, identifierHash);
        var excerpt = transcript.privateThread(channel.id(), identifier, after, Cursor.limit(limit));
        List<ChatMessageView> items =
                excerpt.entries().stream().map(ChatMessageView::of).toList();
        return new ChatMessagePage(items, excerpt.after(), excerpt.more());
    }

    @GET
    @Path("/stream")
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(
            summary = "Live replies to the visitor, as server-sent events",
            description = "Each reply is pushed once it was sent: event `reply`, id = the message id, data = the"
                    + " message as in the transcript. Only replies sent after connecting come: read the transcript"
                    + " (GET messages) on connecting and after a reconnect. A comment every 25 s keeps proxies from"
                    + " closing the stream. The visitor proves their identifier by headers (X-Chat-Identifier,"
                    + " X-Chat-Identifier-Hash) or, for the browser's EventSource, which cannot send headers, by the"
                    + " query parameters identifier and identifierHash. The stream ends after"
                    + " switchboard.streams.visitor-lifetime (1 h): connect again, and read the transcript for what"
                    + " came in between. A visitor has at most switchboard.streams.max-per-visitor streams open on"
                    + " one replica; more are refused with 429.")
    @APIResponse(
            responseCode = "200",
            description = "The stream",
            content =
                    @Content(
                            mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema = @Schema(implementation = ChatMessageView.class)))
    @APIResponse(responseCode = "400", description = "No identifier, or not a valid one")
    @APIResponse(responseCode = "401", description = "identifierHash is missing or wrong")
    @APIResponse(responseCode = "404", description = "No enabled chat channel has this key")
    public Multi<OutboundSseEvent> streamChat(
            @PathParam("key") String key,
            @Parameter(description = ChatLimits.IDENTIFIER_DESCRIPTION) @HeaderParam(IDENTIFIER_HEADER)
                    String identifierHeader,
            @Parameter(description = ChatLimits.HASH_DESCRIPTION) @HeaderParam(IDENTIFIER_HASH_HEADER)
                    String identifierHashHeader,
            @Parameter(description = "The identifier, where the X-Chat-Identifier header cannot be sent")
                    @QueryParam("identifier")
                    String identifierQuery,
            @Parameter(description = "The identifierHash, where the X-Chat-Identifier-Hash header cannot be sent")
                    @QueryParam("identifierHash")
                    String identifierHashQuery,
            @Context Sse sse) {
        boolean byHeader = identifierHeader != null;
        String identifier = byHeader ? identifierHeader : identifierQuery;
        if (identifier == null || !identifier.matches(ChatLimits.IDENTIFIER_PATTERN)) {
            throw InvalidRequestException.ofField(
                    byHeader ? IDENTIFIER_HEADER : "identifier",
                    identifier == null ? "is required" : ChatLimits.IDENTIFIER_MESSAGE);
        }
        ResolvedChannel channel =
                verifiedVisitorChannel(key, identifier, byHeader ? identifierHashHeader : identifierHashQuery);
        Multi<OutboundSseEvent> replies = replyStream
                .replies(channel, identifier)
                .map(reply -> sse.newEventBuilder()
                        .name("reply")
                        .id(reply.id())
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(reply)
                        .build());
        Runnable release = streamSlots.take(
                "visitor\n" + channel.id() + "\n" + identifier,
                config.streams().maxPerVisitor(),
                "This visitor has as many streams open as they may; close one or retry after the indicated delay");
        return ServerSentEvents.stream(sse, replies, config.streams().visitorLifetime(), release);
    }

    private CompletionStage<Response> receive(
            String key,
            String identifier,
            String identifierHash,
            String name,
            String email,
            String text,
            String clientMessageId) {
        requireValidUnicode(text);
        ResolvedChannel channel = verifiedVisitorChannel(key, identifier, identifierHash);
        rateLimiter.tryAcquire(channel.id(), identifier).ifPresent(wait -> {
            throw new TooManyRequestsException(
                    "Too many messages from this visitor; retry after the indicated delay", wait);
        });
        var message = InboundMessage.direct(
                channel,
                "chat:" + identifier + ":" + clientMessageId,
                new InboundMessage.Sender(
                        IdentityKind.CHAT_ID, identifier, blankToNull(name), null, blankToNull(email)),
                text,
                List.of(),
                null);
        return ingestor.submit(message)
                .thenApply(result -> Response.status(result.duplicate() ? 200 : 201)
                        .entity(new ChatMessageReceipt(result.conversationId(), result.messageId()))
                        .build());
    }

    /**
     * The enabled chat channel with this key, once the visitor proved their identifier. Binds the request to
     * the channel's tenant.
     */
    private ResolvedChannel verifiedVisitorChannel(String key, String identifier, String identifierHash) {
        ResolvedChannel channel = channels.requireByKey(key, ChannelKind.CHAT);
        if (!VisitorVerification.verify(channel.secret(ChatChannel.IDENTITY_SECRET), identifier, identifierHash)) {
            throw new VisitorNotVerifiedException();
        }
        tenantContext.set(channel.tenantId());
        return channel;
    }

    /** Half of a surrogate pair (a JSON escape can carry one) is not text; the database would keep a '?'. */
    private static void requireValidUnicode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw InvalidRequestException.ofField("text", "is not valid Unicode text");
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
