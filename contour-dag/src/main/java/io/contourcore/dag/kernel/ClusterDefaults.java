package io.contourcore.dag.kernel;

import io.contourcore.dag.Dag;
import io.contourcore.model.Timeout;
import io.contourcore.model.config.ContourConfig;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What the configuration gives every cluster a source builds, as upstream's {@code contour serve} hands it to each
 * processor: upstream TLS (versions and Contour's cipher list), the connect timeout and the global circuit breakers.
 *
 * <pre>{@code
 * Dag.UpstreamTls tls = ClusterDefaults.upstreamTls(config);    // 1.2 to 1.3, Contour's four cipher groups
 * Dag.Service s = ClusterDefaults.withGlobalCircuitBreakers(svc, config);
 * }</pre>
 */
public final class ClusterDefaults {

    private ClusterDefaults() {}

    /** Upstream's default upstream cipher list ({@code config.DefaultTLSCiphers}). */
    public static final List<String> DEFAULT_TLS_CIPHERS = List.of(
            "[ECDHE-ECDSA-AES128-GCM-SHA256|ECDHE-ECDSA-CHACHA20-POLY1305]",
            "[ECDHE-RSA-AES128-GCM-SHA256|ECDHE-RSA-CHACHA20-POLY1305]",
            "ECDHE-ECDSA-AES256-GCM-SHA384",
            "ECDHE-RSA-AES256-GCM-SHA384");

    /** Upstream TLS: versions default to 1.2 and 1.3, ciphers to {@link #sanitizedCipherSuites}. */
    public static Dag.UpstreamTls upstreamTls(ContourConfig config) {
        ContourConfig.ClusterSettings c = config.cluster();
        return new Dag.UpstreamTls(tlsVersion(c.upstreamTlsMinimumProtocolVersion(), "1.2"),
                tlsVersion(c.upstreamTlsMaximumProtocolVersion(), "1.3"), sanitizedCipherSuites(c.upstreamTlsCipherSuites()),
                List.of());
    }

    /** Upstream's {@code SanitizedCipherSuites}: the default list when empty, otherwise de-duplicated in order. */
    public static List<String> sanitizedCipherSuites(List<String> configured) {
        return configured.isEmpty() ? DEFAULT_TLS_CIPHERS : List.copyOf(new LinkedHashSet<>(configured));
    }

    /** Upstream's {@code annotation.TLSVersion}: "1.2" or "1.3", anything else is {@code def}. */
    public static String tlsVersion(String v, String def) {
        return v.equals("1.2") || v.equals("1.3") ? v : def;
    }

    /** The configured connect timeout; zero (Envoy's default) when unset or disabled. */
    public static Duration connectTimeout(ContourConfig config) {
        Timeout t = config.timeouts().connectTimeout();
        return t.kind() == Timeout.Kind.DURATION ? t.duration() : Duration.ZERO;
    }

    /** Upstream's {@code serviceCircuitBreakerPolicy}: global defaults fill the thresholds the Service left unset. */
    public static Dag.Service withGlobalCircuitBreakers(Dag.Service s, ContourConfig config) {
        ContourConfig.CircuitBreakers g = config.cluster().circuitBreakers();
        Dag.CircuitBreakers c = s.circuitBreakers();
        Dag.CircuitBreakers merged = new Dag.CircuitBreakers(
                c.maxConnections() == 0 ? g.maxConnections() : c.maxConnections(),
                c.maxPendingRequests() == 0 ? g.maxPendingRequests() : c.maxPendingRequests(),
                c.maxRequests() == 0 ? g.maxRequests() : c.maxRequests(),
                c.maxRetries() == 0 ? g.maxRetries() : c.maxRetries(),
                c.perHostMaxConnections() == 0 ? g.perHostMaxConnections() : c.perHostMaxConnections());
        return merged.equals(c) ? s : new Dag.Service(s.weighted(), s.protocol(), merged, s.externalName());
    }
}
