package io.contourcore.cli.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contourcore.model.Kind;
import io.contourcore.model.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * IngressRoute ({@code contour.heptio.com/v1beta1}) to HTTPProxy ({@code projectcontour.io/v1}), and the legacy
 * TLSCertificateDelegation to the current one, as upstream's {@code ir2proxy} and the "IngressRoute to HTTPProxy"
 * guide map them, working on the located trees of the whole input so that a delegated IngressRoute's matches are
 * made relative to the prefix its parent actually delegates (ir2proxy could only guess it from the child alone).
 * Every other object is passed through unchanged. What cannot be said exactly in HTTPProxy is a {@link Warning}
 * located where the IngressRoute wrote it.
 *
 * <pre>{@code
 * IngressRouteConverter.Result r = IngressRouteConverter.convert(docs, "default");
 * r.warnings().forEach(w -> System.err.println(w.line()));
 * // app.yaml:14:11: IngressRoute default/app: strategy "Random" of service "s2" cannot be applied: ...
 * String yaml = Manifests.yamlStream(r.objects());
 * }</pre>
 */
public final class IngressRouteConverter {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String GUIDE = "https://projectcontour.io/docs/main/config/inclusion-delegation/";

    private static final Set<String> SPEC_FIELDS = Set.of("virtualhost", "routes", "tcpproxy");
    private static final Set<String> ROUTE_FIELDS = Set.of("match", "delegate", "services", "enableWebsockets",
            "permitInsecure", "prefixRewrite", "timeoutPolicy", "retryPolicy");
    private static final Set<String> SERVICE_FIELDS = Set.of("name", "port", "weight", "strategy", "healthCheck", "validation");
    private static final List<String> HEALTH_CHECK_FIELDS = List.of("path", "host", "intervalSeconds", "timeoutSeconds",
            "unhealthyThresholdCount", "healthyThresholdCount");

    private IngressRouteConverter() {}

    /** Something that could not be converted exactly, where it was written, and why. */
    public record Warning(Location at, String object, String message) {
        public Warning {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(message, "message");
        }

        /** {@code FILE:LINE:COLUMN: IngressRoute NS/NAME: message}. */
        public String line() {
            return at + ": " + object + ": " + message;
        }
    }

    /** Every object of the input in order, converted ones replaced; the warnings; how many objects were converted. */
    public record Result(List<ObjectNode> objects, List<Warning> warnings, int converted) {
        public Result {
            objects = List.copyOf(objects);
            warnings = List.copyOf(warnings);
        }
    }

    /** Where an IngressRoute is delegated to from: the delegating route's match, and where it was written. */
    private record Use(String prefix, Manifests.Doc parent, Node at) {}

    /** Converts every IngressRoute and legacy TLSCertificateDelegation of {@code docs}; the rest is copied. */
    public static Result convert(List<Manifests.Doc> docs, String defaultNamespace) {
        Map<String, List<Use>> delegatedFrom = new LinkedHashMap<>();
        for (Manifests.Doc d : docs) {
            if (kind(d) == Kind.INGRESS_ROUTE) {
                for (Node route : items(path(d.node(), "spec", "routes"))) {
                    Node delegate = Manifests.get(route, "delegate");
                    String match = Manifests.string(Manifests.get(route, "match"));
                    if (Manifests.present(delegate) && match != null) {
                        delegatedFrom.computeIfAbsent(target(delegate, namespace(d, defaultNamespace)), k -> new ArrayList<>())
                                .add(new Use(match, d, Manifests.get(route, "match")));
                    }
                }
            }
        }
        List<ObjectNode> out = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        int converted = 0;
        for (Manifests.Doc d : docs) {
            Kind k = kind(d);
            if (k == Kind.INGRESS_ROUTE) {
                String ns = namespace(d, defaultNamespace);
                One one = new One(d, "IngressRoute " + ns + "/" + name(d), warnings);
                out.add(one.proxy(delegatedFrom.getOrDefault(ns + "/" + name(d), List.of())));
                converted++;
            } else if (k == Kind.LEGACY_TLS_CERTIFICATE_DELEGATION) {
                ObjectNode o = header(d, Kind.TLS_CERTIFICATE_DELEGATION);
                Node spec = Manifests.get(d.node(), "spec");
                if (spec != null) {
                    o.set("spec", Manifests.plain(spec));
                }
                out.add(o);
                converted++;
            } else {
                out.add(Manifests.plain(d));
            }
        }
        return new Result(out, warnings, converted);
    }

