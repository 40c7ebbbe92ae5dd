package io.contourcore.model.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.contourcore.model.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Extracts the field trees of Contour's CRDs into the data file {@link ApiFields} applies
 * ({@code src/main/resources/io/contourcore/model/yaml/contour-crd-fields.json}): for every kind of ours in
 * {@code projectcontour.io} (Contour v1.33's {@code examples/contour/01-crds.yaml}) and {@code contour.heptio.com}
 * (release-1.5's CRDs, the IngressRoute era), the {@code openAPIV3Schema} of each served version reduced to its
 * structure ({@code properties}, {@code items}, {@code additionalProperties},
 * {@code x-kubernetes-preserve-unknown-fields}), without {@code metadata} (the full ObjectMeta applies) and
 * {@code status} (always allowed). Versions whose trees are equal share one entry. A CRD of
 * {@code apiextensions.k8s.io/v1beta1} that does not set {@code preserveUnknownFields: false} is marked
 * {@code preserveUnknownFields}: the API server kept fields its schema lacks.
 *
 * <p>Run when the CRDs change, from the project root:
 * <pre>{@code
 * ./mvnw -B -o test -pl contour-model -Dtest=ApiFieldsDataTest -Dapi.fields.update=true
 * }</pre>
 */
final class ContourCrdFieldsGenerator {

    static final Path CONTOUR_CRDS = Path.of("../../shared/corpus/contour-v1.33/01-crds.yaml");
    static final Path INGRESSROUTE_CRDS = Path.of("../../shared/corpus/contour-v1.5-ingressroute/01-crds.yaml");
    static final Path DATA_FILE = Path.of("src/main/resources/io/contourcore/model/yaml/" + ApiFields.CONTOUR_RESOURCE);

    private ContourCrdFieldsGenerator() {}

    /** The data document for the two CRD files, as the data file holds it. */
    static ObjectNode extract(Path contourCrds, Path ingressRouteCrds) throws IOException {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("source", "projectcontour/contour v1.33 examples/contour/01-crds.yaml (projectcontour.io); "
                + "release-1.5 examples/contour/01-crds.yaml (contour.heptio.com)");
        ArrayNode kinds = doc.putArray("kinds");
        add(contourCrds, "projectcontour.io", kinds);
        add(ingressRouteCrds, "contour.heptio.com", kinds);
        return doc;
    }

    private static void add(Path file, String group, ArrayNode kinds) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode crd = it.next();
                JsonNode spec = crd.path("spec");
                String kindName = spec.path("names").path("kind").asText();
                if (!spec.path("group").asText().equals(group) || !isOurs(group, kindName)) {
                    continue;
                }
                Map<JsonNode, List<String>> bySchema = new LinkedHashMap<>();
                if (spec.has("validation")) { // apiextensions v1beta1: one schema for every version
                    JsonNode tree = structure(spec.path("validation").path("openAPIV3Schema"), true);
                    List<String> versions = new ArrayList<>();
                    if (spec.has("versions")) {
                        spec.path("versions").forEach(v -> {
                            if (v.path("served").asBoolean(true)) {
                                versions.add(v.path("name").asText());
                            }
                        });
                    } else {
                        versions.add(spec.path("version").asText());
                    }
                    bySchema.put(tree, versions);
                } else {
                    for (JsonNode v : spec.path("versions")) {
                        if (v.path("served").asBoolean()) {
                            bySchema.computeIfAbsent(structure(v.path("schema").path("openAPIV3Schema"), true),
                                    k -> new ArrayList<>()).add(v.path("name").asText());
                        }
                    }
                }
                // apiextensions.k8s.io/v1beta1 kept unknown fields unless the CRD said preserveUnknownFields: false.
                boolean keeps = crd.path("apiVersion").asText().endsWith("/v1beta1")
                        && spec.path("preserveUnknownFields").asBoolean(true);
                bySchema.forEach((tree, versions) -> {
                    ObjectNode k = kinds.addObject();
                    k.put("group", group);
                    k.put("kind", kindName);
                    if (keeps) {
                        k.put("preserveUnknownFields", true);
                    }
                    ArrayNode vs = k.putArray("versions");
                    versions.forEach(vs::add);
                    k.set("schema", tree);
                });
            }
        }
    }

    private static boolean isOurs(String group, String kindName) {
        for (Kind k : Kind.values()) {
            if (k.group().equals(group) && k.kindName().equals(kindName)) {
                return true;
            }
        }
        return false;
    }

    /** A schema's structure: which keys a map may have, what list items and map values are, what is left open. */
    static ObjectNode structure(JsonNode schema, boolean root) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            out.put("x-kubernetes-preserve-unknown-fields", true);
        }
        if (schema.has("properties")) {
            ObjectNode props = out.putObject("properties");
            schema.get("properties").fields().forEachRemaining(p -> {
                if (!(root && (p.getKey().equals("metadata") || p.getKey().equals("status")))) {
                    props.set(p.getKey(), structure(p.getValue(), false));
                }
            });
        }
        if (schema.path("items").isObject()) {
            out.set("items", structure(schema.get("items"), false));
        }
        if (schema.path("additionalProperties").isObject()) {
            out.set("additionalProperties", structure(schema.get("additionalProperties"), false));
        } else if (schema.path("additionalProperties").asBoolean(false)) {
            out.put("x-kubernetes-preserve-unknown-fields", true);
        }
        return out;
    }

    /** The text of the data file for {@code doc}: indented JSON, one final newline. */
    static String text(JsonNode doc) throws IOException {
        return GatewayApiRulesGenerator.text(doc);
    }

    /** Writes the data file from the corpus CRDs. */
    public static void main(String[] args) throws IOException {
        Files.writeString(DATA_FILE, text(extract(CONTOUR_CRDS, INGRESSROUTE_CRDS)), StandardCharsets.UTF_8);
    }
}
