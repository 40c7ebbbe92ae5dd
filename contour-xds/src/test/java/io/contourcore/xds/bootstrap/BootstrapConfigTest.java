package io.contourcore.xds.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contourcore.xds.bootstrap.BootstrapConfig.DnsLookupFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BootstrapConfigTest {

    @Test
    void theDefaultsAreUpstreams() {
        BootstrapConfig c = BootstrapConfig.defaults();
        assertThat(c.adminAddress()).isEqualTo("/admin/admin.sock");
        assertThat(c.adminPort()).isEqualTo(9001);
        assertThat(c.adminAccessLogPath()).isEqualTo("/dev/null");
        assertThat(c.xdsAddress()).isEqualTo("127.0.0.1");
        assertThat(c.xdsPort()).isEqualTo(8001);
        assertThat(c.xdsResourceVersion()).isEqualTo("v3");
        assertThat(c.namespace()).isEqualTo("projectcontour");
        assertThat(c.dnsLookupFamily()).isEqualTo(DnsLookupFamily.AUTO);
        assertThat(c.resourcesDir()).isEmpty();
        assertThat(c.tls()).isFalse();
        assertThat(c.sdsFiles()).isFalse();
        assertThat(c.overloadMaxHeapBytes()).isZero();
        assertThat(c.overloadDownstreamMaxConnections()).isZero();
    }

    @Test
    void emptyAndZeroValuesMeanTheDefaultsAsUpstreamsGettersDo() {
        BootstrapConfig c = new BootstrapConfig("", 0, "", "", 0, null, null, null, null, null, null, null, 0, 0);
        assertThat(c).isEqualTo(BootstrapConfig.defaults());
    }

    @Test
    void anExplicitlyEmptyNamespaceStaysEmpty() {
        assertThat(BootstrapConfig.builder().namespace("").build().namespace()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1", "0.0.0.0", "::1", "::"})
    void anAdminAddressThatIsLocalhostOrAnIpIsRefused(String address) {
        assertThatThrownBy(() -> BootstrapConfig.builder().adminAddress(address).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--admin-address: invalid value \"" + address + "\", cannot be `localhost` or an ip address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"someaddr", "/var/run/envoy/admin.sock", "localhost:9001", "127.0.0.1:9001"})
    void anAdminAddressThatIsNeitherIsTakenAsASocketPath(String address) {
        assertThat(BootstrapConfig.builder().adminAddress(address).build().adminAddress()).isEqualTo(address);
    }

    @Test
    void onlyXdsResourceVersionV3Exists() {
        assertThatThrownBy(() -> BootstrapConfig.builder().xdsResourceVersion("v2").build())
                .hasMessage("--xds-resource-version: invalid xDS version \"v2\"");
        assertThatThrownBy(() -> BootstrapConfig.builder().xdsResourceVersion("").build())
                .hasMessage("--xds-resource-version: invalid xDS version \"\"");
    }

    @Test
    void aNegativeDownstreamConnectionLimitIsRefused() {
        assertThatThrownBy(() -> BootstrapConfig.builder().overloadDownstreamMaxConnections(-1).build())
                .hasMessage("--overload-downstream-max-conn: invalid value -1, cannot be < 0");
    }

    @Test
    void anXdsPortEnvoyWouldRefuseIsRefusedHere() {
        assertThatThrownBy(() -> BootstrapConfig.builder().xdsPort(65536).build())
                .hasMessage("--xds-port: invalid value 65536, must be between 1 and 65535");
        assertThatThrownBy(() -> BootstrapConfig.builder().xdsPort(-1).build()).hasMessageStartingWith("--xds-port:");
        assertThat(BootstrapConfig.builder().xdsPort(65535).build().xdsPort()).isEqualTo(65535);
    }

    @Test
    void theTlsFilesGoTogether() {
        String message = "you must supply all TLS parameters - \"--envoy-cafile\", \"--envoy-cert-file\", "
                + "\"--envoy-key-file\", or none of them";
        assertThatThrownBy(() -> BootstrapConfig.builder().envoyCaFile("ca").build()).hasMessage(message);
        assertThatThrownBy(() -> BootstrapConfig.builder().envoyCertFile("c").envoyKeyFile("k").build()).hasMessage(message);
        BootstrapConfig all = BootstrapConfig.builder().tls("ca", "c", "k").build();
        assertThat(all.tls()).isTrue();
        assertThat(all.sdsFiles()).isFalse();
        assertThat(BootstrapConfig.builder().tls("ca", "c", "k").resourcesDir("r").build().sdsFiles()).isTrue();
    }

    @Test
    void checksRunInUpstreamsOrder() {
        assertThatThrownBy(() -> BootstrapConfig.builder().xdsResourceVersion("v2").adminAddress("localhost")
                .overloadDownstreamMaxConnections(-1).envoyCaFile("ca").build())
                .hasMessageStartingWith("--xds-resource-version");
        assertThatThrownBy(() -> BootstrapConfig.builder().adminAddress("localhost")
                .overloadDownstreamMaxConnections(-1).envoyCaFile("ca").build())
                .hasMessageStartingWith("--admin-address");
        assertThatThrownBy(() -> BootstrapConfig.builder().overloadDownstreamMaxConnections(-1).envoyCaFile("ca").build())
                .hasMessageStartingWith("--overload-downstream-max-conn");
    }

    @Test
    void dnsLookupFamilyFlagValuesAreReadCaseSensitivelyAndUnknownOnesMeanAuto() {
        assertThat(DnsLookupFamily.parse("v4")).contains(DnsLookupFamily.V4);
        assertThat(DnsLookupFamily.parse("all")).contains(DnsLookupFamily.ALL);
        assertThat(DnsLookupFamily.parse("V4")).isEmpty();
        assertThat(DnsLookupFamily.fromFlag("V4")).isEqualTo(DnsLookupFamily.AUTO);
        assertThat(DnsLookupFamily.fromFlag("")).isEqualTo(DnsLookupFamily.AUTO);
        assertThat(DnsLookupFamily.fromFlag("v6")).isEqualTo(DnsLookupFamily.V6);
        assertThat(DnsLookupFamily.V6.flagValue()).isEqualTo("v6");
    }
}
