package io.switchboard.testing.contract;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

/**
 * Makes every {@code @QuarkusTest} a contract test: before each test method, in the class loader the test runs in,
 * REST Assured gets the {@link ContractFilter}. Registered as a service, so no test has to ask for it.
 */
public class ContractCallback implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        ContractFilter.install();
    }
}
