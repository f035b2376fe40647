package io.switchboard.adapter.facebook;

import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.outbound.OutboundPost;
import io.switchboard.channel.outbound.OutboundReply;
import io.switchboard.channel.outbound.PostPublisher;
import io.switchboard.channel.outbound.ProviderErrors;
import io.switchboard.channel.outbound.ProviderHttp;
import io.switchboard.channel.outbound.SendOutcome;
import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posts on a Facebook page's feed through the Graph API: {@code POST /{version}/{page-id}/feed?access_token=…}
 * with the page access token (as {@link FacebookReplySender} authenticates) and the JSON fields {@code message}
 * and, when the post has media, {@code link} = the first medium's URL (Facebook shows it as a link preview).
 * Further media go as links below the text ({@code name: url}, one a line), since a feed post takes one link;
 * nothing is uploaded. The answer {@code {"id": "<page-id>_<post-id>"}} gives the provider id.
 */
@ApplicationScoped
public class FacebookPagePublisher implements PostPublisher {

    /** Facebook's limit for the text of a page post. */
    static final int MAX_MESSAGE_LENGTH = 63_206;

    private final ProviderHttp http;
    private final SwitchboardConfig config;

    public FacebookPagePublisher(ProviderHttp http, SwitchboardConfig config) {
        this.http = http;
        this.config = config;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.FACEBOOK;
    }

    @Override
    public Mode mode() {
        return Mode.FEED;
    }

    /** Counted in UTF-16 code units (an emoji counts 2), which never undercounts Facebook's characters. */
    @Override
    public Limits limits() {
        // The first medium goes as the post's link; only further media are links in the text.
        return new Limits(MAX_MESSAGE_LENGTH, LengthUnit.UTF16, null, null, false, null, true);
    }

    @Override
    public List<String> problems(ResolvedChannel channel, OutboundPost post) {
        List<String> problems = new ArrayList<>();
        String message = message(post);
        if (message.isBlank() && post.media().isEmpty()) {
            problems.add("A Facebook post needs text or a link");
        }
        if (message.length() > MAX_MESSAGE_LENGTH) {
            problems.add("A Facebook post can have at most " + MAX_MESSAGE_LENGTH + " characters; this one has "
                    + message.length() + (post.media().size() > 1 ? " (links to further media included)" : ""));
        }
        return problems;
    }

    @Override
    public SendOutcome publish(ResolvedChannel channel, OutboundPost post) {
        Map<String, Object> body = new LinkedHashMap<>();
        String message = message(post);
        if (!message.isBlank()) {
            body.put("message", message);
        }
        if (!post.media().isEmpty()) {
            body.put("link", post.media().get(0).url());
        }
        var meta = config.providers().meta();
        String url = meta.baseUrl() + "/" + meta.apiVersion() + "/" + encode(channel.setting("pageId"))
                + "/feed?access_token=" + encode(channel.secret("pageAccessToken"));
        HttpRequest request = http.request(url)
                .header("Content-Type", "application/json")
                .POST(http.json(body))
                .build();
        return http.send(request, json -> ProviderErrors.text(json.get("id")), FacebookReplySender.GRAPH_ERRORS);
    }

    /** The text, and a link to every medium after the first (which goes as the post's {@code link}). */
    static String message(OutboundPost post) {
        List<OutboundReply.Attachment> further =
                post.media().size() > 1 ? post.media().subList(1, post.media().size()) : List.of();
        return new OutboundPost(
                        post.deliveryId(),
                        post.postId(),
                        post.text(),
                        post.subject(),
                        further,
                        post.recipientExternalId(),
                        post.recipientName())
                .textWithLinks();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
