package io.switchboard.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.assignment.ManualAssignment;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ChannelService;
import io.switchboard.channel.ChannelView;
import io.switchboard.channel.CreateChannelRequest;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.common.Ids;
import io.switchboard.common.Money;
import io.switchboard.inbox.IdentityKind;
import io.switchboard.inbox.InboundIngestor;
import io.switchboard.inbox.InboundMessage;
import io.switchboard.inbox.IngestResult;
import io.switchboard.reporting.rollups.RollupWriter;
import io.switchboard.scheduling.PostRequest;
import io.switchboard.scheduling.PostService;
import io.switchboard.staff.CallerProfile;
import io.switchboard.staff.CurrentOperator;
import io.switchboard.staff.OperatorProvisioner;
import io.switchboard.staff.OperatorRates;
import io.switchboard.tenancy.TenantContext;
import io.switchboard.tenancy.TenantService;
import io.switchboard.workload.Actor;
import io.switchboard.workload.LogWorkRequest;
import io.switchboard.workload.ReportingFacts;
import io.switchboard.workload.WorkLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Seeds a demo tenant so that a new user of the local run has something to look at: the demo realm's operators
 * (as their first sign-in would provision them), hourly costs with one raise, channels of the six carried kinds,
 * about 200 conversations over the last 90 days, logged phone calls, 90 days of published posts with their metrics
 * and the page's and account's followers, two past SMS broadcasts to the VIP customers (and some answers), the staff
 * time spent on them ({@link PostHistory}), scheduled posts and a broadcast, and a few conversations arriving now.
 *
 * <p>What can go through the product's own services does: operators ({@link OperatorProvisioner}), rates, the
 * tenant's time zone, channels, phone entries ({@link WorkLog}), posts, and the conversations arriving now (the
 * ingest path of the webhooks). The 90 days of history cannot: every service stamps the present. It is written
 * as the services write it (contact, identity, conversation, messages, reply deliveries, the conversation event
 * log, live work sessions with the hourly-cost snapshot in force); the report rollups are then rebuilt from those
 * rows by the application's rebuild ({@link RollupWriter#rebuild}), and the reporting facts (first response, replies, resolutions, handling) are then measured by the
 * product's own {@link ReportingFacts} from that history. {@code DemoSeedTest} checks the reports against it.
 *
 * <p>The story has the character of each kind (chat answered in minutes, email in hours), traffic in business
 * hours (Europe/Paris), more of it and faster answers week after week, and operators working office hours.
 */
@ApplicationScoped
public class DemoSeed {

    /** Secrets of the demo channels: the local run's webhook simulator signs with them. Never for production. */
    public static final String TWILIO_AUTH_TOKEN = "demo-twilio-auth-token";

    public static final String TWILIO_ACCOUNT_SID = "ACde30de30de30de30de30de30de30de30";
    public static final String SMS_NUMBER = "+33755500100";
    public static final String META_APP_SECRET = "demo-meta-app-secret";
    public static final String X_CONSUMER_SECRET = "demo-x-consumer-secret";
    public static final String X_USER_ID = "1500000000000000001";
    public static final String FACEBOOK_PAGE_ID = "100000000000001";
    public static final String MAILGUN_SIGNING_KEY = "demo-mailgun-signing-key";
    public static final String SUPPORT_ADDRESS = "support@acme.example";
    public static final String CHAT_IDENTITY_SECRET = "demo-chat-identity-secret";

    /** The demo realm's users of the tenant (k8s/dev/switchboard-realm.json): ids are the tokens' subjects. */
    public record DemoOperator(String username, String subject, String name, String role) {}

    public static final List<DemoOperator> OPERATORS = List.of(
            new DemoOperator("alice", "1cfa89e9-5264-4957-b45b-564bae0fe2b2", "Alice Anders", "agent"),
            new DemoOperator("andy", "1ca76417-cb13-4c1b-b54f-a6b71155f0bc", "Andy Archer", "agent"),
            new DemoOperator("bob", "f2cfe0b0-a59c-4e5b-94cf-32878e261e59", "Bob Baker", "manager"),
            new DemoOperator("carol", "a27308f1-e266-4884-b521-9da471417325", "Carol Castle", "admin"));

    static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    static final int DAYS = 90;
    private static final Logger LOG = Logger.getLogger(DemoSeed.class);

    private final EntityManager em;
    private final Clock clock;
    private final DemoConfig config;
    private final TenantContext tenantContext;
    private final TenantService tenants;
    private final OperatorProvisioner provisioner;
    private final CurrentOperator currentOperator;
    private final OperatorRates rates;
    private final ChannelService channels;
    private final WorkLog workLog;
    private final PostService posts;
    private final InboundIngestor ingestor;
    private final ManualAssignment assignment;
    private final ReportingFacts facts;
    private final ObjectMapper mapper;
    private final RollupWriter rollups;

    public DemoSeed(
            EntityManager em,
            Clock clock,
            DemoConfig config,
            TenantContext tenantContext,
            TenantService tenants,
            OperatorProvisioner provisioner,
            CurrentOperator currentOperator,
            OperatorRates rates,
            ChannelService channels,
            WorkLog workLog,
            PostService posts,
            InboundIngestor ingestor,
            ManualAssignment assignment,
            ReportingFacts facts,
            ObjectMapper mapper,
            RollupWriter rollups) {
        this.em = em;
        this.rollups = rollups;
        this.clock = clock;
        this.config = config;
        this.tenantContext = tenantContext;
        this.tenants = tenants;
        this.provisioner = provisioner;
        this.currentOperator = currentOperator;
        this.rates = rates;
        this.channels = channels;
        this.workLog = workLog;
        this.posts = posts;
        this.ingestor = ingestor;
        this.assignment = assignment;
        this.facts = facts;
        this.mapper = mapper;
    }

