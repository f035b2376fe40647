package io.switchboard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A broadcast to 10,000 SMS recipients (issue 6): the packaged service (one replica unless {@code -Dreplicas}) on a
 * fresh database, Twilio played by WireMock. Reports the delay from the post's due time to the first send and the
 * sends per second, and checks that every recipient got exactly one message. {@code -Dlatency=ms}: the provider
 * fake answers that much later, as a real provider's API does.
 */
public final class BroadcastBenchmark {

    public static void main(String[] args) throws Exception {
        String serverUrl = System.getProperty("db.url", "jdbc:mariadb://127.0.0.1:3306");
        String user = System.getProperty("db.user", "root");
        String password = System.getProperty("db.password", "");
        String database = "switchboard_bench_broadcast";
        int recipients = Integer.getInteger("recipients", 10_000);
        int replicas = Integer.getInteger("replicas", 1);
        // The service's default unless given.
        String workers = System.getProperty("workers");
        String kind = System.getProperty("kind", "SMS");
        BenchService.recreateDatabase(serverUrl, user, password, database);
        BroadcastDrill.Result result = new BroadcastDrill()
                .run(
                        serverUrl + "/" + database,
                        "switchboard_bench",
                        "switchboard-bench",
                        recipients,
                        replicas,
                        -1,
                        workers == null ? Map.of() : Map.of("SWITCHBOARD_DELIVERY_WORKERS", workers),
                        new BroadcastDrill.Traffic(
                                Integer.getInteger("replies", 2), kind, Integer.getInteger("latency", 0)));
        List<Long> resident = result.residentMb();
        String report = String.format(
                "| kind | recipients | replicas | due → first send | sends/s | accepted | duplicates | status"
                        + " | replies during it | reply POST→SENT p50 / p99 (ms)"
                        + " | resident MB (first, middle, last sample; most) |%n"
                        + "|---|---|---|---|---|---|---|---|---|---|---|%n"
                        + "| %s | %d | %d | %.2f s | %.1f | %d | %d | %s | %d (%d not sent) | %.1f / %.1f"
                        + " | %s |%n",
                kind,
                result.recipients(),
                replicas,
                result.firstSendDelaySeconds(),
                result.sendsPerSecond(),
                result.accepted(),
                result.duplicates().size(),
                result.postStatus(),
                result.replyLatencies().length,
                result.repliesNotSent(),
                result.replyPercentile(50),
                result.replyPercentile(99),
                resident.isEmpty()
                        ? "-"
                        : resident.get(0) + ", " + resident.get(resident.size() / 2) + ", "
                                + resident.get(resident.size() - 1) + "; "
                                + resident.stream()
                                        .mapToLong(Long::longValue)
                                        .max()
                                        .orElse(0));
        System.out.println(report);
        Files.writeString(Path.of("target", "bench-broadcast.md"), report);
        if (result.accepted() != recipients || !result.duplicates().isEmpty() || result.repliesNotSent() > 0) {
            System.err.println("NOT exactly once: " + result);
            System.exit(1);
        }
        System.exit(0);
    }
}
