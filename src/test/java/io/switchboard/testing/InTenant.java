package io.switchboard.testing;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.tenancy.TenantContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Runs test code as one tenant's unit of work: on a thread of its own (the test thread's request context may
 * already be bound to a tenant), in a fresh request context with the tenant set, in a transaction.
 */
public final class InTenant {

    private InTenant() {}

    public static <T> T call(String tenantId, Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                        ManagedContext requestContext = Arc.container().requestContext();
                        requestContext.activate();
                        try {
                            Arc.container().instance(TenantContext.class).get().set(tenantId);
                            return QuarkusTransaction.requiringNew().call(work::get);
                        } finally {
                            requestContext.terminate();
                        }
                    })
                    .join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    public static void run(String tenantId, Runnable work) {
        call(tenantId, () -> {
            work.run();
            return null;
        });
    }
}
