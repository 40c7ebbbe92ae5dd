package io.contourcore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.Message;
import io.contourcore.cli.generate.GatewayApiWorkload;
import io.contourcore.cli.generate.Workload;
import io.contourcore.dag.Dag;
import io.contourcore.model.K8sObject;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import io.contourcore.xds.Engine;
import io.contourcore.xds.XdsResources;
import io.contourcore.xds.validate.EnvoyValidator;
import io.contourcore.xds.validate.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The incremental engine {@code serve} runs against a whole build, after each of thousands of seeded random changes:
 * objects removed, added back, taken from other workloads and golden inputs, and edited by swapping one field's value
 * (an fqdn, a host, a name a route or include names, a namespace, a Secret name, a port, an endpoint address) for a
 * value the same field has elsewhere, which makes fqdn conflicts, includes and delegation across namespaces,
 * missing and reappearing Services and Secrets. After every step the xDS resources (serialised) and the statuses of
 * both builds must be the same bytes. A failure names the seed and the steps that reproduce it:
 * {@code ./mvnw -o test -pl contour-cli -Dtest=IncrementalBuildTest -Dincremental.seed=SEED -Dincremental.start=NAME}.
 */
class IncrementalBuildTest {

    private static final Pattern FIELD = Pattern.compile(
            "(?m)^(\\s*(?:- )?)(fqdn|host|name|namespace|secretName|serviceName|port|number|prefix|addresses|hosts)"
                    + ": (\\S.*)$");

    /** One YAML document and the objects it holds. */
    private record Doc(String yaml, List<K8sObject> objects) {}

    private static final Map<String, Doc> POOL = new LinkedHashMap<>();
    private static final Map<String, List<String>> VALUES = new TreeMap<>();
    private static final Map<String, Doc> PARSED = new HashMap<>();

    @BeforeAll
    static void pool() throws IOException {
        List<Path> inputs = new ArrayList<>();
        for (String area : List.of("httpproxy", "ingress", "ingressroute", "dag", "gateway")) {
            try (Stream<Path> s = Files.list(GoldenCasesTest.casesDir().resolve(area))) {
                s.map(p -> p.resolve("input.yaml")).filter(Files::isRegularFile).sorted().forEach(inputs::add);
            }
        }
        for (Path in : inputs) {
            addDocs(in.getParent().getFileName() + "/", Files.readString(in));
        }
        addDocs("generated/", Workload.forObjects(120, 7).yaml());
        addDocs("tls/", Workload.tlsHeavy(60, 9).yaml());
        // Namespaces (labelled, as Gateway API selectors read them) and delegations of the generated Secrets.
        StringBuilder extra = new StringBuilder();
        for (String ns : List.of("default", "team-0", "team-1", "team-2", "team-3")) {
            extra.append("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ").append(ns)
                    .append("\n  labels:\n    shared: \"true\"\n---\n");
        }
        for (String ns : List.of("team-0", "team-1", "team-2", "default")) {
            extra.append("apiVersion: projectcontour.io/v1\nkind: TLSCertificateDelegation\nmetadata:\n  name: share\n")
                    .append("  namespace: ").append(ns).append("\nspec:\n  delegations:\n  - secretName: tls-0\n")
                    .append("    targetNamespaces: [\"*\"]\n  - secretName: tls-1\n    targetNamespaces: [team-0, team-1]\n---\n");
        }
        addDocs("extra/", extra.toString());
        for (Doc d : POOL.values()) {
            Matcher m = FIELD.matcher(d.yaml());
            while (m.find()) {
                VALUES.computeIfAbsent(m.group(2), k -> new ArrayList<>()).add(m.group(3));
            }
        }
    }

