package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged service on one database; one is killed (SIGKILL) while a broadcast to 1,000 SMS
 * recipients goes out. The other takes over its claimed deliveries when their lease ends, asks "Twilio" whether it
 * already has the ones in flight, and finishes: every recipient gets exactly one message, as Twilio's own list
 * (WireMock's request journal) shows.
 */
class BroadcastFailoverIT {

    @Test
    void aReplicaKilledMidBroadcastLosesNothingAndDoublesNothing() throws Exception {
        Map<String, String> db = TestDatabase.separate("switchboard_it_failover");
        BroadcastDrill.Result result = new BroadcastDrill()
                .run(
                        db.get("url"),
                        db.get("username"),
                        db.get("password"),
                        1000,
                        2,
                        300,
                        Map.of(
                                "SWITCHBOARD_DELIVERY_LEASE", "8s",
                                "SWITCHBOARD_PROVIDERS_CONNECT_TIMEOUT", "1s",
                                "SWITCHBOARD_PROVIDERS_TIMEOUT", "3s",
                                "SWITCHBOARD_DELIVERY_POLL_INTERVAL", "200ms",
                                "QUARKUS_LOG_CATEGORY__IO_SWITCHBOARD_DELIVERY__LEVEL", "INFO"));
        String survivor =
                java.nio.file.Files.readString(java.nio.file.Path.of("target", "bench-broadcast-replica-1.log"));
        System.out.printf(
                "Failover drill: %s%n  the survivor took over %d deliveries; the provider already had %d of them%n",
                result, count(survivor, "lease expired"), count(survivor, "the provider already has it"));

        assertTrue(result.killed(), "the first replica was killed mid-broadcast");
        assertEquals("PUBLISHED", result.postStatus());
        assertEquals(Map.of(), result.duplicates(), "recipients who got more than one message");
        assertEquals(1000, result.distinctRecipients());
        assertEquals(1000, result.accepted());
        // On time: never before its due time, and out within a minute of it even with a replica lost.
        assertTrue(!result.firstSend().isBefore(result.due()), "sent before its time: " + result);
        assertTrue(result.firstSend().isBefore(result.due().plusSeconds(60)), "sent late: " + result);
    }

    private static long count(String log, String phrase) {
        return log.lines().filter(line -> line.contains(phrase)).count();
    }
}
