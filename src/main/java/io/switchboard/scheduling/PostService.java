package io.switchboard.scheduling;

import io.switchboard.channel.ChannelService;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.channel.outbound.OutboundPost;
import io.switchboard.channel.outbound.PostPublisher;
import io.switchboard.channel.outbound.PostPublishers;
import io.switchboard.common.Ids;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.api.Cursor;
import io.switchboard.common.api.EntityTags;
import io.switchboard.common.api.Page;
import io.switchboard.common.error.AccessDeniedException;
import io.switchboard.common.error.ConflictException;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.PreconditionFailedException;
import io.switchboard.common.error.Problem;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.delivery.IdempotencyKeys;
import io.switchboard.inbox.ContactAudience;
import io.switchboard.inbox.Labels;
import io.switchboard.limits.FanOutCapExceededException;
import io.switchboard.limits.PaidMessageAllowance;
import io.switchboard.security.Roles;
import io.switchboard.staff.CurrentOperator;
import io.switchboard.tenancy.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Posts and their workflow: authors (agents and up) write and submit posts, managers approve them (unless the
 * tenant switched approval off), approval plans the post's Quartz trigger; editing a scheduled post reschedules it
 * (and, when an agent edits an approved post, sends it back for approval); cancelling removes the trigger.
 */
@ApplicationScoped
public class PostService {

    /** The widest calendar range one request may expand. */
    static final Duration MAX_CALENDAR_RANGE = Duration.ofDays(92);

    private final EntityManager em;
    private final Clock clock;
    private final CurrentOperator operator;
    private final TenantContext tenant;
    private final ChannelService channels;
    private final PostPublishers publishers;
    private final PostTriggers triggers;
    private final PostViews views;
    private final IdempotencyKeys keys;
    private final PublishingSettings settings;
    private final Duration grace;
    private final ContactAudience audience;
    private final PaidMessageAllowance allowance;
    private final BroadcastCap cap;
    private final Event<PostTextsEdited> textsEdited;

    PostService(
            EntityManager em,
            Clock clock,
            CurrentOperator operator,
            TenantContext tenant,
            ChannelService channels,
            PostPublishers publishers,
            PostTriggers triggers,
            PostViews views,
            IdempotencyKeys keys,
            PublishingSettings settings,
            SwitchboardConfig config,
            ContactAudience audience,
            PaidMessageAllowance allowance,
            BroadcastCap cap,
            Event<PostTextsEdited> textsEdited) {
        this.textsEdited = textsEdited;
        this.audience = audience;
        this.allowance = allowance;
        this.cap = cap;
        this.em = em;
        this.clock = clock;
        this.operator = operator;
        this.tenant = tenant;
        this.channels = channels;
        this.publishers = publishers;
        this.triggers = triggers;
        this.views = views;
        this.keys = keys;
        this.settings = settings;
        this.grace = config.publishing().misfireGrace();
    }

    /** Result of a create: the post, and whether an earlier request with the same Idempotency-Key made it. */
    public record Created(PostView post, boolean replayed) {}

    @Transactional
    public Created create(PostRequest request, String idempotencyKey) {
        Instant now = clock.instant();
        String id = Ids.newId();
        if (idempotencyKey != null) {
            Optional<String> earlier = keys.claim(
                    tenant.require(), operator.id(), "post:" + idempotencyKey, fingerprint(request), id, now);
            if (earlier.isPresent()) {
                return new Created(view(earlier.get()), true);
            }
        }
        Post post = new Post();
        post.id = id;
        post.authorId = operator.id();
        post.status = PostStatus.DRAFT;
        post.createdAt = now;
        post.version = 1;
        apply(post, request, true);
        List<PostTarget> targets = targets(post.id, request.targets());
        check(post, targets, now);
        post.updatedAt = now;
        post.persist();
        targets.forEach(t -> t.persist());
        return new Created(views.of(post, targets), false);
    }

    @Transactional
    public Optional<PostView> find(String id) {
        return Post.<Post>findByIdOptional(id).map(views::of);
    }

