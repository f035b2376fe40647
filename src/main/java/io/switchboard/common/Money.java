package io.switchboard.common;

import java.util.Currency;
import java.util.Objects;

/** An amount in a currency's minor units (cents), so that sums are exact. */
public record Money(long amountMinor, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
    }

    /** Whether {@code code} is an ISO 4217 currency code this JVM knows (upper case, three letters). */
    public static boolean isCurrency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
