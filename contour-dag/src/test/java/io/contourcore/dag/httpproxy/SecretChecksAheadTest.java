package io.contourcore.dag.httpproxy;

import static io.contourcore.dag.httpproxy.ProxyFixtures.opaque;
import static io.contourcore.dag.httpproxy.ProxyFixtures.route;
import static io.contourcore.dag.httpproxy.ProxyFixtures.service;
import static io.contourcore.dag.httpproxy.ProxyFixtures.svc;
import static io.contourcore.dag.httpproxy.ProxyFixtures.tlsSecret;
import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.DagBuilder;
import io.contourcore.model.Bytes;
import io.contourcore.model.HTTPProxy;
import io.contourcore.model.K8sObject;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.Secret;
import io.contourcore.model.config.ContourConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** A build whose TLS Secrets are checked on another thread beside it is the build that checks them itself. */
class SecretChecksAheadTest {

    @Test
    void aBuildBesideItsSecretChecksIsTheSameBuild() {
        List<K8sObject> objects = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String ns = "team-" + (i % 7);
            objects.add(service(ns, "web-" + i, 80));
            String secret = "tls-" + i;
            // Valid, of another type, with a broken certificate, missing, or used by two proxies.
            switch (i % 5) {
                case 0, 4 -> objects.add(tlsSecret(ns, secret));
                case 1 -> objects.add(opaque(ns, secret, "tls.crt", "not a certificate"));
                case 2 -> objects.add(new Secret(ObjectMeta.of(ns, secret), Secret.TYPE_TLS,
                        Map.of(Secret.TLS_CERT, Bytes.utf8("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
                                Secret.TLS_KEY, Bytes.utf8("nope"))));
                default -> { }
            }
            String used = i % 5 == 4 ? "tls-" + (i - 4) : secret;
            objects.add(new HTTPProxy(ObjectMeta.of(ns, "proxy-" + i),
                    new HTTPProxy.Spec(HTTPProxy.VirtualHost.of("host-" + i + ".example.com", HTTPProxy.Tls.secret(used)),
                            List.of(route("/", svc("web-" + i, 80))), null, List.of(), "")));
        }
        ResourceSet resources = ResourceSet.of(objects);
        BuildResult alone = DagBuilder.build(resources, ContourConfig.DEFAULTS);
        assertThat(alone.status().problems()).as("some Secrets are unusable").isNotEmpty();
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            for (int run = 0; run < 5; run++) {
                BuildResult beside = DagBuilder.build(resources, ContourConfig.DEFAULTS, pool);
                assertThat(beside.dag()).isEqualTo(alone.dag());
                assertThat(beside.status().statuses()).isEqualTo(alone.status().statuses());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