    void onStart(@Observes StartupEvent start) {
        if (!config.seed()) {
            return;
        }
        // Off the start: the service is ready at once, and the history appears when written (a minute or two). A
        // thread of its own, not a managed executor: that one would bring the start's (inactive) request context
        // along, and the seed activates its own.
        Thread.ofPlatform().name("demo-seed").start(() -> {
            try {
                boolean seeded = seed(config.tenant());
                LOG.infof(
                        seeded
                                ? "Seeded the demo tenant %s (switchboard.demo.seed is on)"
                                : "The demo tenant %s has channels already: not seeded again",
                        config.tenant());
            } catch (RuntimeException e) {
                LOG.error("Seeding the demo tenant failed; it is tried again at the next start", e);
            }
        });
    }

    /**
     * Seeds {@code tenantId} unless it has channels already; returns whether it did. The operators are the demo
     * realm's, with the realm's subjects: a token of the realm's alice is the seeded alice.
     */
    @ActivateRequestContext
    public boolean seed(String tenantId) {
        tenantContext.set(tenantId);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        // Some thousands of rows in one transaction: all or nothing, so that a failed seed is tried again at the next
        // start. A busy machine takes more than the default minute.
        Story story = QuarkusTransaction.requiringNew().timeout(900).call(() -> {
            // One seed at a time (replicas starting together): the second finds the channels and stops.
            em.createNativeQuery("SELECT GET_LOCK(?1, 60)")
                    .setParameter(1, "switchboard-demo-seed-" + tenantId)
                    .getSingleResult();
            tenants.ensureExists(tenantId);
            Number existing = (Number) em.createNativeQuery("SELECT COUNT(*) FROM channel WHERE tenant_id = ?1")
                    .setParameter(1, tenantId)
                    .getSingleResult();
            if (existing.longValue() > 0) {
                return null;
            }
            return history(tenantId, now);
        });
        em.createNativeQuery("SELECT RELEASE_LOCK(?1)")
                .setParameter(1, "switchboard-demo-seed-" + tenantId)
                .getResultList();
        if (story == null) {
            return false;
        }
        // The facts of the history, measured by the product's own processor.
        facts.measure(story.conversationIds);
        arrivingNow(story);
        return true;
    }

    /** Everything up to now; returns the channels and operators for what follows. */
    private Story history(String tenantId, Instant now) {
        tenants.setTimeZone(tenantId, ZONE.getId());
        Story story = new Story(tenantId, new Random(20_261_203L), now);
        for (DemoOperator o : OPERATORS) {
            var profile = new CallerProfile(
                    tenantId,
                    o.subject(),
                    o.username(),
                    o.name(),
                    o.username() + "@" + tenantId + ".example",
                    List.of(o.role()));
            story.operators.put(o.username(), provisioner.provision(profile));
            story.profiles.put(o.username(), profile);
        }
        actAs(story, "carol");
        String bob = story.operators.get("bob");
        Instant hired = now.minus(Duration.ofDays(DAYS + 30));
        // alice got a raise 40 days ago; carol (the admin) has no hourly cost: her hours show as uncosted.
        rates.set(story.operators.get("alice"), new Money(3200, "EUR"), hired, bob);
        rates.set(story.operators.get("alice"), new Money(3500, "EUR"), now.minus(Duration.ofDays(40)), bob);
        rates.set(story.operators.get("andy"), new Money(2800, "EUR"), hired, bob);
        rates.set(bob, new Money(4800, "EUR"), hired, bob);

        story.channels.put(
                ChannelKind.CHAT,
                channel(ChannelKind.CHAT, "Web chat", Map.of("identitySecret", CHAT_IDENTITY_SECRET)));
        story.channels.put(
                ChannelKind.SMS,
                channel(
                        ChannelKind.SMS,
                        "SMS " + SMS_NUMBER,
                        Map.of(
                                "accountSid",
                                TWILIO_ACCOUNT_SID,
                                "authToken",
                                TWILIO_AUTH_TOKEN,
                                "phoneNumber",
                                SMS_NUMBER)));
        story.channels.put(
                ChannelKind.EMAIL,
                channel(
                        ChannelKind.EMAIL,
                        "Support email",
                        Map.of("address", SUPPORT_ADDRESS, "signingKey", MAILGUN_SIGNING_KEY)));
        story.channels.put(
                ChannelKind.FACEBOOK,
                channel(
                        ChannelKind.FACEBOOK,
                        "Acme on Facebook",
                        Map.of(
                                "pageId",
                                FACEBOOK_PAGE_ID,
                                "appSecret",
                                META_APP_SECRET,
                                "verifyToken",
                                "demo-verify-token",
                                "pageAccessToken",
                                "demo-page-access-token")));
        story.channels.put(
                ChannelKind.X,
                channel(
                        ChannelKind.X,
                        "@acme on X",
                        Map.of(
                                "userId",
                                X_USER_ID,
                                "consumerSecret",
                                X_CONSUMER_SECRET,
                                "accessToken",
                                "demo-x-access-token")));
        story.channels.put(ChannelKind.API, channel(ChannelKind.API, "Shop app", Map.of()));

        for (Arrival arrival : arrivals(story)) {
            conversation(story, arrival);
        }
        phoneCalls(story);
        optedIn(story);
        // Published posts, broadcasts, their metrics and the followers, with the staff time spent on them.
        new PostHistory(em, rates, tenantId, story.random, now, story.operators, story.channels).write();
        plannedPosts(story);
        // The history's rows were written around the services: its rollups are built from them, as after any
        // bulk load.
        rollups.rebuild(tenantId);
        return story;
    }

