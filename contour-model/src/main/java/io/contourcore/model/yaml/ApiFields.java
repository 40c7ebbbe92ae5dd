package io.contourcore.model.yaml;

import io.contourcore.model.Kind;
import io.contourcore.model.Spelling;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields the Kubernetes API knows for each kind we read, so a field it does not know is refused as kubectl's
 * default {@code --validate=strict} refuses it, and a field it knows but contour-core does not translate is told
 * about rather than dropped in silence.
 *
 * <p>The field trees are data: {@value #KUBERNETES_RESOURCE} (the core kinds and {@code ObjectMeta}, from the
 * Kubernetes API types; written by {@code KubernetesApiFieldsGenerator}) and {@value #CONTOUR_RESOURCE} (the
 * structure of Contour's CRDs and the IngressRoute-era CRDs; written by {@code ContourCrdFieldsGenerator}), each
 * checked against its source by a test. A tree node is a map of {@code properties}, {@code items}, {@code
 * additionalProperties} and {@code x-kubernetes-preserve-unknown-fields}, as in OpenAPI. Gateway API specs are
 * checked by {@link GatewayAdmission}'s schema walk instead, which already holds their schemas.
 *
 * <pre>{@code
 * ApiFields.check(Kind.HTTP_PROXY, "v1", object, report, touched);
 * // spec.routes[0].retryPolcy: unknown field "retryPolcy" (did you mean "retryPolicy"?)
 * }</pre>
 */
final class ApiFields {

    static final String KUBERNETES_RESOURCE = "kubernetes-api-fields.json";
    static final String CONTOUR_RESOURCE = "contour-crd-fields.json";

    /** What a not-translated field's warning says after its path. */
    static final String NOT_TRANSLATED = LoadResult.NOT_TRANSLATED;

    private ApiFields() {}

    /** One node of a field tree. */
    record Shape(Map<String, Shape> properties, Shape items, Shape additional, boolean preserveUnknown) {

        static final Shape ANY = new Shape(Map.of(), null, null, true);

        /** The shape of a tree node as {@link SmallJson} reads it (a map; anything else is a node without fields). */
        static Shape of(Object node) {
            Map<?, ?> n = node instanceof Map<?, ?> m ? m : Map.of();
            Map<String, Shape> props = new LinkedHashMap<>();
            if (n.get("properties") instanceof Map<?, ?> p) {
                p.forEach((k, v) -> props.put((String) k, of(v)));
            }
            return new Shape(Collections.unmodifiableMap(props), n.containsKey("items") ? of(n.get("items")) : null,
                    n.get("additionalProperties") instanceof Map<?, ?> a ? of(a) : null,
                    isTrue(n.get("x-kubernetes-preserve-unknown-fields")));
        }

        /** Whether keys of a map written here are checked against {@link #properties}. */
        boolean closed() {
            return !preserveUnknown && additional == null;
        }
    }

    /** The field tree of a whole object of {@code kind} at {@code version}, or null when we hold none. */
    static Shape of(Kind kind, String version) {
        return Trees.KINDS.get(key(kind, version));
    }

    private static String key(Kind kind, String version) {
        return kind.group() + "/" + kind.kindName() + "/" + version;
    }

    /**
     * Checks the fields of {@code object} (a whole object of {@code kind}) against the API's tree: an unknown field
     * goes to {@link Report#unknownField}; with {@code touched} (the value nodes the decoder read), a known field
     * whose value was not read gets a warning at its line and counts as skipped. {@code metadata} is checked
     * against the full {@code ObjectMeta} and never warned about; {@code status} is always allowed.
     */
    static void check(Kind kind, String version, Node.MapNode object, Report report, Set<Node> touched) {
        Shape shape = of(kind, version);
        if (shape == null) {
            return;
        }
        boolean kept = Trees.KEEP_UNKNOWN.contains(key(kind, version));
        Node.Entries entries = object.entries();
        for (int i = 0; i < entries.size(); i++) {
            Node.Entry e = entries.entry(i);
            String key = e.key();
            switch (key) {
                case "apiVersion", "kind", "status" -> { }
                case "metadata" -> walk(e.value(), Trees.OBJECT_META, FieldPath.ROOT.child(key), report, null, false);
                default -> {
                    Shape s = shape.properties().get(key);
                    if (s == null) {
                        unknown(report, e, FieldPath.ROOT, shape.properties().keySet(), kept);
                    } else {
                        FieldPath path = FieldPath.ROOT.child(key);
                        walk(e.value(), s, path, report, notRead(e.value(), path, report, touched), kept);
                    }
                }
            }
        }
    }

    /** {@code touched} for the children of a value that was read; null (warn no further) after a warning. */
    private static Set<Node> notRead(Node value, FieldPath path, Report report, Set<Node> touched) {
        if (touched == null || isNull(value)) {
            return touched;
        }
        if (!touched.contains(value)) {
            report.skip(value.location(), path + ": " + NOT_TRANSLATED);
            return null;
        }
        return touched;
    }

    private static void walk(Node node, Shape shape, FieldPath path, Report report, Set<Node> touched, boolean kept) {
        if (shape.preserveUnknown()) {
            return;
        }
        if (node instanceof Node.MapNode map) {
            Node.Entries entries = map.entries();
            for (int i = 0; i < entries.size(); i++) {
                Node.Entry e = entries.entry(i);
                FieldPath childPath = path.child(e.key());
                if (shape.additional() != null) {
                    walk(e.value(), shape.additional(), childPath, report, touched, kept);
                    continue;
                }
                Shape s = shape.properties().get(e.key());
                if (s == null) {
                    unknown(report, e, path, shape.properties().keySet(), kept);
                } else {
                    walk(e.value(), s, childPath, report, notRead(e.value(), childPath, report, touched), kept);
                }
            }
        } else if (node instanceof Node.ListNode list && shape.items() != null) {
            for (int i = 0; i < list.items().size(); i++) {
                walk(list.items().get(i), shape.items(), path.item(i), report, touched, kept);
            }
        }
    }

    /**
     * A key the tree does not have. A CRD of {@code apiextensions.k8s.io/v1beta1} that does not set
     * {@code preserveUnknownFields: false} (the IngressRoute era's) made the API server keep unknown fields, so they
     * were never refused: there they are a counted warning whatever the validation mode, except {@code ignore}.
     */
    private static void unknown(Report report, Node.Entry e, FieldPath parentPath, Collection<String> known, boolean kept) {
        String path = child(parentPath.toString(), e.key());
        if (!kept) {
            report.unknownField(e.keyLocation(), path, e.key(), known);
        } else if (report.validation != Validation.IGNORE) {
            report.skip(e.keyLocation(), path + ": " + unknownMessage(e.key(), known) + ": " + KEPT_UNKNOWN);
        }
    }

    /** Why an unknown field of a CRD that keeps unknown fields is a warning, not an error. */
    static final String KEPT_UNKNOWN = "the CRD keeps unknown fields, so the API server stores it, but it has no effect";

    /**
     * {@code unknown field "KEY"}, with the nearest known field when one is close: the same letters in another case,
     * or at most a third of the key's letters (and at least two) added, removed or changed.
     */
    static String unknownMessage(String key, Collection<String> known) {
        String near = nearest(key, known);
        return "unknown field " + Node.quote(key) + (near == null ? "" : " (did you mean " + Node.quote(near) + "?)");
    }

    /** The candidate nearest to {@code written}, or null when none is near enough to be a typo of it. */
    static String nearest(String written, Collection<String> candidates) {
        return Spelling.nearest(written, candidates);
    }

    /** A set of nodes by identity, for the values a decoder read. */
    static Set<Node> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /**
     * A field path being walked, spelled out only when a message names it: the walk visits every field of every
     * object, and building each one's path as text was a tenth of what checking a large input allocated.
     */
    private record FieldPath(FieldPath parent, String key, int index) {
        static final FieldPath ROOT = new FieldPath(null, "", -1);

        FieldPath child(String k) {
            return new FieldPath(this, k, -1);
        }

        FieldPath item(int i) {
            return new FieldPath(this, null, i);
        }

        @Override
        public String toString() {
            if (parent == null) {
                return key;
            }
            String up = parent.toString();
            return key == null ? up + "[" + index + "]" : ApiFields.child(up, key);
        }
    }

    /** {@code path.key}, or {@code path[key]} for a key such as an annotation name (as {@link Field} writes paths). */
    private static String child(String path, String key) {
        if (path.isEmpty()) {
            return key;
        }
        boolean simple = !key.isEmpty();
        for (int i = 0; i < key.length() && simple; i++) {
            char c = key.charAt(i);
            simple = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
        }
        return simple ? path + "." + key : path + "[" + key + "]";
    }

    private static boolean isNull(Node n) {
        return n instanceof Node.ScalarNode s && s.isNull();
    }

    /** The trees, read from the data files on first use. */
    static final class Trees {
        static final Shape OBJECT_META;
        static final Map<String, Shape> KINDS;
        static final Set<String> KEEP_UNKNOWN;

        static {
            Map<String, Shape> kinds = new LinkedHashMap<>();
            Set<String> keep = new java.util.HashSet<>();
            Map<?, ?> kube = read(KUBERNETES_RESOURCE);
            OBJECT_META = Shape.of(kube.get("objectMeta"));
            add(kube, kinds, keep);
            add(read(CONTOUR_RESOURCE), kinds, keep);
            // Gateway API specs are walked by admission, which reports their unknown fields; the rest of the object
            // is apiVersion, kind, metadata and status.
            for (Kind k : Kind.values()) {
                if (k.group().equals("gateway.networking.k8s.io")) {
                    Shape whole = new Shape(Map.of("apiVersion", Shape.ANY, "kind", Shape.ANY, "spec", Shape.ANY), null, null, false);
                    k.versions().forEach(v -> kinds.put(k.group() + "/" + k.kindName() + "/" + v, whole));
                }
            }
            KINDS = Map.copyOf(kinds);
            KEEP_UNKNOWN = Set.copyOf(keep);
        }

        private static void add(Map<?, ?> doc, Map<String, Shape> into, Set<String> keep) {
            for (Object kind : doc.get("kinds") instanceof List<?> l ? l : List.of()) {
                Map<?, ?> k = (Map<?, ?>) kind;
                Shape s = Shape.of(k.get("schema"));
                for (Object v : k.get("versions") instanceof List<?> l ? l : List.of()) {
                    String key = text(k.get("group")) + "/" + text(k.get("kind")) + "/" + text(v);
                    into.put(key, s);
                    if (isTrue(k.get("preserveUnknownFields"))) {
                        keep.add(key);
                    }
                }
            }
        }

        /**
         * A data file's document. Read without Jackson's {@code ObjectMapper}: its set-up was half of this class's
         * initialisation, about 3 % of a 100-object render's CPU.
         */
        static Map<?, ?> read(String resource) {
            try (InputStream in = ApiFields.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource);
                }
                return (Map<?, ?>) SmallJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A JSON value as text, as Jackson's {@code asText} gives it for the strings, booleans and numbers here. */
    private static String text(Object v) {
        return v == null ? "" : v instanceof BigDecimal d ? d.toString() : v.toString();
    }

    /** Whether a JSON value is true as Jackson's {@code asBoolean(false)} reads it. */
    private static boolean isTrue(Object v) {
        return v instanceof Boolean b ? b
                : v instanceof String s ? s.trim().equals("true")
                : v instanceof BigDecimal d && d.signum() != 0;
    }
}
