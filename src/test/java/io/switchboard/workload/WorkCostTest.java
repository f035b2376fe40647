package io.switchboard.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.Money;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.staff.OperatorRates;
import io.switchboard.testing.InTenant;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each session keeps the hourly cost in force when it started, also when the rate history changes later. */
@QuarkusTest
class WorkCostTest {

    private static final Instant JAN = Instant.parse("2026-01-10T09:00:00Z");
    private static final Instant FEB = Instant.parse("2026-02-10T09:00:00Z");
    private static final Instant MAR = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant APR = Instant.parse("2026-04-10T09:00:00Z");
    private static final Instant MAY = Instant.parse("2026-05-01T00:00:00Z");
    private static final Instant JUN = Instant.parse("2026-06-10T09:00:00Z");
    private static final Instant LATER = Instant.parse("2026-12-31T00:00:00Z");

    @Inject
    WorkLog log;

    @Inject
    HandlingTimeRecorder recorder;

    @Inject
    OperatorRates rates;

    private InboxFixture inbox;
    private String agent;

    @BeforeEach
    void setUp() {
        inbox = new InboxFixture("cost");
        agent = inbox.operatorId(inbox.agent);
    }

    private String logCall(Instant at) {
        return InTenant.call(
                        inbox.tenant,
                        () -> log.log(
                                new LogWorkRequest(
                                        null, null, null, io.switchboard.channel.ChannelKind.PHONE, at, 600, null),
                                new Actor(agent, false),
                                LATER))
                .id();
    }

    private Money costOf(String id) {
        return InTenant.call(inbox.tenant, () -> log.get(id, new Actor(agent, false)))
                .hourlyCost();
    }

    private void setRate(long amount, Instant from) {
        InTenant.run(inbox.tenant, () -> rates.set(agent, new Money(amount, "EUR"), from, null));
    }

    @Test
    void theFirstRateCoversEarlierWork() {
        String january = logCall(JAN);
        assertNull(costOf(january));

        setRate(3600, MAR);

        assertEquals(new Money(3600, "EUR"), costOf(january));
        assertEquals(new Money(3600, "EUR"), costOf(logCall(APR)));
    }

    @Test
    void aRateChangeReSnapshotsOnlyTheSessionsItCovers() {
        setRate(3000, JAN);
        String february = logCall(FEB);
        String april = logCall(APR);
        String june = logCall(JUN);
        setRate(5000, MAY);
        assertEquals(new Money(3000, "EUR"), costOf(april));
        assertEquals(new Money(5000, "EUR"), costOf(june));

        // Inserted between two known rates: applies from March until May only.
        setRate(4000, MAR);

        assertEquals(new Money(3000, "EUR"), costOf(february));
        assertEquals(new Money(4000, "EUR"), costOf(april));
        assertEquals(new Money(5000, "EUR"), costOf(june));
    }

    @Test
    void liveSessionsTakeTheRateAtTheirStartAndMovingAnEntryTakesItsNewRate() {
        String channel = inbox.channel("API");
        String conversation = inbox.send(channel, "m-1", "c-1", "Carla", "hello");
        setRate(3000, JAN);
        setRate(5000, MAY);
        WorkSessionView live = InTenant.call(inbox.tenant, () -> recorder.heartbeat(conversation, agent, APR));
        assertEquals(new Money(3000, "EUR"), live.hourlyCost());

        String entry = logCall(APR);
        InTenant.run(
                inbox.tenant,
                () -> log.update(
                        entry, new UpdateWorkSessionRequest(null, JUN, null, null), new Actor(agent, false), LATER));
        assertEquals(new Money(5000, "EUR"), costOf(entry));
    }
}
