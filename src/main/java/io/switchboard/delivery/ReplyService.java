package io.switchboard.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.channel.ChannelService;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.outbound.OutboundReply;
import io.switchboard.channel.outbound.ReplySender;
import io.switchboard.channel.outbound.ReplySenders;
import io.switchboard.common.Ids;
import io.switchboard.common.error.ConflictException;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.inbox.Conversation;
import io.switchboard.inbox.CreateMessageRequest;
import io.switchboard.inbox.Message;
import io.switchboard.inbox.MessageAttachment;
import io.switchboard.inbox.OutboundMessages;
import io.switchboard.inbox.ReplyOutbox;
import io.switchboard.inbox.UpdateReplyRequest;
import io.switchboard.limits.PaidMessageAllowance;
import io.switchboard.staff.CurrentOperator;
import io.switchboard.tenancy.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replies into the outbox: the message, its delivery row and its history in the caller's transaction, so that a
 * reply is either stored and will be sent, or not stored at all. Sending is the dispatcher's job.
 */
@ApplicationScoped
public class ReplyService implements ReplyOutbox {

    /** A send time at most this far in the past (clocks and networks lag) means "now"; further back is refused. */
    static final Duration SEND_AT_TOLERANCE = Duration.ofSeconds(30);

    private final OutboundMessages messages;
    private final ChannelService channels;
    private final ReplySenders senders;
    private final IdempotencyKeys keys;
    private final CurrentOperator operator;
    private final TenantContext tenant;
    private final Event<DeliveryQueued> queued;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final PaidMessageAllowance allowance;
    private final Outbox outbox;

