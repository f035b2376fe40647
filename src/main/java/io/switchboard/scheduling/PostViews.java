package io.switchboard.scheduling;

import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ChannelService;
import io.switchboard.channel.ChannelView;
import io.switchboard.common.db.NativeRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds what the API shows of posts: the post with its latest publication's outcome, and the calendar. */
@ApplicationScoped
class PostViews {

    private static final int PUBLICATIONS_SHOWN = 10;

    private final EntityManager em;
    private final ChannelService channels;
    private final PostTargetMetrics targetMetrics;

    PostViews(EntityManager em, ChannelService channels, PostTargetMetrics targetMetrics) {
        this.em = em;
        this.channels = channels;
        this.targetMetrics = targetMetrics;
    }

    PostView of(Post post) {
        return of(post, PostTarget.list("postId = ?1 order by position", post.id));
    }

    PostView of(Post post, List<PostTarget> targets) {
        List<Publication> publications = Publication.<Publication>find(
                        "postId = ?1 order by occurrenceAt desc", post.id)
                .page(0, PUBLICATIONS_SHOWN)
                .list();
        Optional<Publication> latest =
                publications.stream().filter(p -> p.status != PostStatus.MISSED).findFirst();
        Map<String, Outcome> feedOutcomes = new HashMap<>();
        int[] broadcast = new int[5]; // recipients, pending, sent, delivered, failed
        if (latest.isPresent()) {
            List<Outcome> rows = NativeRows.list(
                    em.createNativeQuery("SELECT i.channel_id, i.mode, d.status, d.provider_id, d.last_error,"
                                    + " d.sent_at, COUNT(*) AS n, MIN(d.id) AS delivery_id"
                                    + " FROM delivery d JOIN publication_item i ON i.id = d.publication_item_id"
                                    + " WHERE d.publication_id = ?1 GROUP BY i.channel_id, i.mode, d.status,"
                                    + " CASE WHEN i.mode = 'FEED' THEN d.id END")
                            .setParameter(1, latest.get().id),
                    Outcome.class);
            for (Outcome row : rows) {
                if ("FEED".equals(row.mode())) {
                    feedOutcomes.put(row.channelId(), row);
                    continue;
                }
                int n = (int) row.n();
                broadcast[0] += n;
                switch (row.status()) {
                    case "SENT" -> broadcast[2] += n;
                    case "DELIVERED" -> broadcast[3] += n;
                    case "FAILED", "CANCELLED" -> broadcast[4] += n;
                    default -> broadcast[1] += n;
                }
            }
        }
        Map<String, PostMetricsView> metrics = feedOutcomes.isEmpty()
                ? Map.of()
                : targetMetrics.latest(
                        feedOutcomes.values().stream().map(Outcome::deliveryId).toList());
        Map<String, ChannelKind> kinds = kinds(post, targets);
        List<PostView.TargetView> targetViews = targets.stream()
                .map(t -> {
                    Outcome outcome = feedOutcomes.get(t.channelId);
                    return new PostView.TargetView(
                            t.channelId,
                            kinds.get(t.channelId),
                            t.text,
                            outcome == null ? null : outcome.status(),
                            outcome == null ? null : outcome.providerId(),
                            outcome == null ? null : outcome.lastError(),
                            outcome == null ? null : outcome.sentAt(),
                            outcome == null ? null : metrics.get(outcome.deliveryId()));
                })
                .toList();
        PostView.AudienceView audience = post.audienceChannelId == null
                ? null
                : new PostView.AudienceView(
                        post.audienceChannelId,
                        kinds.get(post.audienceChannelId),
                        post.audienceLabel,
                        post.audienceText,
                        broadcast[0],
                        broadcast[1],
                        broadcast[2],
                        broadcast[3],
                        broadcast[4]);
        return new PostView(
                post.id,
                post.status,
                post.authorId,
                post.text,
                PostVariants.view(post.variants),
                post.subject,
                PostMedia.view(post.media),
                targetViews,
                audience,
                post.scheduledAt,
                post.timeZone,
                recurrence(post),
                post.nextRunAt,
                post.submittedAt,
                post.approvedBy,
                post.approvedAt,
                post.sentBackAt == null
                        ? null
                        : new PostView.SentBackView(post.sentBackComment, post.sentBackBy, post.sentBackAt),
                publications.stream()
                        .map(p -> new PostView.PublicationView(
                                p.id, p.occurrenceAt, p.firedAt, p.status, p.recipients, p.finishedAt, p.failureReason))
                        .toList(),
                post.version,
                post.createdAt,
                post.updatedAt);
    }

