package io.contourcore.dag.kernel;

import io.contourcore.model.Kind;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.Secret;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Which Secrets can serve TLS ({@link SecretValidation#tlsSecretError}), decided once per Secret for one build and
 * shared between threads. Parsing every certificate and key is the costly part of looking a Secret up (about 0.1 s
 * of a cold 10k-object build, most of it the first use of the JDK's certificate and key factories) and does not
 * depend on the DAG, so a large build checks every TLS Secret on another thread while its own thread builds; the
 * build's lookups take the answers found so far and check the rest themselves. An answer is the same whoever finds
 * it, so the build is too.
 *
 * <pre>{@code
 * SecretChecks checks = new SecretChecks();
 * // on another thread:  checks.checkTlsAhead(resources, built::get);
 * BuildContext ctx = new BuildContext(resources, config, checks);
 * }</pre>
 */
public final class SecretChecks {

    /** Keyed {@code namespace/name}, as {@link BuildContext} looks Secrets up. */
    private final Map<String, Optional<String>> tls = new ConcurrentHashMap<>();

    /**
     * Checks each Secret of type {@code kubernetes.io/tls} in {@code resources} as a serving certificate, in the
     * objects' order, until {@code done} holds (the build finished: what is left would go unused).
     */
    public void checkTlsAhead(ResourceSet resources, BooleanSupplier done) {
        for (Secret s : resources.all(Kind.SECRET, Secret.class)) {
            if (done.getAsBoolean()) {
                return;
            }
            if (Secret.TYPE_TLS.equals(s.type())) {
                tls.computeIfAbsent(s.namespace() + "/" + s.name(), k -> SecretValidation.tlsSecretError(s));
            }
        }
    }

    /** The memo {@link BuildContext} looks TLS Secrets up in. */
    Map<String, Optional<String>> tls() {
        return tls;
    }
}
