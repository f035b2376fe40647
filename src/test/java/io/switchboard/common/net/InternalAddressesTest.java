package io.switchboard.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The classifier works on addresses and spellings alone: nothing here resolves a name or opens a connection. */
class InternalAddressesTest {

    private static boolean internal(String literal) {
        return InternalAddresses.isInternal(InternalAddresses.literal(literal)
                .orElseThrow(() -> new AssertionError(literal + " is not read as an address")));
    }

    @Test
    void everyRefusedRangeIsInternal() {
        for (String address : List.of(
                "127.0.0.1",
                "127.255.255.254",
                "10.0.0.1",
                "10.255.255.255",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "169.254.0.1",
                "100.64.0.1",
                "100.127.255.255",
                "224.0.0.1",
                "239.255.255.250",
                "0.0.0.0",
                "255.255.255.255",
                "::1",
                "::",
                "fc00::1",
                "fd12:3456::1",
                "fe80::1",
                "febf::1",
                "ff02::1",
                "::ffff:127.0.0.1",
                "::ffff:169.254.169.254",
                "::ffff:10.0.0.1",
                "::ffff:7f00:1",
                "::127.0.0.1",
                "64:ff9b::a9fe:a9fe",
                "2002:7f00:1::1",
                "[::1]",
                "[::ffff:192.168.0.1]")) {
            assertTrue(internal(address), address);
        }
    }

    @Test
    void publicAddressesAreNot() {
        for (String address : List.of(
                "8.8.8.8",
                "1.1.1.1",
                "172.15.255.255",
                "172.32.0.1",
                "100.63.255.255",
                "100.128.0.1",
                "169.253.0.1",
                "192.169.0.1",
                "223.255.255.255",
                "2001:4860:4860::8888",
                "::ffff:8.8.8.8",
                "2606:4700::1111")) {
            assertFalse(internal(address), address);
        }
    }

    @Test
    void numericSpellingsOfLoopbackAndMetadataAreReadAsTheAddressesTheyAre() throws Exception {
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        for (String spelling : List.of(
                "2130706433",
                "0177.0.0.1",
                "0x7f.0.0.1",
                "0x7f000001",
                "0X7F.1",
                "127.1",
                "127.0.1",
                "0177.1",
                "017700000001",
                "127.0.0.1.")) {
            assertEquals(Optional.of(loopback), InternalAddresses.literal(spelling), spelling);
        }
        InetAddress metadata = InetAddress.getByAddress(new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254});
        for (String spelling : List.of("2852039166", "0xa9fea9fe", "0251.0376.0251.0376", "169.254.43518")) {
            assertEquals(Optional.of(metadata), InternalAddresses.literal(spelling), spelling);
        }
        assertTrue(internal("0"), "0 is 0.0.0.0");
        assertTrue(internal("10.1"), "10.1 is 10.0.0.1");
    }

    @Test
    void namesAndMalformedNumbersAreNotAddresses() {
        for (String name : List.of(
                "example.com",
                "localhost",
                "1.2.3.4.5",
                "256.1.1.1",
                "0x",
                "08.1.1.1",
                "1e3",
                "4294967296",
                "api.example.test",
                "[not-an-address]",
                "1.2.3.4.example.com",
                "")) {
            assertEquals(Optional.empty(), InternalAddresses.literal(name), name);
        }
    }
}
