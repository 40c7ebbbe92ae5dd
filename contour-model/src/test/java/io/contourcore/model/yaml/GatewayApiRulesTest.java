package io.contourcore.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The admission rules the product applies are the Gateway API v1.3.0 CRDs' rules, neither more nor fewer. */
class GatewayApiRulesTest {

    @Test
    void theRulesDataFileEqualsWhatTheCrdsInTheCorpusSay() throws IOException {
        assumeTrue(Files.isDirectory(GatewayApiRulesGenerator.CORPUS_CRDS),
                "../shared/corpus/gateway-api-v1.3.0/crds is absent: the rules cannot be compared with the CRDs");
        JsonNode fromCrds = GatewayApiRulesGenerator.extract(GatewayApiRulesGenerator.CORPUS_CRDS);
        if (Boolean.getBoolean("gateway.rules.update")) {
            Files.writeString(GatewayApiRulesGenerator.RULES_FILE, GatewayApiRulesGenerator.text(fromCrds), StandardCharsets.UTF_8);
        }
        assertThat(shipped()).isEqualTo(fromCrds);
    }

    @Test
    void everyCelRuleAndMessageOfTheCrdsIsInTheDataFile() throws IOException {
        assumeTrue(Files.isDirectory(GatewayApiRulesGenerator.CORPUS_CRDS),
                "../shared/corpus/gateway-api-v1.3.0/crds is absent: the rules cannot be compared with the CRDs");
        List<String> inCrds = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        // In file-name order, as the generator reads them.
        for (String file : List.of("backendtlspolicies", "gatewayclasses", "gateways", "grpcroutes", "httproutes",
                "referencegrants", "tcproutes", "tlsroutes")) {
            JsonNode crd = yaml.readTree(GatewayApiRulesGenerator.CORPUS_CRDS
                    .resolve("gateway.networking.k8s.io_" + file + ".yaml").toFile());
            // One served version per distinct schema, as the data file stores them.
            JsonNode spec = crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema")
                    .path("properties").path("spec");
            rules(spec, inCrds);
        }
        List<String> shipped = new ArrayList<>();
        for (JsonNode k : shipped().path("kinds")) {
            rules(k.path("spec"), shipped);
        }
        assertThat(inCrds).hasSizeGreaterThan(140);
        assertThat(shipped).containsExactlyElementsOf(inCrds);
    }

    @Test
    void everyCelRuleOfTheDataFileParsesAndPlans() throws IOException {
        List<String> all = new ArrayList<>();
        for (JsonNode k : shipped().path("kinds")) {
            rules(k.path("spec"), all);
        }
        for (String r : all) {
            String text = r.substring(0, r.indexOf(" => "));
            assertThat(GatewayAdmission.Cel.plan(text)).as(text).isNotNull();
        }
    }

    private static JsonNode shipped() throws IOException {
        try (InputStream in = GatewayAdmission.class.getResourceAsStream(GatewayAdmission.RULES_RESOURCE)) {
            assertThat(in).as("the rules resource").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    /** Every {@code rule => message} below a schema, in document order. */
    private static void rules(JsonNode schema, List<String> out) {
        if (schema.isObject()) {
            for (JsonNode v : schema.path("x-kubernetes-validations")) {
                out.add(v.path("rule").asText() + " => " + v.path("message").asText());
            }
            schema.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("x-kubernetes-validations") && !e.getKey().equals("default") && !e.getKey().equals("enum")) {
                    rules(e.getValue(), out);
                }
            });
        } else if (schema.isArray()) {
            schema.forEach(i -> rules(i, out));
        }
    }
}
