package io.switchboard.adapter.x;

import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.outbound.OutboundPost;
import io.switchboard.channel.outbound.PostPublisher;
import io.switchboard.channel.outbound.ProviderErrors;
import io.switchboard.channel.outbound.ProviderHttp;
import io.switchboard.channel.outbound.SendOutcome;
import io.switchboard.common.HeaderValues;
import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Posts on the channel's X account through the v2 API: {@code POST /2/tweets} with {@code {"text": …}} and the
 * account's OAuth 2.0 user access token ({@code Authorization: Bearer}, as {@link XReplySender} sends); the
 * answer's {@code data.id} is the provider id. X attaches media only by {@code media_ids} from a prior upload,
 * so media go as links below the text ({@link OutboundPost#textWithLinks}) and count in the length (23 each).
 */
@ApplicationScoped
public class XPostPublisher implements PostPublisher {

    private final ProviderHttp http;
    private final SwitchboardConfig config;

    public XPostPublisher(ProviderHttp http, SwitchboardConfig config) {
        this.http = http;
        this.config = config;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.X;
    }

    @Override
    public Mode mode() {
        return Mode.FEED;
    }

    @Override
    public Limits limits() {
        return new Limits(XPostLength.MAX_WEIGHTED_LENGTH, LengthUnit.X_WEIGHTED, null, null, false, null, true);
    }

    @Override
    public List<String> problems(ResolvedChannel channel, OutboundPost post) {
        List<String> problems = new ArrayList<>();
        String text = post.textWithLinks();
        if (text.isBlank()) {
            problems.add("A post on X needs text");
            return problems;
        }
        int weighted = XPostLength.of(text);
        if (weighted > XPostLength.MAX_WEIGHTED_LENGTH) {
            problems.add("An X post can carry at most " + XPostLength.MAX_WEIGHTED_LENGTH
                    + " characters (links count 23, emoji and CJK characters 2"
                    + (post.media().isEmpty() ? "" : "; media go as links") + "); this one counts " + weighted);
        }
        return problems;
    }

    @Override
    public SendOutcome publish(ResolvedChannel channel, OutboundPost post) {
        HttpRequest request = http.request(config.providers().x().baseUrl() + "/2/tweets")
                .header("Authorization", "Bearer " + HeaderValues.singleLine(channel.secret("accessToken")))
                .header("Content-Type", "application/json")
                .POST(http.json(Map.of("text", post.textWithLinks())))
                .build();
        return http.send(request, json -> ProviderErrors.text(json.path("data").get("id")), XReplySender.X_ERRORS);
    }
}
