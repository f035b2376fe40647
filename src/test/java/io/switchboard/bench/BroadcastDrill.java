package io.switchboard.bench;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.switchboard.common.time.UtcColumns;
import io.switchboard.testing.Jdbc;
import io.switchboard.testing.NoDelayGreenMail;
import io.switchboard.testing.TestTokens;
import io.switchboard.testing.TwilioMessagesFake;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A broadcast to many SMS recipients through replicas of the packaged service on one database, with Twilio played by
 * a WireMock whose message list answers from its own journal ({@link TwilioMessagesFake}). Optionally one replica is
 * killed (SIGKILL) while the broadcast is going out. Measures the delay from the post's due time to the first send
 * and the sends per second, and reads back what "Twilio" accepted, per recipient.
 */
final class BroadcastDrill {

    static final String ACCOUNT = "AC00000000000000000000000000000001";

    /** What the drill measured. */
    record Result(
            int recipients,
            int accepted,
            int distinctRecipients,
            Map<String, Integer> duplicates,
            String postStatus,
            Instant due,
            Instant firstSend,
            Instant lastSend,
            boolean killed,
            long[] replyLatencies,
            long repliesNotSent,
            List<Long> residentMb) {

        double firstSendDelaySeconds() {
            return Duration.between(due, firstSend).toMillis() / 1000.0;
        }

        /** The {@code p}th percentile of the replies' POST→SENT during the broadcast, in ms (NaN without replies). */
        double replyPercentile(int p) {
            return ReplyBenchmark.percentile(replyLatencies, p);
        }

        double sendsPerSecond() {
            double seconds = Duration.between(firstSend, lastSend).toMillis() / 1000.0;
            return seconds <= 0 ? accepted : (accepted - 1) / seconds;
        }
    }

    /**
     * What runs besides the broadcast: an operator's replies per second, the channel's kind (SMS or EMAIL), and how
     * long the provider fake (Twilio's and the replies' WireMock) takes to answer, as a real provider's API does.
     */
    record Traffic(int repliesPerSecond, String kind, int providerLatencyMillis) {}

    /**
     * Runs a broadcast to {@code recipients} contacts through {@code replicas} service processes on database
     * {@code jdbcUrl} (created empty by the caller); kills the first replica once {@code killAfter} messages went
     * out ({@code killAfter < 0}: no kill).
     */
    Result run(
            String jdbcUrl,
            String user,
            String password,
            int recipients,
            int replicas,
            int killAfter,
            Map<String, String> settings)
            throws Exception {
        return run(jdbcUrl, user, password, recipients, replicas, killAfter, settings, new Traffic(0, "SMS", 0));
    }

