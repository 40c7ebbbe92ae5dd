package io.contourcore.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contourcore.model.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The field trees the loader applies are the CRDs' own: Contour v1.33's and the IngressRoute era's. */
class ApiFieldsDataTest {

    @Test
    void theContourFieldsDataFileEqualsWhatTheCrdsInTheCorpusSay() throws IOException {
        assumeTrue(Files.isRegularFile(ContourCrdFieldsGenerator.CONTOUR_CRDS)
                        && Files.isRegularFile(ContourCrdFieldsGenerator.INGRESSROUTE_CRDS),
                "../shared/corpus is absent: the field trees cannot be compared with the CRDs");
        JsonNode fromCrds = ContourCrdFieldsGenerator.extract(ContourCrdFieldsGenerator.CONTOUR_CRDS,
                ContourCrdFieldsGenerator.INGRESSROUTE_CRDS);
        if (Boolean.getBoolean("api.fields.update")) {
            Files.writeString(ContourCrdFieldsGenerator.DATA_FILE, ContourCrdFieldsGenerator.text(fromCrds), StandardCharsets.UTF_8);
        }
        assertThat(shipped(ApiFields.CONTOUR_RESOURCE)).isEqualTo(fromCrds);
    }

    @Test
    void everyKindWeReadHasAFieldTreeForEveryVersionWeRead() {
        for (Kind k : Kind.values()) {
            for (String v : k.versions()) {
                assertThat(ApiFields.of(k, v)).as(k + " " + v).isNotNull();
            }
        }
    }

    @Test
    void theTreesHoldTheFieldsTheCrdsName() {
        ApiFields.Shape proxy = ApiFields.of(Kind.HTTP_PROXY, "v1");
        ApiFields.Shape route = proxy.properties().get("spec").properties().get("routes").items();
        assertThat(route.properties()).containsKeys("retryPolicy", "services", "conditions", "timeoutPolicy");
        assertThat(proxy.properties()).doesNotContainKeys("metadata", "status");
        assertThat(ApiFields.of(Kind.INGRESS_ROUTE, "v1beta1").properties().get("spec").properties())
                .containsKeys("virtualhost", "routes", "tcpproxy");
    }

    private static JsonNode shipped(String resource) throws IOException {
        try (InputStream in = ApiFields.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }
}
