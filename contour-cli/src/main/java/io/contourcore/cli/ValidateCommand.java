package io.contourcore.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.contourcore.xds.XdsResources;
import io.contourcore.xds.render.ProtoText;
import io.contourcore.xds.render.ProtoTypes;
import io.contourcore.xds.validate.EnvoyValidator;
import io.contourcore.xds.validate.Violation;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code contour validate FILE...}: checks Envoy configuration files the way Envoy checks them on load.
 *
 * <pre>{@code
 * contour render input.yaml --format xds -o json --output-file xds.json
 * contour validate xds.json        # exit 0: valid, 1: findings, 2: unreadable
 * }</pre>
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check Envoy configuration files as Envoy checks them on load.",
            "",
            "Checks every protoc-gen-validate rule of the Envoy API, RE2 regexes, the HTTP filter chain, unique names "
                    + "and addresses, and references between resources.",
            "",
            "A FILE (JSON or YAML, '-' for standard input) holds one of:",
            "  - a static Bootstrap (static_resources, admin, ...);",
            "  - the 'contour render --format xds' document",
            "    {listeners, routes, clusters, endpoints, secrets};",
            "  - a list of resources each with an \"@type\" (also as several YAML",
            "    documents, or {\"resources\": [...]} as in a DiscoveryResponse);",
            "  - a single resource with an \"@type\" (then only the checks that need",
            "    no other resource apply).",
            "Resources: Listener, RouteConfiguration, Cluster, ClusterLoadAssignment, Secret. Each FILE is checked on "
                    + "its own; in a set, the clusters 'contour' and 'envoy-admin' count as defined by Contour's bootstrap.",
            "",
        },
        footer = {
            "",
            "Findings: FILE: TYPE NAME: FIELD_PATH: RULE: message",
            "With -o json: one JSON list of findings, each with a code (the rule); a file that cannot be used is an "
                    + "entry too, with code cannot-read, syntax or not-envoy-config.",
            "Exit codes: 0 valid, 1 findings, 2 a file unreadable or not Envoy configuration.",
            "",
            "Example: contour render testdata/examples/quickstart.yaml --format xds --output-file xds.yaml",
            "         contour validate xds.yaml",
            "",
            "  xds.yaml: envoy.config.route.v3.RouteConfiguration ingress_http:",
            "  virtual_hosts[0].routes[0].route.cluster: envoy.route.cluster_exists:",
            "  route: unknown cluster 'default/kuard/80/da39a3ee5e'",
        })
public final class ValidateCommand implements Callable<Integer> {

    private static final Set<String> DOCUMENT_KEYS = Set.of("listeners", "routes", "clusters", "endpoints", "secrets");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Envoy bootstrap or xDS resource files; '-' reads standard input.")
    List<String> files = new ArrayList<>();

    final OutputFlag outputFlag = OutputFlag.printing("validate", "text", "json");

    Format format = Format.text;

    @Option(names = {"-o", "--output"}, paramLabel = "text|json", description = "Output format (default: text).")
    void output(String value) {
        outputFlag.output(spec, value);
    }

    @Option(names = "--output-format", hidden = true, description = "Deprecated spelling of -o/--output.")
    void outputFormat(String value) {
        outputFlag.deprecatedOutputFormat(spec, value);
    }

    enum Format { text, json }

    /** Where {@code -} reads from; tests replace it. */
    InputStream stdin = System.in;

    /** The text of the file being checked, so a schema error can be traced back to a line. */
    private String text = "";

    /** A file that cannot be read or is not Envoy configuration. */
    static final class BadInput extends Exception {
        BadInput(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        outputFlag.printNotes(err);
        format = Format.valueOf(outputFlag.format());
        boolean bad = false;
        boolean findings = false;
        ArrayNode json = ProtoText.JSON.createArrayNode();
        for (String file : files) {
            List<Violation> violations;
            try {
                violations = validate(file);
            } catch (BadInput e) {
                if (format == Format.json) {
                    badInputJson(json.addObject(), file, e.getMessage());
                } else {
                    err.println(e.getMessage());
                }
                bad = true;
                continue;
            }
            findings |= !violations.isEmpty();
            for (Violation v : violations) {
                switch (format) {
                    case text -> out.println(file + ": " + v);
                    case json -> {
                        ObjectNode o = json.addObject();
                        o.put("file", file);
                        o.put("type", v.resourceType());
                        o.put("name", v.resourceName());
                        o.put("path", v.path());
                        o.put("rule", v.rule());
                        o.put("code", v.rule());
                        o.put("message", v.message());
                    }
                }
            }
        }
        if (format == Format.json) {
            out.print(ProtoText.jsonText(json));
        }
        out.flush();
        err.flush();
        return bad ? 2 : findings ? 1 : 0;
    }

