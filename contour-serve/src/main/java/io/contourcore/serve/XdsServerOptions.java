package io.contourcore.serve;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How {@link XdsServer} listens and publishes. Defaults follow upstream's {@code serve} flags where it has them
 * ({@code 127.0.0.1:8001}, insecure unless TLS files are given).
 *
 * <pre>{@code
 * XdsServerOptions options = XdsServerOptions.defaults().withPort(0).withTls(ServerTls.fromFlags(ca, cert, key));
 * }</pre>
 *
 * @param address         bind address
 * @param port            bind port; 0 picks a free one
 * @param maxMessageBytes largest gRPC message accepted or sent (large configs exceed gRPC's 4 MiB default)
 * @param tls             mutual TLS settings; empty serves plaintext
 * @param settleTimeout   how long a make-before-break step waits for connected clients to acknowledge the resources
 *                        it added before the next step goes out; a client that does not answer in time is logged and
 *                        the update proceeds
 * @param staticClusters  cluster names Envoy gets from its bootstrap rather than CDS, so resources may reference them
 *                        (upstream's bootstrap defines {@code contour} and {@code envoy-admin})
 */
public record XdsServerOptions(
        String address, int port, int maxMessageBytes, Optional<ServerTls> tls, Duration settleTimeout,
        Set<String> staticClusters) {

    /** Upstream's default xDS address. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1";
    /** Upstream's default xDS port. */
    public static final int DEFAULT_PORT = 8001;
    /** Default message size limit: 32 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

    public XdsServerOptions {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxMessageBytes < 1024 * 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1 MiB: " + maxMessageBytes);
        }
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(settleTimeout, "settleTimeout");
        if (settleTimeout.isNegative()) {
            throw new IllegalArgumentException("settleTimeout must not be negative: " + settleTimeout);
        }
        staticClusters = Set.copyOf(staticClusters);
    }

    /** {@code 127.0.0.1:8001}, 32 MiB messages, plaintext, 5 s settle timeout, upstream's bootstrap clusters. */
    public static XdsServerOptions defaults() {
        return new XdsServerOptions(DEFAULT_ADDRESS, DEFAULT_PORT, DEFAULT_MAX_MESSAGE_BYTES, Optional.empty(),
                Duration.ofSeconds(5), Set.of("contour", "envoy-admin"));
    }

    public XdsServerOptions withAddress(String address) {
        return new XdsServerOptions(address, port, maxMessageBytes, tls, settleTimeout, staticClusters);
    }

    public XdsServerOptions withPort(int port) {
        return new XdsServerOptions(address, port, maxMessageBytes, tls, settleTimeout, staticClusters);
    }

    public XdsServerOptions withMaxMessageBytes(int maxMessageBytes) {
        return new XdsServerOptions(address, port, maxMessageBytes, tls, settleTimeout, staticClusters);
    }

    public XdsServerOptions withTls(Optional<ServerTls> tls) {
        return new XdsServerOptions(address, port, maxMessageBytes, tls, settleTimeout, staticClusters);
    }

    public XdsServerOptions withSettleTimeout(Duration settleTimeout) {
        return new XdsServerOptions(address, port, maxMessageBytes, tls, settleTimeout, staticClusters);
    }

    public XdsServerOptions withStaticClusters(Set<String> staticClusters) {
        return new XdsServerOptions(address, port, maxMessageBytes, tls, settleTimeout, staticClusters);
    }
}