    private static Kind kind(Manifests.Doc d) {
        return Kind.lookup(d.apiVersion(), d.kind()).orElse(null);
    }

    private static String name(Manifests.Doc d) {
        String n = Manifests.string(path(d.node(), "metadata", "name"));
        return n == null ? "" : n;
    }

    private static String namespace(Manifests.Doc d, String defaultNamespace) {
        String n = Manifests.string(path(d.node(), "metadata", "namespace"));
        return n == null || n.isEmpty() ? defaultNamespace : n;
    }

    /** {@code namespace/name} of a delegate, its namespace defaulting to the delegating object's. */
    private static String target(Node delegate, String ownNamespace) {
        String ns = Manifests.string(Manifests.get(delegate, "namespace"));
        return (ns == null || ns.isEmpty() ? ownNamespace : ns) + "/" + Manifests.string(Manifests.get(delegate, "name"));
    }

    private static Node path(Node n, String... keys) {
        Node at = n;
        for (String k : keys) {
            at = Manifests.get(at, k);
        }
        return at;
    }

    private static List<Node> items(Node n) {
        return n instanceof SequenceNode s ? s.getValue() : List.of();
    }

    /** The new object's apiVersion, kind and metadata (name, namespace, labels, annotations, as ir2proxy keeps). */
    private static ObjectNode header(Manifests.Doc d, Kind kind) {
        ObjectNode o = F.objectNode();
        o.put("apiVersion", kind.apiVersion());
        o.put("kind", kind.kindName());
        ObjectNode meta = o.putObject("metadata");
        for (String k : List.of("name", "namespace", "labels", "annotations")) {
            Node v = path(d.node(), "metadata", k);
            if (Manifests.present(v)) {
                meta.set(k, Manifests.plain(v));
            }
        }
        return o;
    }

    /** The conversion of one IngressRoute. */
    private static final class One {
        private final Manifests.Doc d;
        private final String object;
        private final List<Warning> warnings;

        One(Manifests.Doc d, String object, List<Warning> warnings) {
            this.d = d;
            this.object = object;
            this.warnings = warnings;
        }

        private void warn(Node at, String message) {
            warnings.add(new Warning(d.at(at == null ? d.node() : at), object, message));
        }

        ObjectNode proxy(List<Use> uses) {
            ObjectNode o = header(d, Kind.HTTP_PROXY);
            ObjectNode spec = o.putObject("spec");
            Node irSpec = Manifests.get(d.node(), "spec");
            unknownFields(irSpec, SPEC_FIELDS, "spec");
            Node vh = Manifests.get(irSpec, "virtualhost");
            if (Manifests.present(vh)) {
                spec.set("virtualhost", Manifests.plain(vh));
            }
            List<Node> routes = items(Manifests.get(irSpec, "routes"));
            String base = Manifests.present(vh) ? "" : includePrefix(routes, uses);
            ArrayNode outRoutes = F.arrayNode();
            ArrayNode includes = F.arrayNode();
            for (Node r : routes) {
                route(r, base, outRoutes, includes);
            }
            Node tcp = Manifests.get(irSpec, "tcpproxy");
            if (Manifests.present(tcp)) {
                tcpproxy(tcp).ifPresent(t -> spec.set("tcpproxy", t));
            }
            if (!outRoutes.isEmpty()) {
                spec.set("routes", outRoutes);
            }
            if (!includes.isEmpty()) {
                spec.set("includes", includes);
            }
            return o;
        }

