package io.contourcore.xds.translate;

import io.contourcore.dag.Dag;
import io.contourcore.xds.EnvoyNames;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the SDS Secrets for a DAG as upstream's {@code SecretCache}: one {@code tls_certificate} per distinct
 * serving, fallback or upstream client certificate, named {@code ns/name/<sha1(tls.crt)[:10]>}. CA bundles and
 * CRLs are not secrets: they are inlined into validation contexts.
 *
 * <pre>{@code
 * List<Secret> secrets = new SecretTranslator().translate(dag);
 * secrets.get(0).getName();   // "default/tls/0567f551af"
 * }</pre>
 */
public final class SecretTranslator {

    private final TranslationMemo memo;

    public SecretTranslator() {
        this(null);
    }

    /** A translator that takes the secret made from each unchanged DAG secret from {@code memo} (null: none). */
    public SecretTranslator(TranslationMemo memo) {
        this.memo = memo;
    }

    /** The secrets, deduplicated by name and sorted by name. */
    public List<Secret> translate(Dag dag) {
        return translate(dag, RouteClusters.of(dag));
    }

    /** As {@link #translate(Dag)}, from the route clusters already walked for this DAG. */
    public List<Secret> translate(Dag dag, RouteClusters walked) {
        Map<String, Secret> out = new LinkedHashMap<>();
        for (Dag.Secret s : DagWalk.secrets(dag, walked.segments())) {
            if (memo != null) {
                // The secret made from this very DAG secret last time (its name hashes the certificate, and its
                // bytes are copied): the same instance, which the engine's interning then finds at once.
                Secret made = memo.secrets.get(s, SecretTranslator::secret);
                out.putIfAbsent(made.getName(), made);
                continue;
            }
            String name = EnvoyNames.secretName(s);
            if (!out.containsKey(name)) { // first wins; most certificates are named many times
                out.put(name, secret(s));
            }
        }
        List<Secret> list = new ArrayList<>(out.values());
        list.sort(Comparator.comparing(Secret::getName));
        return list;
    }

    /** The SDS resource of one certificate and key. */
    public static Secret secret(Dag.Secret s) {
        return Secret.newBuilder()
                .setName(EnvoyNames.secretName(s))
                .setTlsCertificate(TlsCertificate.newBuilder()
                        .setPrivateKey(Protos.inlineBytes(s.privateKey().toArray()))
                        .setCertificateChain(Protos.inlineBytes(s.cert().toArray())))
                .build();
    }
}
