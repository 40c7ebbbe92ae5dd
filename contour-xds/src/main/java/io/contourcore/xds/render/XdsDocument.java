package io.contourcore.xds.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import io.contourcore.xds.XdsResources;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text forms {@code contour render} prints: the {@code --format xds} document (one object with the lists
 * {@code listeners}, {@code routes}, {@code clusters}, {@code endpoints}, {@code secrets}) and the static bootstrap,
 * as YAML or JSON.
 *
 * <pre>{@code
 * String yaml = XdsDocument.text(resources, XdsDocument.Encoding.YAML);
 * String json = XdsDocument.text(bootstrap, XdsDocument.Encoding.JSON);
 * }</pre>
 *
 * <p>{@link #text(XdsResources, Encoding)} and {@link #text(Bootstrap, Encoding)} write the text straight from the
 * messages. {@link #tree} with {@link #text(JsonNode, Encoding)} builds the same text through protobuf's JSON printer
 * and Jackson, several times slower; it stays for callers that want the tree.
 */
public final class XdsDocument {

    public enum Encoding { YAML, JSON }

    /** The resource lists, in the order CONTRACT.md gives. */
    public static final List<String> SECTIONS = List.of("listeners", "routes", "clusters", "endpoints", "secrets");

    private XdsDocument() {}

    public static Map<String, List<? extends Message>> sections(XdsResources r) {
        Map<String, List<? extends Message>> m = new LinkedHashMap<>();
        m.put("listeners", r.listeners());
        m.put("routes", r.routes());
        m.put("clusters", r.clusters());
        m.put("endpoints", r.endpoints());
        m.put("secrets", r.secrets());
        return m;
    }

    /** The {@code --format xds} document of {@code r}. */
    public static String text(XdsResources r, Encoding encoding) {
        return DirectText.document(sections(r), encoding);
    }

    /** The static bootstrap {@code b} as a document. */
    public static String text(Bootstrap b, Encoding encoding) {
        return DirectText.message(b, encoding);
    }

    public static ObjectNode tree(XdsResources r) {
        return ProtoText.document(sections(r));
    }

    public static JsonNode tree(Bootstrap b) {
        return ProtoText.toTree(b);
    }

    public static String text(JsonNode tree, Encoding encoding) {
        return switch (encoding) {
            case YAML -> ProtoText.toYaml(tree);
            case JSON -> ProtoText.jsonText(tree);
        };
    }
}
