package io.contourcore.cli;

import io.contourcore.model.Kind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the serve tests do to fabric8's mock API server: a kubeconfig naming it, and manifests applied to it. */
final class MockCluster {

    private MockCluster() {
    }

    /** A kubeconfig in {@code dir} for the mock server {@code client} talks to. */
    static Path kubeconfig(Path dir, KubernetesClient client) throws IOException {
        return Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "%s"}
                users:
                - name: test
                  user: {token: test}
                contexts:
                - name: mock
                  context: {cluster: mock, user: test, namespace: default}
                current-context: mock
                """.formatted(client.getMasterUrl().toString()));
    }

    /** Creates (or updates) every object of a manifest file, through the generic API as kubectl would. */
    static void apply(KubernetesClient client, String yaml) {
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.isBlank()) {
                continue;
            }
            GenericKubernetesResource o = client.getKubernetesSerialization().unmarshal(doc,
                    GenericKubernetesResource.class);
            Kind kind = Kind.lookup(o.getApiVersion(), o.getKind()).orElseThrow();
            var all = client.genericKubernetesResources(KubernetesSource.context(kind));
            (kind.clusterScoped() ? all : all.inNamespace(o.getMetadata().getNamespace()))
                    .resource(o).createOr(existing -> existing.update());
        }
    }
}
