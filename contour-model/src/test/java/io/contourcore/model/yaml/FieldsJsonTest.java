package io.contourcore.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldsJsonTest {

    @Test
    void objectsArraysStringsAndLiteralsReadAsMapsListsStringsAndBooleans() {
        Object v = FieldsJson.parse(" {\"b\" : [ true, false, null, \"x\\\"\\\\\\/\\n\\u00e9\", -1.5e3 ], \"a\" : { } } ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", Arrays.asList(true, false, null, "x\"\\/\n\u00e9", "-1.5e3"));
        expected.put("a", Map.of());
        assertThat(v).isEqualTo(expected);
        assertThat(List.copyOf(((Map<?, ?>) v).keySet())).isEqualTo(List.of("b", "a"));
    }

    @Test
    void textThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> FieldsJson.parse("{\"a\" 1}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldsJson.parse("[1, 2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldsJson.parse("{} x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldsJson.parse("\"open")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theShippedFieldTreesReadAsJacksonReadsThem() throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (String resource : List.of(ApiFields.KUBERNETES_RESOURCE, ApiFields.CONTOUR_RESOURCE)) {
            try (InputStream in = ApiFields.class.getResourceAsStream(resource)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                com.fasterxml.jackson.databind.JsonNode ours = json.valueToTree(FieldsJson.parse(text));
                assertThat((Object) ours).as(resource).isEqualTo(json.readTree(text));
            }
        }
    }
}