    private ChannelView channel(ChannelKind kind, String name, Map<String, String> settings) {
        return channels.create(new CreateChannelRequest(kind, name, mapper.valueToTree(settings)));
    }

    private void actAs(Story story, String username) {
        currentOperator.set(story.operators.get(username), story.profiles.get(username));
    }

    // ---------------------------------------------------------------------------------------------------------
    // The conversations of the last 90 days.

    /** What each kind is like: share of the traffic, first answer and handling time (minutes, at the start). */
    private record ChannelCharacter(
            int share, double answerMin, double answerMax, double handleMin, double handleMax, int maxRounds) {}

    private static final Map<ChannelKind, ChannelCharacter> CHARACTER = new LinkedHashMap<>();

    static {
        CHARACTER.put(ChannelKind.CHAT, new ChannelCharacter(27, 0.5, 4, 4, 9, 3));
        CHARACTER.put(ChannelKind.API, new ChannelCharacter(6, 1, 6, 3, 7, 2));
        CHARACTER.put(ChannelKind.SMS, new ChannelCharacter(18, 3, 25, 2, 5, 3));
        CHARACTER.put(ChannelKind.X, new ChannelCharacter(14, 15, 80, 3, 7, 2));
        CHARACTER.put(ChannelKind.FACEBOOK, new ChannelCharacter(15, 45, 240, 5, 12, 2));
        CHARACTER.put(ChannelKind.EMAIL, new ChannelCharacter(20, 120, 1080, 10, 24, 2));
    }

    /** An arrival; {@code broadcastReply}: an SMS customer answering a broadcast of the VIP offers. */
    private record Arrival(Instant at, ChannelKind kind, double progress, boolean broadcastReply) {}

    /** About 200 arrivals, more on weekdays and in office hours, and more as the weeks go by. */
    private List<Arrival> arrivals(Story story) {
        Random r = story.random;
        List<Arrival> arrivals = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(story.now, ZONE);
        for (int daysAgo = DAYS - 1; daysAgo >= 0; daysAgo--) {
            LocalDate day = today.minusDays(daysAgo);
            double progress = (DAYS - 1 - daysAgo) / (double) (DAYS - 1);
            double perDay = 1.7 + 1.3 * progress;
            perDay *= switch (day.getDayOfWeek()) {
                case SATURDAY -> 0.45;
                case SUNDAY -> 0.25;
                default -> 1.15;
            };
            int n = (int) Math.floor(perDay + r.nextDouble());
            for (int i = 0; i < n; i++) {
                Instant at = day.atTime(hourOfDay(r), r.nextInt(60), r.nextInt(60))
                        .atZone(ZONE)
                        .toInstant();
                if (at.isBefore(story.now.minus(Duration.ofMinutes(20)))) {
                    arrivals.add(new Arrival(at, kind(r), progress, false));
                }
            }
        }
        // A few VIP customers answer each broadcast by SMS within two days.
        for (Instant broadcast : PostHistory.broadcastTimes(story.now)) {
            int replies = 3 + r.nextInt(3);
            for (int i = 0; i < replies; i++) {
                Instant at = broadcast.plusSeconds(120 + (long) (Math.pow(r.nextDouble(), 2) * 30 * 3600));
                double progress = 1 - Duration.between(at, story.now).toDays() / (double) (DAYS - 1);
                arrivals.add(new Arrival(at, ChannelKind.SMS, Math.max(0, progress), true));
            }
        }
        arrivals.sort((a, b) -> a.at.compareTo(b.at));
        return arrivals;
    }

    private static final int[] HOUR_WEIGHTS = {
        1, 0, 0, 0, 0, 0, 1, 3, 7, 12, 14, 12, 8, 9, 12, 13, 11, 9, 7, 5, 4, 3, 2, 1
    };

    private static int hourOfDay(Random r) {
        int total = 0;
        for (int w : HOUR_WEIGHTS) {
            total += w;
        }
        int pick = r.nextInt(total);
        for (int h = 0; h < 24; h++) {
            pick -= HOUR_WEIGHTS[h];
            if (pick < 0) {
                return h;
            }
        }
        return 12;
    }

    private static ChannelKind kind(Random r) {
        int pick = r.nextInt(100);
        for (var e : CHARACTER.entrySet()) {
            pick -= e.getValue().share;
            if (pick < 0) {
                return e.getKey();
            }
        }
        return ChannelKind.CHAT;
    }

    /** When someone is there to answer: weekdays 8:30-19:00, Saturdays 10:00-13:00 (Paris). */
    static Instant staffed(Instant at, Random r, int maxDelayMinutes) {
        ZonedDateTime t = at.atZone(ZONE);
        for (int i = 0; i < 8; i++) {
            LocalTime open = t.getDayOfWeek() == DayOfWeek.SATURDAY ? LocalTime.of(10, 0) : LocalTime.of(8, 30);
            LocalTime close = t.getDayOfWeek() == DayOfWeek.SATURDAY ? LocalTime.of(13, 0) : LocalTime.of(19, 0);
            boolean workday = t.getDayOfWeek() != DayOfWeek.SUNDAY;
            if (workday && !t.toLocalTime().isBefore(open) && t.toLocalTime().isBefore(close)) {
                return t.toInstant();
            }
            if (workday && t.toLocalTime().isBefore(open)) {
                return t.with(open).plusMinutes(r.nextInt(maxDelayMinutes + 1)).toInstant();
            }
            t = t.plusDays(1).with(LocalTime.MIDNIGHT);
        }
        return t.toInstant();
    }

