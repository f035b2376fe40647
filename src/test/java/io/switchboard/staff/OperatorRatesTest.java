package io.switchboard.staff;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.Money;
import io.switchboard.common.error.ConflictException;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.testing.InTenant;
import io.switchboard.testing.TestTokens;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperatorRatesTest {

    private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant MAR = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant JUN = Instant.parse("2026-06-01T00:00:00Z");

    @Inject
    OperatorRates rates;

    @Inject
    Changes changes;

    private final String tenant = TestTokens.newTenant("rates");

    private String operator(String user) {
        return given().auth()
                .oauth2(TestTokens.token(tenant, user, "agent"))
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
    }

    @Test
    void firstRateCoversEarlierWorkAndLaterRatesApplyFromTheirDate() {
        String alice = operator("alice");
        assertEquals(Optional.empty(), InTenant.call(tenant, () -> rates.rateAt(alice, JAN)));

        InTenant.run(tenant, () -> rates.set(alice, new Money(3600, "EUR"), MAR, null));
        InTenant.run(tenant, () -> rates.set(alice, new Money(4200, "EUR"), JUN, null));

        assertEquals(Optional.of(new Money(3600, "EUR")), InTenant.call(tenant, () -> rates.rateAt(alice, JAN)));
        assertEquals(Optional.of(new Money(3600, "EUR")), InTenant.call(tenant, () -> rates.rateAt(alice, MAR)));
        assertEquals(
                Optional.of(new Money(3600, "EUR")),
                InTenant.call(tenant, () -> rates.rateAt(alice, JUN.minusNanos(1000))));
        assertEquals(Optional.of(new Money(4200, "EUR")), InTenant.call(tenant, () -> rates.rateAt(alice, JUN)));
        assertEquals(
                List.of(3600L, 4200L),
                InTenant.call(tenant, () -> rates.history(alice)).stream()
                        .map(r -> r.amountMinor)
                        .toList());
    }

    @Test
    void aRateInsertedBetweenTwoOthersTellsUntilWhenItApplies() {
        String bob = operator("bob");
        InTenant.run(tenant, () -> rates.set(bob, new Money(3000, "EUR"), JAN, null));
        InTenant.run(tenant, () -> rates.set(bob, new Money(5000, "EUR"), JUN, null));
        changes.seen.clear();

        InTenant.run(tenant, () -> rates.set(bob, new Money(4000, "EUR"), MAR, null));

        assertEquals(List.of(new OperatorRateChanged(tenant, bob, MAR, JUN, false)), changes.seen);
        assertEquals(
                Optional.of(new Money(4000, "EUR")),
                InTenant.call(tenant, () -> rates.rateAt(bob, MAR.plusSeconds(1))));
    }

    @Test
    void refusesAnotherCurrencyABadAmountAndTheSameDateTwice() {
        String carol = operator("carol");
        InTenant.run(tenant, () -> rates.set(carol, new Money(3000, "EUR"), JAN, null));

        assertThrows(
                ConflictException.class,
                () -> InTenant.run(tenant, () -> rates.set(carol, new Money(3000, "USD"), MAR, null)));
        assertThrows(
                ConflictException.class,
                () -> InTenant.run(tenant, () -> rates.set(carol, new Money(3000, "EUR"), JAN, null)));
        assertThrows(
                InvalidRequestException.class,
                () -> InTenant.run(tenant, () -> rates.set(carol, new Money(-1, "EUR"), MAR, null)));
        assertThrows(
                InvalidRequestException.class,
                () -> InTenant.run(tenant, () -> rates.set(carol, new Money(1, "EURO"), MAR, null)));
        assertEquals(1, InTenant.call(tenant, () -> rates.history(carol)).size());
    }

    @Test
    void anotherTenantsRatesAreInvisible() {
        String dave = operator("dave");
        InTenant.run(tenant, () -> rates.set(dave, new Money(3000, "EUR"), JAN, null));
        String other = TestTokens.newTenant("rates-other");
        Optional<Money> seen = InTenant.call(other, () -> rates.rateAt(dave, MAR));
        assertEquals(Optional.empty(), seen);
    }

    @Singleton
    static class Changes {
        final List<OperatorRateChanged> seen = new CopyOnWriteArrayList<>();

        void on(@Observes OperatorRateChanged event) {
            seen.add(event);
        }
    }
}
