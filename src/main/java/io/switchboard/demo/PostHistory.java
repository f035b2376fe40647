package io.switchboard.demo;

import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ChannelView;
import io.switchboard.common.Ids;
import io.switchboard.common.Money;
import io.switchboard.engagement.MetricsSchedule;
import io.switchboard.inbox.ContactAudience;
import io.switchboard.staff.OperatorRates;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The demo's 90 days of publishing: posts on the Facebook page and the X account, two SMS broadcasts to the VIP
 * customers, the staff time spent writing and approving them, what each post got, and the followers of the page and
 * the account day by day. Every service that writes these rows stamps the present, so they are written as those
 * services write them:
 *
 * <ul>
 *   <li>the post as the author and the manager leave it (submitted, approved, PUBLISHED), with its publication, the
 *       publication's items and one outbox delivery per target as PostFiring, the dispatchers and
 *       PublicationFinisher leave them (SENT with the provider's post id; a broadcast: one DELIVERED delivery per
 *       recipient);
 *   <li>a metrics watch per published target as the MetricsCollector leaves it: the fetches of the ages already
 *       passed (1 h, 6 h, 24 h, 3 d, 7 d, 30 d; Facebook insights from the 24-hour fetch on), the next one due, or
 *       the schedule over; one snapshot per fetch, counts growing; X reads counted against the month's budget;
 *   <li>a follower count per channel and UTC day, fetched just after midnight, and the next one due tomorrow;
 *   <li>composer sessions naming the post (PublishingTimeRecorder's rows, ended, at the hourly cost in force), and
 *       for a post with a text of its own for X, a session marked as editing that channel only.
 * </ul>
 *
 * Engagement improves week after week, as the rest of the story does.
 */
final class PostHistory {

    /** The page's and the account's followers four months ago. */
    private static final long FACEBOOK_FOLLOWERS = 1840;

    private static final long X_FOLLOWERS = 960;

    /** Minutes between the collector's runs (its default): a fetch comes up to that long after it is due. */
    private static final int COLLECT_EVERY_SECONDS = 300;

    /** The collector's fetches after publication. */
    private static final List<Duration> AGES = MetricsSchedule.AFTER_PUBLICATION;

    /** Share of a post's final figures reached at each age: most of it comes in the first hours. */
    private static final double[] FACEBOOK_CURVE = {0.22, 0.55, 0.82, 0.93, 0.97, 1.0};

    private static final double[] X_CURVE = {0.31, 0.66, 0.88, 0.96, 0.985, 1.0};

    /** Facebook media views from the 24-hour fetch (insights) on. */
    private static final double[] FACEBOOK_VIEWS_CURVE = {0, 0, 0.81, 0.93, 0.97, 1.0};

    /** Texts of the posts: the page's, and a shorter one for X (null: the same). */
    private static final String[][] TEXTS = {
        {
            "New in store: the Nordic wool collection. Warm, light and made to last. https://acme.example/nordic",
            "New: the Nordic wool collection, warm and light #wool https://acme.example/nordic"
        },
        {"Weekend sale: 20% off all boots until Sunday evening, online and in our stores.", null},
        {
            "Tip: you can change your delivery address until your order ships, right from your account page.",
            "Tip: change your delivery address until your order ships, from your account page."
        },
        {"Our Lyon store now opens on Sundays, 10am to 6pm. Come and say hello!", null},
        {"Free delivery on every order this week, no minimum. https://acme.example/free-delivery", null},
        {
            "How to wash a down jacket without ruining it: our guide in four steps."
                    + " https://acme.example/blog/down-care",
            "Washing a down jacket? Our 4-step guide https://acme.example/blog/down-care"
        },
        {"Back in stock: the classic trench coat in beige and navy, every size.", null},
        {
            "Thank you! 10,000 orders shipped this year. To celebrate, 15% off with the code THANKS15 until Friday.",
            "10,000 orders shipped this year, thank you! 15% off with THANKS15 until Friday"
        },
        {
            "Tip: returns are free for 30 days. Print the label from your account and drop the parcel at any post"
                    + " office.",
            null
        },
        {"Meet Alice from our support team: she answers your questions here and on our chat every weekday.", null},
        {"Flash sale, today only: 30% off scarves and gloves. https://acme.example/flash", null},
        {
            "Store news: our new Bordeaux shop opens on Saturday, with a gift for the first 100 visitors.",
            "Our Bordeaux shop opens Saturday: a gift for the first 100 visitors!"
        },
        {"Tip: gift cards never expire and work online and in every store.", null},
        {
            "Black Friday preview: newsletter subscribers get early access tomorrow at 8am."
                    + " https://acme.example/early",
            null
        }
    };

    /** The SMS broadcasts to the VIP customers: days ago, text. */
    static final Object[][] BROADCASTS = {
        {
            61,
            "ACME: VIP days start now, 20% off everything with code VIP20 until Sunday, online and in store."
                    + " Reply STOP to opt out."
        },
        {
            24,
            "ACME: our Bordeaux shop opens Saturday. VIPs get a gift and 10% off with code VIPBDX."
                    + " Reply STOP to opt out."
        }
    };

    /** When the broadcasts went out (Thursdays at 10:00 in the tenant's zone), before the now of the story. */
    static List<Instant> broadcastTimes(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, DemoSeed.ZONE);
        List<Instant> times = new ArrayList<>();
        for (Object[] b : BROADCASTS) {
            times.add(today.minusDays((Integer) b[0])
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.THURSDAY))
                    .atTime(10, 0)
                    .atZone(DemoSeed.ZONE)
                    .toInstant());
        }
        return times;
    }

    private final EntityManager em;
    private final OperatorRates rates;
    private final String tenantId;
    private final Random r;
    private final Instant now;
    private final Map<String, String> operators;
    private final ChannelView facebook;
    private final ChannelView x;
    private final ChannelView sms;
    /** X reads per UTC month (the collector's budget). */
    private final Map<String, Integer> xReads = new TreeMap<>();

    private long facebookPostSeq = 1_021_000_000_000_000L;

    PostHistory(
            EntityManager em,
            OperatorRates rates,
            String tenantId,
            Random random,
            Instant now,
            Map<String, String> operators,
            Map<ChannelKind, ChannelView> channels) {
        this.em = em;
        this.rates = rates;
        this.tenantId = tenantId;
        this.r = random;
        this.now = now;
        this.operators = operators;
        this.facebook = channels.get(ChannelKind.FACEBOOK);
        this.x = channels.get(ChannelKind.X);
        this.sms = channels.get(ChannelKind.SMS);
    }

    /** Writes it all: posts with their metrics, broadcasts, followers, the X reads they took. */
    void write() {
        LocalDate today = LocalDate.ofInstant(now, DemoSeed.ZONE);
        Map<LocalDate, Integer> postsPerDay = new TreeMap<>();
        int n = 0;
        for (int daysAgo = DemoSeed.DAYS - 1; daysAgo >= 0; daysAgo--) {
            LocalDate day = today.minusDays(daysAgo);
            LocalTime at = switch (day.getDayOfWeek()) {
                case TUESDAY -> LocalTime.of(11, 0);
                case THURSDAY -> LocalTime.of(17, 30);
                case SATURDAY -> r.nextInt(5) < 2 ? LocalTime.of(10, 0) : null;
                default -> null;
            };
            if (at == null) {
                continue;
            }
            Instant scheduled = day.atTime(at).atZone(DemoSeed.ZONE).toInstant();
            if (!scheduled.isBefore(now.minus(Duration.ofMinutes(10)))) {
                continue;
            }
            double progress = (DemoSeed.DAYS - 1 - daysAgo) / (double) (DemoSeed.DAYS - 1);
            feedPost(TEXTS[n % TEXTS.length], scheduled, progress);
            postsPerDay.merge(day, 1, Integer::sum);
            n++;
        }
        List<Instant> broadcasts = broadcastTimes(now);
        for (int i = 0; i < broadcasts.size(); i++) {
            broadcast((String) BROADCASTS[i][1], broadcasts.get(i));
        }
        followers(today, postsPerDay);
        xReads.forEach((month, reads) -> exec(
                "INSERT INTO x_read_usage (tenant_id, month, reads_used) VALUES (?1, ?2, ?3)"
                        + " ON DUPLICATE KEY UPDATE reads_used = reads_used + VALUES(reads_used)",
                tenantId,
                month,
                reads));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Posts on the page and the account.

    private void feedPost(String[] text, Instant scheduled, double progress) {
        int pick = r.nextInt(4);
        List<ChannelView> targets = pick < 2 ? List.of(facebook, x) : pick == 2 ? List.of(facebook) : List.of(x);
        String xText = targets.size() == 2 ? text[1] : null;
        String postText = targets.size() == 1 && targets.get(0) == x && text[1] != null ? text[1] : text[0];
        String author = operators.get(r.nextInt(3) == 0 ? "bob" : "alice");
        String postId = Ids.newId();

        Work work = work(postId, author, scheduled, progress, targets, xText != null);
        Instant fired = scheduled.plusMillis(200 + r.nextInt(1500));
        Instant finished = fired.plusSeconds(3 + r.nextInt(20));
        writePost(postId, author, postText, null, null, scheduled, work, finished);
        for (int i = 0; i < targets.size(); i++) {
            exec(
                    "INSERT INTO post_target (id, tenant_id, post_id, position, channel_id, text)"
                            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    Ids.newId(),
                    tenantId,
                    postId,
                    i,
                    targets.get(i).id(),
                    targets.get(i) == x ? xText : null);
        }
        work.write();
        String publicationId = publication(postId, scheduled, fired, targets.size(), finished);
        for (int i = 0; i < targets.size(); i++) {
            ChannelView channel = targets.get(i);
            String itemText = channel == x && xText != null ? xText : postText;
            String itemId = item(publicationId, i, channel.id(), "FEED", itemText, null, 1);
            Instant sent = fired.plusMillis(800 + r.nextInt(2500));
            String providerId = channel == x ? xPostId(sent) : facebookPostId();
            String deliveryId = Ids.newId();
            exec(
                    "INSERT INTO delivery (id, tenant_id, channel_id, status, attempts, created_at, updated_at,"
                            + " sent_at, provider_id, publication_id, publication_item_id, lane)"
                            + " VALUES (?1, ?2, ?3, 'SENT', 1, ?4, ?5, ?5, ?6, ?7, ?8, 1)",
                    deliveryId,
                    tenantId,
                    channel.id(),
                    fired,
                    sent,
                    providerId,
                    publicationId,
                    itemId);
            metrics(deliveryId, postId, publicationId, channel, providerId, sent, progress);
        }
    }

    /** The post row as its workflow leaves it once published (created, submitted, approved, fired, finished). */
    private void writePost(
            String postId,
            String author,
            String text,
            String audienceLabel,
            String audienceText,
            Instant scheduled,
            Work work,
            Instant finished) {
        exec(
                "INSERT INTO post (id, tenant_id, author_id, status, text, audience_channel_id, audience_label,"
                        + " audience_text, scheduled_at, time_zone, next_run_at, submitted_at, approved_by,"
                        + " approved_at, version, created_at, updated_at)"
                        + " VALUES (?1, ?2, ?3, 'PUBLISHED', ?4, ?5, ?6, ?7, ?8, ?9, NULL, ?10, ?11, ?12, 5, ?13, ?14)",
                postId,
                tenantId,
                author,
                text,
                audienceLabel == null ? null : sms.id(),
                audienceLabel,
                audienceText,
                scheduled,
                DemoSeed.ZONE.getId(),
                work.submitted,
                operators.get("bob"),
                work.approved,
                work.created,
                finished);
    }

    private String publication(String postId, Instant occurrence, Instant fired, int recipients, Instant finished) {
        String id = Ids.newId();
        exec(
                "INSERT INTO publication (id, tenant_id, post_id, occurrence_at, fired_at, status, recipients,"
                        + " finished_at) VALUES (?1, ?2, ?3, ?4, ?5, 'PUBLISHED', ?6, ?7)",
                id,
                tenantId,
                postId,
                occurrence,
                fired,
                recipients,
                finished);
        return id;
    }

    private String item(
            String publicationId, int position, String channelId, String mode, String text, String label, int sent) {
        String id = Ids.newId();
        exec(
                "INSERT INTO publication_item (id, tenant_id, publication_id, position, channel_id, mode, text,"
                        + " audience_label, sent, failed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0)",
                id,
                tenantId,
                publicationId,
                position,
                channelId,
                mode,
                text,
                label,
                sent);
        return id;
    }

    /** An X post id: a snowflake of its time. */
    private String xPostId(Instant at) {
        long snowflake = ((at.toEpochMilli() - 1_288_834_974_657L) << 22) | r.nextInt(1 << 22);
        return Long.toString(snowflake);
    }

    /** A page post id: {@code <page id>_<post id>}, as Graph gives it. */
    private String facebookPostId() {
        facebookPostSeq += 1 + r.nextInt(90_000_000);
        return DemoSeed.FACEBOOK_PAGE_ID + "_" + facebookPostSeq;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Metrics, as the collector leaves them.

    private void metrics(
            String deliveryId,
            String postId,
            String publicationId,
            ChannelView channel,
            String providerId,
            Instant published,
            double progress) {
        boolean isX = channel == x;
        double quality = 0.7 + 0.6 * r.nextDouble();
        double trend = 1 + 0.8 * progress;
        long followers = isX ? X_FOLLOWERS + (long) (330 * progress) : FACEBOOK_FOLLOWERS + (long) (520 * progress);
        // Final figures, 30 days after publication.
        double views = followers * (isX ? 0.7 + 0.5 * r.nextDouble() : 0.25 + 0.2 * r.nextDouble()) * trend * quality;
        double rate = (isX ? 0.011 : 0.026) * (1 + 0.7 * progress) * (0.8 + 0.4 * r.nextDouble());
        double reactions = views * rate;
        double comments = views * rate * (isX ? 0.16 : 0.14);
        double shares = views * rate * (isX ? 0.22 : 0.1);
        double quotes = views * rate * 0.04;
        double bookmarks = views * rate * 0.13;
        double uniqueViews = views * (0.7 + 0.1 * r.nextDouble());

        int fetches = 0;
        Instant next = published.plus(AGES.get(0));
        List<Runnable> snapshots = new ArrayList<>();
        for (int age = 0; age < AGES.size(); age++) {
            Instant fetchedAt = published.plus(AGES.get(age)).plusSeconds(15 + r.nextInt(COLLECT_EVERY_SECONDS));
            if (!fetchedAt.isBefore(now)) {
                next = published.plus(AGES.get(age));
                break;
            }
            double f = isX ? X_CURVE[age] : FACEBOOK_CURVE[age];
            double v = isX ? X_CURVE[age] : FACEBOOK_VIEWS_CURVE[age];
            boolean insights = isX || v > 0;
            Object[] row = {
                Ids.newId(),
                tenantId,
                deliveryId,
                postId,
                channel.id(),
                fetchedAt,
                insights ? Math.round(views * v) : null,
                insights && !isX ? Math.round(uniqueViews * v) : null,
                Math.round(reactions * f),
                Math.round(comments * f),
                Math.round(shares * f),
                isX ? Math.round(quotes * f) : null,
                isX ? Math.round(bookmarks * f) : null
            };
            snapshots.add(() -> exec(
                    "INSERT INTO post_metrics_snapshot (id, tenant_id, delivery_id, post_id, channel_id, fetched_at,"
                            + " views, unique_views, reactions, comments, shares, quotes, bookmarks)"
                            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                    row));
            if (isX) {
                xReads.merge(YearMonth.from(fetchedAt.atZone(ZoneOffset.UTC)).toString(), 1, Integer::sum);
            }
            fetches++;
            next = age + 1 < AGES.size() ? published.plus(AGES.get(age + 1)) : null;
        }
        // The watch the publication's end started (MetricsStore.onPublished), moved on by each fetch.
        exec(
                "INSERT INTO post_metrics_watch (delivery_id, tenant_id, post_id, publication_id, channel_id,"
                        + " channel_kind, provider_post_id, published_at, fetches, next_fetch_at, stopped_reason)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                deliveryId,
                tenantId,
                postId,
                publicationId,
                channel.id(),
                channel.kind().name(),
                providerId,
                published,
                fetches,
                next,
                next == null ? "The schedule is over (last fetch 30 days after publication)" : null);
        snapshots.forEach(Runnable::run);
    }

    /** A count per channel and UTC day, fetched just after midnight; a post brings a few more the day after. */
    private void followers(LocalDate today, Map<LocalDate, Integer> postsPerDay) {
        long fb = FACEBOOK_FOLLOWERS;
        long xf = X_FOLLOWERS;
        LocalDate utcToday = LocalDate.ofInstant(now, ZoneOffset.UTC);
        // From a month before the story: a report by month starts its first period on the 1st.
        for (int daysAgo = DemoSeed.DAYS + 31; daysAgo >= 0; daysAgo--) {
            LocalDate day = utcToday.minusDays(daysAgo);
            double progress = Math.max(0, (DemoSeed.DAYS - 1 - daysAgo) / (double) (DemoSeed.DAYS - 1));
            int posted = postsPerDay.getOrDefault(day.minusDays(1), 0);
            fb += Math.round((2 + 5 * progress) * r.nextDouble() * 1.6)
                    + posted * (2 + r.nextInt(6))
                    - (r.nextInt(9) == 0 ? 2 : 0);
            xf += Math.round((1 + 4 * progress) * r.nextDouble() * 1.6)
                    + posted * (1 + r.nextInt(5))
                    - (r.nextInt(7) == 0 ? 1 : 0);
            Instant fetched =
                    day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(30 + r.nextInt(COLLECT_EVERY_SECONDS));
            if (!fetched.isBefore(now)) {
                break;
            }
            follower(facebook, day, fb, fetched);
            follower(x, day, xf, fetched.plusSeconds(2));
            xReads.merge(YearMonth.from(day).toString(), 1, Integer::sum);
        }
        Instant tomorrow = utcToday.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (ChannelView channel : List.of(facebook, x)) {
            exec(
                    "INSERT INTO channel_metrics_state (channel_id, tenant_id, followers_due_at, followers_failures)"
                            + " VALUES (?1, ?2, ?3, 0)",
                    channel.id(),
                    tenantId,
                    tomorrow);
        }
    }

    private void follower(ChannelView channel, LocalDate day, long followers, Instant fetched) {
        exec(
                "INSERT INTO channel_follower_count (channel_id, day, tenant_id, followers, fetched_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5)",
                channel.id(),
                day,
                tenantId,
                followers,
                fetched);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Broadcasts to the VIP customers.

    /**
     * A broadcast to the customers labelled vip on the SMS channel at the time (ContactAudience's members, created
     * before it went out): one delivery per recipient, delivered. The replies are the inbound messages of those
     * recipients that the conversations' history holds.
     */
    private void broadcast(String text, Instant scheduled) {
        String postId = Ids.newId();
        String author = operators.get("bob");
        Work work = work(postId, author, scheduled, 0, List.of(sms), false);
        Instant fired = scheduled.plusMillis(200 + r.nextInt(1500));
        Instant sent = fired.plusSeconds(2 + r.nextInt(5));
        Instant finished = sent.plusSeconds(30 + r.nextInt(60));
        writePost(postId, author, null, "vip", text, scheduled, work, finished);
        work.write();
        String publicationId = publication(postId, scheduled, fired, 0, finished);
        String itemId = item(publicationId, 0, sms.id(), "BROADCAST", text, "vip", 0);
        int recipients = em.createNativeQuery("INSERT INTO delivery (id, tenant_id, channel_id, status, attempts,"
                        + " created_at, updated_at, sent_at, provider_id, publication_id, publication_item_id,"
                        + " recipient_contact_id, recipient_address, lane) SELECT UUID(), :tenant, :channel,"
                        + " 'DELIVERED', 1, :fired, :delivered, :sent, CONCAT('SM', REPLACE(UUID(), '-', '')),"
                        + " :publication, :item, m.contact_id, m.address, 1 FROM ("
                        + ContactAudience.membersSelect(ChannelKind.SMS)
                        + ") m JOIN contact c ON c.id = m.contact_id WHERE c.created_at < :fired")
                .setParameter("tenant", tenantId)
                .setParameter("channel", sms.id())
                .setParameter("label", "vip")
                .setParameter("fired", fired)
                .setParameter("sent", sent)
                .setParameter("delivered", sent.plusSeconds(4))
                .setParameter("publication", publicationId)
                .setParameter("item", itemId)
                .executeUpdate();
        exec("UPDATE publication SET recipients = ?1 WHERE id = ?2", recipients, publicationId);
        exec("UPDATE publication_item SET sent = ?1 WHERE id = ?2", recipients, itemId);
        exec(
                "INSERT INTO paid_message_usage (tenant_id, channel_kind, day, used) VALUES (?1, 'SMS', ?2, ?3)"
                        + " ON DUPLICATE KEY UPDATE used = used + VALUES(used)",
                tenantId,
                LocalDate.ofInstant(fired, ZoneOffset.UTC),
                recipients);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Staff time on the posts.

    /** The composer sessions of one post: the author writes it, the manager approves it. */
    private Work work(
            String postId,
            String author,
            Instant scheduled,
            double progress,
            List<ChannelView> targets,
            boolean xText) {
        String bob = operators.get("bob");
        LocalDate day = LocalDate.ofInstant(scheduled, DemoSeed.ZONE).minusDays(1 + r.nextInt(2));
        if (day.getDayOfWeek() == DayOfWeek.SUNDAY) {
            day = day.minusDays(1);
        }
        double pace = 1.25 - 0.45 * progress;
        Work work = new Work(postId, targets.get(0).kind());
        Instant start = day.atTime(9 + r.nextInt(2), r.nextInt(60))
                .atZone(DemoSeed.ZONE)
                .toInstant();
        Instant end = start.plusSeconds((long) ((8 + r.nextInt(14)) * 60 * pace));
        work.created = start.minusSeconds(3); // the draft exists before the composer's first heartbeat
        work.session(author, start, end, null);
        if (xText) {
            // The author adapts the X text: that session's time is the account's only.
            Instant adapt = end.plusSeconds(60 + r.nextInt(600));
            end = adapt.plusSeconds((long) ((2 + r.nextInt(5)) * 60 * pace));
            work.session(author, adapt, end, x.id());
        }
        work.submitted = end.minusSeconds(10);
        if (author.equals(bob)) {
            work.approved = end.minusSeconds(4);
        } else {
            Instant review = day.atTime(14 + r.nextInt(3), r.nextInt(60))
                    .atZone(DemoSeed.ZONE)
                    .toInstant();
            Instant reviewed = review.plusSeconds(90 + r.nextInt(240));
            work.session(bob, review, reviewed, null);
            work.approved = reviewed.minusSeconds(5);
        }
        return work;
    }

    /** Work sessions on a post, written after the post. */
    private final class Work {
        final String postId;
        final ChannelKind firstKind;
        final List<Runnable> rows = new ArrayList<>();
        Instant created;
        Instant submitted;
        Instant approved;

        Work(String postId, ChannelKind firstKind) {
            this.postId = postId;
            this.firstKind = firstKind;
        }

        void session(String operatorId, Instant start, Instant end, String editedChannel) {
            int seconds = (int) Duration.between(start, end).toSeconds();
            Money rate = rates.rateAt(operatorId, start).orElse(null);
            String id = Ids.newId();
            rows.add(() -> {
                exec(
                        "INSERT INTO work_session (id, tenant_id, operator_id, post_id, channel_id, channel_kind,"
                                + " source, started_at, last_heartbeat_at, ended_at, duration_seconds,"
                                + " hourly_cost_minor, hourly_cost_currency, created_by, created_at, updated_by,"
                                + " updated_at) VALUES (?1, ?2, ?3, ?4, NULL, ?5, 'LIVE', ?6, ?7, ?7, ?8, ?9, ?10,"
                                + " ?3, ?6, ?3, ?7)",
                        id,
                        tenantId,
                        operatorId,
                        postId,
                        firstKind.name(),
                        start,
                        start.plusSeconds(seconds),
                        seconds,
                        rate == null ? null : rate.amountMinor(),
                        rate == null ? null : rate.currency());
                if (editedChannel != null) {
                    exec(
                            "INSERT INTO work_session_post_edit (work_session_id, channel_id, tenant_id, edited_at)"
                                    + " VALUES (?1, ?2, ?3, ?4)",
                            id,
                            editedChannel,
                            tenantId,
                            start.plusSeconds(seconds / 2));
                }
            });
        }

        void write() {
            rows.forEach(Runnable::run);
        }
    }

    private void exec(String sql, Object... params) {
        Query query = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            query.setParameter(i + 1, params[i]);
        }
        query.executeUpdate();
    }
}