    private static final String[][] TOPICS = {
        {
            "Where is my parcel? Order {n} was due yesterday.",
            "Your parcel left our warehouse this morning; here is the tracking link: https://track.acme.example/{n}"
        },
        {"Can I change the delivery address for order {n}?", "Done: order {n} now goes to the new address you gave us."
        },
        {
            "The lamp I received is broken.",
            "Sorry about that! A replacement is on its way, no need to send the broken one back."
        },
        {"Do you ship to Belgium?", "Yes, we ship to Belgium in 2 to 3 working days, free above EUR 50."},
        {
            "I was charged twice for order {n}.",
            "You are right, the second charge was a mistake; the refund is on its way (3 to 5 days)."
        },
        {
            "How do I return shoes that don't fit?",
            "Print the return label from your account, drop the parcel at any post office, and we refund you on arrival."
        },
        {"Is the winter jacket available in XL?", "XL is back in stock since this morning."},
        {"My discount code does not work.", "The code had expired; here is a new one, valid for 7 days: WINTER-{n}"},
        {
            "Bonjour, ma commande {n} est-elle partie ?",
            "Bonjour ! Oui, elle est partie ce matin, vous la recevrez demain."
        },
        {"Can I cancel order {n}?", "Order {n} is cancelled and refunded."}
    };

    /** What VIP customers answer to a broadcast, and the answer they get. */
    private static final String[][] BROADCAST_REPLIES = {
        {
            "Does the VIP code work in the Lyon store too?",
            "Yes, it works in every store: just show this SMS at the till."
        },
        {"Thanks! Is it valid on sale items?", "It is, on everything including sale items, until Sunday."},
        {"The code is refused at checkout.", "Sorry about that: it works again now, you can place your order."},
        {"Can I use it twice?", "Once per order, but as many orders as you like until Sunday."}
    };

    private static final String[] FOLLOW_UPS = {
        "Thanks! And when will it arrive?",
        "Great, thank you.",
        "Still nothing on the tracking page...",
        "Perfect, thanks a lot!",
        "Could you also send me the invoice?"
    };

    private static final String[] NOTES = {
        "Checked with the warehouse: shipped today.",
        "Refund approved by Bob.",
        "Customer called last week about the same order.",
        "Escalated to logistics.",
        "VIP customer: be generous."
    };

    private static final String[] NAMES = {
        "Léa Martin",
        "Hugo Bernard",
        "Chloé Dubois",
        "Lucas Thomas",
        "Emma Robert",
        "Louis Richard",
        "Inès Petit",
        "Jules Durand",
        "Manon Leroy",
        "Gabriel Moreau",
        "Sarah Simon",
        "Arthur Laurent",
        "Camille Lefebvre",
        "Nathan Michel",
        "Zoé Garcia",
        "Tom David",
        "Jade Bertrand",
        "Raphaël Roux",
        "Alice Vincent",
        "Paul Fournier",
        "Julia Morel",
        "Adam Girard",
        "Lina André",
        "Noah Mercier",
        "Mila Blanc",
        "Ethan Guerin",
        "Rose Boyer",
        "Sacha Garnier",
        "Anna Chevalier",
        "Théo Francois"
    };

