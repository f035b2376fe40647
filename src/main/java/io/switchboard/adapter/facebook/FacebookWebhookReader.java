package io.switchboard.adapter.facebook;

import io.switchboard.channel.ReplyThreads;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.WebhookJson;
import io.switchboard.inbox.IdentityKind;
import io.switchboard.inbox.InboundMessage;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads one verified Page webhook delivery ({@code object: "page"}) into the messages it carries: Messenger
 * messages from {@code entry[].messaging[]} and new comments from {@code entry[].changes[]} (field
 * {@code feed}). Everything else a Page subscription can carry (deliveries, reads, reactions, likes, edits and
 * removals of comments, the page's own messages and comments) is not a message to the inbox and is skipped.
 *
 * <p>Threading: Messenger messages join the sender's private conversation. Comments are public, and each
 * top-level comment starts a conversation of its own ({@code fb-comment:<comment_id>}), because that is what an
 * agent answers; replies to a comment join the conversation of the comment they answer (see {@link
 * ReplyThreads}). A whole post is deliberately not one conversation: busy posts would merge unrelated people.
 *
 * <p>Identities: Messenger senders are page-scoped ids (PSIDs); commenters come with app-scoped ids. Both are
 * recorded as {@link IdentityKind#PAGE_SCOPED_ID} on this channel, but they differ for one person, so someone
 * who comments and also writes privately appears as two contacts until merged.
 */
final class FacebookWebhookReader {

    private static final Logger LOG = Logger.getLogger(FacebookWebhookReader.class);
    static final String COMMENT_THREAD = "fb-comment:";

    private final ResolvedChannel channel;
    private final String pageId;
    private final ReplyThreads commentThreads = new ReplyThreads(COMMENT_THREAD);
    private final List<InboundMessage> messages = new ArrayList<>();

    private FacebookWebhookReader(ResolvedChannel channel) {
        this.channel = channel;
        this.pageId = channel.setting("pageId");
    }

    /** The messages of the delivery, in delivery order; throws a 400 problem for a malformed one. */
    static List<InboundMessage> read(ResolvedChannel channel, WebhookJson delivery) {
        FacebookWebhookReader reader = new FacebookWebhookReader(channel);
        String object = delivery.text("object");
        if (!"page".equals(object)) {
            // Another product's subscription pointed here; answering an error would only make Meta retry it.
            LOG.infof("Facebook channel %s ignored a delivery for object '%s'", channel.id(), object);
            return List.of();
        }
        for (WebhookJson entry : delivery.items("entry")) {
            reader.entry(entry);
        }
        return reader.messages;
    }

    private void entry(WebhookJson entry) {
        String entryPage = entry.requiredId("id");
        if (!entryPage.equals(pageId)) {
            // One app may serve several pages; this channel speaks for one of them only.
            LOG.warnf(
                    "Facebook channel %s skipped an entry of page %s (it serves page %s)",
                    channel.id(), entryPage, pageId);
            return;
        }
        for (WebhookJson event : entry.items("messaging")) {
            messengerMessage(event).ifPresent(messages::add);
        }
        for (WebhookJson change : entry.items("changes")) {
            comment(change).ifPresent(messages::add);
        }
    }

    private Optional<InboundMessage> messengerMessage(WebhookJson event) {
        WebhookJson message = event.object("message");
        if (!message.present() || message.flag("is_echo")) {
            return Optional.empty(); // delivery and read receipts, postbacks, reactions; echoes of our own sends
        }
        String sender = event.object("sender").requiredId("id");
        if (sender.equals(pageId)) {
            return Optional.empty();
        }
        String mid = message.requiredId("mid");
        List<InboundMessage.Attachment> attachments = new ArrayList<>();
        for (WebhookJson attachment : message.items("attachments")) {
            String url = attachment.object("payload").text("url");
            if (isWebUrl(url)) {
                attachments.add(new InboundMessage.Attachment(
                        url, contentType(attachment.text("type")), attachment.text("title"), null));
            }
        }
        return Optional.of(InboundMessage.direct(
                channel,
                mid,
                new InboundMessage.Sender(IdentityKind.PAGE_SCOPED_ID, sender, null, null),
                message.text("text"),
                attachments,
                event.epoch("timestamp", ChronoUnit.MILLIS)));
    }

    private Optional<InboundMessage> comment(WebhookJson change) {
        WebhookJson value = change.object("value");
        if (!"feed".equals(change.text("field"))
                || !"comment".equals(value.text("item"))
                || !"add".equals(value.text("verb"))) {
            return Optional.empty(); // posts, reactions, likes; edited and removed comments
        }
        String commentId = value.requiredId("comment_id");
        WebhookJson from = value.object("from");
        String author = from.id("id");
        if (author == null) {
            // Meta omits the author when the app may not see them; a message without a sender cannot be kept.
            LOG.warnf("Facebook channel %s skipped comment %s: no author in the payload", channel.id(), commentId);
            return Optional.empty();
        }
        String postId = value.id("post_id");
        String parentId = value.id("parent_id");
        // A top-level comment's parent is the post itself.
        boolean reply = parentId != null && !parentId.equals(postId);
        ReplyThreads.Placement thread = commentThreads.place(commentId, reply ? parentId : null);
        if (author.equals(pageId)) {
            return Optional.empty(); // the page's own replies (placed all the same, for replies to them)
        }
        List<InboundMessage.Attachment> attachments = new ArrayList<>();
        String photo = value.text("photo");
        if (isWebUrl(photo)) {
            attachments.add(new InboundMessage.Attachment(photo, "image/*", null, null));
        }
        String video = value.text("video");
        if (isWebUrl(video)) {
            attachments.add(new InboundMessage.Attachment(video, "video/*", null, null));
        }
        return Optional.of(new InboundMessage(
                channel,
                commentId,
                new InboundMessage.Sender(IdentityKind.PAGE_SCOPED_ID, author, from.text("name"), null),
                thread.threadKey(),
                true,
                thread.inReplyTo(),
                null,
                value.text("message"),
                attachments,
                value.epoch("created_time", ChronoUnit.SECONDS)));
    }

    /** Messenger's attachment types, as the media types the inbox records. */
    private static String contentType(String type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "image" -> "image/*";
            case "video" -> "video/*";
            case "audio" -> "audio/*";
            case "file" -> "application/octet-stream";
            default -> null;
        };
    }

    /** Only links a browser may open are kept: the inbox shows them to agents. */
    private static boolean isWebUrl(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://")) && url.length() <= 2000;
    }
}
