package io.switchboard.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.switchboard.testing.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Warm start under full load (issue 15, point 4). A replica that joins a loaded cluster gets its share of the load as
 * soon as its readiness check says UP; this measures how long it takes to become ready and how soon after that it
 * answers at its steady rate.
 *
 * <p>First a service runs the load for {@code -DsteadyWarmup} seconds (default 180) and then {@code -DsteadyMeasure}
 * (default 30): its rate then is the steady rate. A training run ({@code -Dtrain} seconds, default 60, under the same
 * load) records an AOT cache ({@code -XX:AOTCacheOutput}, Java 25) of the service packaged in {@code -Dapp} (default
 * {@code target/quarkus-app}) into {@code -Dcache}. Then each variant is started, in the order {@code none, startup,
 * trained, trained, startup, none}: the load starts the moment {@code /q/health/ready} answers 200, and the answered
 * requests are counted per 5 s for {@code -Dseconds} (default 90). The variants: no cache (the service packaged as a
 * fast-jar, {@code -Dbaseline}, by default {@code target/bench-fast-app}, which {@code bench/warm-start.sh} builds);
 * the cache {@code mvn package} builds ({@code app.aot} in the app's folder, recorded while the service starts;
 * skipped when there is none); the cache trained under load. The load: {@code -Doperators} (8) replying through the
 * outbox, {@code -Dsenders} (16) posting signed SMS webhooks and {@code -Dreaders} (8) reading the first inbox page
 * and a conversation's messages, each as fast as the service answers (a read shed with 503 and {@code Retry-After}
 * waits as long as it says, and is counted apart). Every service runs with the deployment's heap ({@code -Xmx576m}).
 * Fails when any request fails. {@code -Dtune="<JVM options>"} replaces the trained cache by the package's cache with
 * those options (no training run then), to try a JVM setting.
 */
public final class WarmStartBenchmark {

    private static final String ACCOUNT_SID = "AC00000000000000000000000000000003";
    private static final int WINDOW_SECONDS = 5;
    /** A read the service shed (503 with {@code Retry-After}): neither answered nor failed. */
    private static final String SHED = new String("shed");

    private final String serverUrl = System.getProperty("db.url", "jdbc:mariadb://127.0.0.1:3306");
    private final String dbUser = System.getProperty("db.user", "root");
    private final String dbPassword = System.getProperty("db.password", "");
    private final int seconds = Integer.getInteger("seconds", 90);
    private final int steadyWarmup = Integer.getInteger("steadyWarmup", 180);
    private final int steadyMeasure = Integer.getInteger("steadyMeasure", 30);
    private final int trainSeconds = Integer.getInteger("train", 60);
    private final int operators = Integer.getInteger("operators", 8);
    private final int senders = Integer.getInteger("senders", 16);
    private final int readers = Integer.getInteger("readers", 8);
    private final Path app = Path.of(System.getProperty("app", "target/quarkus-app"));
    private final Path baseline = Path.of(System.getProperty("baseline", "target/bench-fast-app"));
    private final Path cache = Path.of(System.getProperty("cache", "target/bench-warm-start.aot"));
    /** JVM options to try on top of the package's cache, in place of the trained cache (no training run then). */
    private final String tune = System.getProperty("tune", "");

    private final List<String> heap = List.of("-Xmx576m", "-XX:+ExitOnOutOfMemoryError");
    private final String database = "switchboard_bench_warm";
    private final AtomicLong sids = new AtomicLong();
    private Map<String, String> env;
    private String agent;
    private String webhookPath;
    private List<String> conversations;