        /**
         * The prefix this IngressRoute's matches are relative to once converted: HTTPProxy adds an include's
         * conditions to the included object's, where IngressRoute made delegated routes repeat the whole path.
         */
        private String includePrefix(List<Node> routes, List<Use> uses) {
            Set<String> prefixes = new LinkedHashSet<>();
            uses.forEach(u -> prefixes.add(u.prefix()));
            if (prefixes.size() == 1) {
                return prefixes.iterator().next();
            }
            if (prefixes.size() > 1) {
                String first = prefixes.iterator().next();
                List<String> others = new ArrayList<>();
                for (Use u : uses) {
                    if (!u.prefix().equals(first)) {
                        others.add(quote(u.prefix()) + " (" + u.parent().at(u.at()) + ")");
                    }
                }
                warn(d.node(), "is delegated to under different prefixes: " + quote(first) + " and " + String.join(", ", others)
                        + "; HTTPProxy conditions are relative to each include, so its routes are written relative to "
                        + quote(first) + " and are reached under the other prefixes at different paths than before");
                return first;
            }
            // No IngressRoute in the input delegates here: guess as ir2proxy does, from the matches' common prefix.
            List<String> matches = new ArrayList<>();
            for (Node r : routes) {
                String m = Manifests.string(Manifests.get(r, "match"));
                if (m != null && !m.isEmpty()) {
                    matches.add(m);
                }
            }
            if (matches.isEmpty()) {
                return "";
            }
            if (matches.size() == 1 && !matches.get(0).equals("/")) {
                warn(d.node(), "no IngressRoute in the input delegates to it, and the include path cannot be told from its "
                        + "single match " + quote(matches.get(0)) + "; the match is kept as written, and an include adds "
                        + "its prefix in front of it; check it against " + GUIDE);
                return "";
            }
            String lcp = commonPathPrefix(matches);
            if (lcp.isEmpty() || lcp.equals("/")) {
                if (matches.stream().anyMatch(m -> !m.equals("/"))) {
                    warn(d.node(), "no IngressRoute in the input delegates to it and its matches share no path prefix, so the "
                            + "include path cannot be told; its matches are kept as written, and an include adds its "
                            + "prefix in front of them; check them against " + GUIDE);
                }
                return "";
            }
            warn(d.node(), "no IngressRoute in the input delegates to it; the include path is guessed as " + quote(lcp)
                    + " (its matches' common prefix) and removed from its matches; check it against " + GUIDE);
            return lcp;
        }

        private void route(Node r, String base, ArrayNode outRoutes, ArrayNode includes) {
            unknownFields(r, ROUTE_FIELDS, "route");
            Node matchNode = Manifests.get(r, "match");
            String match = Manifests.string(matchNode);
            match = match == null ? "" : match;
            Node delegate = Manifests.get(r, "delegate");
            List<Node> services = items(Manifests.get(r, "services"));
            if (Manifests.present(delegate) && !services.isEmpty()) {
                warn(r, "route " + quote(match) + " has both services and a delegate, which IngressRoute refuses "
                        + "(the object is invalid); converted as the include only");
            }
            String relative = relative(match, base, matchNode);
            if (relative == null) {
                return;
            }
            if (Manifests.present(delegate)) {
                ObjectNode inc = include(delegate);
                includes.add(inc);
                if (!relative.isEmpty()) {
                    inc.putArray("conditions").addObject().put("prefix", relative);
                }
                return;
            }
            if (services.isEmpty()) {
                return; // IngressRoute skips a route with neither services nor a delegate, as leaving it out does
            }
            ObjectNode out = outRoutes.addObject();
            if (!relative.isEmpty()) {
                out.putArray("conditions").addObject().put("prefix", relative);
            }
            ArrayNode outServices = out.putArray("services");
            ServicePolicies policies = new ServicePolicies("route " + quote(match), false);
            for (Node s : services) {
                outServices.add(service(s, policies, "route " + quote(match)));
            }
            policies.apply(out);
            copy(r, "enableWebsockets", out);
            copy(r, "permitInsecure", out);
            String rewrite = Manifests.string(Manifests.get(r, "prefixRewrite"));
            if (rewrite != null && !rewrite.isEmpty()) {
                out.putObject("pathRewritePolicy").putArray("replacePrefix").addObject().put("replacement", rewrite);
            }
            Node timeout = Manifests.get(r, "timeoutPolicy");
            if (Manifests.present(timeout)) {
                ObjectNode t = out.putObject("timeoutPolicy");
                Node request = Manifests.get(timeout, "request");
                if (Manifests.present(request)) {
                    t.set("response", Manifests.plain(request));
                }
            }
            Node retry = Manifests.get(r, "retryPolicy");
            if (Manifests.present(retry)) {
                ObjectNode t = out.putObject("retryPolicy");
                copy(retry, "count", t);
                copy(retry, "perTryTimeout", t);
            }
        }