    /** One conversation's history, written as the services write it, up to now. */
    private void conversation(Story story, Arrival arrival) {
        Random r = story.random;
        ChannelCharacter ch = CHARACTER.get(arrival.kind);
        ChannelView channel = story.channels.get(arrival.kind);
        // Faster answers and shorter handling week after week: the team got better.
        double pace = 1.35 - 0.6 * arrival.progress;
        int n = story.conversationIds.size() + 1;
        String[] topic = arrival.broadcastReply
                ? BROADCAST_REPLIES[r.nextInt(BROADCAST_REPLIES.length)]
                : TOPICS[r.nextInt(TOPICS.length)];
        String name = NAMES[r.nextInt(NAMES.length)];
        String orderNo = String.valueOf(40_000 + n * 7);
        Contact contact = contact(story, arrival, name, n);

        String conversationId = Ids.newId();
        Conversation c = new Conversation(conversationId, channel, arrival.at);
        story.conversationIds.add(conversationId);

        // Who takes it: the agents mostly, the manager sometimes, the admin (no hourly cost) now and then.
        int who = r.nextInt(100);
        String assignee = story.operators.get(who < 44 ? "alice" : who < 86 ? "andy" : who < 95 ? "bob" : "carol");
        boolean leftUnassigned = story.now.minus(Duration.ofHours(3)).isBefore(arrival.at) && r.nextInt(3) == 0;

        Instant inboundAt = arrival.at;
        String inboundText = topic[0].replace("{n}", orderNo);
        int rounds = 1 + r.nextInt(ch.maxRounds);
        Instant lastReply = null;
        for (int round = 0; round < rounds; round++) {
            if (round > 0) {
                double gap = arrival.kind.mode() == ChannelKind.Mode.SYNCHRONOUS
                        ? 1 + r.nextDouble() * 5
                        : arrival.kind == ChannelKind.SMS ? 5 + r.nextDouble() * 50 : 120 + r.nextDouble() * 900;
                inboundAt = lastReply.plusSeconds((long) (gap * 60));
                inboundText = FOLLOW_UPS[r.nextInt(FOLLOW_UPS.length)];
            }
            if (inboundAt.isAfter(story.now)) {
                break;
            }
            c.inbound(story, contact, inboundText, inboundAt);
            if (leftUnassigned) {
                break;
            }
            double answerMinutes = (ch.answerMin + r.nextDouble() * (ch.answerMax - ch.answerMin)) * pace;
            double handleMinutes = (ch.handleMin + r.nextDouble() * (ch.handleMax - ch.handleMin)) * pace;
            Instant reply = staffed(inboundAt.plusSeconds((long) (answerMinutes * 60)), r, 45);
            Instant sessionStart = reply.minusSeconds((long) (handleMinutes * 60));
            if (sessionStart.isBefore(inboundAt)) {
                sessionStart = inboundAt.plusSeconds(5);
            }
            if (reply.isAfter(story.now.minus(Duration.ofMinutes(2)))) {
                // Not answered yet: assigned and waiting, or still in the unassigned queue.
                if (c.assignee == null && r.nextBoolean()) {
                    c.assign(story, assignee, inboundAt.plusSeconds(30 + r.nextInt(300)));
                }
                break;
            }
            if (c.assignee == null) {
                c.assign(story, assignee, sessionStart);
            }
            if (r.nextInt(6) == 0) {
                c.note(story, NOTES[r.nextInt(NOTES.length)], sessionStart.plusSeconds(20));
            }
            String replyText =
                    round == 0 ? topic[1].replace("{n}", orderNo) : "You're welcome! Anything else, just ask.";
            if (arrival.kind == ChannelKind.SMS && round == 0 && r.nextInt(12) == 0) {
                // The provider refused the first try (a number it could not reach); the agent sent it again.
                c.reply(
                        story,
                        replyText,
                        reply.minusSeconds(90),
                        "FAILED",
                        "21612: The 'To' phone number is not currently reachable via SMS");
            }
            c.reply(story, replyText, reply, arrival.kind == ChannelKind.EMAIL ? "SENT" : "DELIVERED", null);
            c.session(story, sessionStart, reply);
            lastReply = reply;
        }
        if (lastReply != null && c.lastInboundAt.isBefore(lastReply)) {
            boolean sync = arrival.kind.mode() == ChannelKind.Mode.SYNCHRONOUS;
            double wait = sync
                    ? 2 + r.nextDouble() * 12
                    : arrival.kind == ChannelKind.SMS ? 10 + r.nextDouble() * 60 : 60 + r.nextDouble() * 1200;
            Instant resolve = staffed(lastReply.plusSeconds((long) (wait * 60)), r, 30);
            if (resolve.isBefore(story.now.minus(Duration.ofMinutes(1)))) {
                c.status(story, "RESOLVED", null, resolve);
            } else if (r.nextInt(4) == 0) {
                // Waiting for the customer until tomorrow morning.
                Instant until = LocalDate.ofInstant(story.now, ZONE)
                        .plusDays(1)
                        .atTime(9, 0)
                        .atZone(ZONE)
                        .toInstant();
                c.status(story, "SNOOZED", until, lastReply.plusSeconds(60));
            } else {
                c.status(story, "PENDING", null, lastReply.plusSeconds(30));
            }
        }
        c.write(story, contact);
    }

    private record Contact(String id, String identityKind, String externalId, String handle, String name) {}

    private Contact contact(Story story, Arrival arrival, String name, int n) {
        Random r = story.random;
        String slug = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", "") + n;
        String id = Ids.newId();
        // A broadcast's recipient signed up for the offers weeks before answering it.
        Instant since = arrival.broadcastReply ? arrival.at.minus(Duration.ofDays(8 + r.nextInt(60))) : arrival.at;
        String phone = null;
        String email = null;
        Contact contact = switch (arrival.kind) {
            case SMS -> {
                phone = "+3367" + String.format("%07d", 1_000_000 + n * 37 % 8_999_999);
                yield new Contact(id, IdentityKind.PHONE.name(), phone, phone, name);
            }
            case EMAIL -> {
                email = slug + "@mail.example";
                yield new Contact(id, IdentityKind.EMAIL.name(), email, email, name);
            }
            case FACEBOOK ->
                new Contact(id, IdentityKind.PAGE_SCOPED_ID.name(), String.valueOf(7_100_000_000_000L + n), null, name);
            case X ->
                new Contact(id, IdentityKind.X_USER_ID.name(), String.valueOf(9_000_000_000L + n), "@" + slug, name);
            case API -> new Contact(id, IdentityKind.EXTERNAL_ID.name(), "customer-" + (10_000 + n), null, name);
            default ->
                new Contact(id, IdentityKind.CHAT_ID.name(), "visitor-" + Long.toHexString(r.nextLong()), null, name);
        };
        exec(
                "INSERT INTO contact (id, tenant_id, name, email, phone, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                id,
                story.tenantId,
                name,
                email,
                phone,
                since);
        exec(
                "INSERT INTO contact_identity (id, tenant_id, contact_id, channel_id, kind, external_id, handle, created_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                Ids.newId(),
                story.tenantId,
                id,
                story.channels.get(arrival.kind).id(),
                contact.identityKind,
                contact.externalId,
                contact.handle,
                since);
        if (arrival.kind == ChannelKind.SMS && (arrival.broadcastReply || r.nextInt(3) > 0)) {
            // Customers who opted in to SMS offers: the broadcast's audience.
            exec("INSERT INTO contact_label (contact_id, tenant_id, label) VALUES (?1, ?2, 'vip')", id, story.tenantId);
        }
        return contact;
    }

