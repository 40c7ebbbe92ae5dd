package io.contourcore.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The small JSON reader behind {@link ApiFields}' trees reads the data files as Jackson did: every field tree,
 * key order included, is the one Jackson's tree gave.
 */
class SmallJsonTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void everyFieldTreeIsTheOneJacksonsTreeGave() throws IOException {
        Map<String, ApiFields.Shape> kinds = new LinkedHashMap<>();
        Set<String> keep = new HashSet<>();
        JsonNode kube = jackson(ApiFields.KUBERNETES_RESOURCE);
        ApiFields.Shape objectMeta = shape(kube.path("objectMeta"));
        add(kube, kinds, keep);
        add(jackson(ApiFields.CONTOUR_RESOURCE), kinds, keep);

        assertThat(ApiFields.Trees.OBJECT_META).isEqualTo(objectMeta);
        assertThat(order(ApiFields.Trees.OBJECT_META)).isEqualTo(order(objectMeta));
        assertThat(ApiFields.Trees.KEEP_UNKNOWN).isEqualTo(keep);
        assertThat(kinds).isNotEmpty();
        kinds.forEach((key, shape) -> {
            assertThat(ApiFields.Trees.KINDS.get(key)).as(key).isEqualTo(shape);
            assertThat(order(ApiFields.Trees.KINDS.get(key))).as(key).isEqualTo(order(shape));
        });
        assertThat(ApiFields.Trees.KINDS.keySet()).containsAll(kinds.keySet());
    }

    @Test
    void theDataFilesReadAsJacksonReadsThemIntoPlainValues() throws IOException {
        for (String resource : List.of(ApiFields.KUBERNETES_RESOURCE, ApiFields.CONTOUR_RESOURCE)) {
            Object jackson = JACKSON.readValue(text(resource), Object.class);
            assertThat(SmallJson.parse(text(resource)).toString()).as(resource).isEqualTo(jackson.toString());
        }
    }

    @Test
    void stringsNumbersAndLiteralsReadAsJsonDefinesThem() {
        Object doc = SmallJson.parse(" {\"a\\\"b\": [1, -2.5e3, 0, true, false, null, \"\\u00e9\\n\\t\\/\\\\\"], \"e\": {}, \"l\": []}\n");
        Map<String, Object> expected = new LinkedHashMap<>();
        List<Object> values = new ArrayList<>(List.of(new BigDecimal("1"), new BigDecimal("-2.5e3"), BigDecimal.ZERO,
                true, false));
        values.add(null);
        values.add("é\n\t/\\");
        expected.put("a\"b", values);
        expected.put("e", Map.of());
        expected.put("l", List.of());
        assertThat(doc).isEqualTo(expected);
        assertThat(((Map<?, ?>) doc).keySet().stream().map(Object::toString).toList()).containsExactly("a\"b", "e", "l");
    }

    @Test
    void textThatIsNotOneJsonValueIsRefused() {
        for (String bad : List.of("", "{", "{\"a\" 1}", "[1,]", "[1 2]", "\"open", "tru", "01", "-", "{} {}", "\"a\u0001\"",
                "\"\\x\"", "\"\\u12\"", "{1: 2}")) {
            assertThatThrownBy(() -> SmallJson.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** The shape of a node as ApiFields built it from Jackson's tree before it read the files itself. */
    private static ApiFields.Shape shape(JsonNode n) {
        Map<String, ApiFields.Shape> props = new LinkedHashMap<>();
        n.path("properties").fields().forEachRemaining(e -> props.put(e.getKey(), shape(e.getValue())));
        return new ApiFields.Shape(Collections.unmodifiableMap(props), n.has("items") ? shape(n.get("items")) : null,
                n.path("additionalProperties").isObject() ? shape(n.get("additionalProperties")) : null,
                n.path("x-kubernetes-preserve-unknown-fields").asBoolean(false));
    }

    private static void add(JsonNode doc, Map<String, ApiFields.Shape> into, Set<String> keep) {
        for (JsonNode k : doc.path("kinds")) {
            ApiFields.Shape s = shape(k.path("schema"));
            k.path("versions").forEach(v -> {
                String key = k.path("group").asText() + "/" + k.path("kind").asText() + "/" + v.asText();
                into.put(key, s);
                if (k.path("preserveUnknownFields").asBoolean(false)) {
                    keep.add(key);
                }
            });
        }
    }

    /** Every path of a tree in the order its maps hold them, which record equality does not compare. */
    private static List<String> order(ApiFields.Shape s) {
        List<String> out = new ArrayList<>();
        order(s, "", out);
        return out;
    }

    private static void order(ApiFields.Shape s, String path, List<String> out) {
        s.properties().forEach((k, v) -> {
            out.add(path + "." + k);
            order(v, path + "." + k, out);
        });
        if (s.items() != null) {
            order(s.items(), path + "[]", out);
        }
        if (s.additional() != null) {
            order(s.additional(), path + "{}", out);
        }
    }

    private static JsonNode jackson(String resource) throws IOException {
        return JACKSON.readTree(text(resource));
    }

    private static String text(String resource) throws IOException {
        try (InputStream in = ApiFields.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