        /**
         * {@code match} relative to {@code base}, the prefix this object is included under: empty for the prefix
         * itself, null (reported) when IngressRoute would not have taken the route under that prefix.
         */
        private String relative(String match, String base, Node at) {
            if (base.isEmpty() || base.equals("/")) {
                return match;
            }
            String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
            String m = match.endsWith("/") ? match : match + "/";
            if (!m.startsWith(b + "/")) {
                warn(at, "match " + quote(match) + " is not under the prefix " + quote(base)
                        + " it is delegated under, so IngressRoute marks the object invalid; the route is left out");
                return null;
            }
            return match.substring(b.length());
        }

        private java.util.Optional<ObjectNode> tcpproxy(Node tcp) {
            List<Node> services = items(Manifests.get(tcp, "services"));
            Node delegate = Manifests.get(tcp, "delegate");
            ObjectNode t = F.objectNode();
            if (!services.isEmpty()) {
                if (Manifests.present(delegate)) {
                    warn(delegate, "tcpproxy has both services and a delegate, which IngressRoute refuses (the object "
                            + "is invalid); converted as the services only");
                }
                ArrayNode out = t.putArray("services");
                ServicePolicies policies = new ServicePolicies("tcpproxy", true);
                for (Node s : services) {
                    out.add(service(s, policies, "tcpproxy"));
                }
                policies.apply(t);
                return java.util.Optional.of(t);
            }
            if (Manifests.present(delegate)) {
                t.set("include", include(delegate));
                return java.util.Optional.of(t);
            }
            // An empty tcpproxy does nothing in IngressRoute and is refused by HTTPProxy: leaving it out is exact.
            return java.util.Optional.empty();
        }

        private ObjectNode service(Node s, ServicePolicies policies, String where) {
            unknownFields(s, SERVICE_FIELDS, where + " service");
            ObjectNode o = F.objectNode();
            for (String k : List.of("name", "port", "weight", "validation")) {
                copy(s, k, o);
            }
            policies.add(s);
            return o;
        }

        /**
         * Strategy and health check, per service in IngressRoute and per route (or tcpproxy) in HTTPProxy. A
         * tcpproxy's HTTP health check has no HTTPProxy equivalent and is left out, as ir2proxy does.
         */
        private final class ServicePolicies {
            private final List<Node> services = new ArrayList<>();
            private final String owner;
            private final boolean tcp;

            ServicePolicies(String owner, boolean tcp) {
                this.owner = owner;
                this.tcp = tcp;
            }

            void add(Node s) {
                services.add(s);
            }

