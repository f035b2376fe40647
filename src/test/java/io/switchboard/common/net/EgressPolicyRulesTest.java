package io.switchboard.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The policy's decisions on hosts written as addresses: no name is resolved, no connection opened. */
class EgressPolicyRulesTest {

    @Test
    void withoutAnAllowListEveryInternalLiteralIsRefused() {
        EgressPolicy policy = new EgressPolicy(List.of());
        for (String host : List.of("127.0.0.1", "2130706433", "[::1]", "[::ffff:127.0.0.1]", "0x7f.1", "10.0.0.8")) {
            assertTrue(policy.refusalOfConfiguredHost(host).isPresent(), host);
            assertThrows(EgressPolicy.DestinationRefused.class, () -> policy.checkBeforeConnecting(host), host);
        }
        assertEquals(Optional.empty(), policy.refusalOfConfiguredHost("93.184.216.34"));
        assertEquals(Optional.empty(), policy.refusalOfConfiguredHost("api.example.test"), "names are checked later");
    }

    @Test
    void theAllowListAdmitsItsRangesAndHostsOnly() throws Exception {
        EgressPolicy policy = new EgressPolicy(List.of("10.20.0.0/16", "fd00:1::/32", "crm.internal.test"));
        assertEquals(Optional.empty(), policy.refusalOfConfiguredHost("10.20.3.4"));
        assertEquals(Optional.empty(), policy.refusalOfConfiguredHost("[::ffff:10.20.3.4]"), "mapped form too");
        assertEquals(Optional.empty(), policy.refusalOfConfiguredHost("[fd00:1::5]"));
        assertEquals(Optional.empty(), policy.refusalOfConfiguredHost("CRM.internal.test"));
        assertTrue(policy.refusalOfConfiguredHost("10.21.0.1").isPresent());
        assertTrue(policy.refusalOfConfiguredHost("127.0.0.1").isPresent());
        assertTrue(policy.refusalOfConfiguredHost("[fd00:2::5]").isPresent());
        assertEquals(1, policy.checkBeforeConnecting("10.20.3.4").size());
        assertThrows(IllegalStateException.class, () -> new EgressPolicy(List.of("10.0.0.0/99")));
    }

    @Test
    void theHostOfAUrlIsWhatTheTenantWrote() {
        assertEquals(Optional.of("127.0.0.1"), EgressPolicy.hostOf("http://127.0.0.1:8080/x"));
        assertEquals(Optional.of("[::1]"), EgressPolicy.hostOf("http://[::1]:8080/x"));
        assertEquals(Optional.of("2130706433"), EgressPolicy.hostOf("http://2130706433/"));
        assertEquals(Optional.of("my_host.example"), EgressPolicy.hostOf("https://user@my_host.example:443/x"));
        assertEquals(Optional.empty(), EgressPolicy.hostOf("http:///path"));
        assertEquals(Optional.empty(), EgressPolicy.hostOf("http://a b/"));
    }
}
