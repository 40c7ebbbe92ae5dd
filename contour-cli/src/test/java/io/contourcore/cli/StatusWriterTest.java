package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contourcore.dag.status.Condition;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.dag.status.SubCondition;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The HTTPProxy status the writer puts on an object, given what the object has: upstream's merge rules. */
class StatusWriterTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectRef APP = new ObjectRef(Kind.HTTP_PROXY, "default", "app");
    static final ObjectStatus VALID = new ObjectStatus(APP, ObjectStatus.VALID, "Valid HTTPProxy", "app.example.com",
            "", List.of(new Condition("Valid", "True", "Valid", "Valid HTTPProxy", List.of(), List.of())));
    static final ObjectStatus INVALID = new ObjectStatus(APP, ObjectStatus.INVALID,
            "At least one error present, see Errors for details", "app.example.com", "",
            List.of(new Condition("Valid", "False", "ErrorPresent", "At least one error present, see Errors for details",
                    List.of(new SubCondition("ServiceError", "ServiceUnresolvedReference", "not found")), List.of())));
    static final Instant EARLIER = Instant.parse("2026-01-01T00:00:00.250Z");
    static final Instant LATER = Instant.parse("2026-02-01T00:00:00Z");

    static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    @Test
    void aConditionKeepsItsTransitionTimeUntilItsStatusFlips() throws Exception {
        ObjectNode first = StatusWriter.proxyStatus(JSON.createObjectNode(), VALID, 3, EARLIER, Optional.empty());
        assertThat(first.toString()).isEqualTo("{\"currentStatus\":\"valid\",\"description\":\"Valid HTTPProxy\","
                + "\"conditions\":[{\"type\":\"Valid\",\"status\":\"True\",\"reason\":\"Valid\",\"message\":"
                + "\"Valid HTTPProxy\",\"observedGeneration\":3,\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}]}");

        ObjectNode again = StatusWriter.proxyStatus(first, VALID, 4, LATER, Optional.empty());
        assertThat(again.at("/conditions/0/lastTransitionTime").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(again.at("/conditions/0/observedGeneration").asLong()).isEqualTo(4);

        ObjectNode flipped = StatusWriter.proxyStatus(again, INVALID, 5, LATER, Optional.empty());
        assertThat(flipped.at("/conditions/0/lastTransitionTime").asText()).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(flipped.at("/conditions/0/errors/0/reason").asText()).isEqualTo("ServiceUnresolvedReference");
        assertThat(flipped.get("currentStatus").asText()).isEqualTo("invalid");
    }

    @Test
    void conditionsOfOtherTypesAndOfANewerGenerationAreLeftAsTheyAre() throws Exception {
        ObjectNode had = json("""
                {"currentStatus": "valid", "conditions": [
                  {"type": "Valid", "status": "True", "observedGeneration": 9, "lastTransitionTime": "2026-01-01T00:00:00Z"},
                  {"type": "example.com/Audited", "status": "True"}]}""");
        ObjectNode out = StatusWriter.proxyStatus(had, INVALID, 8, LATER, Optional.empty());
        assertThat(out.get("conditions")).isEqualTo(had.get("conditions"));
    }

    @Test
    void theLoadBalancerIsSetOnlyWhenOneIsKnown() throws Exception {
        ObjectNode had = json("{\"loadBalancer\": {\"ingress\": [{\"ip\": \"192.0.2.1\"}]}}");
        assertThat(StatusWriter.proxyStatus(had, VALID, 1, LATER, Optional.empty()).get("loadBalancer"))
                .isEqualTo(had.get("loadBalancer"));
        assertThat(StatusWriter.ingressStatus(had, StatusWriter.LoadBalancer.parse(List.of("lb.example.com")))
                .toString()).isEqualTo("{\"loadBalancer\":{\"ingress\":[{\"hostname\":\"lb.example.com\"}]}}");
        assertThat(StatusWriter.ingressStatus(had, JSON.createArrayNode()).toString())
                .isEqualTo("{\"loadBalancer\":{}}");
    }
}
