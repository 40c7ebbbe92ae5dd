package io.contourcore.dag.httpproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.Dag;
import io.contourcore.dag.DagBuilder;
import io.contourcore.model.HTTPProxy;
import io.contourcore.model.K8sObject;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.TLSCertificateDelegation;
import io.contourcore.model.config.ContourConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random worlds of namespaces, Secrets, delegations, Services and HTTPProxies: no namespace ever reaches a
 * Secret or Service of another without a delegation, and the order objects arrive in never changes the result.
 */
class HTTPProxyPropertyTest {

    private static final List<String> NAMESPACES = List.of("a", "b", "c", "d");
    private static final int WORLDS = 100;

    private record World(List<K8sObject> objects, Map<String, String> fqdnOwner) {}

    private static String pick(Random r, List<String> from) {
        return from.get(r.nextInt(from.size()));
    }

    private static World world(Random r) {
        List<K8sObject> objects = new ArrayList<>();
        Map<String, String> owner = new HashMap<>();
        for (String ns : NAMESPACES) {
            for (int i = 0; i < 2; i++) {
                if (r.nextBoolean()) {
                    objects.add(ProxyFixtures.tlsSecret(ns, "tls" + i));
                }
                if (r.nextBoolean()) {
                    objects.add(ProxyFixtures.caSecret(ns, "ca" + i));
                }
                if (r.nextBoolean()) {
                    objects.add(ProxyFixtures.service(ns, "svc" + i, 80));
                }
            }
            if (r.nextInt(3) == 0) {
                List<TLSCertificateDelegation.Delegation> ds = new ArrayList<>();
                for (String secret : List.of("tls0", "tls1", "ca0", "ca1")) {
                    if (r.nextBoolean()) {
                        ds.add(new TLSCertificateDelegation.Delegation(secret, r.nextInt(4) == 0 ? List.of("*")
                                : List.of(pick(r, NAMESPACES))));
                    }
                }
                objects.add(new TLSCertificateDelegation(io.contourcore.model.ObjectMeta.of(ns, "delegate"), ds));
            }
        }
        int proxies = 1 + r.nextInt(6);
        for (int i = 0; i < proxies; i++) {
            String ns = pick(r, NAMESPACES);
            String fqdn = "host" + i + ".example.com";
            String secret = (r.nextBoolean() ? pick(r, NAMESPACES) + "/" : "") + "tls" + r.nextInt(2);
            String ca = (r.nextBoolean() ? pick(r, NAMESPACES) + "/" : "") + "ca" + r.nextInt(2);
            HTTPProxy.DownstreamValidation cv = r.nextBoolean() ? null
                    : new HTTPProxy.DownstreamValidation(ca, false, null, "", false, false);
            HTTPProxy.Tls tls = r.nextInt(4) == 0 ? null : new HTTPProxy.Tls(secret, "", "", false, cv, false);
            HTTPProxy.Service upstream = new HTTPProxy.Service("svc" + r.nextInt(2), 80, 0, r.nextBoolean() ? "tls" : null, 0,
                    r.nextBoolean() ? new HTTPProxy.UpstreamValidation(ca, "backend", List.of()) : null, false, null, null,
                    List.of(), null);
            List<HTTPProxy.Include> includes = new ArrayList<>();
            if (r.nextBoolean()) {
                String childNs = pick(r, NAMESPACES);
                String childName = "child" + i;
                includes.add(new HTTPProxy.Include(childName, childNs, List.of(HTTPProxy.MatchCondition.prefix("/c"))));
                objects.add(ProxyFixtures.child(childNs, childName,
                        ProxyFixtures.route("/", HTTPProxy.Service.of("svc" + r.nextInt(2), 80))));
            }
            objects.add(ProxyFixtures.root(ns, "proxy" + i, HTTPProxy.VirtualHost.of(fqdn, tls),
                    List.of(ProxyFixtures.route("/", upstream)), includes, null));
            owner.put(fqdn, ns);
        }
        return new World(dedupe(objects), owner);
    }

    private static List<K8sObject> dedupe(List<K8sObject> objects) {
        Map<io.contourcore.model.ObjectRef, K8sObject> byRef = new java.util.LinkedHashMap<>();
        objects.forEach(o -> byRef.putIfAbsent(o.ref(), o));
        return new ArrayList<>(byRef.values());
    }

    private static boolean delegated(List<K8sObject> objects, String secretNs, String secretName, String target) {
        if (secretNs.equals(target)) {
            return true;
        }
        for (K8sObject o : objects) {
            if (o instanceof TLSCertificateDelegation d && d.namespace().equals(secretNs)) {
                for (TLSCertificateDelegation.Delegation del : d.delegations()) {
                    boolean all = del.targetNamespaces().equals(List.of("*"));
                    if (del.secretName().equals(secretName) && (all || del.targetNamespaces().contains(target))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Test
    void noNamespaceReachesAnotherNamespacesSecretOrServiceWithoutDelegation() {
        Random random = new Random(20261122L);
        int secureHostsSeen = 0;
        int crossNamespaceSecretsSeen = 0;
        for (int w = 0; w < WORLDS; w++) {
            World world = world(random);
            BuildResult r = DagBuilder.build(ResourceSet.of(world.objects()), ContourConfig.DEFAULTS);
            for (Dag.Listener l : r.dag().listeners()) {
                for (Dag.VirtualHost vh : l.virtualHosts()) {
                    for (Dag.Route route : vh.routes()) {
                        for (Dag.Cluster c : route.clusters()) {
                            assertThat(c.upstream().namespace()).as("service of %s", route.source()).isEqualTo(route.source().namespace());
                            if (c.upstreamValidation() != null) {
                                for (Dag.Secret ca : c.upstreamValidation().caCertificates()) {
                                    assertThat(delegated(world.objects(), ca.namespace(), ca.name(), route.source().namespace())).isTrue();
                                }
                            }
                        }
                    }
                }
                for (Dag.SecureVirtualHost svh : l.secureVirtualHosts()) {
                    secureHostsSeen++;
                    String ownerNs = world.fqdnOwner().get(svh.name());
                    Dag.Secret s = svh.secret();
                    assertThat(delegated(world.objects(), s.namespace(), s.name(), ownerNs))
                            .as("secret %s on %s owned by %s", s.ref(), svh.name(), ownerNs).isTrue();
                    if (!s.namespace().equals(ownerNs)) {
                        crossNamespaceSecretsSeen++;
                    }
                    if (svh.downstreamValidation() != null) {
                        for (Dag.Secret ca : svh.downstreamValidation().caCertificates()) {
                            assertThat(delegated(world.objects(), ca.namespace(), ca.name(), ownerNs)).isTrue();
                        }
                    }
                }
            }
        }
        // the generator must actually exercise both paths, or the property says nothing
        assertThat(secureHostsSeen).isGreaterThan(20);
        assertThat(crossNamespaceSecretsSeen).isGreaterThan(0);
    }

    @Test
    void shuffledInputGivesAnEqualDagAndEqualStatuses() {
        Random random = new Random(7L);
        for (int w = 0; w < 40; w++) {
            World world = world(random);
            BuildResult first = DagBuilder.build(ResourceSet.of(world.objects()), ContourConfig.DEFAULTS);
            List<K8sObject> shuffled = new ArrayList<>(world.objects());
            Collections.shuffle(shuffled, random);
            BuildResult second = DagBuilder.build(ResourceSet.of(shuffled), ContourConfig.DEFAULTS);
            assertThat(second.dag()).isEqualTo(first.dag());
            assertThat(second.status().all()).isEqualTo(first.status().all());
        }
    }
}