    /** A conversation being written: its rows are inserted as its story goes, the conversation row last. */
    private final class Conversation {
        final String id;
        final ChannelView channel;
        final Instant createdAt;
        String status = "OPEN";
        Instant snoozedUntil;
        String assignee;
        Instant lastActivityAt;
        Instant lastInboundAt;
        String preview;
        int unread;
        int version;
        Instant waitingSince;
        Instant updatedAt;
        private final List<Runnable> rows = new ArrayList<>();

        Conversation(String id, ChannelView channel, Instant createdAt) {
            this.id = id;
            this.channel = channel;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }

        void inbound(Story story, Contact contact, String text, Instant at) {
            String messageId = Ids.newId();
            boolean first = lastInboundAt == null;
            rows.add(() -> {
                exec(
                        "INSERT INTO message (id, tenant_id, conversation_id, channel_id, direction, text, external_id,"
                                + " created_at, received_at) VALUES (?1, ?2, ?3, ?4, 'INBOUND', ?5, ?6, ?7, ?7)",
                        messageId,
                        story.tenantId,
                        id,
                        channel.id(),
                        text,
                        externalId(channel.kind(), messageId),
                        at);
                if (first) {
                    event(story, "CONVERSATION_CREATED", null, null, at);
                }
                event(story, "MESSAGE_RECEIVED", null, "{\"messageId\":\"" + messageId + "\"}", at);
            });
            lastInboundAt = at;
            touch(at, text);
            unread++;
            if (!"OPEN".equals(status)) {
                status = "OPEN";
            }
            if (waitingSince == null) {
                waitingSince = at;
            }
        }

        void assign(Story story, String operatorId, Instant at) {
            assignee = operatorId;
            rows.add(() -> event(
                    story,
                    "ASSIGNEE_CHANGED",
                    operatorId,
                    "{\"from\":null,\"to\":\"" + operatorId + "\",\"reason\":\"MANUAL\"}",
                    at));
            bump(at);
        }

        void note(Story story, String text, Instant at) {
            String messageId = Ids.newId();
            String author = assignee;
            rows.add(() -> {
                exec(
                        "INSERT INTO message (id, tenant_id, conversation_id, channel_id, direction, author_operator_id,"
                                + " text, created_at, received_at) VALUES (?1, ?2, ?3, ?4, 'NOTE', ?5, ?6, ?7, ?7)",
                        messageId,
                        story.tenantId,
                        id,
                        channel.id(),
                        author,
                        text,
                        at);
                event(story, "NOTE_ADDED", author, "{\"messageId\":\"" + messageId + "\"}", at);
            });
        }

        void reply(Story story, String text, Instant at, String deliveryStatus, String error) {
            String messageId = Ids.newId();
            String author = assignee;
            rows.add(() -> {
                exec(
                        "INSERT INTO message (id, tenant_id, conversation_id, channel_id, direction, author_operator_id,"
                                + " text, external_id, delivery_status, created_at, received_at)"
                                + " VALUES (?1, ?2, ?3, ?4, 'OUTBOUND', ?5, ?6, ?7, ?8, ?9, ?9)",
                        messageId,
                        story.tenantId,
                        id,
                        channel.id(),
                        author,
                        text,
                        error == null ? externalId(channel.kind(), messageId) : null,
                        deliveryStatus,
                        at);
                event(story, "REPLY_ADDED", author, "{\"messageId\":\"" + messageId + "\"}", at);
                exec(
                        "INSERT INTO delivery (id, tenant_id, message_id, conversation_id, channel_id, status, attempts,"
                                + " provider_id, last_error, created_at, updated_at, sent_at)"
                                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?9, ?10, ?11)",
                        Ids.newId(),
                        story.tenantId,
                        messageId,
                        id,
                        channel.id(),
                        deliveryStatus,
                        error == null ? externalId(channel.kind(), messageId) : null,
                        error,
                        at,
                        at.plusSeconds(2),
                        error == null ? at.plusSeconds(1) : null);
            });
            if (error == null) {
                touch(at, text);
                unread = 0;
                waitingSince = null;
            }
        }