    public ReplyService(
            OutboundMessages messages,
            ChannelService channels,
            ReplySenders senders,
            IdempotencyKeys keys,
            CurrentOperator operator,
            TenantContext tenant,
            Event<DeliveryQueued> queued,
            ObjectMapper mapper,
            Clock clock,
            PaidMessageAllowance allowance,
            Outbox outbox) {
        this.messages = messages;
        this.channels = channels;
        this.senders = senders;
        this.keys = keys;
        this.operator = operator;
        this.tenant = tenant;
        this.queued = queued;
        this.mapper = mapper;
        this.clock = clock;
        this.allowance = allowance;
        this.outbox = outbox;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Accepted reply(String conversationId, CreateMessageRequest request, String idempotencyKey) {
        // First: 404 before any other answer, and retries of one idempotency key queue here.
        Conversation conversation = messages.lock(conversationId);
        String text = normalise(request.text());
        List<MessageAttachment> attachments = attachments(request.attachmentsOrEmpty());
        requireContent(text, attachments);
        Instant now = clock.instant();
        String author = operator.id();
        String messageId = Ids.newId();
        if (idempotencyKey != null) {
            // Before the send time is judged: a retry of a scheduled reply whose time has passed still finds it.
            Optional<String> earlier = keys.claim(
                    tenant.require(),
                    author,
                    IdempotencyKeys.valid(idempotencyKey),
                    fingerprint(conversationId, text, attachments, request.sendAt()),
                    messageId,
                    now);
            if (earlier.isPresent()) {
                return new Accepted(earlier.get(), null, null);
            }
        }
        Instant sendAt = sendTime(request.sendAt(), now);
        ResolvedChannel channel = channels.resolveOwn(conversation.channelId)
                .orElseThrow(() -> new ReplyRefusedException(
                        "channel-disabled", "The conversation's channel is disabled; enable it to reply"));
        ReplySender sender = sender(channel);
        DeliveryStatus status = sendAt == null ? DeliveryStatus.QUEUED : DeliveryStatus.SCHEDULED;
        String deliveryId = Ids.newId();
        ObjectNode event = messages.eventData().put("deliveryId", deliveryId).put("status", status.name());
        if (sendAt != null) {
            event.put("sendAt", sendAt.toString());
        }
        Message written = messages.add(
                conversation,
                new OutboundMessages.Draft(messageId, author, text, attachments, status.name()),
                sendAt == null,
                event,
                now);
        outbox.enqueueReply(
                deliveryId, tenant.require(), conversation.channelId, conversation.id, messageId, sendAt, now);
        // Asked of the stored reply, so that the sender judges exactly what the dispatcher will send.
        refuseIfUnsendable(sender, channel, deliveryId, messageId, sendAt == null ? now : sendAt);
        if (PaidMessageAllowance.capped(channel.kind())) {
            // Last, after every other refusal: the tenant's usage row stays locked until the reply commits.
            allowance.take(tenant.require(), channel.kind(), 1, now);
        }
        if (status == DeliveryStatus.QUEUED) {
            queued.fire(DeliveryQueued.reply(deliveryId));
        }
        return new Accepted(messageId, written, sendAt);
    }

    /** Only a SCHEDULED reply can be edited: a QUEUED one may be in a dispatcher's hands any moment. */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public String edit(String conversationId, String messageId, UpdateReplyRequest request) {
        Delivery delivery = lock(conversationId, messageId);
        if (delivery.status != DeliveryStatus.SCHEDULED) {
            throw new ConflictException("Only a scheduled reply can be edited; this one is "
                    + delivery.status.name().toLowerCase());
        }
        Instant now = clock.instant();
        OutboundReply current = messages.reply(delivery.id, messageId).orElseThrow();
        String text = request.text() != null ? normalise(request.text()) : current.text();
        List<MessageAttachment> attachments = request.attachments() != null
                ? attachments(request.attachments())
                : current.attachments().stream()
                        .map(a -> new MessageAttachment(a.url(), a.contentType(), a.name(), null))
                        .toList();
        requireContent(text, attachments);
        Instant sendAt = request.sendAt() == null ? delivery.sendAt : sendTime(request.sendAt(), now);
        ObjectNode event = messages.eventData().put("deliveryId", delivery.id);
        event.put("sendAt", sendAt == null ? now.toString() : sendAt.toString());
        messages.edit(conversationId, messageId, text, attachments, operator.id(), event, now);
        if (sendAt == null) {
            // Now, then: the reply counts as sent later than written (see DeliveryAttempts#record).
            delivery.status = DeliveryStatus.QUEUED;
            delivery.sendAt = now;
            delivery.dueAt = now;
        } else {
            delivery.sendAt = sendAt;
            delivery.dueAt = sendAt;
        }
        delivery.updatedAt = now;
        ResolvedChannel channel = channels.resolveOwn(delivery.channelId)
                .orElseThrow(() -> new ReplyRefusedException(
                        "channel-disabled", "The conversation's channel is disabled; enable it to reply"));
        refuseIfUnsendable(sender(channel), channel, delivery.id, delivery.messageId, sendAt == null ? now : sendAt);
        if (delivery.status == DeliveryStatus.QUEUED) {
            messages.deliveryChanged(List.of(change(delivery)), now);
            queued.fire(DeliveryQueued.reply(delivery.id));
        }
        return messageId;
    }

    /**
     * SCHEDULED and QUEUED replies can be cancelled. The delivery's row lock decides a race with a dispatcher: the
     * claim either came first (SENDING: too late, 409) or finds the reply cancelled and skips it.
     */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public String cancel(String conversationId, String messageId) {
        Delivery delivery = lock(conversationId, messageId);
        switch (delivery.status) {
            case CANCELLED -> {
                return messageId;
            }
            case SCHEDULED, QUEUED -> {
                Instant now = clock.instant();
                delivery.status = DeliveryStatus.CANCELLED;
                delivery.dueAt = null;
                delivery.updatedAt = now;
                messages.deliveryChanged(List.of(change(delivery)), now);
                return messageId;
            }
            default ->
                throw new ConflictException("The reply can no longer be cancelled: it is "
                        + delivery.status.name().toLowerCase());
        }
    }

    private OutboundMessages.DeliveryChange change(Delivery delivery) {
        return DeliveryEvents.change(
                messages,
                delivery.id,
                delivery.tenantId,
                delivery.messageId,
                delivery.conversationId,
                delivery.status,
                delivery.attempts,
                null,
                null);
    }

    private Delivery lock(String conversationId, String messageId) {
        return Delivery.<Delivery>find("messageId = ?1 and conversationId = ?2", messageId, conversationId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional()
                .orElseThrow(() -> new ResourceNotFoundException("Reply", messageId));
    }

    private ReplySender sender(ResolvedChannel channel) {
        return senders.forKind(channel.kind())
                .orElseThrow(() -> new ReplyRefusedException(
                        "channel-cannot-reply", channel.kind() + " channels cannot send replies"));
    }

    private void refuseIfUnsendable(
            ReplySender sender, ResolvedChannel channel, String deliveryId, String messageId, Instant at) {
        OutboundReply reply = messages.reply(deliveryId, messageId).orElseThrow();
        Optional<String> refusal = DeliveryAttempts.refusal(sender, channel, reply, at);
        if (refusal.isPresent()) {
            throw ReplyRefusedException.refused(refusal.get());
        }
    }

    /** Null for "now" (absent, the present, or a moment ago: clocks and networks lag); 400 when well in the past. */
    private static Instant sendTime(Instant requested, Instant now) {
        if (requested == null || !requested.isAfter(now)) {
            if (requested != null && requested.isBefore(now.minus(SEND_AT_TOLERANCE))) {
                throw InvalidRequestException.ofField("sendAt", "is in the past");
            }
            return null;
        }
        // Stored to the microsecond: answer with what a later read returns.
        return requested.truncatedTo(ChronoUnit.MICROS);
    }

    private static void requireContent(String text, List<MessageAttachment> attachments) {
        if (text == null && attachments.isEmpty()) {
            throw InvalidRequestException.ofField("text", "is required unless the reply has attachments");
        }
    }

    private static String normalise(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static List<MessageAttachment> attachments(List<CreateMessageRequest.Attachment> requested) {
        return requested.stream()
                .map(a -> new MessageAttachment(a.url(), a.contentType(), a.name(), null))
                .toList();
    }

    /** What makes two replies the same request: where, what and when, as the service understood them. */
    private String fingerprint(
            String conversationId, String text, List<MessageAttachment> attachments, Instant sendAt) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("conversationId", conversationId);
        request.put("text", text);
        request.put("attachments", attachments);
        request.put(
                "sendAt",
                sendAt == null ? null : sendAt.truncatedTo(ChronoUnit.MICROS).toString());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(mapper.writeValueAsBytes(request));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
