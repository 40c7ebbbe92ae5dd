package io.contourcore.model.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.contourcore.model.Kind;
import io.contourcore.model.Location;
import io.contourcore.re2j.Pattern;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Admission of Gateway API objects as the API server does it: the CRDs' {@code spec} schema applied to the written
 * object (types, required fields, enums, patterns, lengths, ranges, item counts, formats, list uniqueness), its
 * defaults filled in, and then its CEL {@code x-kubernetes-validations} rules evaluated on the defaulted value with
 * {@code self} bound (and no {@code oldSelf}: every object read is a creation, so transition rules do not apply).
 *
 * <p>The rules are data: {@value #RULES_RESOURCE}, extracted from the v1.3.0 CRDs once by
 * {@code GatewayApiRulesGenerator} and checked against them by a test. Each CEL rule is parsed and planned the first
 * time an object reaches the field it is attached to, once per JVM; a run that reads no Gateway API object pays
 * nothing.
 *
 * <pre>{@code
 * Node spec = GatewayAdmission.admit(Kind.HTTP_ROUTE, "v1", object.get("spec"));
 * // reports "spec.rules[0].matches[0].path: value must be an absolute path and start with '/' when type one of
 * //   ['Exact', 'PathPrefix']" at the path's FILE:LINE:COLUMN; answers the spec with the CRD's defaults
 * }</pre>
 */
final class GatewayAdmission {

    static final String RULES_RESOURCE = "gateway-api-v1.3.0-rules.json";

    private GatewayAdmission() {}

    /** Whether the v1.3.0 CRD of {@code kind} serves {@code version}. */
    static boolean serves(Kind kind, String version) {
        return Rules.SCHEMAS.containsKey(kind.kindName() + "/" + version);
    }

    /**
     * Checks {@code spec} against the CRD of {@code kind} at {@code version}, reporting every violation at its field,
     * and answers the spec with the CRD's defaults filled in (defaults are located where their parent was written),
     * or null when the version is not served.
     */
    static Node admit(Kind kind, String version, Field spec) {
        Schema schema = Rules.SCHEMAS.get(kind.kindName() + "/" + version);
        if (schema == null) {
            return null;
        }
        Walk walk = new Walk(spec);
        Node in = spec.present() ? spec.node() : new Node.MapNode(spec.location(), Map.of());
        Walked out = walk.value(in, schema, spec.path(), false);
        if (walk.shapeErrors == 0 && out != null) {
            walk.cel(out, schema, spec.path());
        }
        return out == null ? null : out.node;
    }

    /** A value after defaulting: its located node and its plain form for CEL (maps, lists, strings, longs...). */
    private record Walked(Node node, Object plain, Map<String, Walked> members, List<Walked> items) {}

    /**
     * One object's walk: reports through the object's field. Values of the wrong type and missing required fields
     * are counted apart: CEL rules read the fields the schema promises, so they run only when the value has the
     * schema's shape (other violations, say an enum or a duplicate, do not stop them).
     */
    private static final class Walk {
        private final Field at;
        int shapeErrors;

        Walk(Field at) {
            this.at = at;
        }

        private void error(Location where, String path, String message) {
            at.errorAt(where, path.isEmpty() ? message : path + ": " + message);
        }

        private void shapeError(Location where, String path, String message) {
            shapeErrors++;
            error(where, path, message);
        }

        /** The value of {@code node} under {@code schema}, or null when it has the wrong type (reported). */
        Walked value(Node node, Schema schema, String path, boolean quiet) {
            Walked w = switch (schema.type) {
                case "object" -> object(node, schema, path, quiet);
                case "array" -> array(node, schema, path, quiet);
                default -> scalar(node, schema, path, quiet);
            };
            if (w != null && !quiet) {
                alternatives(w, schema, path);
            }
            return w;
        }

        private Walked object(Node node, Schema schema, String path, boolean quiet) {
            if (!(node instanceof Node.MapNode map)) {
                if (!quiet) {
                    shapeError(node.location(), path, "expected a map, got " + node.describe());
                }
                return null;
            }
            Map<String, Node.Entry> entries = new LinkedHashMap<>();
            Map<String, Walked> members = new LinkedHashMap<>();
            Map<String, Object> plain = new LinkedHashMap<>();
            if (schema.additional != null) {
                for (Node.Entry e : map.entries().values()) {
                    if (isNull(e.value())) {
                        continue;
                    }
                    Walked v = value(e.value(), schema.additional, child(path, e.key()), quiet);
                    if (v != null) {
                        entries.put(e.key(), e);
                        members.put(e.key(), v);
                        plain.put(e.key(), v.plain);
                    }
                }
            }
            // Properties the schema does not name are pruned, as the API server prunes them; kubectl's default
            // --validate=strict refuses them first, and so does the load (Report#unknownField).
            if (!quiet && schema.additional == null) {
                for (Node.Entry e : map.entries().values()) {
                    if (!schema.properties.containsKey(e.key())) {
                        at.unknownField(e.keyLocation(), child(path, e.key()), e.key(), schema.properties.keySet());
                    }
                }
            }
            for (Map.Entry<String, Schema> p : schema.properties.entrySet()) {
                String key = p.getKey();
                Node.Entry e = map.entries().get(key);
                Node child = e == null || isNull(e.value()) ? null : e.value();
                if (child == null && p.getValue().defaultValue != null) {
                    child = located(p.getValue().defaultValue, map.location());
                }
                if (child == null) {
                    continue;
                }
                Walked v = value(child, p.getValue(), child(path, key), quiet);
                if (v != null) {
                    entries.put(key, e != null ? new Node.Entry(key, e.keyLocation(), v.node) : new Node.Entry(key, map.location(), v.node));
                    members.put(key, v);
                    plain.put(celName(key), v.plain);
                }
            }
            for (String r : schema.required) {
                if (!members.containsKey(r) && !quiet) {
                    Node.Entry e = map.entries().get(r);
                    if (e == null || isNull(e.value())) {
                        shapeError(map.location(), child(path, r), "missing required field");
                    }
                }
            }
            if (!quiet && schema.maxProperties != null && members.size() > schema.maxProperties) {
                error(map.location(), path, "must have at most " + schema.maxProperties + " properties");
            }
            return new Walked(new Node.MapNode(map.location(), entries), plain, members, List.of());
        }

        private Walked array(Node node, Schema schema, String path, boolean quiet) {
            if (!(node instanceof Node.ListNode list)) {
                if (!quiet) {
                    shapeError(node.location(), path, "expected a list, got " + node.describe());
                }
                return null;
            }
            List<Node> nodes = new ArrayList<>();
            List<Walked> items = new ArrayList<>();
            List<Object> plain = new ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                Node item = list.items().get(i);
                Walked v = isNull(item) ? null : value(item, schema.items, path + "[" + i + "]", quiet);
                if (isNull(item) && !quiet) {
                    shapeError(item.location(), path + "[" + i + "]", "expected " + schema.items.describe() + ", got null");
                }
                if (v != null) {
                    nodes.add(v.node);
                    items.add(v);
                    plain.add(v.plain);
                }
            }
            if (!quiet) {
                int n = list.items().size();
                if (schema.minItems != null && n < schema.minItems) {
                    error(list.location(), path, "should have at least " + schema.minItems + " items");
                }
                if (schema.maxItems != null && n > schema.maxItems) {
                    error(list.location(), path, "must have at most " + schema.maxItems + " items");
                }
                unique(items, schema, path);
            }
            return new Walked(new Node.ListNode(list.location(), nodes), plain, Map.of(), items);
        }

        /** {@code x-kubernetes-list-type: set} and {@code map}: no two items (or items' keys) equal. */
        private void unique(List<Walked> items, Schema schema, String path) {
            if (!"set".equals(schema.listType) && !"map".equals(schema.listType)) {
                return;
            }
            Set<Object> seen = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                Walked w = items.get(i);
                Object key;
                String shown;
                if ("set".equals(schema.listType)) {
                    key = w.plain;
                    shown = w.plain instanceof String s ? Node.quote(s) : String.valueOf(w.plain);
                } else {
                    Map<String, Object> k = new LinkedHashMap<>();
                    List<String> parts = new ArrayList<>();
                    for (String name : schema.listMapKeys) {
                        Object v = w.plain instanceof Map<?, ?> m ? m.get(name) : null;
                        k.put(name, v);
                        parts.add(name + "=" + (v instanceof String s ? Node.quote(s) : String.valueOf(v)));
                    }
                    key = k;
                    shown = String.join(", ", parts);
                }
                if (!seen.add(key)) {
                    error(w.node.location(), path + "[" + i + "]", "duplicate entry: " + shown);
                }
            }
        }

        private Walked scalar(Node node, Schema schema, String path, boolean quiet) {
            Object plain = switch (schema.type) {
                case "string" -> node instanceof Node.ScalarNode s && s.type() == Node.ScalarType.STR ? s.text() : null;
                case "boolean" -> node instanceof Node.ScalarNode s && s.type() == Node.ScalarType.BOOL ? YamlScalars.bool(s.text()) : null;
                case "integer" -> node instanceof Node.ScalarNode s && s.type() == Node.ScalarType.INT ? integer(s) : null;
                case "number" -> node instanceof Node.ScalarNode s && (s.type() == Node.ScalarType.INT || s.type() == Node.ScalarType.FLOAT)
                        ? Double.valueOf(s.text()) : null;
                default -> null;
            };
            if (plain == null) {
                if (!quiet) {
                    String hint = schema.type.equals("string") && node instanceof Node.ScalarNode ? "; quote it" : "";
                    String range = schema.type.equals("integer") && node instanceof Node.ScalarNode s && s.type() == Node.ScalarType.INT
                            ? "integer " + s.text() + " is out of range" : null;
                    shapeError(node.location(), path, range != null ? range : "expected " + schema.describe() + ", got " + node.describe() + hint);
                }
                return null;
            }
            if (!quiet) {
                checks(node.location(), plain, schema, path);
            }
            return new Walked(node, plain, Map.of(), List.of());
        }

        private static Long integer(Node.ScalarNode s) {
            BigInteger v = YamlScalars.integer(s.text());
            return v == null || v.bitLength() > 63 ? null : v.longValue();
        }

        /** The scalar checks: enum, pattern, lengths, ranges and formats. */
        private void checks(Location where, Object plain, Schema schema, String path) {
            for (String problem : scalarProblems(plain, schema)) {
                error(where, path, problem);
            }
        }

        /** {@code oneOf}, {@code anyOf} and {@code not}: which alternatives the value satisfies, without reporting. */
        private void alternatives(Walked w, Schema schema, String path) {
            if (!schema.oneOf.isEmpty()) {
                long n = schema.oneOf.stream().filter(s -> satisfies(w.plain, s)).count();
                if (n != 1) {
                    error(w.node.location(), path, "must validate one and only one schema (oneOf)");
                }
            }
            if (!schema.anyOf.isEmpty() && schema.anyOf.stream().noneMatch(s -> satisfies(w.plain, s))) {
                error(w.node.location(), path, "must validate at least one schema (anyOf)");
            }
            if (schema.not != null && satisfies(w.plain, schema.not)) {
                error(w.node.location(), path, "must not validate the schema (not)");
            }
        }

        /** Whether a plain value satisfies a value-only schema (the shape of oneOf/anyOf/not branches). */
        private static boolean satisfies(Object plain, Schema s) {
            if (!scalarProblems(plain, s).isEmpty()) {
                return false;
            }
            if (plain instanceof Map<?, ?> m) {
                for (Map.Entry<String, Schema> p : s.properties.entrySet()) {
                    Object v = m.get(p.getKey());
                    if (v != null && !satisfies(v, p.getValue())) {
                        return false;
                    }
                }
            }
            if (!s.anyOf.isEmpty() && s.anyOf.stream().noneMatch(a -> satisfies(plain, a))) {
                return false;
            }
            if (!s.oneOf.isEmpty() && s.oneOf.stream().filter(a -> satisfies(plain, a)).count() != 1) {
                return false;
            }
            return s.not == null || !satisfies(plain, s.not);
        }

        private static List<String> scalarProblems(Object plain, Schema schema) {
            List<String> out = new ArrayList<>();
            if (schema.enumValues != null && !(plain instanceof Map) && !(plain instanceof List)
                    && !schema.enumValues.contains(plain)) {
                out.add("unsupported value " + shown(plain) + ": supported values: "
                        + String.join(", ", schema.enumValues.stream().map(GatewayAdmission::shown).toList()));
            }
            if (plain instanceof String s) {
                int length = s.codePointCount(0, s.length());
                if (schema.minLength != null && length < schema.minLength) {
                    out.add("should be at least " + schema.minLength + " chars long");
                }
                if (schema.maxLength != null && length > schema.maxLength) {
                    out.add("may not be more than " + schema.maxLength + " bytes long");
                }
                if (schema.pattern != null && !schema.pattern.matcher(s).find()) {
                    out.add("invalid value " + Node.quote(s) + ": should match '" + schema.pattern.pattern() + "'");
                }
                if (schema.format != null && !formatted(s, schema.format)) {
                    out.add("invalid value " + Node.quote(s) + ": must be of format " + schema.format);
                }
            }
            if (plain instanceof Number n) {
                double v = n.doubleValue();
                if (schema.minimum != null && v < schema.minimum) {
                    out.add("should be greater than or equal to " + number(schema.minimum) + ", got " + shown(plain));
                }
                if (schema.maximum != null && v > schema.maximum) {
                    out.add("should be less than or equal to " + number(schema.maximum) + ", got " + shown(plain));
                }
                if ("int32".equals(schema.format) && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
                    out.add("integer " + shown(plain) + " is out of range for int32");
                }
            }
            return out;
        }

        /** The string formats these CRDs use; others (date-time on status only) are not checked. */
        private static boolean formatted(String s, String format) {
            return switch (format) {
                case "ipv4" -> IPV4.matcher(s).matches();
                case "ipv6" -> s.contains(":") && IPV6.matcher(s).matches() && ipv6(s);
                default -> true;
            };
        }

        private static boolean ipv6(String s) {
            try {
                return java.net.InetAddress.getByName(s) instanceof Inet6Address;
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }

        /** Evaluates the CEL rules bottom-up over the defaulted value, each at the field it is attached to. */
        void cel(Walked w, Schema schema, String path) {
            if ("object".equals(schema.type)) {
                for (Map.Entry<String, Walked> m : w.members.entrySet()) {
                    Schema s = schema.properties.get(m.getKey());
                    cel(m.getValue(), s != null ? s : schema.additional, child(path, m.getKey()));
                }
            } else if ("array".equals(schema.type)) {
                for (int i = 0; i < w.items.size(); i++) {
                    cel(w.items.get(i), schema.items, path + "[" + i + "]");
                }
            }
            for (Rule r : schema.rules) {
                if (!r.holds(w.plain)) {
                    String where = r.fieldPath.isEmpty() ? path : path + r.fieldPath;
                    error(w.node.location(), where, r.message);
                }
            }
        }
    }

    private static final Pattern IPV4 = Pattern.compile(
            "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]+$");

    private static String child(String path, String key) {
        if (path.isEmpty()) {
            return key;
        }
        return key.matches("[A-Za-z0-9_-]+") ? path + "." + key : path + "[" + key + "]";
    }

    private static final Set<String> CEL_RESERVED = Set.of("true", "false", "null", "in", "as", "break", "const",
            "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return", "var",
            "void", "while");

    /**
     * A property's name as CEL rules read it: the API server escapes CEL's reserved words and the characters CEL
     * identifiers lack, so a rule says {@code p.__namespace__} for {@code namespace}.
     */
    static String celName(String key) {
        if (CEL_RESERVED.contains(key)) {
            return "__" + key + "__";
        }
        if (key.indexOf('_') < 0 && key.indexOf('.') < 0 && key.indexOf('-') < 0 && key.indexOf('/') < 0) {
            return key;
        }
        return key.replace("__", "__underscores__").replace(".", "__dot__").replace("-", "__dash__").replace("/", "__slash__");
    }

    private static boolean isNull(Node n) {
        return n instanceof Node.ScalarNode s && s.isNull();
    }

    private static String shown(Object v) {
        return v instanceof String s ? Node.quote(s) : v instanceof Double d ? number(d) : String.valueOf(v);
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** A default value from the rules as a node located at {@code where}. */
    private static Node located(JsonNode value, Location where) {
        if (value.isObject()) {
            Map<String, Node.Entry> entries = new LinkedHashMap<>();
            value.fields().forEachRemaining(e -> entries.put(e.getKey(), new Node.Entry(e.getKey(), where, located(e.getValue(), where))));
            return new Node.MapNode(where, entries);
        }
        if (value.isArray()) {
            List<Node> items = new ArrayList<>();
            value.forEach(v -> items.add(located(v, where)));
            return new Node.ListNode(where, items);
        }
        Node.ScalarType type = value.isTextual() ? Node.ScalarType.STR : value.isBoolean() ? Node.ScalarType.BOOL
                : value.isIntegralNumber() ? Node.ScalarType.INT : value.isNumber() ? Node.ScalarType.FLOAT : Node.ScalarType.NULL;
        return new Node.ScalarNode(where, type, value.asText());
    }

    /** One node of a CRD schema, as far as admission reads it. */
    static final class Schema {
        final String type;
        final Map<String, Schema> properties = new LinkedHashMap<>();
        final Schema items;
        final Schema additional;
        final List<String> required = new ArrayList<>();
        final List<Object> enumValues;
        final Pattern pattern;
        final Integer minLength;
        final Integer maxLength;
        final Double minimum;
        final Double maximum;
        final Integer minItems;
        final Integer maxItems;
        final Integer maxProperties;
        final String format;
        final JsonNode defaultValue;
        final String listType;
        final List<String> listMapKeys = new ArrayList<>();
        final List<Schema> oneOf = new ArrayList<>();
        final List<Schema> anyOf = new ArrayList<>();
        final Schema not;
        final List<Rule> rules = new ArrayList<>();

        Schema(JsonNode s) {
            type = s.path("type").asText(s.has("properties") ? "object" : "");
            s.path("properties").fields().forEachRemaining(e -> properties.put(e.getKey(), new Schema(e.getValue())));
            items = s.has("items") ? new Schema(s.get("items")) : null;
            additional = s.path("additionalProperties").isObject() ? new Schema(s.get("additionalProperties")) : null;
            s.path("required").forEach(r -> required.add(r.asText()));
            if (s.has("enum")) {
                List<Object> values = new ArrayList<>();
                s.get("enum").forEach(v -> values.add(v.isTextual() ? v.asText() : v.isIntegralNumber() ? (Object) v.asLong() : v.asText()));
                enumValues = List.copyOf(values);
            } else {
                enumValues = null;
            }
            pattern = s.has("pattern") ? Pattern.compile(s.get("pattern").asText()) : null;
            minLength = s.has("minLength") ? s.get("minLength").asInt() : null;
            maxLength = s.has("maxLength") ? s.get("maxLength").asInt() : null;
            minimum = s.has("minimum") ? s.get("minimum").asDouble() : null;
            maximum = s.has("maximum") ? s.get("maximum").asDouble() : null;
            minItems = s.has("minItems") ? s.get("minItems").asInt() : null;
            maxItems = s.has("maxItems") ? s.get("maxItems").asInt() : null;
            maxProperties = s.has("maxProperties") ? s.get("maxProperties").asInt() : null;
            format = s.has("format") ? s.get("format").asText() : null;
            defaultValue = s.get("default");
            listType = s.has("x-kubernetes-list-type") ? s.get("x-kubernetes-list-type").asText() : null;
            s.path("x-kubernetes-list-map-keys").forEach(k -> listMapKeys.add(k.asText()));
            s.path("oneOf").forEach(o -> oneOf.add(new Schema(o)));
            s.path("anyOf").forEach(o -> anyOf.add(new Schema(o)));
            not = s.has("not") ? new Schema(s.get("not")) : null;
            s.path("x-kubernetes-validations").forEach(v -> rules.add(new Rule(v.path("rule").asText(),
                    v.path("message").asText("failed rule: " + v.path("rule").asText()), v.path("fieldPath").asText(""))));
        }

        String describe() {
            return switch (type) {
                case "object" -> "a map";
                case "array" -> "a list";
                case "string" -> "a string";
                case "integer" -> "an integer";
                case "boolean" -> "a boolean";
                case "number" -> "a number";
                default -> "a value";
            };
        }
    }

    /** A CEL rule with the CRD's message; planned on first use. */
    static final class Rule {
        final String text;
        final String message;
        final String fieldPath;
        private volatile CelRuntime.Program program;

        Rule(String text, String message, String fieldPath) {
            this.text = text;
            this.message = message;
            this.fieldPath = fieldPath;
        }

        /** Whether the rule holds for {@code self}; a rule that reads {@code oldSelf} is a transition rule and holds. */
        boolean holds(Object self) {
            if (text.contains("oldSelf")) {
                return true;
            }
            try {
                return Boolean.TRUE.equals(program().eval(Map.of("self", self)));
            } catch (CelEvaluationException e) {
                // The API server reports a rule that cannot be evaluated (say, a key it reads is absent) as invalid.
                return false;
            }
        }

        CelRuntime.Program program() {
            CelRuntime.Program p = program;
            if (p == null) {
                p = Cel.plan(text);
                program = p;
            }
            return p;
        }
    }

    /** The CEL environment, built when the first rule is planned: parsing and the planner's runtime. */
    static final class Cel {
        private static final CelCompiler PARSER = CelCompilerFactory.standardCelCompilerBuilder()
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar("self", SimpleType.DYN)
                .addLibraries(CelExtensions.strings())
                .build();
        private static final CelRuntime RUNTIME = CelRuntimeFactory.plannerRuntimeBuilder()
                .addLibraries(CelExtensions.strings())
                .build();
        private static final Map<String, CelRuntime.Program> PLANNED = new ConcurrentHashMap<>();

        private Cel() {}

        /**
         * The program of a rule. Rules are parsed, not type-checked: {@code self} is dynamic as the API server's
         * unstructured values are, and checking costs more than the rule itself on a cold JVM.
         */
        static CelRuntime.Program plan(String rule) {
            return PLANNED.computeIfAbsent(rule, r -> {
                try {
                    return RUNTIME.createProgram(PARSER.parse(r).getAst());
                } catch (Exception e) {
                    throw new IllegalStateException("CEL rule does not parse: " + r + ": " + e.getMessage(), e);
                }
            });
        }
    }

    /** The schemas by {@code Kind/version}, read from the data file once. */
    static final class Rules {
        static final Map<String, Schema> SCHEMAS = load();

        private Rules() {}

        private static Map<String, Schema> load() {
            try (InputStream in = GatewayAdmission.class.getResourceAsStream(RULES_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RULES_RESOURCE);
                }
                JsonNode doc = new ObjectMapper().readTree(in);
                Map<String, Schema> out = new LinkedHashMap<>();
                for (Iterator<JsonNode> it = doc.path("kinds").elements(); it.hasNext(); ) {
                    JsonNode k = it.next();
                    Schema spec = new Schema(k.get("spec"));
                    k.path("versions").forEach(v -> out.put(k.path("kind").asText() + "/" + v.asText(), spec));
                }
                return Map.copyOf(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
