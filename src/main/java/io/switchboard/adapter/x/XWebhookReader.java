package io.switchboard.adapter.x;

import io.switchboard.channel.ReplyThreads;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.WebhookJson;
import io.switchboard.inbox.IdentityKind;
import io.switchboard.inbox.InboundMessage;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads one verified Account Activity delivery into the messages it carries: direct messages received
 * ({@code direct_message_events[]}, type {@code message_create}) and posts that mention or answer the account
 * ({@code tweet_create_events[]}). The account's own DMs and posts, reposts, likes, follows, typing and read
 * events are not messages to the inbox and are skipped.
 *
 * <p>Every id is read as text ({@code id_str}, string fields, or the exact digits of a numeric {@code id}):
 * X's ids exceed 2^53 and do not survive a double.
 *
 * <p>Threading: a DM joins the sender's private conversation. A post that answers a known post joins that
 * post's conversation; otherwise it starts (or meets its siblings in) {@code x-tweet:<id of the post answered,
 * or its own id>} (see {@link ReplyThreads}).
 */
final class XWebhookReader {

    private static final Logger LOG = Logger.getLogger(XWebhookReader.class);
    static final String TWEET_THREAD = "x-tweet:";
    /** v1.1 {@code created_at}, as in {@code Wed Oct 10 20:19:24 +0000 2018}. */
    private static final DateTimeFormatter CREATED_AT =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ENGLISH);

    private final ResolvedChannel channel;
    private final String userId;
    private final WebhookJson users;
    private final ReplyThreads tweetThreads = new ReplyThreads(TWEET_THREAD);

    private XWebhookReader(ResolvedChannel channel, WebhookJson users) {
        this.channel = channel;
        this.userId = channel.setting("userId");
        this.users = users;
    }

    /** The messages of the delivery, in delivery order; throws a 400 problem for a malformed one. */
    static List<InboundMessage> read(ResolvedChannel channel, WebhookJson delivery) {
        String forUser = delivery.requiredId("for_user_id");
        XWebhookReader reader = new XWebhookReader(channel, delivery.object("users"));
        if (!forUser.equals(reader.userId)) {
            // Signed by X for our app, so genuine: the app subscribed another account to this webhook. An error
            // would only make X retry it; the events belong to no channel here.
            LOG.warnf(
                    "X channel %s ignored events for user %s (it serves user %s)",
                    channel.id(), forUser, reader.userId);
            return List.of();
        }
        List<InboundMessage> messages = new ArrayList<>();
        for (WebhookJson event : delivery.items("direct_message_events")) {
            reader.directMessage(event).ifPresent(messages::add);
        }
        for (WebhookJson tweet : delivery.items("tweet_create_events")) {
            reader.post(tweet).ifPresent(messages::add);
        }
        return messages;
    }

    private Optional<InboundMessage> directMessage(WebhookJson event) {
        if (!"message_create".equals(event.text("type"))) {
            return Optional.empty();
        }
        String id = event.requiredId("id");
        WebhookJson create = event.object("message_create");
        String sender = create.requiredId("sender_id");
        if (sender.equals(userId)) {
            return Optional.empty(); // our own DMs, echoed back
        }
        WebhookJson data = create.object("message_data");
        String text = data.text("text");
        List<InboundMessage.Attachment> attachments = new ArrayList<>();
        WebhookJson attachment = data.object("attachment");
        if ("media".equals(attachment.text("type"))) {
            WebhookJson media = attachment.object("media");
            String url = media.text("media_url_https");
            if (isWebUrl(url)) {
                attachments.add(new InboundMessage.Attachment(url, contentType(media.text("type")), null, null));
                text = withoutMediaLink(text, media.text("url"));
            }
        }
        WebhookJson user = users.object(sender);
        return Optional.of(InboundMessage.direct(
                channel,
                id,
                sender(sender, user),
                text,
                attachments,
                event.epoch("created_timestamp", ChronoUnit.MILLIS)));
    }

    private Optional<InboundMessage> post(WebhookJson tweet) {
        String id = idOf(tweet);
        WebhookJson user = tweet.object("user");
        String author = idOf(user);
        String parent = tweet.id("in_reply_to_status_id_str");
        if (parent == null) {
            parent = tweet.id("in_reply_to_status_id");
        }
        ReplyThreads.Placement thread = tweetThreads.place(id, parent);
        if (author.equals(userId) || tweet.get("retweeted_status").present()) {
            // The account's own posts (placed all the same, for answers to them) and plain reposts.
            return Optional.empty();
        }
        WebhookJson extended = tweet.object("extended_tweet");
        String text = extended.present() ? extended.text("full_text") : null;
        if (text == null) {
            text = tweet.text("full_text") != null ? tweet.text("full_text") : tweet.text("text");
        }
        WebhookJson entities = extended.get("extended_entities").present()
                ? extended.object("extended_entities")
                : tweet.object("extended_entities");
        List<InboundMessage.Attachment> attachments = new ArrayList<>();
        for (WebhookJson media : entities.items("media")) {
            String url = media.text("media_url_https");
            if (isWebUrl(url)) {
                attachments.add(new InboundMessage.Attachment(url, contentType(media.text("type")), null, null));
            }
        }
        return Optional.of(new InboundMessage(
                channel,
                id,
                sender(author, user),
                thread.threadKey(),
                true,
                thread.inReplyTo(),
                null,
                text,
                attachments,
                sentAt(tweet)));
    }

    private static InboundMessage.Sender sender(String id, WebhookJson user) {
        String screenName = user.text("screen_name");
        return new InboundMessage.Sender(
                IdentityKind.X_USER_ID, id, user.text("name"), screenName == null ? null : "@" + screenName);
    }

    /** {@code id_str} where given; otherwise the exact digits of {@code id}. */
    private static String idOf(WebhookJson object) {
        String id = object.id("id_str");
        return id != null ? id : object.requiredId("id");
    }

    private static Instant sentAt(WebhookJson tweet) {
        Instant at = tweet.epoch("timestamp_ms", ChronoUnit.MILLIS);
        String createdAt = tweet.text("created_at");
        if (at != null || createdAt == null) {
            return at;
        }
        try {
            return ZonedDateTime.parse(createdAt, CREATED_AT).toInstant();
        } catch (DateTimeParseException e) {
            throw tweet.get("created_at").invalid("must be a date like Wed Oct 10 20:19:24 +0000 2018");
        }
    }

    /** DM text ends with the t.co link of its media; the attachment says it better. */
    private static String withoutMediaLink(String text, String link) {
        if (text == null || link == null || !text.endsWith(link)) {
            return text;
        }
        String rest = text.substring(0, text.length() - link.length()).strip();
        return rest.isEmpty() ? null : rest;
    }

    private static String contentType(String type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "photo" -> "image/*";
            case "video", "animated_gif" -> "video/*";
            default -> null;
        };
    }

    /** Only links a browser may open are kept: the inbox shows them to agents. */
    private static boolean isWebUrl(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://")) && url.length() <= 2000;
    }
}
