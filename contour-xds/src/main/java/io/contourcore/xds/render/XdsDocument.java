package io.contourcore.xds.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import io.contourcore.model.Parallel;
import io.contourcore.xds.XdsResources;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The text forms {@code contour render} prints: the {@code --format xds} document (one object with the lists
 * {@code listeners}, {@code routes}, {@code clusters}, {@code endpoints}, {@code secrets}) and the static bootstrap,
 * as YAML or JSON.
 *
 * <pre>{@code
 * String yaml = XdsDocument.text(resources, XdsDocument.Encoding.YAML);
 * String json = XdsDocument.text(bootstrap, XdsDocument.Encoding.JSON);
 * XdsDocument.write(resources, XdsDocument.Encoding.YAML, Path.of("out.yaml"));   // the same bytes, never held whole
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

    /**
     * {@link #text(XdsResources, Encoding)}, a large document made in pieces on {@code executor} and joined in order:
     * the same text.
     */
    public static String text(XdsResources r, Encoding encoding, Executor executor) {
        return DirectText.document(sections(r), encoding, executor);
    }

    /** The static bootstrap {@code b} as a document. */
    public static String text(Bootstrap b, Encoding encoding) {
        return DirectText.message(b, encoding);
    }

    /**
     * Writes {@link #text(XdsResources, Encoding)} to {@code file} (created or truncated, UTF-8) as it is made: a
     * large document's text is never held whole next to the resources it comes from.
     */
    public static void write(XdsResources r, Encoding encoding, Path file) throws IOException {
        write(r, encoding, file, Parallel.SEQUENTIAL);
    }

    /**
     * {@link #write(XdsResources, Encoding, Path)}, a large document written in pieces made on {@code executor} and
     * written in order: the same bytes.
     */
    public static void write(XdsResources r, Encoding encoding, Path file, Executor executor) throws IOException {
        Map<String, List<? extends Message>> groups = sections(r);
        try (OutputStream out = Files.newOutputStream(file)) {
            DirectText.write(groups, encoding, out, executor);
            return;
        } catch (YamlSink.Unsupported e) {
            // Only YAML, and rare (a key the direct writer does not reproduce): the file is written again the old way.
        }
        Files.writeString(file, ProtoText.toYaml(ProtoText.document(groups)), StandardCharsets.UTF_8);
    }

    /** As {@link #write(XdsResources, Encoding, Path)} for {@link #text(Bootstrap, Encoding)}. */
    public static void write(Bootstrap b, Encoding encoding, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            DirectText.write(b, encoding, out);
            return;
        } catch (YamlSink.Unsupported e) {
            // as above
        }
        Files.writeString(file, ProtoText.toYaml(ProtoText.toTree(b)), StandardCharsets.UTF_8);
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