        /** A live session as the console's heartbeats leave it: ended, at the hourly cost in force. */
        void session(Story story, Instant start, Instant end) {
            String operatorId = assignee;
            int seconds = (int) Duration.between(start, end).toSeconds();
            Money rate = rates.rateAt(operatorId, start).orElse(null);
            rows.add(() -> exec(
                    "INSERT INTO work_session (id, tenant_id, operator_id, conversation_id, channel_id, channel_kind,"
                            + " source, started_at, last_heartbeat_at, ended_at, duration_seconds, hourly_cost_minor,"
                            + " hourly_cost_currency, created_by, created_at, updated_by, updated_at)"
                            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'LIVE', ?7, ?8, ?8, ?9, ?10, ?11, ?3, ?7, ?3, ?8)",
                    Ids.newId(),
                    story.tenantId,
                    operatorId,
                    id,
                    channel.id(),
                    channel.kind().name(),
                    start,
                    start.plusSeconds(seconds),
                    seconds,
                    rate == null ? null : rate.amountMinor(),
                    rate == null ? null : rate.currency()));
        }

        void status(Story story, String to, Instant until, Instant at) {
            String from = status;
            String actor = assignee;
            String data = "{\"from\":\"" + from + "\",\"to\":\"" + to + "\""
                    + (until == null ? "" : ",\"snoozedUntil\":\"" + until + "\"") + "}";
            rows.add(() -> event(story, "STATUS_CHANGED", actor, data, at));
            status = to;
            snoozedUntil = until;
            bump(at);
        }

        private void touch(Instant at, String text) {
            lastActivityAt = at;
            preview = text.length() > 280 ? text.substring(0, 279) + "…" : text;
            bump(at);
        }

        private void bump(Instant at) {
            version++;
            if (at.isAfter(updatedAt)) {
                updatedAt = at;
            }
        }

        private void event(Story story, String type, String actor, String data, Instant at) {
            exec(
                    "INSERT INTO conversation_event (id, tenant_id, conversation_id, type, actor_operator_id, data,"
                            + " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    Ids.newId(),
                    story.tenantId,
                    id,
                    type,
                    actor,
                    data,
                    at);
        }

        void write(Story story, Contact contact) {
            exec(
                    "INSERT INTO conversation (id, tenant_id, channel_id, contact_id, thread_key, public_thread, status,"
                            + " priority, snoozed_until, assignee_id, last_activity_at, last_inbound_at,"
                            + " last_message_preview, unread_count, version, created_at, updated_at, waiting_since)"
                            + " VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, 'NORMAL', ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                    id,
                    story.tenantId,
                    channel.id(),
                    contact.id,
                    "contact:" + contact.externalId,
                    status,
                    snoozedUntil,
                    assignee,
                    lastActivityAt,
                    lastInboundAt,
                    preview,
                    "RESOLVED".equals(status) ? 0 : unread,
                    version,
                    createdAt,
                    updatedAt,
                    "OPEN".equals(status) ? waitingSince : null);
            rows.forEach(Runnable::run);
        }
    }

    private static String externalId(ChannelKind kind, String messageId) {
        String hex = messageId.replace("-", "");
        return switch (kind) {
            case SMS -> "SM" + hex;
            case EMAIL -> "<" + hex + "@mail.example>";
            case FACEBOOK -> "m_" + hex;
            case X -> String.valueOf(Long.parseUnsignedLong(hex.substring(16), 16) >>> 1);
            default -> hex;
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // Phone calls and posts, through the product's services.

    /** Calls logged by hand: PHONE is not carried, so its work reaches the cost comparison this way. */
    private void phoneCalls(Story story) {
        Random r = story.random;
        LocalDate today = LocalDate.ofInstant(story.now, ZONE);
        String[] callers = {"alice", "andy", "andy", "bob"};
        String[] notes = {
            "Call: delivery question",
            "Call: refund follow-up",
            "Call: order change",
            "Call: complaint about a late parcel"
        };
        for (int daysAgo = DAYS - 1; daysAgo >= 1; daysAgo--) {
            LocalDate day = today.minusDays(daysAgo);
            if (day.getDayOfWeek().getValue() >= 6 || r.nextInt(5) >= 2) {
                continue;
            }
            double pace = 1.3 - 0.5 * (DAYS - 1 - daysAgo) / (double) (DAYS - 1);
            String who = callers[r.nextInt(callers.length)];
            Instant start =
                    day.atTime(9 + r.nextInt(9), r.nextInt(60)).atZone(ZONE).toInstant();
            int seconds = (int) ((240 + r.nextInt(720)) * pace);
            workLog.log(
                    new LogWorkRequest(
                            null, null, null, ChannelKind.PHONE, start, seconds, notes[r.nextInt(notes.length)]),
                    new Actor(story.operators.get(who), false),
                    story.now);
        }
    }

    /**
     * Customers who opted in to the SMS offers in a store or on the shop's site, without ever writing to the support
     * team: most of the broadcasts' audience.
     */
    private void optedIn(Story story) {
        Random r = story.random;
        String sms = story.channels.get(ChannelKind.SMS).id();
        for (int i = 0; i < 36; i++) {
            String id = Ids.newId();
            String name = NAMES[r.nextInt(NAMES.length)];
            String phone = "+3368" + String.format("%07d", 2_000_000 + i * 104_729 % 7_999_999);
            Instant since = story.now.minus(Duration.ofDays(5 + r.nextInt(140))).minusSeconds(r.nextInt(86_400));
            exec(
                    "INSERT INTO contact (id, tenant_id, name, phone, created_at, updated_at)"
                            + " VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                    id,
                    story.tenantId,
                    name,
                    phone,
                    since);
            exec(
                    "INSERT INTO contact_identity (id, tenant_id, contact_id, channel_id, kind, external_id, handle,"
                            + " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
                    Ids.newId(),
                    story.tenantId,
                    id,
                    sms,
                    IdentityKind.PHONE.name(),
                    phone,
                    since);
            exec("INSERT INTO contact_label (contact_id, tenant_id, label) VALUES (?1, ?2, 'vip')", id, story.tenantId);
        }
    }

    /** Posts planned by the manager: a campaign on the page and the account, a weekly tip, an SMS broadcast. */
    private void plannedPosts(Story story) {
        actAs(story, "bob");
        ZonedDateTime now = story.now.atZone(ZONE);
        Instant monday = now.toLocalDate()
                .with(TemporalAdjusters.next(DayOfWeek.MONDAY))
                .atTime(10, 0)
                .atZone(ZONE)
                .toInstant();
        String facebook = story.channels.get(ChannelKind.FACEBOOK).id();
        String x = story.channels.get(ChannelKind.X).id();
        String sms = story.channels.get(ChannelKind.SMS).id();
        schedule(new PostRequest(
                "Our winter sale starts today: 30% off jackets and boots until Sunday. https://acme.example/sale",
                null,
                null,
                null,
                List.of(
                        new PostRequest.Target(facebook, null),
                        new PostRequest.Target(
                                x, "Winter sale: 30% off jackets and boots until Sunday https://acme.example/sale")),
                null,
                monday,
                ZONE.getId(),
                null));
        Instant tuesday = now.toLocalDate()
                .with(TemporalAdjusters.next(DayOfWeek.TUESDAY))
                .atTime(11, 30)
                .atZone(ZONE)
                .toInstant();
        schedule(new PostRequest(
                "Tip of the week: track every order from your account page, no login link needed.",
                null,
                null,
                null,
                List.of(new PostRequest.Target(x, null)),
                null,
                tuesday,
                ZONE.getId(),
                new PostRequest.Recurrence(null, 7, null)));
        schedule(new PostRequest(
                null,
                null,
                null,
                null,
                null,
                new PostRequest.Audience(
                        sms,
                        "vip",
                        "ACME: the winter sale opens at 10am today, VIPs get 10% more with code VIP10. Reply STOP to opt out."),
                monday.minus(Duration.ofHours(2)),
                ZONE.getId(),
                null));
        // A post published a few minutes after the start, through the real publishers (the local run's providers
        // are simulated).
        schedule(new PostRequest(
                "We're online! Ask us anything here or at support@acme.example.",
                null,
                null,
                null,
                List.of(new PostRequest.Target(facebook, null)),
                null,
                clock.instant().plus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.SECONDS),
                ZONE.getId(),
                null));
    }

    private void schedule(PostRequest request) {
        var created = posts.create(request, null).post();
        posts.submit(created.id(), null);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Messages arriving now, through the webhooks' ingest path; bob hands two to alice and one to andy, so that
    // each agent who signs in finds work of their own beside the unassigned queue.

    private void arrivingNow(Story story) {
        Instant now = clock.instant();
        ResolvedChannel sms =
                channels.resolveOwn(story.channels.get(ChannelKind.SMS).id()).orElseThrow();
        ResolvedChannel chat =
                channels.resolveOwn(story.channels.get(ChannelKind.CHAT).id()).orElseThrow();
        ResolvedChannel x =
                channels.resolveOwn(story.channels.get(ChannelKind.X).id()).orElseThrow();
        ResolvedChannel facebook = channels.resolveOwn(
                        story.channels.get(ChannelKind.FACEBOOK).id())
                .orElseThrow();
        List<InboundMessage> messages = List.of(
                InboundMessage.direct(
                        sms,
                        "SM" + Ids.newId().replace("-", ""),
                        new InboundMessage.Sender(IdentityKind.PHONE, "+33612345678", null, "+33612345678"),
                        "Hi, my order 41207 still shows 'preparing' - can you check?",
                        List.of(),
                        now.minus(Duration.ofMinutes(9))),
                InboundMessage.direct(
                        facebook,
                        "m_" + Ids.newId().replace("-", ""),
                        new InboundMessage.Sender(IdentityKind.PAGE_SCOPED_ID, "7100000009001", "Camille Roche", null),
                        "Hello! Can I return a gift without the receipt? It was bought in your Lyon store.",
                        List.of(),
                        now.minus(Duration.ofMinutes(38))),
                InboundMessage.direct(
                        x,
                        String.valueOf(1_800_000_000_000_000_000L + story.random.nextInt(1_000_000)),
                        new InboundMessage.Sender(IdentityKind.X_USER_ID, "9100000000", "Kevin Ng", "@kevin_ng"),
                        "@acme your site has been down for 10 minutes, is everything ok?",
                        List.of(),
                        now.minus(Duration.ofMinutes(4))),
                InboundMessage.direct(
                        chat,
                        Ids.newId(),
                        new InboundMessage.Sender(IdentityKind.CHAT_ID, "visitor-demo-now", "Margaux Lambert", null),
                        "Bonjour, avez-vous la veste d'hiver en taille M ?",
                        List.of(),
                        now));
        List<IngestResult> stored;
        try {
            stored = ingestor.submitAll(messages).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("The demo's live messages were not stored", e);
            return;
        }
        actAs(story, "bob");
        String alice = story.operators.get("alice");
        String andy = story.operators.get("andy");
        List<String> to = java.util.Arrays.asList(alice, alice, andy, null);
        for (int i = 0; i < stored.size(); i++) {
            if (to.get(i) != null) {
                assignment.assign(stored.get(i).conversationId(), to.get(i));
            }
        }
    }

    /** What the seed knows as it goes. */
    private static final class Story {
        final String tenantId;
        final Random random;
        final Instant now;
        final Map<String, String> operators = new LinkedHashMap<>();
        final Map<String, CallerProfile> profiles = new LinkedHashMap<>();
        final Map<ChannelKind, ChannelView> channels = new LinkedHashMap<>();
        final Set<String> conversationIds = new LinkedHashSet<>();

        Story(String tenantId, Random random, Instant now) {
            this.tenantId = tenantId;
            this.random = random;
            this.now = now;
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
