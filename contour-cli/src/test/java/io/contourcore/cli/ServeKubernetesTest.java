package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.model.Kind;
import io.contourcore.xds.XdsResources;
import io.contourcore.serve.Metrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code contour serve --kubeconfig} against fabric8's mock API server in CRUD mode. */
@Timeout(120)
@EnableKubernetesMockClient(crud = true, https = false)
class ServeKubernetesTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    @TempDir
    Path tmp;

    static final Duration WAIT = Duration.ofSeconds(30);

    Path kubeconfig() throws Exception {
        return MockCluster.kubeconfig(tmp, client);
    }

    static void apply(String yaml) {
        MockCluster.apply(client, yaml);
    }

    static ResourceDefinitionContext context(Kind kind) {
        return KubernetesSource.context(kind);
    }

    @Test
    void theClusterIsServedAsRenderPrintsTheSameManifestsAndChangesFollow() throws Exception {
        Path manifests = Files.createDirectories(tmp.resolve("in"));
        String quickstart = Files.readString(ServeCommandTest.root().resolve("testdata/examples/quickstart.yaml"));
        Files.writeString(manifests.resolve("quickstart.yaml"), quickstart);
        apply(quickstart);

        try (ServeHarness serve = ServeHarness.start("--kubeconfig", kubeconfig().toString(), "--xds-port", "0",
                "--http-port", "0");
             AdsTestClient ads = new AdsTestClient(serve.running.xdsPort())) {
            XdsResources got = ads.await(r -> !r.listeners().isEmpty(), WAIT);
            assertThat(ServeCommandTest.json(got)).isEqualTo(ServeCommandTest.rendered(manifests));

            // A new object in the cluster reaches Envoy, exactly as the same file would render.
            apply(ServeCommandTest.EXTRA);
            Files.writeString(manifests.resolve("extra.yaml"), ServeCommandTest.EXTRA);
            XdsResources more = ads.await(r -> ServeCommandTest.json(r).contains("extra.example.com"), WAIT);
            assertThat(ServeCommandTest.json(more)).isEqualTo(ServeCommandTest.rendered(manifests));

            // A deletion goes too.
            client.genericKubernetesResources(context(Kind.INGRESS)).inNamespace("default").withName("extra")
                    .delete();
            XdsResources fewer = ads.await(r -> !ServeCommandTest.json(r).contains("extra.example.com"), WAIT);
            Files.delete(manifests.resolve("extra.yaml"));
            assertThat(ServeCommandTest.json(fewer)).isEqualTo(ServeCommandTest.rendered(manifests));
            assertThat(serve.running.metrics().value(Metrics.RELOAD_FAILURES_TOTAL, Map.of())).isZero();

            // A bad object: reported by name, counted, and the last good configuration keeps serving.
            long good = serve.running.xds().version();
            apply("""
                    apiVersion: v1
                    kind: Service
                    metadata: {name: broken, namespace: default}
                    spec:
                      ports: [{name: http, port: 70000}]
                    """);
            Metrics metrics = serve.running.metrics();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (metrics.value(Metrics.RELOAD_FAILURES_TOTAL, Map.of()) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(metrics.value(Metrics.RELOAD_FAILURES_TOTAL, Map.of())).isEqualTo(1);
            assertThat(serve.err()).contains("cluster:Service default/broken:")
                    .contains("still serving version " + good);
            assertThat(serve.running.xds().version()).isEqualTo(good);
            assertThat(ServeCommandTest.json(ads.resources())).isEqualTo(ServeCommandTest.json(fewer));

            // Removing it lets the next build through again.
            client.genericKubernetesResources(context(Kind.SERVICE)).inNamespace("default").withName("broken")
                    .delete();
            int failedAt = serve.err().lastIndexOf("still serving version");
            deadline = System.nanoTime() + WAIT.toNanos();
            while (!serve.err().substring(failedAt).contains("reloaded (the cluster's objects changed)")
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(serve.err().substring(failedAt))
                    .contains("reloaded (the cluster's objects changed); the configuration is unchanged (version "
                            + good + ")");
            assertThat(metrics.value(Metrics.RELOAD_FAILURES_TOTAL, Map.of())).isEqualTo(1);
            assertThat(serve.stop()).isZero();
        }
    }

    @Test
    void pathsAndAKubeconfigTogetherAreRefused() throws Exception {
        ServeHarness.Failed run = ServeHarness.startExpectingExit("x.yaml", "--kubeconfig", kubeconfig().toString(),
                "--xds-port", "0", "--http-port", "0");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("not both");
    }

    @Test
    void aMissingKubeconfigIsBadInput() throws Exception {
        ServeHarness.Failed run = ServeHarness.startExpectingExit("--kubeconfig", tmp.resolve("absent").toString(),
                "--xds-port", "0", "--http-port", "0");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("cannot read --kubeconfig " + tmp.resolve("absent") + ": no such file");
    }

    @Test
    void pluralsAreTheApiServersResourceNames() {
        assertThat(KubernetesSource.plural(Kind.INGRESS)).isEqualTo("ingresses");
        assertThat(KubernetesSource.plural(Kind.ENDPOINTS)).isEqualTo("endpoints");
        assertThat(KubernetesSource.plural(Kind.HTTP_PROXY)).isEqualTo("httpproxies");
        assertThat(KubernetesSource.plural(Kind.BACKEND_TLS_POLICY)).isEqualTo("backendtlspolicies");
        assertThat(KubernetesSource.plural(Kind.INGRESS_CLASS)).isEqualTo("ingressclasses");
        assertThat(KubernetesSource.plural(Kind.ENDPOINT_SLICE)).isEqualTo("endpointslices");
        assertThat(KubernetesSource.plural(Kind.GATEWAY)).isEqualTo("gateways");
    }
}