            void apply(ObjectNode route) {
                String strategy = null;
                String strategyFrom = null;
                JsonNode check = null;
                String checkFrom = null;
                for (Node s : services) {
                    Node st = Manifests.get(s, "strategy");
                    String sv = Manifests.string(st);
                    if (sv != null && !sv.isEmpty()) {
                        if (strategy == null) {
                            strategy = sv;
                            strategyFrom = name(s);
                            route.putObject("loadBalancerPolicy").put("strategy", sv);
                        } else if (!strategy.equals(sv)) {
                            warn(st, "strategy " + quote(sv) + " of service " + quote(name(s)) + " cannot be applied: "
                                    + "HTTPProxy has one load balancing policy for all of a " + (tcp ? "tcpproxy" : "route")
                                    + "'s services, and "
                                    + quote(strategy) + " of service " + quote(strategyFrom) + " is already applied");
                        }
                    }
                    Node hc = Manifests.get(s, "healthCheck");
                    if (Manifests.present(hc) && tcp) {
                        warn(hc, "the HTTP health check of tcpproxy service " + quote(name(s))
                                + " has no HTTPProxy equivalent on a tcpproxy and is left out");
                    } else if (Manifests.present(hc)) {
                        ObjectNode policy = F.objectNode();
                        for (String k : HEALTH_CHECK_FIELDS) {
                            copy(hc, k, policy);
                        }
                        if (check == null) {
                            check = policy;
                            checkFrom = name(s);
                            route.set("healthCheckPolicy", policy);
                        } else if (!check.equals(policy)) {
                            warn(hc, "the health check of service " + quote(name(s)) + " cannot be applied: HTTPProxy has "
                                    + "one health check for all of a route's services, and the one of service "
                                    + quote(checkFrom) + " is already applied");
                        }
                    }
                }
                if (services.size() < 2) {
                    return;
                }
                for (Node s : services) {
                    if (strategy != null && Manifests.string(Manifests.get(s, "strategy")) == null) {
                        warn(s, "strategy " + quote(strategy) + " of service " + quote(strategyFrom)
                                + " now also applies to service " + quote(name(s)) + " of " + owner
                                + ", which had the default (RoundRobin): HTTPProxy sets it per " + (tcp ? "tcpproxy" : "route"));
                    }
                    if (check != null && !Manifests.present(Manifests.get(s, "healthCheck"))) {
                        warn(s, "the health check of service " + quote(checkFrom) + " now also applies to service "
                                + quote(name(s)) + " of " + owner + ", which had none: HTTPProxy sets it per route");
                    }
                }
            }
        }

        private void unknownFields(Node n, Set<String> known, String what) {
            if (!(n instanceof MappingNode m)) {
                return;
            }
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && !known.contains(k.getValue())) {
                    warn(k, what + " field " + quote(k.getValue()) + " is not an IngressRoute field; left out");
                }
            }
        }
    }

    /** An include of the delegate's name and, when written, namespace. */
    private static ObjectNode include(Node delegate) {
        ObjectNode inc = F.objectNode();
        copy(delegate, "name", inc);
        copy(delegate, "namespace", inc);
        return inc;
    }

    private static String name(Node service) {
        String n = Manifests.string(Manifests.get(service, "name"));
        return n == null ? "" : n;
    }

    private static void copy(Node from, String key, ObjectNode to) {
        Node v = Manifests.get(from, key);
        if (Manifests.present(v)) {
            to.set(key, Manifests.plain(v));
        }
    }

    /**
     * The longest prefix of whole path segments all {@code paths} share ({@code /a/b} of {@code /a/b/c} and
     * {@code /a/b/d}); empty when they share none. One path is its own prefix.
     */
    static String commonPathPrefix(List<String> paths) {
        if (paths.size() == 1) {
            return paths.get(0).equals("/") ? "" : paths.get(0);
        }
        List<String[]> split = new ArrayList<>();
        for (String p : paths) {
            split.add((p.startsWith("/") ? p.substring(1) : p).split("/", -1));
        }
        List<String> common = new ArrayList<>();
        for (int i = 0; ; i++) {
            String seg = null;
            for (String[] s : split) {
                if (i >= s.length || (seg != null && !seg.equals(s[i]))) {
                    return common.isEmpty() ? "" : "/" + String.join("/", common);
                }
                seg = s[i];
            }
            common.add(seg);
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