    public static void main(String[] args) throws Exception {
        new WarmStartBenchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        OidcWiremockTestResource oidc = new OidcWiremockTestResource();
        Map<String, String> oidcConfig = oidc.start();
        WireMockServer provider = new WireMockServer(options().dynamicPort().containerThreads(64));
        provider.start();
        provider.stubFor(post(urlEqualTo("/replies")).willReturn(okJson("{}")));
        env = Map.of("QUARKUS_OIDC_AUTH_SERVER_URL", oidcConfig.get("keycloak.url") + "/realms/quarkus");
        BenchService.recreateDatabase(serverUrl, dbUser, dbPassword, database);
        try {
            long lifetime = 3 * 3600;
            String admin = TestTokens.builder("warm", "carol", "admin")
                    .expiresIn(lifetime)
                    .sign();
            agent = TestTokens.builder("warm", "alice", "agent")
                    .expiresIn(lifetime)
                    .sign();

            // The steady rate: a service that has run the load long enough for the JIT to have done its work.
            Started first = start(app, List.of(), "bench-warm-steady.log");
            BenchHttp setup = new BenchHttp(first.port);
            String apiChannel = setup.apiChannel(admin, "Shop", provider.baseUrl() + "/replies");
            JsonNode sms = setup.smsChannel(admin, ACCOUNT_SID);
            webhookPath = "/webhooks/sms/" + sms.get("key").asText();
            conversations = setup.inboundConversations(agent, apiChannel, 200, "Hello?");
            System.out.printf("Steady rate: %d s of load, then %d s measured%n", steadyWarmup, steadyMeasure);
            Load warming = new Load(first.port, steadyWarmup);
            warming.awaitEnd();
            Load steady = new Load(first.port, steadyMeasure);
            steady.awaitEnd();
            stop(first.process);
            double[] steadyRates = steady.rates(0, steady.windows());
            System.out.printf(
                    "  %.0f requests/s (replies %.0f, webhooks %.0f, reads %.0f); reads shed: %d; failed: %s%n",
                    sum(steadyRates),
                    steadyRates[0],
                    steadyRates[1],
                    steadyRates[2],
                    steady.shed.get(),
                    steady.failures);

            Path built = app.resolve("app.aot");
            Variant none = new Variant("no cache (" + baseline + ")", baseline, List.of());
            Variant startup = new Variant("cache of mvn package (startup only)", app, List.of("-XX:AOTCache=" + built));
            Variant third;
            if (!tune.isBlank()) {
                List<String> args = new ArrayList<>(List.of("-XX:AOTCache=" + built));
                args.addAll(List.of(tune.trim().split("\\s+")));
                third = new Variant("cache of mvn package, " + tune.trim(), app, args);
            } else {
                // The training run: the same load, recorded into the AOT cache at exit.
                Files.deleteIfExists(cache);
                System.out.printf("Training run: %d s of load recorded into %s%n", trainSeconds, cache);
                long trainingStarted = System.nanoTime();
                Started training = start(app, List.of("-XX:AOTCacheOutput=" + cache), "bench-warm-training.log");
                new Load(training.port, trainSeconds).awaitEnd();
                stop(training.process);
                if (!Files.exists(cache)) {
                    throw new IllegalStateException("No AOT cache was written; see target/bench-warm-training.log");
                }
                System.out.printf(
                        "  cache of %d MB written; the training took %d s in all%n",
                        Files.size(cache) >> 20, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - trainingStarted));
                third = new Variant("cache trained under load", app, List.of("-XX:AOTCache=" + cache));
            }
            List<Variant> order = Files.exists(built)
                    ? List.of(none, startup, third, third, startup, none)
                    : List.of(none, third, third, none);
            List<Run> runs = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                Variant variant = order.get(i);
                System.out.printf(
                        "Start %d: %s, %d s of load from the moment it is ready%n", i + 1, variant.name, seconds);
                Run run = startUnderLoad(variant, "bench-warm-run" + (i + 1) + ".log");
                runs.add(run);
                System.out.printf(
                        "  ready after %.1f s; first 30 s at %.0f%% of the steady rate; reads shed: %d; failed: %s%n",
                        run.readySeconds,
                        100 * run.load.total(0, 30 / WINDOW_SECONDS) / sum(steadyRates),
                        run.load.shed.get(),
                        run.load.failures);
            }

