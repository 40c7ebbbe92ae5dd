package io.contourcore.serve;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS for the xDS gRPC server, as upstream's {@code serve} flags {@code --contour-cafile},
 * {@code --contour-cert-file} and {@code --contour-key-file}: the server presents {@code certFile}/{@code keyFile},
 * requires and verifies a client certificate signed by {@code caFile} (mutual TLS), and speaks TLS 1.3 only. The
 * files are re-read every {@code reloadInterval}, so rotated certificates are picked up without a restart (upstream
 * re-reads them at every handshake).
 *
 * <pre>{@code
 * Optional<ServerTls> tls = ServerTls.fromFlags(caFile, certFile, keyFile); // empty: insecure
 * XdsServer.start(XdsServerOptions.defaults().withTls(tls), metrics);
 * }</pre>
 */
public record ServerTls(Path caFile, Path certFile, Path keyFile, Duration reloadInterval) {

    /** How often certificate files are re-read by default. */
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofMinutes(1);

    public ServerTls {
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        if (reloadInterval.isNegative() || reloadInterval.isZero()) {
            throw new IllegalArgumentException("reloadInterval must be positive: " + reloadInterval);
        }
    }

    /**
     * The TLS settings from the three flags: all absent means insecure (empty), all present means mutual TLS, and
     * anything else is refused with upstream's message.
     *
     * @throws IllegalArgumentException when only some of the three are given
     */
    public static Optional<ServerTls> fromFlags(Path caFile, Path certFile, Path keyFile) {
        if (caFile == null && certFile == null && keyFile == null) {
            return Optional.empty();
        }
        if (caFile == null || certFile == null || keyFile == null) {
            throw new IllegalArgumentException("you must supply all three TLS parameters - --contour-cafile, "
                    + "--contour-cert-file, --contour-key-file, or none of them");
        }
        return Optional.of(new ServerTls(caFile, certFile, keyFile, DEFAULT_RELOAD_INTERVAL));
    }
}