    private static final java.util.regex.Pattern AT_LINE = java.util.regex.Pattern.compile(":(\\d+)(?::(\\d+))?: ");

    /**
     * A file that is not usable, in the finding shape: {@code code} is {@code cannot-read}, {@code syntax} (not JSON
     * or YAML) or {@code not-envoy-config}, with the line and column when the message has them.
     */
    private static void badInputJson(ObjectNode o, String file, String message) {
        o.put("file", file);
        String rest = message.startsWith(file) ? message.substring(file.length()) : message;
        java.util.regex.Matcher m = AT_LINE.matcher(rest);
        if (m.lookingAt()) {
            o.put("line", Integer.parseInt(m.group(1)));
            if (m.group(2) != null) {
                o.put("column", Integer.parseInt(m.group(2)));
            }
            rest = rest.substring(m.end());
        } else if (rest.startsWith(": ")) {
            rest = rest.substring(2);
        }
        o.put("code", rest.startsWith("cannot read") ? "cannot-read"
                : rest.startsWith("not JSON or YAML") ? "syntax" : "not-envoy-config");
        o.put("message", rest);
    }

    private List<Violation> validate(String file) throws BadInput {
        String text = read(file);
        JsonNode tree;
        try {
            List<JsonNode> docs = new ArrayList<>();
            try (MappingIterator<JsonNode> it = ProtoText.YAML.readerFor(JsonNode.class).readValues(text)) {
                while (it.hasNextValue()) {
                    JsonNode doc = it.nextValue();
                    if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                        docs.add(doc);
                    }
                }
            }
            // several YAML documents are read as a list of resources, one per document
            tree = docs.size() == 1 ? docs.get(0) : docs.isEmpty() ? null : ProtoText.JSON.createArrayNode().addAll(docs);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc != null && loc.getLineNr() > 0 ? ":" + loc.getLineNr() + ":" + loc.getColumnNr() : "";
            throw new BadInput(file + where + ": not JSON or YAML: " + oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new BadInput(file + ": cannot read: " + e.getMessage());
        }
        this.text = text;
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new BadInput(file + ": empty file, expected an Envoy bootstrap or xDS resources");
        }
        if (tree.isArray()) {
            return EnvoyValidator.validate(resources(file, tree, ""));
        }
        if (!tree.isObject()) {
            throw new BadInput(file + ": expected an object or a list, found " + tree.getNodeType().name().toLowerCase());
        }
        if (tree.has("@type")) {
            return EnvoyValidator.validate(resource(file, tree, ""));
        }
        if (tree.has("resources") && tree.get("resources").isArray()) {
            return EnvoyValidator.validate(resources(file, tree.get("resources"), "resources"));
        }
        List<String> fields = new ArrayList<>();
        tree.fieldNames().forEachRemaining(fields::add);
        if (!fields.isEmpty() && DOCUMENT_KEYS.containsAll(fields)) {
            return EnvoyValidator.validate(document(file, tree));
        }
        Bootstrap.Builder b = Bootstrap.newBuilder();
        parse(file, tree, b, "");
        return EnvoyValidator.validateBootstrap(b.build());
    }

