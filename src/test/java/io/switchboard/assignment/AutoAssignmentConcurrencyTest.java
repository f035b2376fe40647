package io.switchboard.assignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.Sql;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Many conversations arriving through the real inbound path on several threads while auto-assignment passes run
 * on several other threads (as on several replicas), next to this replica's own triggers and sweep: nobody ever
 * gets more than their capacity, no conversation is assigned twice, and everything that fits is assigned.
 */
@QuarkusTest
class AutoAssignmentConcurrencyTest {

    private static final int CONVERSATIONS = 200;
    private static final int SENDERS = 8;
    private static final int ASSIGNERS = 4;
    private static final int[] CAPACITIES = {3, 5, 7, 10, 12, 20};

    @Inject
    AutoAssigner assigner;

    @Inject
    Sql sql;

    @Test
    void capacitiesHoldAndNothingIsAssignedTwice() throws Exception {
        AssignmentFixture fixture = new AssignmentFixture("auto-concurrent");
        String channel = fixture.inbox.channel("API");
        List<String> operators = new ArrayList<>();
        for (int i = 0; i < CAPACITIES.length; i++) {
            String token = fixture.agentToken("op" + i);
            String id = fixture.id(token);
            fixture.capacity(id, "API", CAPACITIES[i]);
            fixture.availability(token, "ONLINE");
            operators.add(id);
        }
        fixture.route(channel, fixture.team("Busy", operators), "LEAST_LOADED").statusCode(200);
        String tenant = fixture.tenant();

        ExecutorService threads = Executors.newFixedThreadPool(SENDERS + ASSIGNERS);
        AtomicBoolean delivering = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Future<?>> assigners = new ArrayList<>();
        for (int a = 0; a < ASSIGNERS; a++) {
            assigners.add(threads.submit(() -> {
                await(start);
                do {
                    try {
                        assigner.assignWaiting(tenant);
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                } while (delivering.get());
            }));
        }
        List<Future<?>> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            senders.add(threads.submit(() -> {
                await(start);
                for (int i = sender; i < CONVERSATIONS; i += SENDERS) {
                    fixture.newConversation(channel, "burst-" + i);
                }
            }));
        }
        start.countDown();
        for (Future<?> f : senders) {
            f.get(3, TimeUnit.MINUTES);
        }
        delivering.set(false);
        for (Future<?> f : assigners) {
            f.get(1, TimeUnit.MINUTES);
        }
        threads.shutdown();
        // A last pass sees everything that arrived after the others looked.
        assigner.assignWaiting(tenant);

        assertTrue(failures.isEmpty(), () -> "Passes failed: " + failures);
        assertEquals(CONVERSATIONS, sql.count("SELECT COUNT(*) FROM conversation WHERE tenant_id = ?", tenant));
        int total = 0;
        for (int i = 0; i < CAPACITIES.length; i++) {
            // All conversations stay open and nobody is unassigned, so the events per operator are the most they
            // ever had at once.
            long given = sql.count(
                    "SELECT COUNT(*) FROM conversation_event WHERE tenant_id = ? AND type = 'ASSIGNEE_CHANGED'"
                            + " AND JSON_VALUE(data, '$.to') = ?",
                    tenant,
                    operators.get(i));
            long load = sql.count(
                    "SELECT COUNT(*) FROM conversation WHERE tenant_id = ? AND assignee_id = ? AND status = 'OPEN'",
                    tenant,
                    operators.get(i));
            assertEquals(CAPACITIES[i], given, "assignments to operator " + i);
            assertEquals(CAPACITIES[i], load, "load of operator " + i);
            total += CAPACITIES[i];
        }
        assertEquals(
                0L,
                sql.count(
                        "SELECT COUNT(*) FROM (SELECT conversation_id FROM conversation_event WHERE tenant_id = ?"
                                + " AND type = 'ASSIGNEE_CHANGED' GROUP BY conversation_id HAVING COUNT(*) > 1) twice",
                        tenant));
        assertEquals(
                (long) total,
                sql.count(
                        "SELECT COUNT(*) FROM conversation_event WHERE tenant_id = ? AND type = 'ASSIGNEE_CHANGED'"
                                + " AND JSON_VALUE(data, '$.reason') = 'AUTO'",
                        tenant));
        assertEquals(
                (long) CONVERSATIONS - total,
                sql.count(
                        "SELECT COUNT(*) FROM conversation WHERE tenant_id = ? AND assignee_id IS NULL AND status = 'OPEN'",
                        tenant));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
