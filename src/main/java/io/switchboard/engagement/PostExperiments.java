package io.switchboard.engagement;

import io.switchboard.common.db.NativeRows;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.scheduling.PostService;
import io.switchboard.scheduling.PostVariants;
import io.switchboard.scheduling.PostView;
import io.switchboard.tenancy.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a post's A/B test, from what was stored: broadcasts from the recorded split and the inbound
 * messages of its recipients, page/X posts from their metrics snapshots; the figures from
 * {@link ExperimentStatistics}.
 *
 * <ul>
 *   <li>Broadcast: a variant's sample is its recipients whose message the provider accepted (SENT or DELIVERED,
 *       over every occurrence of the post); a success is a recipient with an inbound message on the broadcast's
 *       channel (in any of its conversations) received within the window after its message was sent. A recipient
 *       whose window is still open counts in the sample (a reply may still come), so no winner is named until every
 *       window has closed.
 *   <li>Page/X posts: each published post counts with its latest snapshot that has views (Facebook's first fetches
 *       have none); a variant's sample is its views, a success an engagement (reactions + comments + shares + quotes
 *       + bookmarks), the outcome engagements per 1,000 views. A post with more engagements than views (possible
 *       when views are unique people) counts as many engagements as views.
 * </ul>
 */
@ApplicationScoped
public class PostExperiments {

    static final int DEFAULT_WINDOW_HOURS = 48;
    static final int MAX_WINDOW_HOURS = 30 * 24;
    static final long DEFAULT_MINIMUM_RECIPIENTS = 100;
    static final long DEFAULT_MINIMUM_VIEWS = 1000;

    /**
     * An inbound message on the broadcast's channel within the window after the recipient's message ({@code d}), in
     * a conversation of the contact the condition that follows names: the recipient itself, or whoever holds the
     * address it was sent to on the channel (a contact reached at its profile's number answers from that number,
     * which the inbox may know as another contact).
     */
    private static final String REPLY_FROM = "SELECT 1 FROM conversation c JOIN message m ON m.conversation_id = c.id"
            + " AND m.direction = 'INBOUND' AND m.channel_id = d.channel_id AND m.received_at >= d.sent_at"
            + " AND m.received_at < d.sent_at + INTERVAL :window SECOND WHERE c.tenant_id = :tenant AND";

    private final EntityManager em;
    private final TenantContext tenant;
    private final PostService posts;
    private final Clock clock;

    PostExperiments(EntityManager em, TenantContext tenant, PostService posts, Clock clock) {
        this.em = em;
        this.tenant = tenant;
        this.posts = posts;
        this.clock = clock;
    }

