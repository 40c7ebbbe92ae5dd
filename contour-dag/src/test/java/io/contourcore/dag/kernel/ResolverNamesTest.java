package io.contourcore.dag.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ResolverNamesTest {

    private static String address(String name) {
        return ResolverNames.address(name).map(InetAddress::getHostAddress).orElse("a name");
    }

    @Test
    void everyInetAtonSpellingOfAnIpv4AddressIsReadAsTheAddress() {
        assertThat(address("127.1")).isEqualTo("127.0.0.1");
        assertThat(address("2130706433")).isEqualTo("127.0.0.1");
        assertThat(address("0x7f000001")).isEqualTo("127.0.0.1");
        assertThat(address("0177.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(address("0x7f.1.")).isEqualTo("127.0.0.1");
        assertThat(address("169.16689662")).isEqualTo("169.254.169.254");
        assertThat(address("0")).isEqualTo("0.0.0.0");
        assertThat(address("10.0.0.1")).isEqualTo("10.0.0.1");
    }

    @Test
    void namesAndMalformedNumbersAreLeftToDns() {
        assertThat(address("example.com")).isEqualTo("a name");
        assertThat(address("0x7g.0.0.1")).isEqualTo("a name");
        assertThat(address("08.0.0.1")).isEqualTo("a name");
        assertThat(address("256.0.0.1")).isEqualTo("a name");
        assertThat(address("1.2.3.4.5")).isEqualTo("a name");
        assertThat(address("1..2")).isEqualTo("a name");
        assertThat(address("4294967296")).isEqualTo("a name");
        assertThat(address("face:b00c")).isEqualTo("a name");
    }

    @Test
    void ipv6LiteralsAreReadWithoutALookup() {
        assertThat(ResolverNames.address("::1").filter(ResolverNames::isLocalAddress)).isPresent();
        assertThat(ResolverNames.address("fe80::1").filter(ResolverNames::isLocalAddress)).isPresent();
        assertThat(ResolverNames.address("::ffff:127.0.0.1").filter(ResolverNames::isLocalAddress)).isPresent();
        assertThat(ResolverNames.address("2001:db8::1").filter(ResolverNames::isLocalAddress)).isEmpty();
    }

    @Test
    void hostsFileLoopbackNamesAndTheLocalhostDomainAreLoopback() {
        for (String n : new String[] {"localhost", "LOCALHOST.", "ip6-localhost", "ip6-loopback", "localhost6",
                "localhost6.localdomain6", "localhost.localdomain", "local.projectcontour.io", "app.localhost"}) {
            assertThat(ResolverNames.isLoopbackName(n)).as(n).isTrue();
        }
        assertThat(ResolverNames.isLoopbackName("localhost.example.com")).isFalse();
        assertThat(ResolverNames.isLoopbackName("mylocalhost")).isFalse();
    }
}