    /** The YAML parser's message without its source excerpts, on one line (the position is already given). */
    static String oneLine(String message) {
        List<String> parts = new ArrayList<>();
        for (String line : String.valueOf(message).split("\\R")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.equals("^") && !t.startsWith("in 'reader'") && !line.startsWith("    ")) {
                parts.add(t);
            }
        }
        return String.join("; ", parts);
    }

    private String read(String file) throws BadInput {
        try {
            if (file.equals("-")) {
                return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BadInput(file + ": cannot read: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private XdsResources document(String file, JsonNode tree) throws BadInput {
        List<Listener> listeners = new ArrayList<>();
        List<RouteConfiguration> routes = new ArrayList<>();
        List<Cluster> clusters = new ArrayList<>();
        List<ClusterLoadAssignment> endpoints = new ArrayList<>();
        List<Secret> secrets = new ArrayList<>();
        for (String key : DOCUMENT_KEYS) {
            JsonNode list = tree.get(key);
            if (list == null || list.isNull()) {
                continue;
            }
            if (!list.isArray()) {
                throw new BadInput(file + ": " + key + ": expected a list");
            }
            for (int i = 0; i < list.size(); i++) {
                String where = key + "[" + i + "]";
                JsonNode node = withoutType(list.get(i));
                switch (key) {
                    case "listeners" -> listeners.add(parse(file, node, Listener.newBuilder(), where).build());
                    case "routes" -> routes.add(parse(file, node, RouteConfiguration.newBuilder(), where).build());
                    case "clusters" -> clusters.add(parse(file, node, Cluster.newBuilder(), where).build());
                    case "endpoints" -> endpoints.add(parse(file, node, ClusterLoadAssignment.newBuilder(), where).build());
                    default -> secrets.add(parse(file, node, Secret.newBuilder(), where).build());
                }
            }
        }
        return new XdsResources(listeners, routes, clusters, endpoints, secrets);
    }

    private XdsResources resources(String file, JsonNode list, String base) throws BadInput {
        List<Listener> listeners = new ArrayList<>();
        List<RouteConfiguration> routes = new ArrayList<>();
        List<Cluster> clusters = new ArrayList<>();
        List<ClusterLoadAssignment> endpoints = new ArrayList<>();
        List<Secret> secrets = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = (base.isEmpty() ? "" : base) + "[" + i + "]";
            Message m = resource(file, list.get(i), where);
            switch (m.getDescriptorForType().getFullName()) {
                case "envoy.config.listener.v3.Listener" -> listeners.add((Listener) m);
                case "envoy.config.route.v3.RouteConfiguration" -> routes.add((RouteConfiguration) m);
                case "envoy.config.cluster.v3.Cluster" -> clusters.add((Cluster) m);
                case "envoy.config.endpoint.v3.ClusterLoadAssignment" -> endpoints.add((ClusterLoadAssignment) m);
                case "envoy.extensions.transport_sockets.tls.v3.Secret" -> secrets.add((Secret) m);
                default -> throw new BadInput(file + ": " + where + ": a " + m.getDescriptorForType().getFullName()
                        + " cannot be part of a resource list");
            }
        }
        return new XdsResources(listeners, routes, clusters, endpoints, secrets);
    }

    /** One resource named by its {@code "@type"}. */
    private Message resource(String file, JsonNode node, String where) throws BadInput {
        String at = where.isEmpty() ? "" : where + ": ";
        if (!node.isObject() || !node.has("@type") || !node.get("@type").isTextual()) {
            throw new BadInput(file + ": " + at + "expected a resource object with an \"@type\"");
        }
        String type = ProtoTypes.typeName(node.get("@type").asText());
        Message.Builder b = switch (type) {
            case "envoy.config.listener.v3.Listener" -> Listener.newBuilder();
            case "envoy.config.route.v3.RouteConfiguration" -> RouteConfiguration.newBuilder();
            case "envoy.config.cluster.v3.Cluster" -> Cluster.newBuilder();
            case "envoy.config.endpoint.v3.ClusterLoadAssignment" -> ClusterLoadAssignment.newBuilder();
            case "envoy.extensions.transport_sockets.tls.v3.Secret" -> Secret.newBuilder();
            case "envoy.config.bootstrap.v3.Bootstrap" -> Bootstrap.newBuilder();
            default -> throw new BadInput(file + ": " + at + "unsupported \"@type\" " + node.get("@type").asText()
                    + " (expected Listener, RouteConfiguration, Cluster, ClusterLoadAssignment, Secret or Bootstrap)");
        };
        return parse(file, withoutType(node), b, where).build();
    }

    private static JsonNode withoutType(JsonNode node) {
        if (node.isObject() && node.has("@type")) {
            ObjectNode copy = ((ObjectNode) node).deepCopy();
            copy.remove("@type");
            return copy;
        }
        return node;
    }

    private <B extends Message.Builder> B parse(String file, JsonNode node, B builder, String where) throws BadInput {
        try {
            return ProtoText.parseTree(node, builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            String type = builder.getDescriptorForType().getName();
            String message = String.valueOf(e.getMessage());
            throw new BadInput(file + lineOf(text, message) + ": " + (where.isEmpty() ? "" : where + ": ")
                    + "not a valid " + type + ": " + message);
        }
    }

    private static final java.util.regex.Pattern UNKNOWN_FIELD = java.util.regex.Pattern.compile("Cannot find field: (\\S+)");

    /**
     * {@code :LINE} of the first key named in a "Cannot find field" error, since the protobuf JSON parser gives no
     * positions; empty for other errors.
     */
    static String lineOf(String text, String message) {
        java.util.regex.Matcher m = UNKNOWN_FIELD.matcher(message);
        if (!m.find()) {
            return "";
        }
        String name = m.group(1);
        try (JsonParser p = ProtoText.YAML.getFactory().createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME && p.currentName().equals(name)) {
                    return ":" + p.currentLocation().getLineNr();
                }
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }
}
