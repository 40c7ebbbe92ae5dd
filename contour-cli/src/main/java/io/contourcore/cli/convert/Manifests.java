package io.contourcore.cli.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contourcore.model.Location;
import io.contourcore.xds.render.ProtoText;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The objects of manifests as located trees, and back to text. A document is kept as snakeyaml's composed node
 * tree, in which every node carries the line and column it was written at, so the converter can say where a field
 * that could not be converted exactly was; the objects written out are Jackson trees, printed with the project's
 * YAML and JSON style. The manifests have been through {@code ManifestLoader} first, so syntax and bounds are
 * already checked there.
 *
 * <pre>{@code
 * List<Manifests.Doc> docs = Manifests.documents("app.yaml", text);
 * docs.get(0).kind();                              // "IngressRoute"
 * String yaml = Manifests.yamlStream(List.of(Manifests.plain(docs.get(0).node())));
 * }</pre>
 */
public final class Manifests {

    private Manifests() {}

    /**
     * One object of a manifest: its source, its tree, and the {@code apiVersion}/{@code kind} it has (a typed
     * List's items may leave them out and take the list's).
     */
    public record Doc(String source, MappingNode node, String apiVersion, String kind) {

        public Location at(Node n) {
            return Manifests.at(source, n);
        }
    }

    /** Where a node was written, as {@code FILE:LINE:COLUMN} locations print. */
    public static Location at(String source, Node n) {
        return new Location(source, n.getStartMark().getLine() + 1, n.getStartMark().getColumn() + 1);
    }

    /** The objects of one source in written order, the items of a {@code List} in its place. */
    public static List<Doc> documents(String source, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setProcessComments(false);
        options.setCodePointLimit(Integer.MAX_VALUE);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        List<Doc> out = new ArrayList<>();
        String body = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
        for (Node n : yaml.composeAll(new java.io.StringReader(body))) {
            if (n instanceof MappingNode m) {
                object(source, m, null, null, out);
            }
        }
        return out;
    }

    private static void object(String source, MappingNode m, String defaultApiVersion, String defaultKind, List<Doc> out) {
        String apiVersion = string(get(m, "apiVersion"));
        String kind = string(get(m, "kind"));
        apiVersion = apiVersion == null ? defaultApiVersion : apiVersion;
        kind = kind == null ? defaultKind : kind;
        if (kind != null && kind.endsWith("List") && get(m, "items") instanceof SequenceNode items) {
            boolean plainList = kind.equals("List");
            for (Node item : items.getValue()) {
                if (item instanceof MappingNode im) {
                    object(source, im, plainList ? null : apiVersion, plainList ? null : kind.substring(0, kind.length() - 4), out);
                }
            }
            return;
        }
        out.add(new Doc(source, m, apiVersion == null ? "" : apiVersion, kind == null ? "" : kind));
    }

    /** The value under {@code key} of a map, or null (also when {@code n} is not a map). */
    public static Node get(Node n, String key) {
        if (!(n instanceof MappingNode m)) {
            return null;
        }
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key) && !Tag.MERGE.equals(k.getTag())) {
                return t.getValueNode();
            }
        }
        return null;
    }

    /** The text of a scalar that is not null, or null. */
    public static String string(Node n) {
        return n instanceof ScalarNode s && !Tag.NULL.equals(s.getTag()) ? s.getValue() : null;
    }

    /** Whether a value is written and not null. */
    public static boolean present(Node n) {
        return n != null && !(n instanceof ScalarNode s && Tag.NULL.equals(s.getTag()));
    }

    /** The object as a plain tree, with the implied {@code apiVersion} and {@code kind} of a typed List's item. */
    public static ObjectNode plain(Doc d) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (get(d.node(), "apiVersion") == null) {
            o.put("apiVersion", d.apiVersion());
        }
        if (get(d.node(), "kind") == null) {
            o.put("kind", d.kind());
        }
        o.setAll((ObjectNode) plain(d.node()));
        return o;
    }

    /** A node as a plain tree: scalars typed as YAML resolves them, merge keys ({@code <<}) applied. */
    public static JsonNode plain(Node n) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (n instanceof MappingNode m) {
            ObjectNode o = f.objectNode();
            List<ObjectNode> merged = new ArrayList<>();
            for (NodeTuple t : m.getValue()) {
                ScalarNode k = (ScalarNode) t.getKeyNode();
                if (Tag.MERGE.equals(k.getTag())) {
                    Node v = t.getValueNode();
                    for (Node src : v instanceof SequenceNode s ? s.getValue() : List.of(v)) {
                        merged.add((ObjectNode) plain(src));
                    }
                    continue;
                }
                o.set(k.getValue(), plain(t.getValueNode()));
            }
            for (ObjectNode src : merged) {
                src.fields().forEachRemaining(e -> {
                    if (!o.has(e.getKey())) {
                        o.set(e.getKey(), e.getValue());
                    }
                });
            }
            return o;
        }
        if (n instanceof SequenceNode s) {
            ArrayNode a = f.arrayNode();
            s.getValue().forEach(item -> a.add(plain(item)));
            return a;
        }
        ScalarNode s = (ScalarNode) n;
        Tag tag = s.getTag();
        String v = s.getValue();
        if (Tag.NULL.equals(tag)) {
            return f.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            return f.booleanNode(List.of("true", "yes", "on", "y").contains(v.toLowerCase(Locale.ROOT)));
        }
        if (Tag.INT.equals(tag)) {
            BigInteger i = integer(v);
            if (i != null) {
                return i.bitLength() < 64 ? f.numberNode(i.longValue()) : f.numberNode(i);
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return f.numberNode(new java.math.BigDecimal(v.replace("_", "")));
            } catch (NumberFormatException e) {
                return f.textNode(v); // .inf and .nan have no JSON number; their text is what was written
            }
        }
        return f.textNode(v);
    }

    /** A YAML 1.1 integer's value (decimal, 0x hexadecimal, 0 octal, 0b binary, underscores), or null. */
    private static BigInteger integer(String text) {
        String t = text.replace("_", "");
        boolean negative = t.startsWith("-");
        if (negative || t.startsWith("+")) {
            t = t.substring(1);
        }
        try {
            BigInteger v;
            if (t.startsWith("0x")) {
                v = new BigInteger(t.substring(2), 16);
            } else if (t.startsWith("0b")) {
                v = new BigInteger(t.substring(2), 2);
            } else if (t.length() > 1 && t.startsWith("0")) {
                v = new BigInteger(t.substring(1), 8);
            } else {
                v = new BigInteger(t);
            }
            return negative ? v.negate() : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A multi-document YAML stream, one document per object. */
    public static String yamlStream(List<ObjectNode> objects) {
        StringBuilder b = new StringBuilder();
        for (ObjectNode o : objects) {
            if (b.length() > 0) {
                b.append("---\n");
            }
            b.append(ProtoText.toYaml(o));
        }
        return b.toString();
    }

    /** A {@code kind: List} of the objects, as JSON. */
    public static String jsonList(List<ObjectNode> objects) {
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        ArrayNode items = list.putArray("items");
        objects.forEach(items::add);
        return ProtoText.jsonText(list);
    }
}
