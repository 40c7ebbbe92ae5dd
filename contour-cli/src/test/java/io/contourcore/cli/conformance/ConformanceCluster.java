package io.contourcore.cli.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The objects a cluster holds while the Gateway API conformance suite runs one test: the suite's base manifests with
 * the GatewayClass name filled in, the class itself, the certificates the suite creates at setup, the test's own
 * manifests, and what the cluster adds by itself: EndpointSlices for every Service with a selector, naming the pods
 * its Deployments run (the suite tells backends apart by the name of the pod that answered).
 *
 * <pre>{@code
 * ConformanceCluster c = ConformanceCluster.of(corpus, List.of("httproute-simple-same-namespace.yaml"), List.of());
 * c.documents();                 // YAML documents for ManifestLoader
 * c.podAt("10.1.0.1");           // Optional[Pod[namespace=gateway-conformance-infra, name=infra-backend-v1-...-0]]
 * }</pre>
 */
final class ConformanceCluster {

    static final String CLASS_NAME = "contour";
    static final String CONTROLLER_NAME = "projectcontour.io/gateway-controller";

    /** A pod of a Deployment: where the conformance suite's echo server runs and what it reports as its name. */
    record Pod(String namespace, String name, String ip) {}

    /** YAML of objects already written, by their content: the base manifests repeat in every test. */
    private static final Map<String, String> DUMPED = new ConcurrentHashMap<>();
    /** Files already read, as parsed; each cluster works on its own copy. */
    private static final Map<Path, List<Map<String, Object>>> READ = new ConcurrentHashMap<>();

    private final List<Map<String, Object>> objects;
    private final Map<String, Pod> podsByIp;

    private ConformanceCluster(List<Map<String, Object>> objects, Map<String, Pod> podsByIp) {
        this.objects = objects;
        this.podsByIp = podsByIp;
    }

