package io.switchboard.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** NativeRows against MariaDB: each column type it reads, and stored instants as UTC whatever the JVM's zone. */
@QuarkusTest
class NativeRowsDbTest {

    private static final String PROBE =
            "SELECT 'OPEN' AS kind, CAST('2026-03-29 02:30:00.123456' AS DATETIME(6)) AS at,"
                    + " CAST(NULL AS DATETIME(6)) AS missing, DATE('2026-03-29') AS day, COUNT(*) AS n, SUM(2) AS total,"
                    + " 7 AS small, CAST(1.25 AS DECIMAL(10, 2)) AS amount, TRUE AS yes, 'x' AS text FROM DUAL";

    enum Kind {
        OPEN
    }

    record Probe(
            Instant at,
            Instant missing,
            LocalDate day,
            long n,
            Long total,
            int small,
            BigDecimal amount,
            boolean yes,
            String text,
            Kind kind) {}

    record NotNull(long missing) {}

    @Inject
    EntityManager em;

    @Test
    void readsEachColumnByAliasAndInstantsAsUtcWhateverTheJvmZone() {
        TimeZone original = TimeZone.getDefault();
        try {
            // 02:30 on 29 March 2026 does not exist in Berlin (clocks jump from 02:00 to 03:00).
            for (String zone : List.of("UTC", "Europe/Berlin", "Pacific/Kiritimati", "America/Los_Angeles")) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                Probe p = QuarkusTransaction.requiringNew()
                        .call(() -> NativeRows.first(em.createNativeQuery(PROBE), Probe.class)
                                .orElseThrow());
                assertEquals(Instant.parse("2026-03-29T02:30:00.123456Z"), p.at(), zone);
                assertNull(p.missing(), zone);
                assertEquals(LocalDate.of(2026, 3, 29), p.day(), zone);
                assertEquals(1, p.n(), zone);
                assertEquals(2L, p.total(), zone);
                assertEquals(7, p.small(), zone);
                assertEquals(new BigDecimal("1.25"), p.amount(), zone);
                assertTrue(p.yes(), zone);
                assertEquals("x", p.text(), zone);
                assertEquals(Kind.OPEN, p.kind(), zone);
            }
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void aPrimitiveComponentRefusesNull() {
        assertThrows(
                IllegalStateException.class,
                () -> QuarkusTransaction.requiringNew()
                        .call(() -> NativeRows.list(
                                em.createNativeQuery("SELECT CAST(NULL AS SIGNED) AS missing FROM DUAL"),
                                NotNull.class)));
    }
}