    private PostView view(String id) {
        return find(id).orElseThrow(() -> new ResourceNotFoundException("Post", id));
    }

    @Transactional
    public Page<PostView> list(PostStatus status, String cursor, int limit) {
        String after = cursor == null ? null : Cursor.decode(cursor);
        StringBuilder query = new StringBuilder("1 = 1");
        List<Object> params = new ArrayList<>();
        if (status != null) {
            params.add(status);
            query.append(" and status = ?").append(params.size());
        }
        if (after != null) {
            params.add(after);
            query.append(" and id < ?").append(params.size());
        }
        List<Post> rows = Post.<Post>find(query + " order by id desc", params.toArray())
                .page(0, limit + 1)
                .list();
        return Cursor.page(rows, limit, p -> p.id, views::of);
    }

    /**
     * The calendar: every occurrence in {@code [from, to)} of the tenant's posts that are not drafts or cancelled
     * (recurring ones expanded), with the status of the occurrences that already went out.
     */
    @Transactional
    public List<CalendarEntry> calendar(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            throw InvalidRequestException.ofField("to", "must be after from");
        }
        if (Duration.between(from, to).compareTo(MAX_CALENDAR_RANGE) > 0) {
            throw InvalidRequestException.ofField(
                    "to", "must be at most " + MAX_CALENDAR_RANGE.toDays() + " days after from");
        }
        List<Post> posts = Post.<Post>find(
                        "status not in ?1 and scheduledAt < ?2 and (nextRunAt is not null or scheduledAt >= ?3"
                                + " or recurrenceCron is not null or recurrenceEveryDays is not null)",
                        List.of(PostStatus.DRAFT, PostStatus.CANCELLED),
                        to,
                        from.minus(Duration.ofDays(1)))
                .list();
        return views.calendar(posts, from, to);
    }

    @Transactional
    public PostView update(String id, PostRequest request, String ifMatch) {
        Post post = lockOwnOrManaged(id, ifMatch);
        if (!post.status.editable()) {
            throw new ConflictException("A " + post.status + " post cannot be edited");
        }
        Instant now = clock.instant();
        Map<String, String> textsBefore = ownTexts(post, PostTarget.list("postId = ?1 order by position", post.id));
        apply(post, request, false);
        List<PostTarget> targets = request.targets() != null
                ? targets(post.id, request.targets())
                : PostTarget.<PostTarget>list("postId = ?1 order by position", post.id);
        check(post, targets, now);
        if (post.status != PostStatus.DRAFT) {
            checkCap(post, now);
        }
        if (request.targets() != null) {
            PostTarget.delete("postId", post.id);
            em.flush();
            targets.forEach(t -> t.persist());
        }
        if (post.status == PostStatus.SCHEDULED) {
            if (settings.approvalRequired() && !operator.hasRole(Roles.MANAGER)) {
                // What a manager approved is not what will go out any more.
                post.status = PostStatus.PENDING_APPROVAL;
                post.approvedAt = null;
                post.approvedBy = null;
                post.nextRunAt = null;
                triggers.unplan(post.id);
            } else {
                plan(post, now);
            }
        }
        touch(post, now);
        Set<String> edited = editedChannels(textsBefore, ownTexts(post, targets));
        if (!edited.isEmpty()) {
            textsEdited.fire(new PostTextsEdited(tenant.require(), post.id, operator.id(), edited, now));
        }
        return views.of(post, targets);
    }

    /** The own text of each of the post's channels (targets, then the broadcast's channel); null for none. */
    private static Map<String, String> ownTexts(Post post, List<PostTarget> targets) {
        Map<String, String> texts = new HashMap<>();
        targets.forEach(t -> texts.put(t.channelId, t.text));
        if (post.audienceChannelId != null) {
            texts.put(post.audienceChannelId, post.audienceText);
        }
        return texts;
    }

    /** The channels whose own text differs (added, changed or removed) between two states of the post. */
    private static Set<String> editedChannels(Map<String, String> before, Map<String, String> after) {
        Set<String> edited = new TreeSet<>();
        after.forEach((channel, text) -> {
            if (!Objects.equals(text, before.get(channel)) && (text != null || before.get(channel) != null)) {
                edited.add(channel);
            }
        });
        before.forEach((channel, text) -> {
            if (text != null && !after.containsKey(channel)) {
                edited.add(channel);
            }
        });
        return edited;
    }

    @Transactional
    public void delete(String id, String ifMatch) {
        Post post = lockOwnOrManaged(id, ifMatch);
        boolean wentOut = Publication.count("postId", post.id) > 0;
        if (wentOut || post.status == PostStatus.PUBLISHING) {
            throw new ConflictException("A post that went out stays on record; it cannot be deleted (cancel it to stop"
                    + " later occurrences)");
        }
        triggers.unplan(post.id);
        PostTarget.delete("postId", post.id);
        post.delete();
    }

    @Transactional
    public PostView submit(String id, String ifMatch) {
        Post post = lockOwnOrManaged(id, ifMatch);
        if (post.status != PostStatus.DRAFT) {
            throw new ConflictException("Only a DRAFT post can be submitted; this one is " + post.status);
        }
        Instant now = clock.instant();
        check(post, PostTarget.list("postId = ?1 order by position", post.id), now);
        if (nextOccurrence(post, now).isEmpty()) {
            throw InvalidRequestException.ofField("scheduledAt", "is in the past: the post would never go out");
        }
        checkCap(post, now);
        post.submittedAt = now;
        if (settings.approvalRequired()) {
            post.status = PostStatus.PENDING_APPROVAL;
        } else {
            schedule(post, now);
        }
        touch(post, now);
        return views.of(post);
    }

    @Transactional
    public PostView approve(String id, String ifMatch) {
        if (!operator.hasRole(Roles.MANAGER)) {
            throw new AccessDeniedException("Only managers approve posts");
        }
        Post post = lock(id, ifMatch);
        if (post.status != PostStatus.PENDING_APPROVAL) {
            throw new ConflictException("Only a PENDING_APPROVAL post can be approved; this one is " + post.status);
        }
        Instant now = clock.instant();
        check(post, PostTarget.list("postId = ?1 order by position", post.id), now);
        checkCap(post, now);
        post.approvedBy = operator.id();
        post.approvedAt = now;
        schedule(post, now);
        touch(post, now);
        return views.of(post);
    }

    /**
     * Sends a pending post back to its author with a manager's comment: the post returns to DRAFT (nothing is
     * planned), keeps the comment for the author, and goes out only once submitted (and approved) again.
     */
    @Transactional
    public PostView sendBack(String id, String comment, String ifMatch) {
        if (!operator.hasRole(Roles.MANAGER)) {
            throw new AccessDeniedException("Only managers send posts back");
        }
        Post post = lock(id, ifMatch);
        if (post.status != PostStatus.PENDING_APPROVAL) {
            throw new ConflictException("Only a PENDING_APPROVAL post can be sent back; this one is " + post.status);
        }
        Instant now = clock.instant();
        post.status = PostStatus.DRAFT;
        post.submittedAt = null;
        post.sentBackComment = comment.strip();
        post.sentBackBy = operator.id();
        post.sentBackAt = now;
        touch(post, now);
        return views.of(post);
    }

    /**
     * Every enabled channel of the tenant that can publish (pages and accounts for posts, SMS and email channels for
     * broadcasts), with the limits its kind enforces, in name order.
     */
    @Transactional
    public List<PublishingChannel> publishingChannels() {
        List<PublishingChannel> out = new ArrayList<>();
        String cursor = null;
        do {
            Page<io.switchboard.channel.ChannelView> page = channels.list(cursor, Cursor.MAX_LIMIT);
            for (io.switchboard.channel.ChannelView channel : page.items()) {
                if (!channel.enabled()) {
                    continue;
                }
                publishers
                        .forKind(channel.kind())
                        .ifPresent(publisher -> out.add(new PublishingChannel(
                                channel.id(), channel.kind(), channel.name(), publisher.mode(), publisher.limits())));
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        out.sort(java.util.Comparator.comparing(PublishingChannel::name, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(PublishingChannel::id));
        return out;
    }

    /**
     * How many contacts a broadcast to {@code label} through {@code channelId} would reach now (the same members as
     * the fan-out), and what is left of today's cap (UTC day) on the channel's kind where it has one.
     */
    @Transactional
    public AudienceCount audienceCount(String channelId, String label) {
        String normalised = ContactAudience.normaliseLabel(label, "label");
        ResolvedChannel channel = channels.resolveOwn(
                        channelId) // a query parameter: one naming no channel is a bad request
                .orElseThrow(
                        () -> InvalidRequestException.ofField("channelId", "names no enabled channel of this tenant"));
        Optional<PostPublisher> publisher = publishers.forKind(channel.kind());
        if (publisher.isEmpty() || publisher.get().mode() != PostPublisher.Mode.BROADCAST) {
            throw InvalidRequestException.ofField(
                    "channelId",
                    channel.kind() + " channels cannot carry broadcasts (an audience goes through an SMS or EMAIL"
                            + " channel)");
        }
        long members = audience.count(tenant.require(), channelId, normalised, channel.kind());
        Long remaining = null;
        Integer cap = null;
        if (PaidMessageAllowance.capped(channel.kind())) {
            var usage = allowance.usage(tenant.require(), channel.kind(), PaidMessageAllowance.day(clock.instant()));
            remaining = usage.remaining();
            cap = usage.cap();
        }
        return new AudienceCount(channelId, channel.kind(), normalised, members, cap, remaining);
    }

    @Transactional
    public PostView cancel(String id, String ifMatch) {
        Post post = lockOwnOrManaged(id, ifMatch);
        if (!post.status.editable()) {
            throw new ConflictException("A " + post.status + " post can no longer be cancelled");
        }
        Instant now = clock.instant();
        post.status = PostStatus.CANCELLED;
        post.nextRunAt = null;
        triggers.unplan(post.id);
        touch(post, now);
        return views.of(post);
    }

    private void schedule(Post post, Instant now) {
        post.status = PostStatus.SCHEDULED;
        plan(post, now);
    }

    /** Sets the post's trigger to its next occurrence (the first that can still go out). */
    private void plan(Post post, Instant now) {
        Instant next = nextOccurrence(post, now)
                .orElseThrow(() ->
                        InvalidRequestException.ofField("scheduledAt", "is in the past: the post would never go out"));
        post.nextRunAt = next;
        triggers.plan(post.tenantId, post.id, next, null);
    }

    private Optional<Instant> nextOccurrence(Post post, Instant now) {
        return post.recurrence().next(now.minus(grace));
    }

    private void touch(Post post, Instant now) {
        post.updatedAt = now;
        post.version++;
    }

    private Post lock(String id, String ifMatch) {
        Post post = Post.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (post == null) {
            throw new ResourceNotFoundException("Post", id);
        }
        if (ifMatch != null && !EntityTags.matches(ifMatch, post.version)) {
            throw new PreconditionFailedException(
                    "The post changed since it was read (version " + post.version + "); read it again");
        }
        return post;
    }

    private Post lockOwnOrManaged(String id, String ifMatch) {
        Post post = lock(id, ifMatch);
        if (!post.authorId.equals(operator.id()) && !operator.hasRole(Roles.MANAGER)) {
            throw new AccessDeniedException("Agents change their own posts only");
        }
        return post;
    }

    /** Copies the request onto the post: everything for a create, what is present for a PATCH. */
    private void apply(Post post, PostRequest request, boolean create) {
        if (create || request.text() != null) {
            post.text = blankToNull(request.text());
        }
        if (request.variants() != null) {
            List<String> texts =
                    request.variants().stream().map(PostRequest.Variant::text).toList();
            if (texts.size() == 1) {
                throw InvalidRequestException.ofField(
                        "variants",
                        "needs " + PostVariants.MIN + " to " + PostVariants.MAX + " variants (an A/B test compares at"
                                + " least two texts); [] removes them");
            }
            post.variants = PostVariants.write(texts);
            if (!create && !texts.isEmpty() && request.text() == null) {
                post.text = null; // the variants replace the text
            }
        } else if (create) {
            post.variants = null;
        }
        if (create || request.subject() != null) {
            post.subject = blankToNull(request.subject());
        }
        if (create || request.media() != null) {
            post.media = PostMedia.write(request.media());
        }
        if (create || request.audience() != null) {
            PostRequest.Audience audience = request.audience();
            post.audienceChannelId = audience == null ? null : audience.channelId();
            post.audienceText = audience == null ? null : blankToNull(audience.text());
            post.audienceLabel = null;
            if (audience != null) {
                String label = Labels.normalise(audience.label());
                String problem = Labels.problem(label);
                if (problem != null) {
                    throw InvalidRequestException.ofField("audience.label", problem);
                }
                post.audienceLabel = label;
            }
        }
        if (create || request.scheduledAt() != null) {
            if (request.scheduledAt() == null) {
                throw InvalidRequestException.ofField("scheduledAt", "is required");
            }
            post.scheduledAt = request.scheduledAt();
        }
        if (create || request.timeZone() != null) {
            post.timeZone = Recurrence.zone(request.timeZone()).getId();
        }
        if (create || request.recurrence() != null) {
            PostRequest.Recurrence rule = request.recurrence();
            post.recurrenceCron = rule == null ? null : blankToNull(rule.cron());
            post.recurrenceEveryDays = rule == null ? null : rule.everyDays();
            post.recurrenceUntil = rule == null ? null : rule.until();
            if (rule != null && post.recurrenceCron == null && post.recurrenceEveryDays == null) {
                throw InvalidRequestException.ofField("recurrence", "needs cron or everyDays");
            }
        }
        post.recurrence(); // validates the rule against the (new) time and zone
    }

    private static List<PostTarget> targets(String postId, List<PostRequest.Target> requested) {
        List<PostTarget> targets = new ArrayList<>();
        if (requested == null) {
            return targets;
        }
        for (int i = 0; i < requested.size(); i++) {
            PostRequest.Target t = requested.get(i);
            for (int j = 0; j < i; j++) {
                if (requested.get(j).channelId().equals(t.channelId())) {
                    throw InvalidRequestException.ofField("targets[" + i + "].channelId", "names a channel twice");
                }
            }
            PostTarget target = new PostTarget();
            target.id = Ids.newId();
            target.postId = postId;
            target.position = i;
            target.channelId = t.channelId();
            target.text = blankToNull(t.text());
            targets.add(target);
        }
        return targets;
    }

    /**
     * Checks that the post can go out: something to publish on, every channel able to carry its part (asked of
     * the channel kinds' publishers), and a next occurrence in the future.
     */
    private void check(Post post, List<PostTarget> targets, Instant now) {
        if (targets.isEmpty() && post.audienceChannelId == null) {
            throw InvalidRequestException.ofField("targets", "needs at least one target or an audience");
        }
        List<String> variants = PostVariants.read(post.variants);
        if (!variants.isEmpty()) {
            checkVariantsAlone(post, targets);
        }
        List<Problem.FieldError> problems = new ArrayList<>();
        for (PostTarget target : targets) {
            String field = "targets[" + target.position + "]";
            if (variants.isEmpty()) {
                String text = target.text != null ? target.text : post.text;
                problems.addAll(problems(field, target.channelId, PostPublisher.Mode.FEED, post, text));
            }
            for (int i = 0; i < variants.size(); i++) {
                problems.addAll(variantProblems(
                        i, problems(field, target.channelId, PostPublisher.Mode.FEED, post, variants.get(i))));
            }
        }
        if (post.audienceChannelId != null) {
            if (variants.isEmpty()) {
                String text = post.audienceText != null ? post.audienceText : post.text;
                problems.addAll(problems("audience", post.audienceChannelId, PostPublisher.Mode.BROADCAST, post, text));
            }
            for (int i = 0; i < variants.size(); i++) {
                problems.addAll(variantProblems(
                        i,
                        problems(
                                "audience",
                                post.audienceChannelId,
                                PostPublisher.Mode.BROADCAST,
                                post,
                                variants.get(i))));
            }
        }
        if (!problems.isEmpty()) {
            throw new PostRejectedException(problems.stream().distinct().toList());
        }
        if (post.status != PostStatus.DRAFT && nextOccurrence(post, now).isEmpty()) {
            throw InvalidRequestException.ofField("scheduledAt", "is in the past: the post would never go out");
        }
    }

    /**
     * A post with variants takes every text from them: a text of its own, a target's text or the broadcast's text
     * beside them would leave it unclear what the experiment compares (400, each naming its field).
     */
    private static void checkVariantsAlone(Post post, List<PostTarget> targets) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String why = "must be left out: a post with variants publishes each variant's text";
        if (post.text != null) {
            errors.add(new Problem.FieldError("text", why));
        }
        for (PostTarget target : targets) {
            if (target.text != null) {
                errors.add(new Problem.FieldError("targets[" + target.position + "].text", why));
            }
        }
        if (post.audienceText != null) {
            errors.add(new Problem.FieldError("audience.text", why));
        }
        if (!errors.isEmpty()) {
            throw InvalidRequestException.ofFields(errors);
        }
    }

    /**
     * 422 {@code fan-out-cap-exceeded} when the broadcast's audience, as it is now, is larger than what the day of its
     * next occurrence (UTC) has left of the tenant's cap of SMS or email messages: today's what was not written yet,
     * a later day's the whole cap (each occurrence of a recurring post must fit in one day). The audience may still
     * grow; the firing checks again and sends nothing when it no longer fits.
     */
    private void checkCap(Post post, Instant now) {
        if (post.audienceChannelId == null) {
            return;
        }
        Optional<ResolvedChannel> channel = channels.resolveOwn(post.audienceChannelId);
        Optional<Instant> next = nextOccurrence(post, now);
        if (channel.isEmpty() || next.isEmpty()) {
            return;
        }
        cap.ahead(post, tenant.require(), channel.get().kind(), PaidMessageAllowance.day(next.get()))
                .filter(verdict -> !verdict.fits())
                .ifPresent(verdict -> {
                    throw new FanOutCapExceededException(verdict.refusal());
                });
    }

    private List<Problem.FieldError> problems(
            String field, String channelId, PostPublisher.Mode mode, Post post, String text) {
        Optional<ResolvedChannel> channel = channels.resolveOwn(channelId);
        if (channel.isEmpty()) {
            return List.of(new Problem.FieldError(field + ".channelId", "names no enabled channel of this tenant"));
        }
        Optional<PostPublisher> publisher = publishers.forKind(channel.get().kind());
        if (publisher.isEmpty() || publisher.get().mode() != mode) {
            String what = mode == PostPublisher.Mode.FEED
                    ? "cannot carry page posts (targets are FACEBOOK pages and X accounts; SMS and EMAIL go in"
                            + " audience)"
                    : "cannot carry broadcasts (an audience goes through an SMS or EMAIL channel)";
            return List.of(
                    new Problem.FieldError(field + ".channelId", channel.get().kind() + " channels " + what));
        }
        OutboundPost draft =
                new OutboundPost(null, post.id, text, post.subject, PostMedia.read(post.media), null, null);
        return publisher.get().problems(channel.get(), draft).stream()
                .map(problem -> new Problem.FieldError(field, problem))
                .toList();
    }

    /** A channel's problems with one variant's text, named by the variant (the message says where). */
    private static List<Problem.FieldError> variantProblems(int variant, List<Problem.FieldError> problems) {
        return problems.stream()
                .map(p -> p.field().endsWith(".channelId")
                        ? p
                        : new Problem.FieldError("variants[" + variant + "].text", p.field() + ": " + p.message()))
                .toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String fingerprint(PostRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
