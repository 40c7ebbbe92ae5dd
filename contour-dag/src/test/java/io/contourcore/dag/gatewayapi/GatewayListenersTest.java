package io.contourcore.dag.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.model.Gateway;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayListenersTest {

    static Gateway.Listener listener(String name, String protocol, int port, String hostname) {
        return new Gateway.Listener(name, hostname, port, protocol, null, null);
    }

    @Test
    void aGatewayPortIsServedEightThousandHigherWrappingPastTheLastPortAndSkippingPrivilegedOnes() {
        assertThat(GatewayListeners.toContainerPort(80)).isEqualTo(8080);
        assertThat(GatewayListeners.toContainerPort(443)).isEqualTo(8443);
        assertThat(GatewayListeners.toContainerPort(57535)).isEqualTo(65535);
        assertThat(GatewayListeners.toContainerPort(57536)).isEqualTo(1024);
        assertThat(GatewayListeners.toContainerPort(58558)).isEqualTo(2046);
        assertThat(GatewayListeners.toContainerPort(58559)).isEqualTo(1024);
        assertThat(GatewayListeners.toContainerPort(65535)).isEqualTo(8000);
    }

    @Test
    void listenersOnOnePortShareOneDagListenerNamedByProtocolAndPort() {
        GatewayListeners.Validation v = GatewayListeners.validate(List.of(
                listener("a", "HTTP", 80, "a.example.com"),
                listener("b", "HTTP", 80, "b.example.com"),
                listener("tls", "HTTPS", 443, ""),
                listener("contour-tls", "projectcontour.io/https", 443, "c.example.com"),
                listener("db", "TCP", 5432, "")));
        assertThat(v.invalid()).isEmpty();
        assertThat(v.dagListenerNames()).containsEntry("a", "http-80").containsEntry("b", "http-80")
                .containsEntry("tls", "https-443").containsEntry("contour-tls", "https-443").containsEntry("db", "tcp-5432");
        assertThat(v.ports()).extracting(GatewayListeners.Port::name).containsExactly("http-80", "https-443", "tcp-5432");
        assertThat(v.ports()).extracting(GatewayListeners.Port::containerPort).containsExactly(8080, 8443, 13432);
    }

    @Test
    void theLaterOfTwoConflictingListenersIsTheInvalidOne() {
        GatewayListeners.Validation v = GatewayListeners.validate(List.of(
                listener("http", "HTTP", 80, ""),
                listener("tls-on-80", "HTTPS", 80, "x.example.com"),
                listener("https", "HTTPS", 443, "x.example.com"),
                listener("tls", "TLS", 443, "x.example.com"),
                listener("low", "HTTP", 57536, ""),
                listener("clash", "HTTP", 58559, ""),
                listener("udp", "UDP", 53, "")));
        assertThat(v.invalid()).containsOnlyKeys("tls-on-80", "tls", "clash", "udp");
        assertThat(v.invalid().get("tls-on-80").reason()).isEqualTo("ProtocolConflict");
        assertThat(v.invalid().get("tls").reason()).isEqualTo("HostnameConflict");
        assertThat(v.invalid().get("clash").reason()).isEqualTo("PortUnavailable");
        assertThat(v.invalid().get("udp").message())
                .isEqualTo("Listener protocol \"UDP\" is unsupported, must be one of HTTP, HTTPS, TLS, TCP or projectcontour.io/https");
        assertThat(v.dagListenerNames()).containsOnlyKeys("http", "https", "low");
    }

    @Test
    void hostnamesAreCheckedWithUpstreamsMessages() {
        assertThat(GatewayListeners.hostnameError("www.example.com")).isNull();
        assertThat(GatewayListeners.hostnameError("*.example.com")).isNull();
        assertThat(GatewayListeners.hostnameError("1.2.3.4"))
                .isEqualTo("invalid hostname \"1.2.3.4\": must be a DNS name, not an IP address");
        assertThat(GatewayListeners.hostnameError("*.*.projectcontour.io")).isEqualTo("invalid hostname \"*.*.projectcontour.io\": "
                + "[a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of "
                + "lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', "
                + "regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')]");
        assertThat(GatewayListeners.hostnameError("#projectcontour.io")).isEqualTo("invalid hostname \"#projectcontour.io\": "
                + "[a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
                + "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
                + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')]");
    }
}