    private static PostRequest.Recurrence recurrence(Post post) {
        if (post.recurrenceCron == null && post.recurrenceEveryDays == null) {
            return null;
        }
        return new PostRequest.Recurrence(post.recurrenceCron, post.recurrenceEveryDays, post.recurrenceUntil);
    }

    private Map<String, ChannelKind> kinds(Post post, List<PostTarget> targets) {
        List<String> ids =
                new ArrayList<>(targets.stream().map(t -> t.channelId).toList());
        if (post.audienceChannelId != null) {
            ids.add(post.audienceChannelId);
        }
        return kindsOf(ids);
    }

    /** The kinds of these channels of the tenant (deleted ones are left out). */
    private Map<String, ChannelKind> kindsOf(List<String> channelIds) {
        Map<String, ChannelKind> kinds = new HashMap<>();
        for (String id : new java.util.LinkedHashSet<>(channelIds)) {
            channels.find(id).map(ChannelView::kind).ifPresent(kind -> kinds.put(id, kind));
        }
        return kinds;
    }

    /** Every occurrence of these posts in {@code [from, to)}: publications that happened, and planned ones. */
    List<CalendarEntry> calendar(List<Post> posts, Instant from, Instant to) {
        if (posts.isEmpty()) {
            return List.of();
        }
        List<String> ids = posts.stream().map(p -> p.id).toList();
        Map<String, Map<Instant, PostStatus>> happened = new HashMap<>();
        Publication.<Publication>list("postId in ?1 and occurrenceAt >= ?2 and occurrenceAt < ?3", ids, from, to)
                .forEach(p ->
                        happened.computeIfAbsent(p.postId, k -> new HashMap<>()).put(p.occurrenceAt, p.status));
        Map<String, List<ChannelKind>> kinds = new HashMap<>();
        List<PostTarget> targets = PostTarget.list("postId in ?1 order by position", ids);
        List<String> channelIds =
                new ArrayList<>(targets.stream().map(t -> t.channelId).toList());
        posts.stream().filter(p -> p.audienceChannelId != null).forEach(p -> channelIds.add(p.audienceChannelId));
        Map<String, ChannelKind> channelKinds = kindsOf(channelIds);
        targets.forEach(
                t -> kinds.computeIfAbsent(t.postId, k -> new ArrayList<>()).add(channelKinds.get(t.channelId)));
        posts.stream()
                .filter(p -> p.audienceChannelId != null)
                .forEach(p ->
                        kinds.computeIfAbsent(p.id, k -> new ArrayList<>()).add(channelKinds.get(p.audienceChannelId)));
        List<CalendarEntry> entries = new ArrayList<>();
        for (Post post : posts) {
            Map<Instant, PostStatus> done = happened.getOrDefault(post.id, Map.of());
            Recurrence rule = post.recurrence();
            String preview = post.text == null
                    ? null
                    : post.text.length() <= 140 ? post.text : post.text.substring(0, 139) + "…";
            List<ChannelKind> postKinds = kinds.getOrDefault(post.id, List.of());
            done.forEach((at, status) ->
                    entries.add(new CalendarEntry(post.id, at, status, true, preview, postKinds, rule.recurring())));
            boolean planned = post.status == PostStatus.SCHEDULED
                    || post.status == PostStatus.PENDING_APPROVAL
                    || post.status == PostStatus.PUBLISHING;
            if (!planned) {
                continue;
            }
            // What is still to come: from the planned next occurrence on (a pending post: from its first).
            Instant start = post.nextRunAt != null
                    ? post.nextRunAt
                    : rule.firstOccurrence().orElse(null);
            if (start == null) {
                continue;
            }
            Instant windowStart = start.isAfter(from) ? start : from;
            for (Instant at : rule.occurrences(windowStart, to)) {
                if (!done.containsKey(at)) {
                    entries.add(new CalendarEntry(
                            post.id,
                            at,
                            post.status == PostStatus.PUBLISHING ? PostStatus.SCHEDULED : post.status,
                            false,
                            preview,
                            postKinds,
                            rule.recurring()));
                }
            }
        }
        entries.sort(Comparator.comparing(CalendarEntry::occurrenceAt).thenComparing(CalendarEntry::postId));
        return entries.size() > Recurrence.MAX_OCCURRENCES ? entries.subList(0, Recurrence.MAX_OCCURRENCES) : entries;
    }

    /**
     * The latest publication's deliveries: one row per feed delivery, counts per status for the broadcast
     * ({@code sentAt} and the other per-delivery columns are then one of the group's).
     */
    private record Outcome(
            String channelId,
            String mode,
            String status,
            String providerId,
            String lastError,
            Instant sentAt,
            long n,
            String deliveryId) {}
}