    /**
     * The cluster for one test: {@code corpus} is the {@code gateway-api-v1.3.0/conformance} folder, {@code manifests}
     * the test's files under {@code tests/}, {@code updates} the changes the test makes to live objects (each bumps the
     * object's generation, as the API server does), {@code fillManualSlicesFrom} a {@code namespace/deployment} whose
     * pods the test writes into EndpointSlices it created without endpoints (empty for none).
     */
    static ConformanceCluster of(Path corpus, List<String> manifests, List<Map<String, Object>> updates,
            String fillManualSlicesFrom) throws IOException {
        List<Map<String, Object>> objects = new ArrayList<>();
        objects.addAll(read(corpus.resolve("base/manifests.yaml")));
        for (String m : manifests) {
            objects.addAll(read(corpus.resolve("tests").resolve(m)));
        }
        objects.add(gatewayClass());
        objects.addAll(setupSecrets());
        for (Map<String, Object> o : objects) {
            Map<String, Object> meta = map(o, "metadata");
            meta.putIfAbsent("generation", 1);
            if ("Namespace".equals(o.get("kind"))) {
                // the API server labels every namespace with its name (Kubernetes 1.22 and later)
                map(meta, "labels").put("kubernetes.io/metadata.name", meta.get("name"));
            }
        }
        for (Map<String, Object> u : updates) {
            apply(objects, u);
        }
        Map<String, Pod> pods = new LinkedHashMap<>();
        List<Map<String, Object>> slices = new ArrayList<>();
        Map<String, List<Pod>> podsByDeployment = new LinkedHashMap<>();
        int deploymentIndex = 0;
        for (Map<String, Object> d : objects) {
            if (!"Deployment".equals(d.get("kind"))) {
                continue;
            }
            deploymentIndex++;
            String ns = (String) map(d, "metadata").get("namespace");
            String name = (String) map(d, "metadata").get("name");
            int replicas = ((Number) map(d, "spec").getOrDefault("replicas", 1)).intValue();
            List<Pod> list = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                Pod p = new Pod(ns, name + "-5d8c7f9b4-" + (char) ('a' + i) + "x" + i, "10.244." + deploymentIndex + "." + (i + 1));
                list.add(p);
                pods.put(p.ip(), p);
            }
            podsByDeployment.put(ns + "/" + name, list);
        }
        for (Map<String, Object> s : objects) {
            if (!"Service".equals(s.get("kind"))) {
                continue;
            }
            Map<String, Object> spec = map(s, "spec");
            Object selector = spec.get("selector");
            if (!(selector instanceof Map<?, ?> sel) || sel.isEmpty()) {
                continue;
            }
            String ns = (String) map(s, "metadata").get("namespace");
            List<Pod> selected = new ArrayList<>();
            for (Map<String, Object> d : objects) {
                if ("Deployment".equals(d.get("kind")) && ns.equals(map(d, "metadata").get("namespace"))
                        && labelsMatch(map(map(map(d, "spec"), "template"), "metadata").get("labels"), sel)) {
                    selected.addAll(podsByDeployment.get(ns + "/" + map(d, "metadata").get("name")));
                }
            }
            slices.add(slice(ns, (String) map(s, "metadata").get("name"), ports(spec), selected));
        }
        if (!fillManualSlicesFrom.isEmpty()) {
            List<Pod> fill = Objects.requireNonNull(podsByDeployment.get(fillManualSlicesFrom), fillManualSlicesFrom);
            for (Map<String, Object> o : objects) {
                if ("EndpointSlice".equals(o.get("kind")) && !o.containsKey("endpoints") && "IPv4".equals(o.get("addressType"))) {
                    o.put("endpoints", endpoints(fill));
                }
            }
        }
        objects.addAll(slices);
        return new ConformanceCluster(objects, pods);
    }

    /** The objects, one YAML document each. */
    List<String> documents() {
        DumperOptions opts = new DumperOptions();
        opts.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(opts), opts);
        return objects.stream().map(o -> DUMPED.computeIfAbsent(o.toString(), k -> yaml.dump(o))).toList();
    }

    /** The pod with address {@code ip}. */
    Optional<Pod> podAt(String ip) {
        return Optional.ofNullable(podsByIp.get(ip));
    }

    /** The listener ports of a Gateway with {@code protocol} (HTTP or HTTPS), in spec order. */
    List<Integer> listenerPorts(String namespace, String name, String protocol) {
        List<Integer> out = new ArrayList<>();
        for (Map<String, Object> o : objects) {
            Map<String, Object> meta = map(o, "metadata");
            if ("Gateway".equals(o.get("kind")) && namespace.equals(meta.get("namespace")) && name.equals(meta.get("name"))) {
                for (Object l : list(map(o, "spec"), "listeners")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> lm = (Map<String, Object>) l;
                    if (protocol.equals(lm.get("protocol"))) {
                        out.add(((Number) lm.get("port")).intValue());
                    }
                }
            }
        }
        return out;
    }

    /** The metadata.generation of an object after the test's updates. */
    long generation(String kind, String namespace, String name) {
        for (Map<String, Object> o : objects) {
            Map<String, Object> meta = map(o, "metadata");
            if (kind.equals(o.get("kind")) && name.equals(meta.get("name"))
                    && (namespace.isEmpty() || namespace.equals(meta.get("namespace")))) {
                return ((Number) meta.get("generation")).longValue();
            }
        }
        throw new IllegalArgumentException("no " + kind + " " + namespace + "/" + name);
    }

    // ---- building ---------------------------------------------------------------------------------------------

    private static List<Map<String, Object>> read(Path file) throws IOException {
        List<Map<String, Object>> cached = READ.get(file);
        if (cached == null) {
            cached = parseFile(file);
            READ.put(file, cached);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> o : cached) {
            @SuppressWarnings("unchecked")
            Map<String, Object> copy = (Map<String, Object>) deepCopy(o);
            out.add(copy);
        }
        return out;
    }

    private static Object deepCopy(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> c = new LinkedHashMap<>();
            m.forEach((k, v) -> c.put(k, deepCopy(v)));
            return c;
        }
        if (o instanceof List<?> l) {
            List<Object> c = new ArrayList<>();
            l.forEach(v -> c.add(deepCopy(v)));
            return c;
        }
        return o;
    }

    private static List<Map<String, Object>> parseFile(Path file) throws IOException {
        String text = Files.readString(file)
                .replace("{GATEWAY_CLASS_NAME}", CLASS_NAME)
                .replace("{GATEWAY_CONTROLLER_NAME}", CONTROLLER_NAME);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
            if (doc instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> o = (Map<String, Object>) m;
                out.add(o);
            }
        }
        return out;
    }

    private static Map<String, Object> gatewayClass() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("apiVersion", "gateway.networking.k8s.io/v1");
        o.put("kind", "GatewayClass");
        o.put("metadata", new LinkedHashMap<>(Map.of("name", CLASS_NAME)));
        o.put("spec", new LinkedHashMap<>(Map.of("controllerName", CONTROLLER_NAME)));
        return o;
    }

    /** The self-signed certificates the suite creates before any test (namespace, name). */
    private static List<Map<String, Object>> setupSecrets() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        String[][] secrets = {
            {"gateway-conformance-web-backend", "certificate"},
            {"gateway-conformance-infra", "tls-validity-checks-certificate"},
            {"gateway-conformance-infra", "tls-passthrough-checks-certificate"},
            {"gateway-conformance-app-backend", "tls-passthrough-checks-certificate"},
        };
        Map<String, Object> data = testCertificate();
        for (String[] s : secrets) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("apiVersion", "v1");
            o.put("kind", "Secret");
            o.put("metadata", new LinkedHashMap<>(Map.of("namespace", s[0], "name", s[1])));
            o.put("type", "kubernetes.io/tls");
            o.put("data", new LinkedHashMap<>(data));
            out.add(o);
        }
        return out;
    }

    /** A key pair from the project's test data (its names do not matter: Contour does not match them to hosts). */
    private static Map<String, Object> testCertificate() throws IOException {
        for (Map<String, Object> o : read(ConformanceSuite.projectRoot().resolve("testdata/cases/ingressroute/permit-insecure/input.yaml"))) {
            if ("Secret".equals(o.get("kind"))) {
                return map(o, "data");
            }
        }
        throw new IllegalStateException("no Secret in the test data");
    }

    private static List<Map<String, Object>> ports(Map<String, Object> serviceSpec) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object p : list(serviceSpec, "ports")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> sp = (Map<String, Object>) p;
            Object target = sp.getOrDefault("targetPort", sp.get("port"));
            Map<String, Object> ep = new LinkedHashMap<>();
            if (sp.containsKey("name")) {
                ep.put("name", sp.get("name"));
            }
            // the conformance Deployments name no container ports: a named targetPort does not occur there
            ep.put("port", target instanceof Number n ? n.intValue() : 3000);
            ep.put("protocol", sp.getOrDefault("protocol", "TCP"));
            if (sp.containsKey("appProtocol")) {
                ep.put("appProtocol", sp.get("appProtocol"));
            }
            out.add(ep);
        }
        return out;
    }

    private static Map<String, Object> slice(String ns, String service, List<Map<String, Object>> ports, List<Pod> pods) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("apiVersion", "discovery.k8s.io/v1");
        o.put("kind", "EndpointSlice");
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("namespace", ns);
        meta.put("name", service + "-synth");
        meta.put("labels", new LinkedHashMap<>(Map.of("kubernetes.io/service-name", service)));
        o.put("metadata", meta);
        o.put("addressType", "IPv4");
        o.put("ports", ports);
        o.put("endpoints", endpoints(pods));
        return o;
    }

    private static List<Map<String, Object>> endpoints(List<Pod> pods) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Pod p : pods) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("addresses", List.of(p.ip()));
            e.put("conditions", new LinkedHashMap<>(Map.of("ready", true)));
            e.put("targetRef", new LinkedHashMap<>(Map.of("kind", "Pod", "namespace", p.namespace(), "name", p.name())));
            out.add(e);
        }
        return out;
    }

    private static boolean labelsMatch(Object labels, Map<?, ?> selector) {
        if (!(labels instanceof Map<?, ?> l)) {
            return false;
        }
        for (Map.Entry<?, ?> e : selector.entrySet()) {
            if (!Objects.equals(l.get(e.getKey()), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    // ---- updates ----------------------------------------------------------------------------------------------

    /**
     * One change a test makes to a live object: {@code delete} it, or {@code set}, {@code append} or
     * {@code retainNamed} at a dotted path.
     */
    @SuppressWarnings("unchecked")
    private static void apply(List<Map<String, Object>> objects, Map<String, Object> update) {
        String kind = (String) update.get("kind");
        String ref = (String) update.get("ref");
        String ns = ref.contains("/") ? ref.substring(0, ref.indexOf('/')) : "";
        String name = ref.substring(ref.indexOf('/') + 1);
        Map<String, Object> target = objects.stream()
                .filter(o -> kind.equals(o.get("kind")) && name.equals(map(o, "metadata").get("name"))
                        && (ns.isEmpty() || ns.equals(map(o, "metadata").get("namespace"))))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("update of a missing " + kind + " " + ref));
        if (Boolean.TRUE.equals(update.get("delete"))) {
            objects.remove(target);
            return;
        }
        if (update.get("set") instanceof Map<?, ?> set) {
            String[] path = ((String) set.get("path")).split("\\.");
            Object parent = navigate(target, path, path.length - 1);
            String last = path[path.length - 1];
            if (parent instanceof List<?> l) {
                ((List<Object>) l).set(Integer.parseInt(last), set.get("value"));
            } else {
                ((Map<String, Object>) parent).put(last, set.get("value"));
            }
        }
        if (update.get("append") instanceof Map<?, ?> append) {
            String[] path = ((String) append.get("path")).split("\\.");
            ((List<Object>) navigate(target, path, path.length)).add(append.get("value"));
        }
        if (update.get("retainNamed") instanceof Map<?, ?> retain) {
            String[] path = ((String) retain.get("path")).split("\\.");
            List<?> names = (List<?>) retain.get("names");
            ((List<Object>) navigate(target, path, path.length)).removeIf(x -> !names.contains(((Map<?, ?>) x).get("name")));
        }
        Map<String, Object> meta = map(target, "metadata");
        meta.put("generation", ((Number) meta.get("generation")).longValue() + 1);
    }

    private static Object navigate(Object root, String[] path, int depth) {
        Object at = root;
        for (int i = 0; i < depth; i++) {
            at = at instanceof List<?> l ? l.get(Integer.parseInt(path[i])) : ((Map<?, ?>) at).get(path[i]);
        }
        return at;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> o, String key) {
        Object v = o.get(key);
        if (v == null) {
            v = new LinkedHashMap<String, Object>();
            o.put(key, v);
        }
        return (Map<String, Object>) v;
    }

    static List<?> list(Map<String, Object> o, String key) {
        Object v = o.get(key);
        return v instanceof List<?> l ? l : List.of();
    }
}