            String report = report(steadyRates, runs);
            System.out.println(report);
            Files.writeString(Path.of("target", "bench-warm-start.md"), report);
            long failed = warming.failed()
                    + steady.failed()
                    + runs.stream().mapToLong(r -> r.load.failed()).sum();
            if (failed > 0) {
                throw new IllegalStateException(failed + " requests failed (the steady phase's: " + warming.failures
                        + " " + steady.failures + ")\n" + report);
            }
        } finally {
            provider.stop();
            oidc.stop();
        }
    }

    private record Variant(String name, Path app, List<String> jvmArgs) {}

    private record Started(Process process, int port) {}

    private record Run(Variant variant, double readySeconds, Load load, List<Long> residentMb) {}

    private Started start(Path app, List<String> jvmArgs, String log) throws Exception {
        int port = BenchService.freePort();
        List<String> args = new ArrayList<>(heap);
        args.addAll(jvmArgs);
        Process process = BenchService.launch(app, args, port, serverUrl + "/" + database, env, log);
        BenchService.awaitReady(process, port, "/q/health/ready", 50);
        return new Started(process, port);
    }

    /** Starts {@code variant}, and the load the moment it is ready; samples its resident memory every window. */
    private Run startUnderLoad(Variant variant, String log) throws Exception {
        int port = BenchService.freePort();
        List<String> args = new ArrayList<>(heap);
        args.addAll(variant.jvmArgs);
        long launched = System.nanoTime();
        Process process = BenchService.launch(variant.app, args, port, serverUrl + "/" + database, env, log);
        BenchService.awaitReady(process, port, "/q/health/ready", 50);
        double ready = (System.nanoTime() - launched) / 1e9;
        Load load = new Load(port, seconds);
        List<Long> resident = new ArrayList<>();
        for (int w = 1; w <= load.windows(); w++) {
            long due = load.started + TimeUnit.SECONDS.toNanos((long) w * WINDOW_SECONDS);
            TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
            resident.add(BenchService.residentKb(process.pid()) / 1024);
        }
        load.awaitEnd();
        stop(process);
        return new Run(variant, ready, load, resident);
    }

    /** Stops the service as the platform does (SIGTERM) and waits until it has exited (the cache is written then). */
    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
    }

    /**
     * Operators replying, a provider sending webhooks and readers reading, each as fast as the service answers, for
     * {@code seconds} from now; answered requests counted per kind and per 5-s window.
     */
    private final class Load {
        final long started = System.nanoTime();
        final long deadline;
        final AtomicLongArray[] done = new AtomicLongArray[3];
        final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        final AtomicLong shed = new AtomicLong();
        private final List<Thread> threads = new ArrayList<>();

        Load(int port, int seconds) {
            deadline = started + TimeUnit.SECONDS.toNanos(seconds);
            for (int k = 0; k < done.length; k++) {
                done[k] = new AtomicLongArray(windows());
            }
            BenchHttp api = new BenchHttp(port);
            String webhookUrl = "http://127.0.0.1:" + port + webhookPath;
            for (int w = 0; w < operators; w++) {
                int worker = w;
                spawn(0, n -> {
                    int status = api.status(
                            agent,
                            "POST",
                            "/api/v1/conversations/" + conversation(worker, n) + "/messages",
                            Map.of("type", "REPLY", "text", "On its way (#" + worker + "-" + n + ")"));
                    return status == 202 ? null : "reply " + status;
                });
            }
            for (int w = 0; w < senders; w++) {
                int worker = w;
                spawn(1, n -> {
                    String status = api.smsWebhook(
                            webhookUrl,
                            ACCOUNT_SID,
                            "SMwarm" + sids.incrementAndGet(),
                            "+1555" + String.format("%03d%04d", worker, n % 10_000),
                            "Where is my parcel? (#" + n + ")");
                    return status.equals("200") ? null : "webhook " + status;
                });
            }
            for (int w = 0; w < readers; w++) {
                int worker = w;
                spawn(2, n -> {
                    String path = n % 2 == 0
                            ? "/api/v1/conversations?limit=25"
                            : "/api/v1/conversations/" + conversation(worker, n) + "/messages?limit=50";
                    BenchHttp.Answer answer = api.read(agent, path);
                    if (answer.status() == 503 && answer.retryAfter() != null) {
                        // Shed while the replica's critical work is slow: back off as a client must.
                        shed.incrementAndGet();
                        sleepSeconds(Math.min(5, Long.parseLong(answer.retryAfter())));
                        return SHED;
                    }
                    return answer.status() == 200 ? null : "read " + answer.status();
                });
            }
        }

        private String conversation(int worker, long n) {
            return conversations.get((int) ((worker * 7919L + n) % conversations.size()));
        }

        private void spawn(int kind, java.util.function.LongFunction<String> request) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (long n = 0; System.nanoTime() < deadline; n++) {
                    String failure = request.apply(n);
                    long now = System.nanoTime();
                    if (now >= deadline) {
                        return;
                    }
                    if (failure == SHED) {
                        continue;
                    }
                    if (failure == null) {
                        done[kind].incrementAndGet((int) ((now - started) / TimeUnit.SECONDS.toNanos(WINDOW_SECONDS)));
                    } else {
                        failures.computeIfAbsent(failure, f -> new AtomicLong()).incrementAndGet();
                    }
                }
            }));
        }

        int windows() {
            return (int) Math.ceil((deadline - started) / (double) TimeUnit.SECONDS.toNanos(WINDOW_SECONDS));
        }

        void awaitEnd() throws InterruptedException {
            for (Thread thread : threads) {
                thread.join();
            }
        }

        /** Answered requests per second of each kind over windows {@code from} (incl.) to {@code to} (excl.). */
        double[] rates(int from, int to) {
            double[] rates = new double[done.length];
            for (int k = 0; k < done.length; k++) {
                long count = 0;
                for (int w = from; w < Math.min(to, windows()); w++) {
                    count += done[k].get(w);
                }
                rates[k] = count / (double) ((Math.min(to, windows()) - from) * WINDOW_SECONDS);
            }
            return rates;
        }

        double total(int from, int to) {
            return sum(rates(from, to));
        }

        long failed() {
            return failures.values().stream().mapToLong(AtomicLong::get).sum();
        }
    }

    private static void sleepSeconds(long seconds) {
        try {
            TimeUnit.SECONDS.sleep(seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double sum(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum;
    }

    private String report(double[] steady, List<Run> runs) {
        double steadyTotal = sum(steady);
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "Warm start under load: %d operators replying, %d senders of signed webhooks, %d readers, each as fast"
                        + " as the service answers; heap %s. Steady rate (a service after %d s of the load, measured"
                        + " over %d s): %.0f requests/s (replies %.0f, webhooks %.0f, reads %.0f).%n%n",
                operators,
                senders,
                readers,
                heap.get(0),
                steadyWarmup,
                steadyMeasure,
                steadyTotal,
                steady[0],
                steady[1],
                steady[2]));
        out.append(
                "| start | variant | ready (s) | first 30 s (% of steady) | first window at ≥ 90% (s after ready)"
                        + " | last 30 s (% of steady) | reads shed | resident at the end (MB) |\n|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            int windows = run.load.windows();
            int reached = -1;
            for (int w = 0; w < windows; w++) {
                if (run.load.total(w, w + 1) >= 0.9 * steadyTotal) {
                    reached = w;
                    break;
                }
            }
            out.append(String.format(
                    "| %d | %s | %.1f | %.0f | %s | %.0f | %d | %d |%n",
                    i + 1,
                    run.variant.name,
                    run.readySeconds,
                    100 * run.load.total(0, 30 / WINDOW_SECONDS) / steadyTotal,
                    reached < 0 ? "not reached" : String.valueOf(reached * WINDOW_SECONDS),
                    100 * run.load.total(Math.max(0, windows - 30 / WINDOW_SECONDS), windows) / steadyTotal,
                    run.load.shed.get(),
                    run.residentMb.get(run.residentMb.size() - 1)));
        }
        out.append("\nRequests/s per 5 s after ready (% of steady):\n\n| seconds after ready |");
        runs.forEach(run -> out.append(" start ").append(runs.indexOf(run) + 1).append(" |"));
        out.append("\n|---|");
        runs.forEach(run -> out.append("---|"));
        out.append('\n');
        int windows = runs.get(0).load.windows();
        for (int w = 0; w < windows; w++) {
            out.append(String.format("| %d–%d |", w * WINDOW_SECONDS, (w + 1) * WINDOW_SECONDS));
            for (Run run : runs) {
                double rate = run.load.total(w, w + 1);
                out.append(String.format(" %.0f (%.0f%%) |", rate, 100 * rate / steadyTotal));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