    private static void addDocs(String prefix, String yaml) {
        int i = 0;
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            Doc d = parse(doc);
            if (d != null && !d.objects().isEmpty()) {
                POOL.put(prefix + i++, d);
            }
        }
    }

    /** The objects of one document, or null when it does not load on its own. */
    private static Doc parse(String yaml) {
        return PARSED.computeIfAbsent(yaml, y -> {
            LoadResult r = ManifestLoader.parse("doc.yaml", y, "default");
            return r.ok() ? new Doc(y, List.copyOf(r.resources().all())) : null;
        });
    }

    @Test
    void everyRandomChangeToAGeneratedWorkloadBuildsIncrementallyWhatAWholeBuildBuilds() {
        run("generated", 1, 1200);
    }

    @Test
    void everyRandomChangeToATlsHeavyWorkloadBuildsIncrementallyWhatAWholeBuildBuilds() {
        run("tls", 2, 800);
    }

    @Test
    void everyRandomChangeToGoldenInputsBuildsIncrementallyWhatAWholeBuildBuilds() {
        run("golden", 3, 1500);
    }

    @Test
    void everyRandomChangeToAGatewayApiWorkloadBuildsIncrementallyWhatAWholeBuildBuilds() {
        run("gateway", 4, 300);
    }

    @Test
    void everyRandomChangeToHTTPProxiesAndIngressesBesideHTTPRoutesOnOneGatewayBuildsIncrementallyWhatAWholeBuildBuilds() {
        run("gateway-proxies", 5, 500);
    }

    @Test
    void aChangedEndpointSliceRebuildsNoPartOfTheDagAndAChangedServiceOnlyThePartsThatNameIt() {
        Map<String, Doc> state = start("generated");
        Engine.Incremental engine = new Engine.Incremental();
        engine.run(set(state), ContourConfig.DEFAULTS, io.contourcore.model.Parallel.SEQUENTIAL);
        int parts = engine.dags().parts();
        assertTrue(parts > 20, "parts: " + parts);

        String slice = state.keySet().stream().filter(k -> state.get(k).yaml().contains("kind: EndpointSlice"))
                .findFirst().orElseThrow();
        state.put(slice, parse(state.get(slice).yaml().replaceFirst("10\\.0\\.0\\.", "10.9.9.")));
        Engine.Result r = engine.run(set(state), ContourConfig.DEFAULTS, io.contourcore.model.Parallel.SEQUENTIAL);
        assertEquals(0, engine.dags().lastRebuiltParts());
        same(Engine.run(set(state), ContourConfig.DEFAULTS), r, "endpoint change");

        String service = state.keySet().stream().filter(k -> state.get(k).yaml().contains("kind: Service\n"))
                .findFirst().orElseThrow();
        state.put(service, parse(state.get(service).yaml().replace("port: 80", "port: 81")));
        r = engine.run(set(state), ContourConfig.DEFAULTS, io.contourcore.model.Parallel.SEQUENTIAL);
        assertTrue(engine.dags().lastRebuiltParts() >= 1 && engine.dags().lastRebuiltParts() <= 3,
                "rebuilt " + engine.dags().lastRebuiltParts() + " of " + parts);
        same(Engine.run(set(state), ContourConfig.DEFAULTS), r, "service change");
    }

    @Test
    void atAGatewayApiWorkloadAChangedEndpointSliceRebuildsNoPartAndAChangedServiceOnlyThePartThatNamesIt() {
        Map<String, Doc> state = start("gateway-proxies");
        ContourConfig config = namingTheWorkloadsGateway();
        Engine.Incremental engine = new Engine.Incremental();
        Engine.Result first = engine.run(set(state), config, io.contourcore.model.Parallel.SEQUENTIAL);
        assertTrue(first.dag().hasDynamicListeners(), "the workload's Gateway is programmed");
        assertTrue(!engine.dags().lastWasWhole(), engine.dags().lastWholeReason());
        int parts = engine.dags().parts();
        assertTrue(parts > 10, "parts: " + parts);

        String slice = key(state, "name: service-backend-0-slice\n");
        state.put(slice, parse(state.get(slice).yaml().replace("10.100.0.0", "10.109.9.9")));
        Engine.Result r = engine.run(set(state), config, io.contourcore.model.Parallel.SEQUENTIAL);
        assertEquals(0, engine.dags().lastRebuiltParts());
        assertTrue(!engine.dags().lastWasWhole(), engine.dags().lastWholeReason());
        same(Engine.run(set(state), config), r, "endpoint change");

        // The HTTPRoute backend-0 names the Service: the Gateway API part is built again, no HTTPProxy part.
        String service = key(state, "name: service-backend-0\n");
        state.put(service, parse(state.get(service).yaml().replaceFirst("port: 8000", "port: 8001")));
        r = engine.run(set(state), config, io.contourcore.model.Parallel.SEQUENTIAL);
        assertTrue(!engine.dags().lastWasWhole(), engine.dags().lastWholeReason());
        assertEquals(1, engine.dags().lastRebuiltParts(), "rebuilt of " + parts);
        same(Engine.run(set(state), config), r, "service change");
    }

    @Test
    void anHTTPProxyOnTheHostOfAnHTTPRouteIsBuiltWithTheGatewayApiAndApartAgainWhenItLeaves() {
        Map<String, Doc> state = start("gateway-proxies");
        ContourConfig config = namingTheWorkloadsGateway();
        Engine.Incremental engine = new Engine.Incremental();
        engine.run(set(state), config, io.contourcore.model.Parallel.SEQUENTIAL);
        assertTrue(!engine.dags().lastWasWhole(), engine.dags().lastWholeReason());
        int parts = engine.dags().parts();

        String proxy = key(state, "kind: HTTPProxy\n");
        Doc before = state.get(proxy);
        state.put(proxy, parse(before.yaml().replaceFirst("fqdn: \\S+", "fqdn: www.example-0.com")));
        Engine.Result r = engine.run(set(state), config, io.contourcore.model.Parallel.SEQUENTIAL);
        assertTrue(!engine.dags().lastWasWhole(), engine.dags().lastWholeReason());
        assertEquals(parts - 1, engine.dags().parts(), "the HTTPProxy's part joined the Gateway API's");
        Engine.Result whole = Engine.run(set(state), config);
        same(whole, r, "shared host");
        // Both built the one virtual host: the HTTPRoute's route and the HTTPProxy's.
        Dag.VirtualHost shared = whole.dag().listeners().stream().flatMap(l -> l.virtualHosts().stream())
                .filter(v -> v.name().equals("www.example-0.com")).findFirst().orElseThrow();
        assertTrue(shared.routes().stream().map(rt -> rt.source().kind()).distinct().count() == 2, shared.routes().toString());

        state.put(proxy, before);
        r = engine.run(set(state), config, io.contourcore.model.Parallel.SEQUENTIAL);
        assertTrue(!engine.dags().lastWasWhole(), engine.dags().lastWholeReason());
        assertEquals(parts, engine.dags().parts());
        same(Engine.run(set(state), config), r, "host given back");
    }

    @Test
    void withoutAnHttpsListenerTheFirstIngressWithTlsStopsTheTlsOfEveryLaterOneInIncrementalBuildsToo() {
        Map<String, Doc> state = start("gateway-proxies");
        ContourConfig config = namingTheWorkloadsGateway();
        String gateway = key(state, "kind: Gateway\n");
        String yaml = state.get(gateway).yaml();
        String httpOnly = yaml.replace("  - name: https\n    protocol: HTTPS\n    port: 443\n    tls:\n      mode: Terminate\n"
                + "      certificateRefs:\n      - name: tls-secret\n", "");
        assertTrue(!httpOnly.equals(yaml), "the HTTPS listener is gone");
        state.put(gateway, parse(httpOnly));
        Engine.Incremental engine = new Engine.Incremental();
        Engine.Result r = engine.run(set(state), config, io.contourcore.model.Parallel.SEQUENTIAL);
        same(Engine.run(set(state), config), r, "no HTTPS listener");
        List<String> tlsIngresses = state.keySet().stream()
                .filter(k -> state.get(k).yaml().contains("kind: Ingress\n") && state.get(k).yaml().contains("secretName:"))
                .toList();
        assertTrue(tlsIngresses.size() >= 2, "Ingresses with TLS: " + tlsIngresses);
        for (String k : tlsIngresses) {
            Doc d = state.remove(k);
            r = engine.run(set(state), config, io.contourcore.model.Parallel.SEQUENTIAL);
            assertTrue(!engine.dags().lastWasWhole(), engine.dags().lastWholeReason());
            same(Engine.run(set(state), config), r, "without " + k);
            state.put(k, d);
            r = engine.run(set(state), config, io.contourcore.model.Parallel.SEQUENTIAL);
            same(Engine.run(set(state), config), r, "with " + k + " back");
        }
    }

    private static String key(Map<String, Doc> state, String text) {
        return state.keySet().stream().filter(k -> state.get(k).yaml().contains(text)).findFirst().orElseThrow();
    }

    /** The settings of the Gateway API walks that name the workload's Gateway, {@code default/eg}. */
    private static ContourConfig namingTheWorkloadsGateway() {
        ContourConfig d = ContourConfig.DEFAULTS;
        return d.toBuilder().gateway(d.gateway().withGatewayRef(new ContourConfig.NamespacedName("default", "eg"))).build();
    }

    // ---------------------------------------------------------------- the random walk

    private static Map<String, Doc> start(String name) {
        Map<String, Doc> state = new LinkedHashMap<>();
        switch (name) {
            case "generated", "tls" -> POOL.forEach((k, d) -> {
                if (k.startsWith(name + "/")) {
                    state.put(k, d);
                }
            });
            case "golden" -> {
                // A few dozen golden inputs side by side: shared names, hosts and namespaces collide on purpose.
                Random r = new Random(11);
                List<String> keys = POOL.keySet().stream().filter(k -> !k.startsWith("generated/") && !k.startsWith("tls/"))
                        .filter(k -> !gatewayApi(POOL.get(k))).toList();
                for (int i = 0; i < 150; i++) {
                    String k = keys.get(r.nextInt(keys.size()));
                    tryAdd(state, k, POOL.get(k));
                }
            }
            case "gateway", "gateway-proxies" -> {
                int i = 0;
                String yaml = GatewayApiWorkload.of(12, 3).yaml();
                if (name.equals("gateway-proxies")) {
                    // One HTTP listener, so that HTTPProxies and Ingresses attach to the Gateway beside the HTTPRoutes.
                    String oneHttpListener = yaml.replace("  - name: grpc\n    protocol: HTTP\n    port: 81\n", "");
                    assertTrue(!oneHttpListener.equals(yaml), "the workload's second HTTP listener is gone");
                    yaml = oneHttpListener;
                }
                for (String doc : yaml.split("(?m)^---\\s*$")) {
                    Doc d = parse(doc);
                    if (d != null && !d.objects().isEmpty()) {
                        tryAdd(state, "gateway/" + i++, d);
                    }
                }
                POOL.forEach((k, d) -> {
                    if (k.startsWith("generated/") && k.compareTo("generated/40") < 0) {
                        tryAdd(state, k, d);
                    }
                });
            }
            default -> throw new IllegalArgumentException(name);
        }
        return state;
    }

    private static boolean gatewayApi(Doc d) {
        return d.objects().stream().anyMatch(o -> o.kind().group().equals("gateway.networking.k8s.io"));
    }

    private static boolean tryAdd(Map<String, Doc> state, String key, Doc d) {
        if (d == null || state.containsKey(key)) {
            return false;
        }
        java.util.Set<ObjectRef> present = new java.util.HashSet<>();
        state.values().forEach(x -> x.objects().forEach(o -> present.add(o.ref())));
        for (K8sObject o : d.objects()) {
            if (present.contains(o.ref())) {
                return false;
            }
        }
        state.put(key, d);
        return true;
    }

    private static ResourceSet set(Map<String, Doc> state) {
        List<K8sObject> all = new ArrayList<>();
        state.values().forEach(d -> all.addAll(d.objects()));
        return ResourceSet.of(all);
    }

    private void run(String startName, long defaultSeed, int steps) {
        long seed = Long.getLong("incremental.seed", defaultSeed);
        String only = System.getProperty("incremental.start");
        if (only != null && !only.equals(startName)) {
            return;
        }
        Random random = new Random(seed);
        Map<String, Doc> state = start(startName);
        Map<String, Doc> pool = POOL;
        Map<String, List<String>> values = VALUES;
        ContourConfig config = ContourConfig.DEFAULTS;
        boolean gatewayStart = startName.startsWith("gateway");
        if (gatewayStart) {
            // The workload's own objects come back after their removal, so the walk keeps a Gateway most of the time.
            pool = new LinkedHashMap<>(POOL);
            for (Map.Entry<String, Doc> e : state.entrySet()) {
                pool.putIfAbsent(e.getKey(), e.getValue());
            }
        }
        if (startName.equals("gateway-proxies")) {
            // Its Gateway is named, so that the golden inputs' Gateways are not ours instead of making the choice
            // fail, and HTTPProxy fqdns and Ingress hosts are sometimes those of HTTPRoutes.
            config = namingTheWorkloadsGateway();
            values = new TreeMap<>(VALUES);
            for (String field : List.of("fqdn", "host")) {
                List<String> v = new ArrayList<>(values.getOrDefault(field, List.of()));
                for (int i = 0; i < Math.max(1, v.size() / 30); i++) {
                    v.add("www.example-" + i % 3 + ".com");
                }
                values.put(field, v);
            }
        }
        // Gateway API objects (HTTPRoutes, GRPCRoutes, TLSRoutes, ReferenceGrants, BackendTLSPolicies, more Gateways
        // from the golden inputs) are added only where the walk starts with them.
        Map<String, Doc> allDocs = pool;
        List<String> poolKeys = new ArrayList<>(
                allDocs.keySet().stream().filter(k -> gatewayStart || !gatewayApi(allDocs.get(k))).toList());
        if (gatewayStart) {
            // The workload's Gateway and GatewayClass, removed or renamed, come back soon, not once in hundreds of steps.
            List<String> own = state.keySet().stream()
                    .filter(k -> k.startsWith("gateway/") && state.get(k).yaml().contains("kind: Gateway")).toList();
            int repeat = Math.max(1, poolKeys.size() / (3 * own.size()));
            for (int i = 0; i < repeat; i++) {
                poolKeys.addAll(own);
            }
        }
        Engine.Incremental engine = new Engine.Incremental();
        EnvoyValidator.Incremental validator = new EnvoyValidator.Incremental();
        List<String> log = new ArrayList<>();
        int incrementalSteps = 0;
        Map<String, Integer> wholeBecause = new TreeMap<>();
        for (int step = 0; step <= steps; step++) {
            if (step > 0) {
                int changes = random.nextInt(10) == 0 ? 2 + random.nextInt(3) : 1;
                for (int c = 0; c < changes; c++) {
                    log.add(step + ": " + change(state, pool, values, poolKeys, random));
                }
            }
            ResourceSet objects = set(state);
            Engine.Result incremental;
            Engine.Result whole;
            try {
                incremental = engine.run(objects, config, io.contourcore.model.Parallel.SEQUENTIAL);
                whole = Engine.run(objects, config);
            } catch (RuntimeException e) {
                throw new AssertionError(reproduction(startName, seed, step, log) + "\n" + e, e);
            }
            String difference = difference(whole, incremental);
            if (difference == null) {
                // The checks serve runs remember their work by resource and host instance: same findings as fresh.
                List<Violation> fresh = EnvoyValidator.validate(whole.xds());
                List<Violation> kept = validator.validate(incremental.xds(), io.contourcore.model.Parallel.SEQUENTIAL);
                difference = fresh.equals(kept) ? null
                        : "Envoy checks differ:\n fresh:       " + fresh + "\n incremental: " + kept;
            }
            if (difference != null) {
                fail(reproduction(startName, seed, step, log) + "\n" + difference);
            }
            if (!engine.dags().lastWasWhole()) {
                incrementalSteps++;
            } else {
                wholeBecause.merge(engine.dags().lastWholeReason().replaceAll(" [^ ]+$", ""), 1, Integer::sum);
            }
        }
        assertTrue(incrementalSteps > steps / 2, "most steps were incremental: " + incrementalSteps + " of " + steps
                + "; whole because " + wholeBecause);
    }

    private static String reproduction(String start, long seed, int step, List<String> log) {
        int from = Math.max(0, log.size() - 12);
        return "incremental and whole builds differ: start " + start + ", seed " + seed + ", step " + step
                + " (reproduce: ./mvnw -o test -pl contour-cli -Dtest=IncrementalBuildTest -Dincremental.start=" + start
                + " -Dincremental.seed=" + seed + ")\nlast changes:\n  " + String.join("\n  ", log.subList(from, log.size()));
    }

    /** One random change to {@code state}, described. */
    private static String change(Map<String, Doc> state, Map<String, Doc> pool, Map<String, List<String>> fieldValues,
            List<String> poolKeys, Random random) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int what = random.nextInt(10);
            List<String> keys = new ArrayList<>(state.keySet());
            if (what == 0 && !keys.isEmpty()) {
                String k = keys.get(random.nextInt(keys.size()));
                String removed = refs(state.get(k));
                state.remove(k);
                return "removed " + k + " " + removed;
            }
            if (what <= 2) {
                String k = poolKeys.get(random.nextInt(poolKeys.size()));
                if (tryAdd(state, k, pool.get(k))) {
                    return "added " + k + " " + refs(pool.get(k));
                }
                continue;
            }
            if (keys.isEmpty()) {
                continue;
            }
            // Edit: one field's value swapped for a value the same field has somewhere in the pool.
            String k = keys.get(random.nextInt(keys.size()));
            Doc d = state.get(k);
            List<int[]> fields = new ArrayList<>();
            List<String> names = new ArrayList<>();
            Matcher m = FIELD.matcher(d.yaml());
            while (m.find()) {
                fields.add(new int[] {m.start(3), m.end(3)});
                names.add(m.group(2));
            }
            if (fields.isEmpty()) {
                continue;
            }
            int f = random.nextInt(fields.size());
            List<String> values = fieldValues.get(names.get(f));
            String value = values.get(random.nextInt(values.size()));
            String yaml = d.yaml().substring(0, fields.get(f)[0]) + value + d.yaml().substring(fields.get(f)[1]);
            Doc edited = parse(yaml);
            if (edited == null || edited.objects().isEmpty()) {
                continue;
            }
            state.remove(k);
            String key = k.endsWith("'") ? k : k + "'";
            if (!tryAdd(state, key, edited)) {
                state.put(k, d);
                continue;
            }
            return "edited " + k + ": " + names.get(f) + " -> " + value + " " + refs(edited);
        }
        return "nothing";
    }

    private static String refs(Doc d) {
        return d == null ? "" : d.objects().stream().map(o -> o.ref().toString()).toList().toString();
    }

    // ---------------------------------------------------------------- comparison

    private static void same(Engine.Result whole, Engine.Result incremental, String what) {
        String d = difference(whole, incremental);
        if (d != null) {
            fail(what + ": " + d);
        }
    }

    /** Null when both results serialise to the same bytes, else the first difference. */
    private static String difference(Engine.Result whole, Engine.Result incremental) {
        XdsResources a = whole.xds();
        XdsResources b = incremental.xds();
        String d = differs("listener", a.listeners(), b.listeners());
        d = d != null ? d : differs("route", a.routes(), b.routes());
        d = d != null ? d : differs("cluster", a.clusters(), b.clusters());
        d = d != null ? d : differs("endpoint", a.endpoints(), b.endpoints());
        d = d != null ? d : differs("secret", a.secrets(), b.secrets());
        if (d != null) {
            return d;
        }
        String sa = whole.status().statuses().toString();
        String sb = incremental.status().statuses().toString();
        if (!sa.equals(sb)) {
            return "statuses differ:\n whole:       " + sa + "\n incremental: " + sb;
        }
        if (!whole.build().configErrors().equals(incremental.build().configErrors())
                || !whole.build().notOurs().toString().equals(incremental.build().notOurs().toString())
                || !whole.build().notApplied().toString().equals(incremental.build().notApplied().toString())) {
            return "config errors, not-ours or not-applied differ";
        }
        if (!whole.dag().equals(incremental.dag())) {
            return "the DAGs differ although their translations do not";
        }
        return null;
    }

    private static String differs(String type, List<? extends Message> a, List<? extends Message> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            Message x = i < a.size() ? a.get(i) : null;
            Message y = i < b.size() ? b.get(i) : null;
            if (x == null || y == null || !x.toByteString().equals(y.toByteString())) {
                return type + " " + i + " differs:\n whole:       " + x + "\n incremental: " + y;
            }
        }
        return null;
    }
}