    /**
     * The same with {@code traffic}: through an SMS channel (Twilio played by WireMock) or an EMAIL channel (SMTP
     * to a GreenMail of the harness, which counts each recipient's messages), with an operator replying {@code
     * repliesPerSecond} times a second (API channel, WireMock) from the broadcast's due time until it is
     * published: their POST→SENT shows whether replies overtake the broadcast. The first replica's resident memory
     * is sampled every second while it sends.
     */
    Result run(
            String jdbcUrl,
            String user,
            String password,
            int recipients,
            int replicas,
            int killAfter,
            Map<String, String> settings,
            Traffic traffic)
            throws Exception {
        int repliesPerSecond = traffic.repliesPerSecond();
        String kind = traffic.kind();
        boolean email = kind.equals("EMAIL");
        GreenMail smtp = null;
        if (email) {
            smtp = new NoDelayGreenMail(
                    new ServerSetup(BenchService.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
        }
        OidcWiremockTestResource oidc = new OidcWiremockTestResource();
        Map<String, String> oidcConfig = oidc.start();
        WireMockServer twilio = new WireMockServer(
                TwilioMessagesFake.configure(options().dynamicPort().containerThreads(64)));
        twilio.start();
        if (traffic.providerLatencyMillis() > 0) {
            twilio.setGlobalFixedDelay(traffic.providerLatencyMillis());
        }
        WireMock wireMock = new WireMock(twilio);
        TwilioMessagesFake.install(wireMock, "", ACCOUNT);
        wireMock.register(WireMock.post(WireMock.urlEqualTo("/replies")).willReturn(WireMock.okJson("{}")));
        List<Process> services = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < replicas; i++) {
                int port = BenchService.freePort();
                Map<String, String> env = new HashMap<>(settings);
                env.put("QUARKUS_OIDC_AUTH_SERVER_URL", oidcConfig.get("keycloak.url") + "/realms/quarkus");
                env.put("QUARKUS_DATASOURCE_USERNAME", user);
                env.put("QUARKUS_DATASOURCE_PASSWORD", password);
                env.put("SWITCHBOARD_PROVIDERS_TWILIO_BASE_URL", twilio.baseUrl());
                env.put("QUARKUS_QUARTZ_INSTANCE_ID", "replica-" + i);
                // The daily caps (10,000 SMS, 50,000 email by default) must let the whole audience through.
                env.put("SWITCHBOARD_LIMITS_SMS_PER_DAY", Integer.toString(Math.max(10_000, recipients)));
                env.put("SWITCHBOARD_LIMITS_EMAIL_PER_DAY", Integer.toString(Math.max(50_000, recipients)));
                if (smtp != null) {
                    env.put("SMTP_HOST", "127.0.0.1");
                    env.put("SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()));
                    env.put("SMTP_START_TLS", "DISABLED");
                    env.put("SWITCHBOARD_EMAIL_VERIFIED_DOMAINS", "drill.example");
                }
                services.add(BenchService.start(port, jdbcUrl, env, "bench-broadcast-replica-" + i + ".log"));
                ports.add(port);
            }
            String tenant = "drill" + System.nanoTime();
            String admin = TestTokens.token(tenant, "carol", "admin");
            String agent = TestTokens.token(tenant, "alice", "agent");
            BenchHttp api = new BenchHttp(ports.get(ports.size() - 1));
            api.call(admin, "PUT", "/api/v1/settings/publishing", Map.of("approvalRequired", false), 200);
            Map<String, Object> channelConfig = email
                    ? Map.of("address", "news@drill.example", "signingKey", "drill-signing-key")
                    : Map.of("accountSid", ACCOUNT, "authToken", "drill-token", "phoneNumber", "+15550001111");
            String channel = api.call(
                            admin,
                            "POST",
                            "/api/v1/channels",
                            Map.of("kind", kind, "name", "Drill " + kind, "config", channelConfig),
                            201)
                    .get("id")
                    .asText();
            loadContacts(jdbcUrl, user, password, tenant, recipients);
            List<String> conversations = List.of();
            if (repliesPerSecond > 0) {
                String app = api.apiChannel(admin, "Drill app", twilio.baseUrl() + "/replies");
                conversations = api.inboundConversations(agent, app, 20, "Wo ist mein Paket?");
            }
            Instant due = Instant.now().plusSeconds(8).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            String postId = api.call(
                            agent,
                            "POST",
                            "/api/v1/posts",
                            Map.of(
                                    "text",
                                    "Drill broadcast",
                                    "subject",
                                    "Drill broadcast",
                                    "audience",
                                    Map.of("channelId", channel, "label", "drill", "text", "Hello from the drill"),
                                    "scheduledAt",
                                    due.toString(),
                                    "timeZone",
                                    "UTC"),
                            201)
                    .get("id")
                    .asText();
            api.call(agent, "POST", "/api/v1/posts/" + postId + "/submit", null, 200);
            Map<String, Instant> replies = new ConcurrentHashMap<>();
            AtomicBoolean published = new AtomicBoolean();
            Thread replying = replyDuring(api, agent, conversations, repliesPerSecond, due, published, replies);
            List<Long> resident = new ArrayList<>();
            long pid = services.get(0).pid();
            Thread sampling = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (!published.get()) {
                        resident.add(BenchService.residentKb(pid) / 1024);
                        Thread.sleep(1000);
                    }
                } catch (Exception e) {
                    // the replica ended (killed by the failover drill): no more samples
                }
            });
            boolean killed = false;
            // Ten minutes, or longer for a broadcast that would need more at 50 sends a second.
            Instant deadline = Instant.now().plus(Duration.ofSeconds(Math.max(600, recipients / 50)));
            String status = "";
            while (Instant.now().isBefore(deadline)) {
                // Reading WireMock's journal costs the machine's CPU in proportion to what was sent: only to kill.
                if (!killed && killAfter >= 0 && accepted(twilio).size() >= killAfter) {
                    services.get(0).destroyForcibly().waitFor();
                    killed = true;
                    System.out.printf("Killed replica 0 after %d messages%n", killAfter);
                }
                status = api.call(agent, "GET", "/api/v1/posts/" + postId, null, 200)
                        .get("status")
                        .asText();
                if (!status.equals("SCHEDULED") && !status.equals("PUBLISHING")) {
                    break;
                }
                Thread.sleep(250);
            }
            published.set(true);
            replying.join();
            sampling.join();
            ReplyBenchmark.Sent repliesSent;
            try (Connection c = Jdbc.connect(jdbcUrl, user, password)) {
                ReplyBenchmark.awaitAllSent(c, Duration.ofSeconds(60));
                repliesSent = ReplyBenchmark.postToSent(c, replies);
            }
            List<String> to = new ArrayList<>();
            Instant first;
            Instant lastSend;
            if (email) {
                for (MimeMessage message : smtp.getReceivedMessages()) {
                    to.add(message.getRecipients(jakarta.mail.Message.RecipientType.TO)[0].toString());
                }
                try (Connection c = Jdbc.connect(jdbcUrl, user, password);
                        var times = c.createStatement()
                                .executeQuery("SELECT MIN(sent_at), MAX(sent_at) FROM delivery"
                                        + " WHERE publication_id IS NOT NULL")) {
                    times.next();
                    first = UtcColumns.get(times, 1);
                    lastSend = UtcColumns.get(times, 2);
                }
            } else {
                List<TwilioMessagesFake.Message> accepted = accepted(twilio);
                accepted.forEach(m -> to.add(m.to()));
                first = accepted.stream()
                        .map(TwilioMessagesFake.Message::dateCreated)
                        .min(Comparator.naturalOrder())
                        .orElse(null);
                lastSend = accepted.stream()
                        .map(TwilioMessagesFake.Message::dateCreated)
                        .max(Comparator.naturalOrder())
                        .orElse(null);
            }
            Map<String, Integer> perRecipient = new HashMap<>();
            to.forEach(address -> perRecipient.merge(address, 1, Integer::sum));
            Map<String, Integer> duplicates = new HashMap<>();
            perRecipient.forEach((address, n) -> {
                if (n > 1) {
                    duplicates.put(address, n);
                }
            });
            return new Result(
                    recipients,
                    to.size(),
                    perRecipient.size(),
                    duplicates,
                    status,
                    due,
                    first,
                    lastSend,
                    killed,
                    repliesSent.latencies(),
                    repliesSent.notSent(),
                    resident);
        } finally {
            for (Process service : services) {
                service.destroy();
            }
            for (Process service : services) {
                service.waitFor();
            }
            twilio.stop();
            oidc.stop();
            if (smtp != null) {
                smtp.stop();
            }
        }
    }

    /**
     * From {@code due} until {@code published}, POSTs {@code perSecond} replies a second to {@code conversations}
     * (none when 0), noting each reply's id and when it was POSTed.
     */
    private static Thread replyDuring(
            BenchHttp api,
            String agent,
            List<String> conversations,
            int perSecond,
            Instant due,
            AtomicBoolean published,
            Map<String, Instant> replies) {
        return Thread.ofPlatform().start(() -> {
            if (perSecond <= 0) {
                return;
            }
            try {
                Thread.sleep(Math.max(0, Duration.between(Instant.now(), due).toMillis()));
                long pause = 1000L / perSecond;
                for (int n = 0; !published.get(); n++) {
                    Instant at = Instant.now();
                    String conversation = conversations.get(n % conversations.size());
                    replies.put(api.reply(agent, conversation, "Ist unterwegs (#" + n + ")"), at);
                    Thread.sleep(Math.max(
                            0, pause - Duration.between(at, Instant.now()).toMillis()));
                }
            } catch (Exception e) {
                throw new IllegalStateException("Replying during the broadcast failed", e);
            }
        });
    }

    private List<TwilioMessagesFake.Message> accepted(WireMockServer twilio) {
        List<ServeEvent> journal = twilio.getAllServeEvents();
        return TwilioMessagesFake.accepted(journal, TwilioMessagesFake.messagesPath("", ACCOUNT));
    }

    /** {@code n} contacts with a phone number each and the label {@code drill}, written in bulk. */
    private static void loadContacts(String jdbcUrl, String user, String password, String tenant, int n)
            throws SQLException {
        try (Connection c = Jdbc.connect(jdbcUrl, user, password);
                var s = c.createStatement()) {
            s.execute("INSERT INTO contact (id, tenant_id, name, phone, email, created_at, updated_at)"
                    + " SELECT CONCAT('drill-', LPAD(seq, 12, '0')), '" + tenant + "', CONCAT('Contact ', seq),"
                    + " CONCAT('+1555', LPAD(seq, 7, '0')), CONCAT('contact', seq, '@customers.example'),"
                    + " UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM seq_1_to_" + n);
            s.execute("INSERT INTO contact_label (tenant_id, contact_id, label)" + " SELECT '" + tenant
                    + "', CONCAT('drill-', LPAD(seq, 12, '0')), 'drill' FROM seq_1_to_" + n);
        }
    }
}
