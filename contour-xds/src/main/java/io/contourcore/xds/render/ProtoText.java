package io.contourcore.xds.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Envoy protos as text: the protobuf JSON mapping with proto field names (snake_case, as in Envoy's docs), map keys
 * sorted, and YAML as the same tree. Output is deterministic byte for byte.
 *
 * <pre>{@code
 * String json = ProtoText.toJson(listener);
 * Listener back = ProtoText.parse(json, Listener.newBuilder()).build();
 * String yaml = ProtoText.toYaml(ProtoText.toTree(listener));
 * }</pre>
 */
public final class ProtoText {

    /** Jackson mapper for JSON trees; shared, thread-safe once configured. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** Jackson mapper writing YAML without a document marker and with as few quotes as YAML allows. */
    public static final YAMLMapper YAML = new YAMLMapper(YamlSink.yamlFactory());

    private ProtoText() {}

    /** The JSON text of {@code m}, types inside {@code Any} resolved from the message itself. */
    public static String toJson(Message m) {
        return toJson(m, ProtoTypes.registryFor(List.of(m)));
    }

    /** The JSON text of {@code m} with a given registry. */
    public static String toJson(Message m, JsonFormat.TypeRegistry registry) {
        try {
            return printer(registry).print(m);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("cannot print " + m.getDescriptorForType().getFullName() + ": " + e.getMessage(), e);
        }
    }

    /** The JSON tree of {@code m}, for embedding in a larger document. */
    public static JsonNode toTree(Message m) {
        return toTree(m, ProtoTypes.registryFor(List.of(m)));
    }

    /** The JSON tree of {@code m} with a given registry. */
    public static JsonNode toTree(Message m, JsonFormat.TypeRegistry registry) {
        try {
            return JSON.readTree(toJson(m, registry));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JsonFormat printed unparseable JSON", e);
        }
    }

    /** Pretty JSON text of a tree, ending with a newline. */
    public static String jsonText(JsonNode tree) {
        try {
            return JSON.writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** YAML text of a tree. */
    public static String toYaml(JsonNode tree) {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses JSON or YAML text into {@code builder}. Type names inside {@code "@type"} are resolved from the text
     * itself, so any Envoy type parses without the full registry.
     *
     * @throws InvalidProtocolBufferException when the text does not fit the message's schema
     */
    public static <B extends Message.Builder> B parse(String text, B builder) throws InvalidProtocolBufferException {
        JsonNode tree;
        String head = text.stripLeading();
        boolean json = head.startsWith("{") || head.startsWith("[");
        try {
            // JSON goes through the JSON parser: YAML rejects tabs that JSON allows between tokens.
            tree = json ? JSON.readTree(text) : YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidProtocolBufferException("not " + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        }
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidProtocolBufferException("empty document");
        }
        return parseTree(tree, builder);
    }

    /** Parses a JSON tree into {@code builder}. */
    public static <B extends Message.Builder> B parseTree(JsonNode tree, B builder) throws InvalidProtocolBufferException {
        Set<String> names = new TreeSet<>();
        collectTypes(tree, names);
        JsonFormat.parser().usingTypeRegistry(ProtoTypes.registryForNames(names)).merge(tree.toString(), builder);
        return builder;
    }

    private static void collectTypes(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            JsonNode t = node.get("@type");
            if (t != null && t.isTextual()) {
                names.add(ProtoTypes.typeName(t.asText()));
            }
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                collectTypes(it.next().getValue(), names);
            }
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                collectTypes(n, names);
            }
        }
    }

    /** A JSON object whose named lists hold the trees of {@code groups}' messages, in the given order. */
    public static ObjectNode document(Map<String, ? extends List<? extends Message>> groups) {
        List<Message> all = new ArrayList<>();
        groups.values().forEach(all::addAll);
        JsonFormat.TypeRegistry registry = ProtoTypes.registryFor(all);
        ObjectNode root = JSON.createObjectNode();
        for (Map.Entry<String, ? extends List<? extends Message>> g : groups.entrySet()) {
            var arr = root.putArray(g.getKey());
            for (Message m : g.getValue()) {
                arr.add(toTree(m, registry));
            }
        }
        return root;
    }

    private static JsonFormat.Printer printer(JsonFormat.TypeRegistry registry) {
        return JsonFormat.printer().usingTypeRegistry(registry).preservingProtoFieldNames().sortingMapKeys();
    }
}
