package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contourcore.model.yaml.ManifestLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The core kinds' field trees the loader applies are the Kubernetes API types', neither more nor fewer. */
class KubernetesApiFieldsTest {

    @Test
    void theKubernetesFieldsDataFileEqualsWhatTheKubernetesApiTypesSay() throws IOException {
        JsonNode fromApi = KubernetesApiFieldsGenerator.extract();
        if (Boolean.getBoolean("api.fields.update")) {
            Files.writeString(KubernetesApiFieldsGenerator.DATA_FILE, KubernetesApiFieldsGenerator.text(fromApi),
                    StandardCharsets.UTF_8);
        }
        try (InputStream in = ManifestLoader.class.getResourceAsStream("kubernetes-api-fields.json")) {
            assertThat(in).as("the data resource").isNotNull();
            assertThat(new ObjectMapper().readTree(in)).isEqualTo(fromApi);
        }
    }

    @Test
    void objectMetaHasEveryFieldTheApiServerKeepsIncludingBookkeeping() {
        JsonNode meta = KubernetesApiFieldsGenerator.extract().path("objectMeta").path("properties");
        for (String f : new String[] {"name", "namespace", "labels", "annotations", "uid", "resourceVersion",
                "generation", "creationTimestamp", "deletionTimestamp", "finalizers", "ownerReferences",
                "managedFields", "generateName", "selfLink", "deletionGracePeriodSeconds"}) {
            assertThat(meta.has(f)).as(f).isTrue();
        }
        // managedFields[].fieldsV1 is free-form JSON: anything below it is allowed.
        assertThat(meta.path("managedFields").path("items").path("properties").path("fieldsV1")
                .path("x-kubernetes-preserve-unknown-fields").asBoolean()).isTrue();
    }
}