    /** The post's experiment; 404 for an unknown post or one without variants. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PostExperimentView experiment(String postId, Integer windowHours, Long minimumSample) {
        int window = windowHours == null ? DEFAULT_WINDOW_HOURS : windowHours;
        if (window < 1 || window > MAX_WINDOW_HOURS) {
            throw InvalidRequestException.ofField("windowHours", "must be from 1 to " + MAX_WINDOW_HOURS);
        }
        if (minimumSample != null && minimumSample < 1) {
            throw InvalidRequestException.ofField("minimumSample", "must be at least 1");
        }
        PostView post = posts.find(postId).orElseThrow(() -> new ResourceNotFoundException("Post", postId));
        if (post.variants().isEmpty()) {
            throw new ResourceNotFoundException("Post " + postId + " has no variants: there is no experiment to show"
                    + " (give it 2 to 4 variants before it goes out)");
        }
        List<String> texts =
                post.variants().stream().map(PostView.VariantView::text).toList();
        Instant now = clock.instant();
        PostExperimentView.Experiment broadcast = post.audience() == null
                ? null
                : broadcast(
                        postId, texts, window, minimumSample == null ? DEFAULT_MINIMUM_RECIPIENTS : minimumSample, now);
        PostExperimentView.Experiment feed = post.targets().isEmpty()
                ? null
                : feed(postId, texts, minimumSample == null ? DEFAULT_MINIMUM_VIEWS : minimumSample);
        return new PostExperimentView(postId, broadcast, feed);
    }

    private PostExperimentView.Experiment broadcast(
            String postId, List<String> texts, int windowHours, long minimumSample, Instant now) {
        long window = Duration.ofHours(windowHours).toSeconds();
        List<BroadcastArm> rows = NativeRows.list(
                em.createNativeQuery("SELECT i.variant AS variant,"
                                + " COALESCE(SUM(d.status IN ('SENT', 'DELIVERED') AND d.sent_at IS NOT NULL), 0)"
                                + " AS sent,"
                                + " COALESCE(SUM(d.sent_at IS NULL AND d.status NOT IN ('FAILED', 'CANCELLED')), 0)"
                                + " AS pending,"
                                + " COALESCE(SUM(d.status IN ('SENT', 'DELIVERED') AND d.sent_at IS NOT NULL"
                                + "   AND d.sent_at + INTERVAL :window SECOND > :now), 0) AS open,"
                                + " MAX(CASE WHEN d.status IN ('SENT', 'DELIVERED') THEN d.sent_at END)"
                                + "   + INTERVAL :window SECOND AS closes,"
                                + " COALESCE(SUM(d.status IN ('SENT', 'DELIVERED') AND d.sent_at IS NOT NULL"
                                + "   AND (EXISTS (" + REPLY_FROM + " c.contact_id = d.recipient_contact_id)"
                                + "     OR EXISTS (" + REPLY_FROM + " c.contact_id IN (SELECT ci.contact_id"
                                + "       FROM contact_identity ci WHERE ci.channel_id = d.channel_id"
                                + "       AND ci.external_id = d.recipient_address)))), 0)"
                                + " AS replied"
                                + " FROM publication p"
                                + " JOIN publication_item i ON i.publication_id = p.id AND i.mode = 'BROADCAST'"
                                + "   AND i.variant IS NOT NULL"
                                + " JOIN delivery d ON d.publication_item_id = i.id"
                                + " WHERE p.tenant_id = :tenant AND p.post_id = :post"
                                + " GROUP BY i.variant")
                        .setParameter("tenant", tenant.require())
                        .setParameter("post", postId)
                        .setParameter("window", window)
                        .setParameter("now", now),
                BroadcastArm.class);
        Map<Integer, BroadcastArm> byVariant = new HashMap<>();
        rows.forEach(t -> byVariant.put(t.variant(), t));
        List<ExperimentStatistics.Arm> arms = new ArrayList<>();
        long open = 0;
        for (int v = 0; v < texts.size(); v++) {
            BroadcastArm t = byVariant.get(v);
            arms.add(new ExperimentStatistics.Arm(
                    PostVariants.name(v), t == null ? 0 : t.sent(), t == null ? 0 : t.replied()));
            open += t == null ? 0 : t.open();
        }
        ExperimentStatistics.Result result = ExperimentStatistics.analyse(arms, minimumSample);
        List<PostExperimentView.Variant> variants = new ArrayList<>();
        Instant lastClose = null;
        for (int v = 0; v < texts.size(); v++) {
            BroadcastArm t = byVariant.get(v);
            Instant closesAt = t == null ? null : t.closes();
            if (closesAt != null && (lastClose == null || closesAt.isAfter(lastClose))) {
                lastClose = closesAt;
            }
            variants.add(variant(
                    result.variants().get(v),
                    texts.get(v),
                    1,
                    t == null ? 0 : t.pending(),
                    t == null ? 0 : t.open(),
                    closesAt));
        }
        String winner = result.winner();
        String verdict = result.verdict();
        if (open > 0 && winner != null) {
            // A reply may still come in: the figures are provisional until every window has closed.
            winner = null;
            verdict =
                    "no winner yet: " + open + " recipients may still reply (their windows close by " + lastClose + ")";
        }
        return new PostExperimentView.Experiment(
                "share of recipients who replied within " + windowHours + " h",
                windowHours,
                minimumSample,
                variants,
                comparison(result.comparison(), 1),
                winner,
                verdict);
    }

    private PostExperimentView.Experiment feed(String postId, List<String> texts, long minimumSample) {
        List<FeedArm> rows = NativeRows.list(
                em.createNativeQuery("SELECT i.variant AS variant, COUNT(DISTINCT d.id) AS published,"
                                + " COALESCE(SUM(s.views), 0) AS views,"
                                + " COALESCE(SUM(LEAST(s.views, COALESCE(s.reactions, 0) + COALESCE(s.comments, 0)"
                                + "   + COALESCE(s.shares, 0) + COALESCE(s.quotes, 0) + COALESCE(s.bookmarks, 0))), 0)"
                                + " AS engagements"
                                + " FROM publication p"
                                + " JOIN publication_item i ON i.publication_id = p.id AND i.mode = 'FEED'"
                                + "   AND i.variant IS NOT NULL"
                                + " JOIN delivery d ON d.publication_item_id = i.id AND d.sent_at IS NOT NULL"
                                + " LEFT JOIN post_metrics_snapshot s ON s.delivery_id = d.id AND s.id = ("
                                + "   SELECT s2.id FROM post_metrics_snapshot s2 WHERE s2.delivery_id = d.id"
                                + "   AND s2.views IS NOT NULL ORDER BY s2.fetched_at DESC, s2.id DESC LIMIT 1)"
                                + " WHERE p.tenant_id = :tenant AND p.post_id = :post"
                                + " GROUP BY i.variant")
                        .setParameter("tenant", tenant.require())
                        .setParameter("post", postId),
                FeedArm.class);
        Map<Integer, FeedArm> byVariant = new HashMap<>();
        rows.forEach(t -> byVariant.put(t.variant(), t));
        List<ExperimentStatistics.Arm> arms = new ArrayList<>();
        for (int v = 0; v < texts.size(); v++) {
            FeedArm t = byVariant.get(v);
            arms.add(new ExperimentStatistics.Arm(
                    PostVariants.name(v), t == null ? 0 : t.views(), t == null ? 0 : t.engagements()));
        }
        ExperimentStatistics.Result result = ExperimentStatistics.analyse(arms, minimumSample);
        List<PostExperimentView.Variant> variants = new ArrayList<>();
        for (int v = 0; v < texts.size(); v++) {
            FeedArm t = byVariant.get(v);
            variants.add(variant(result.variants().get(v), texts.get(v), 1000, t == null ? 0 : t.published(), 0, null));
        }
        return new PostExperimentView.Experiment(
                "engagements per 1,000 views",
                null,
                minimumSample,
                variants,
                comparison(result.comparison(), 1000),
                result.winner(),
                result.verdict());
    }

    private static PostExperimentView.Variant variant(
            ExperimentStatistics.Estimate e, String text, double scale, long pending, long open, Instant closesAt) {
        return new PostExperimentView.Variant(
                e.variant(),
                text,
                e.n(),
                e.successes(),
                scaled(e.rate(), scale),
                scaled(e.low(), scale),
                scaled(e.high(), scale),
                pending,
                open,
                closesAt);
    }

    private static PostExperimentView.Comparison comparison(ExperimentStatistics.Comparison c, double scale) {
        return c == null
                ? null
                : new PostExperimentView.Comparison(
                        c.difference() * scale,
                        c.differenceLow() * scale,
                        c.differenceHigh() * scale,
                        c.pValue(),
                        c.test());
    }

    private static Double scaled(Double value, double scale) {
        return value == null ? null : value * scale;
    }

    /** One broadcast variant's recipients: sent, still pending, within their reply window, replied. */
    private record BroadcastArm(int variant, long sent, long pending, long open, Instant closes, long replied) {}

    /** One feed variant's deliveries and their latest metrics. */
    private record FeedArm(int variant, long published, long views, long engagements) {}
}
