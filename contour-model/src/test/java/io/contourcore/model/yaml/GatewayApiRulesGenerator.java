package io.contourcore.model.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.contourcore.model.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Extracts the admission rules of the Gateway API CRDs into the data file {@link GatewayAdmission} applies
 * ({@code src/main/resources/io/contourcore/model/yaml/gateway-api-v1.3.0-rules.json}): for every kind of ours, the
 * {@code spec} schema of its served versions with the descriptions left out, so only what the API server checks at
 * admission remains (types, required, enum, pattern, lengths, ranges, item counts, formats, defaults, list types and
 * the CEL {@code x-kubernetes-validations} with their messages). Versions whose schemas are equal share one entry.
 *
 * <p>Run once when the Gateway API version changes, from the project root:
 * <pre>{@code
 * ./mvnw -B -o test -pl contour-model -Dtest=GatewayApiRulesTest -Dgateway.rules.update=true
 * }</pre>
 * {@code GatewayApiRulesTest} then checks that the file still equals what the CRDs say.
 */
final class GatewayApiRulesGenerator {

    static final Path CORPUS_CRDS = Path.of("../../shared/corpus/gateway-api-v1.3.0/crds");
    static final Path RULES_FILE = Path.of("src/main/resources/io/contourcore/model/yaml/" + GatewayAdmission.RULES_RESOURCE);

    /** Schema keywords that carry no admission rule: documentation only. */
    private static final Set<String> DOCUMENTATION = Set.of("description");

    private GatewayApiRulesGenerator() {}

    /** The rules document for the CRDs in {@code crds}, as the data file holds it. */
    static ObjectNode extract(Path crds) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(crds, "*.yaml")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("source", "kubernetes-sigs/gateway-api v1.3.0 config/crd/experimental");
        ArrayNode kinds = doc.putArray("kinds");
        for (Path f : files) {
            JsonNode crd = yaml.readTree(f.toFile());
            String group = crd.path("spec").path("group").asText();
            String kindName = crd.path("spec").path("names").path("kind").asText();
            if (!isOurs(group, kindName)) {
                continue;
            }
            // Versions with an equal spec schema share one entry, in the CRD's order.
            Map<JsonNode, List<String>> byschema = new LinkedHashMap<>();
            for (JsonNode v : crd.path("spec").path("versions")) {
                if (!v.path("served").asBoolean()) {
                    continue;
                }
                JsonNode spec = v.path("schema").path("openAPIV3Schema").path("properties").path("spec");
                byschema.computeIfAbsent(stripped(spec), k -> new ArrayList<>()).add(v.path("name").asText());
            }
            byschema.forEach((schema, versions) -> {
                ObjectNode k = kinds.addObject();
                k.put("kind", kindName);
                ArrayNode vs = k.putArray("versions");
                versions.forEach(vs::add);
                k.set("spec", schema);
            });
        }
        return doc;
    }

    /** The text of the data file for {@code doc}: indented JSON, one final newline. */
    static String text(JsonNode doc) throws IOException {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
    }

    private static boolean isOurs(String group, String kindName) {
        for (Kind k : Kind.values()) {
            if (k.group().equals(group) && k.kindName().equals(kindName)) {
                return true;
            }
        }
        return false;
    }

    /** A schema without its documentation; {@code properties} keeps every property, whatever it is called. */
    private static JsonNode stripped(JsonNode schema) {
        if (schema.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            schema.forEach(item -> out.add(item.isContainerNode() ? stripped(item) : item));
            return out;
        }
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (DOCUMENTATION.contains(key)) {
                continue;
            }
            if (key.equals("properties")) {
                ObjectNode props = out.putObject("properties");
                value.fields().forEachRemaining(p -> props.set(p.getKey(), stripped(p.getValue())));
            } else if (key.equals("default") || key.equals("enum") || key.equals("x-kubernetes-validations")) {
                out.set(key, value); // values, not schemas: kept as written
            } else {
                out.set(key, value.isContainerNode() ? stripped(value) : value);
            }
        }
        return out;
    }

    /** Writes the data file from the corpus CRDs. */
    public static void main(String[] args) throws IOException {
        Path crds = args.length > 0 ? Path.of(args[0]) : CORPUS_CRDS;
        Path out = args.length > 1 ? Path.of(args[1]) : RULES_FILE;
        Files.writeString(out, text(extract(crds)), StandardCharsets.UTF_8);
    }
}
