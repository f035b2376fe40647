package io.switchboard.common.error;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import org.junit.jupiter.api.Test;

/** A lost or unobtainable database connection is a 503 to retry, not a 500; other failures are not. */
class DatabaseUnreachableTest {

    @Test
    void connectionFailuresAreRecognisedThroughTheirCauses() {
        assertTrue(ProblemMappers.databaseUnreachable(
                new IllegalStateException(new SQLNonTransientConnectionException("(conn=5) Connection is closed"))));
        assertTrue(ProblemMappers.databaseUnreachable(
                new RuntimeException(new SQLException("Could not connect", "08S01"))));
        assertTrue(ProblemMappers.databaseUnreachable(
                new org.hibernate.exception.JDBCConnectionException("lost", new SQLException("gone", "08003"))));
    }

    @Test
    void anUnreachableIdentityProviderIsRecognised() {
        assertTrue(ProblemMappers.identityProviderUnreachable(
                new io.quarkus.oidc.OIDCException("OIDC Server is not available")));
        assertFalse(ProblemMappers.identityProviderUnreachable(new io.quarkus.oidc.OIDCException("bad token")));
    }

    @Test
    void aBusyDatabaseIsRetryableToo() {
        assertTrue(ProblemMappers.databaseUnreachable(
                new SQLException("The total number of locks exceeds the lock table size", "HY000", 1206)));
        assertTrue(ProblemMappers.databaseUnreachable(new SQLException("Deadlock found", "40001", 1213)));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(ProblemMappers.databaseUnreachable(new SQLException("Duplicate entry", "23000")));
        assertFalse(ProblemMappers.databaseUnreachable(new IllegalStateException("bug")));
        assertFalse(ProblemMappers.databaseUnreachable(new SQLException("no state")));
    }
}
