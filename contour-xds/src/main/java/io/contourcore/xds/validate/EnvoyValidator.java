package io.contourcore.xds.validate;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.contourcore.model.Parallel;
import io.contourcore.xds.SortedLists;
import io.contourcore.xds.XdsResources;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Checks Envoy configuration the way Envoy checks it on load: every protoc-gen-validate rule in the API's
 * descriptors (read from the {@code validate.rules} options, no generated code), into nested messages, lists, maps
 * and {@code Any} payloads; RE2 regexes; the HTTP filter chain; and, for a whole set, unique names and addresses and
 * references that resolve. An empty list means Envoy would accept it.
 *
 * <pre>{@code
 * List<Violation> problems = EnvoyValidator.validate(resources);
 * if (!problems.isEmpty()) {
 *     throw new IllegalStateException(problems.get(0).toString());
 * }
 * EnvoyValidator.validate(listener);              // one resource, without cross-resource checks
 * EnvoyValidator.validateBootstrap(bootstrap);     // a static bootstrap
 * }</pre>
 *
 * <p>Rules are compiled once per message type; the walk reads each resource's serialised bytes once and skips
 * every field that cannot break a rule (30,000 routes, clusters and load assignments take about a quarter of a
 * second on one core). Thread-safe.
 */
public final class EnvoyValidator {

    /** Clusters every Contour bootstrap defines statically, which xDS resources may name without sending them. */
    public static final Set<String> BOOTSTRAP_CLUSTERS = Set.of("contour", "envoy-admin");

    /**
     * The {@code re2.max_program_size.error_level} Contour's runtime layer gives Envoy (RTDS layer {@code dynamic} in
     * {@code serve}, a static layer in the rendered bootstrap), so regexes in Contour's resources are held to it
     * rather than to Envoy's default of 100.
     */
    public static final long CONTOUR_REGEX_PROGRAM_SIZE = 1_048_576;

    private static final String REGEX_ERROR_LEVEL = "re2.max_program_size.error_level";

    private EnvoyValidator() {}

    /** The rule violations in one message, plus Envoy's load checks that need only that resource. */
    public static List<Violation> validate(Message m) {
        List<Violation> out = new ArrayList<>();
        String type = m.getDescriptorForType().getFullName();
        if (type.equals(Bootstrap.getDescriptor().getFullName())) {
            return validateBootstrap(m instanceof Bootstrap b ? b : Bootstrap.newBuilder().mergeFrom(m).build());
        }
        rules(m, type, nameOf(m), out);
        switch (type) {
            case EnvoyChecks.LISTENER -> {
                Listener l = asListener(m);
                EnvoyChecks.listener(l, EnvoyChecks.hcms(l), out);
            }
            case EnvoyChecks.ROUTE_CONFIGURATION -> EnvoyChecks.routeConfiguration(
                    m instanceof RouteConfiguration rc ? rc : RouteConfiguration.newBuilder().mergeFrom(m).build(), out);
            default -> { }
        }
        return List.copyOf(out);
    }

    /** Only the protoc-gen-validate rules of {@code m}, without Envoy's further load checks. */
    public static List<Violation> validateRules(Message m) {
        List<Violation> out = new ArrayList<>();
        rules(m, m.getDescriptorForType().getFullName(), nameOf(m), out);
        return List.copyOf(out);
    }

    /**
     * Compiles the rules of {@code types}, and of every type reachable through their fields, ahead of a validation
     * that will need them: on another thread, it takes that work off the thread that validates (a short run's
     * rules are compiled once, on first use). Validating gives the same result whether or not this ran.
     *
     * <pre>{@code
     * EnvoyValidator.prepare(EnvoyTypes.initialize());   // on a background thread, at start
     * }</pre>
     */
    public static void prepare(Collection<Descriptor> types) {
        for (Descriptor d : types) {
            Plans.plan(d);
        }
    }

    /**
     * Every resource on its own, then the set as Envoy and Contour's bootstrap see it: unique names and listener
     * addresses, route clusters among the clusters (or {@link #BOOTSTRAP_CLUSTERS}), RDS names among the route
     * configurations, a load assignment for every EDS cluster, and every SDS secret among the secrets.
     */
    public static List<Violation> validate(XdsResources r) {
        return validate(r, Parallel.SEQUENTIAL);
    }

    /** Resources fewer than this are checked on the calling thread even when given an executor. */
    static final int PARALLEL_MIN_RESOURCES = 1000;

    /**
     * As {@link #validate(XdsResources)}, checking each kind of resource on its own at the same time on
     * {@code executor} when there are many; the set-wide checks follow. The violations and their order are the same.
     */
    public static List<Violation> validate(XdsResources r, Executor executor) {
        return validate(r, executor, new Memo(Memo.EMPTY, false));
    }

    /**
     * {@link #validate(XdsResources, Executor)} over successive snapshots, as {@code contour serve} publishes them:
     * a resource that is the same instance as one in the last snapshot validated keeps that one's findings (they
     * depend on the resource alone); the set-wide checks run whole each time. Same violations, same order.
     * Not thread-safe: one validation at a time.
     *
     * <pre>{@code
     * EnvoyValidator.Incremental validator = new EnvoyValidator.Incremental();
     * validator.validate(first, executor);
     * validator.validate(next, executor);   // walks only the resources that are new instances
     * }</pre>
     */
    public static final class Incremental {
        private Memo memo = new Memo(Memo.EMPTY, true);

        public List<Violation> validate(XdsResources r, Executor executor) {
            Memo next = new Memo(memo, true);
            List<Violation> out = EnvoyValidator.validate(r, executor, next);
            memo = next;
            return out;
        }
    }

    /**
     * What one validation keeps for the next, by resource instance: each resource's own findings, each route
     * configuration's cluster names, and, by {@code VirtualHost} instance, whether a host's rules hold and the
     * clusters its routes name (one changed host makes a new route configuration that holds every other host as
     * the same instance, so only that host is walked again).
     */
    private static final class Memo {
        static final Memo EMPTY = new Memo(null, false);

        /** Each resource's own findings by instance, one map per type (a type whose list is unchanged keeps its map). */
        final List<Map<Message, List<Violation>>> previous;
        /**
         * By route configuration name, the last configuration instance whose rules all held (walked host by host)
         * and the last whose every cluster reference resolved: a changed configuration walks, in step with it, only
         * the hosts that are not its instances (one changed host makes a configuration that holds every other host
         * as the same instance).
         */
        final Map<String, RouteConfiguration> previousClean;
        final Map<String, RouteConfiguration> previousResolved;
        final Map<String, RouteConfiguration> nextClean = new HashMap<>();
        final Map<String, RouteConfiguration> nextResolved = new HashMap<>();
        List<Map<Message, List<Violation>>> next = List.of();
        /** Whether route configurations are checked host by host (worth it only when hosts are remembered). */
        final boolean byHost;
        /** The snapshot the last validation checked (null: none), and what it found, by part (see validate). */
        final XdsResources lastResources;
        final List<List<Violation>> lastOwn;
        final List<List<Violation>> lastSetWide;
        final List<Set<String>> lastNameSets;
        XdsResources resources;
        List<List<Violation>> own = List.of();
        List<List<Violation>> setWide = List.of();
        List<Set<String>> nameSets = List.of();

        Memo(Memo last, boolean byHost) {
            this.lastResources = last == null ? null : last.resources;
            this.lastOwn = last == null ? List.of() : last.own;
            this.lastSetWide = last == null ? List.of() : last.setWide;
            this.lastNameSets = last == null ? List.of() : last.nameSets;
            this.previous = last == null || last.next.isEmpty() ? java.util.Collections.nCopies(5, Map.of()) : last.next;
            this.previousClean = last == null ? Map.of() : last.nextClean;
            this.previousResolved = last == null ? Map.of() : last.nextResolved;
            this.byHost = byHost;
        }
    }

    /** One resource's own findings: {@code previous}'s when it holds this instance, else {@code check}'s. */
    private static <T extends Message> List<Violation> own(T m, Map<Message, List<Violation>> previous,
            Map<Message, List<Violation>> next, java.util.function.BiConsumer<T, List<Violation>> check) {
        List<Violation> found = previous.get(m);
        if (found == null) {
            List<Violation> fresh = new ArrayList<>();
            check.accept(m, fresh);
            found = List.copyOf(fresh);
        }
        next.put(m, found);
        return found;
    }

    /**
     * Whether every cluster a route configuration's routes name is among {@code clusters}. With the same cluster
     * names as the last validation ({@code sameNames}), the hosts of the last configuration of this name that
     * resolved are known to, and only the other hosts are walked (in step, see {@link #carried}).
     */
    private static boolean resolves(RouteConfiguration rc, Set<String> clusters, boolean sameNames, Memo memo) {
        RouteConfiguration before = memo.byHost && sameNames ? memo.previousResolved.get(rc.getName()) : null;
        boolean[] ok = {true};
        if (before != rc) {
            boolean[] known = carried(before, rc);
            for (int v = 0; v < rc.getVirtualHostsCount() && ok[0]; v++) {
                if (known == null || !known[v]) {
                    EnvoyChecks.clusterRefs(rc.getVirtualHosts(v), v, "", clusters::contains,
                            (path, cluster, format) -> ok[0] = false);
                }
            }
        }
        if (ok[0] && memo.byHost) {
            memo.nextResolved.put(rc.getName(), rc);
        }
        return ok[0];
    }

    /**
     * For each host of {@code now}, whether it is the same instance as a host of {@code before} (null: none),
     * found by one walk of both host lists in step: a route configuration's hosts are sorted by name, and where
     * they are not, fewer hosts are found, never a wrong one.
     */
    private static boolean[] carried(RouteConfiguration before, RouteConfiguration now) {
        if (before == null) {
            return null;
        }
        int[] was = io.contourcore.model.Identity.inStep(before.getVirtualHostsList(), now.getVirtualHostsList(),
                VirtualHost::getName);
        boolean[] out = new boolean[was.length];
        for (int i = 0; i < was.length; i++) {
            out[i] = was[i] >= 0;
        }
        return out;
    }

    /**
     * The protoc-gen-validate findings of a route configuration, walked host by host when the memo checks by host:
     * the configuration without its hosts, then each host the memo does not know to be clean, as the whole walk
     * would reach it. When all of them are clean so is the whole walk (a host's findings depend on the host alone,
     * and the hosts field has no count rule); otherwise the whole configuration is walked, for the exact findings
     * in the exact order.
     */
    private static void routeRules(RouteConfiguration rc, Memo memo, List<Violation> out) {
        Plans.MessagePlan plan = Plans.plan(RouteConfiguration.getDescriptor());
        Plans.MessagePlan hostPlan = memo.byHost
                ? Walker.plainMessageList(plan, RouteConfiguration.VIRTUAL_HOSTS_FIELD_NUMBER) : null;
        if (hostPlan != null) {
            List<Violation> found = new ArrayList<>();
            Walker walker = new Walker(found, CONTOUR_REGEX_PROGRAM_SIZE);
            rules(rc.toBuilder().clearVirtualHosts().build(), EnvoyChecks.ROUTE_CONFIGURATION, rc.getName(), walker);
            boolean[] clean = carried(memo.previousClean.get(rc.getName()), rc);
            for (int i = 0; i < rc.getVirtualHostsCount() && found.isEmpty(); i++) {
                if (clean == null || !clean[i]) {
                    walker.walkElement(serialized(rc.getVirtualHosts(i)), EnvoyChecks.ROUTE_CONFIGURATION, rc.getName(),
                            "virtual_hosts", i, hostPlan);
                }
            }
            if (found.isEmpty()) {
                memo.nextClean.put(rc.getName(), rc);
                return;
            }
        }
        rules(rc, EnvoyChecks.ROUTE_CONFIGURATION, rc.getName(), new Walker(out, CONTOUR_REGEX_PROGRAM_SIZE));
    }

    /** The five resource lists of a snapshot, in the order they are checked. */
    private static List<List<? extends Message>> types(XdsResources r) {
        return List.of(r.listeners(), r.routes(), r.clusters(), r.endpoints(), r.secrets());
    }

    /**
     * The checks in four parts, each remembered in the memo for the next validation: every resource's own findings
     * (a list of the same instances as last time has last time's), the uniqueness of names and addresses, the
     * name sets references resolve to (both kept while every type's names and the listeners are unchanged), and
     * each type's references (kept while that type's list and every name are unchanged).
     */
    private static List<Violation> validate(XdsResources r, Executor executor, Memo memo) {
        XdsResources last = memo.lastResources;
        List<List<? extends Message>> now = types(r);
        List<List<? extends Message>> before = last == null ? null : types(last);
        boolean sameNames = last != null && SortedLists.sameKeys(last.listeners(), r.listeners(), Listener::getName)
                && SortedLists.sameKeys(last.routes(), r.routes(), RouteConfiguration::getName)
                && SortedLists.sameKeys(last.clusters(), r.clusters(), Cluster::getName)
                && SortedLists.sameKeys(last.endpoints(), r.endpoints(), ClusterLoadAssignment::getClusterName)
                && SortedLists.sameKeys(last.secrets(), r.secrets(), Secret::getName);
        java.util.function.IntPredicate unchanged = k -> before != null && before.get(k) == now.get(k);
        int count = r.listeners().size() + r.routes().size() + r.clusters().size() + r.endpoints().size() + r.secrets().size();
        Executor ex = count >= PARALLEL_MIN_RESOURCES ? executor : Parallel.SEQUENTIAL;
        // What the set-wide checks need of each connection manager, not the parsed managers themselves (2,500 of
        // them at 10,000 TLS objects, held while the text is written beside the check).
        Map<Listener, List<HcmRefs>> hcms = new java.util.IdentityHashMap<>();
        // Each task records its resources' findings in its own map.
        List<Map<Message, List<Violation>>> nexts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            nexts.add(new java.util.IdentityHashMap<>());
        }
        List<Map<Message, List<Violation>>> previous = memo.previous;
        List<Supplier<List<Violation>>> kinds = List.of(
                () -> {
                    List<Violation> found = new ArrayList<>();
                    for (Listener l : r.listeners()) {
                        List<EnvoyChecks.Hcm> h = EnvoyChecks.hcms(l);
                        hcms.put(l, h.stream().map(HcmRefs::of).toList()); // read only after Parallel.all has joined this task
                        found.addAll(own(l, previous.get(0), nexts.get(0), (m, f) -> {
                            rules(m, EnvoyChecks.LISTENER, m.getName(), new Walker(f, CONTOUR_REGEX_PROGRAM_SIZE));
                            EnvoyChecks.listener(m, h, f);
                        }));
                    }
                    return found;
                },
                () -> {
                    List<Violation> found = new ArrayList<>();
                    for (RouteConfiguration rc : r.routes()) {
                        if (memo.byHost && previous.get(1).containsKey(rc)) {
                            // Unchanged: what is known of its hosts stays known for when it changes.
                            RouteConfiguration clean = memo.previousClean.get(rc.getName());
                            if (clean != null) {
                                memo.nextClean.put(rc.getName(), clean);
                            }
                        }
                        found.addAll(own(rc, previous.get(1), nexts.get(1), (m, f) -> {
                            routeRules(m, memo, f);
                            EnvoyChecks.routeConfiguration(m, f);
                        }));
                    }
                    return found;
                },
                () -> walkAll(r.clusters(), EnvoyChecks.CLUSTER, Cluster::getName, previous.get(2), nexts.get(2)),
                () -> walkAll(r.endpoints(), EnvoyChecks.LOAD_ASSIGNMENT, ClusterLoadAssignment::getClusterName,
                        previous.get(3), nexts.get(3)),
                () -> walkAll(r.secrets(), EnvoyChecks.SECRET, Secret::getName, previous.get(4), nexts.get(4)));
        // A list of the same instances as last time's has last time's findings (and their memo entries).
        List<Supplier<List<Violation>>> tasks = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            int type = k;
            tasks.add(unchanged.test(k) ? () -> memo.lastOwn.get(type) : kinds.get(k));
        }
        List<List<Violation>> own = Parallel.all(ex, tasks);
        List<Violation> out = new ArrayList<>();
        own.forEach(out::addAll);
        for (int k = 0; k < 5; k++) {
            if (unchanged.test(k)) {
                nexts.set(k, previous.get(k));
            }
        }
        if (unchanged.test(1)) {
            memo.nextClean.putAll(memo.previousClean);
        }
        memo.next = nexts;
        memo.own = own;

        List<List<Violation>> setWide = new ArrayList<>();
        // Names and listener addresses: unique as last time when the names and listeners are.
        if (sameNames && unchanged.test(0)) {
            setWide.add(memo.lastSetWide.get(0));
        } else {
            List<Violation> unique = new ArrayList<>();
            uniqueListeners(r.listeners(), unique);
            EnvoyChecks.uniqueNames(r.routes(), RouteConfiguration::getName, EnvoyChecks.ROUTE_CONFIGURATION, "name",
                    "envoy.route_configuration.unique_name", "duplicate route configuration name '%s'", unique);
            EnvoyChecks.uniqueNames(r.clusters(), Cluster::getName, EnvoyChecks.CLUSTER, "name",
                    "envoy.cluster.unique_name", "cluster manager: duplicate cluster '%s'", unique);
            EnvoyChecks.uniqueNames(r.endpoints(), ClusterLoadAssignment::getClusterName, EnvoyChecks.LOAD_ASSIGNMENT, "cluster_name",
                    "envoy.cluster_load_assignment.unique_name", "duplicate load assignment for cluster '%s'", unique);
            EnvoyChecks.uniqueNames(r.secrets(), Secret::getName, EnvoyChecks.SECRET, "name",
                    "envoy.secret.unique_name", "duplicate secret name '%s'", unique);
            setWide.add(unique);
        }

        List<Set<String>> nameSets = memo.lastNameSets;
        if (!sameNames) {
            Set<String> clusters = new HashSet<>(BOOTSTRAP_CLUSTERS);
            r.clusters().forEach(c -> clusters.add(c.getName()));
            Set<String> routeNames = new HashSet<>();
            r.routes().forEach(rc -> routeNames.add(rc.getName()));
            Set<String> secrets = new HashSet<>();
            r.secrets().forEach(s -> secrets.add(s.getName()));
            Set<String> assignments = new HashSet<>();
            r.endpoints().forEach(e -> assignments.add(e.getClusterName()));
            nameSets = List.of(clusters, routeNames, secrets, assignments);
        }
        Set<String> clusters = nameSets.get(0);
        Set<String> routeNames = nameSets.get(1);
        Set<String> secrets = nameSets.get(2);
        Set<String> assignments = nameSets.get(3);

        // References of each type: what they resolve to is unchanged while the names are, so is what they find
        // while the type's list is.
        if (sameNames && unchanged.test(0)) {
            setWide.add(memo.lastSetWide.get(1));
        } else {
            List<Violation> found = new ArrayList<>();
            for (Listener l : r.listeners()) {
                // The listener task parsed each manager once when it ran; when the listeners were unchanged it
                // did not run, and the names changed, so they are parsed here.
                List<HcmRefs> refs = hcms.get(l);
                if (refs == null) {
                    refs = EnvoyChecks.hcms(l).stream().map(HcmRefs::of).toList();
                }
                for (HcmRefs h : refs) {
                    if (h.rds() != null && !routeNames.contains(h.rds())) {
                        found.add(new Violation(EnvoyChecks.LISTENER, l.getName(), h.path() + ".rds.route_config_name",
                                "envoy.rds.route_configuration_exists", "no route configuration named '"
                                        + h.rds() + "' among the routes"));
                    }
                    if (h.routeConfig() != null && EnvoyChecks.validatesClusters(h.routeConfig())) {
                        clusterRefs(h.routeConfig(), EnvoyChecks.LISTENER, l.getName(), h.path() + ".route_config.", clusters, found);
                    }
                }
                secretRefs(EnvoyChecks.secretRefs(l), EnvoyChecks.LISTENER, l.getName(), secrets, false, found);
            }
            setWide.add(found);
        }
        if (sameNames && unchanged.test(1)) {
            setWide.add(memo.lastSetWide.get(2));
            memo.nextResolved.putAll(memo.previousResolved);
        } else {
            List<Violation> found = new ArrayList<>();
            for (RouteConfiguration rc : r.routes()) {
                if (EnvoyChecks.validatesClusters(rc) && !resolves(rc, clusters, sameNames, memo)) {
                    clusterRefs(rc, EnvoyChecks.ROUTE_CONFIGURATION, rc.getName(), "", clusters, found);
                }
            }
            setWide.add(found);
        }
        if (sameNames && unchanged.test(2)) {
            setWide.add(memo.lastSetWide.get(3));
        } else {
            List<Violation> found = new ArrayList<>();
            for (Cluster c : r.clusters()) {
                if (c.getClusterDiscoveryTypeCase() == Cluster.ClusterDiscoveryTypeCase.TYPE && c.getType() == Cluster.DiscoveryType.EDS) {
                    String service = c.getEdsClusterConfig().getServiceName().isEmpty() ? c.getName() : c.getEdsClusterConfig().getServiceName();
                    if (!assignments.contains(service)) {
                        found.add(new Violation(EnvoyChecks.CLUSTER, c.getName(), c.getEdsClusterConfig().getServiceName().isEmpty()
                                ? "name" : "eds_cluster_config.service_name", "envoy.eds.load_assignment_exists",
                                "no ClusterLoadAssignment named '" + service + "' among the endpoints"));
                    }
                }
                secretRefs(EnvoyChecks.secretRefs(c), EnvoyChecks.CLUSTER, c.getName(), secrets, false, found);
            }
            setWide.add(found);
        }
        setWide.forEach(out::addAll);
        memo.resources = r;
        memo.setWide = setWide;
        memo.nameSets = nameSets;
        return List.copyOf(out);
    }

    /** A connection manager's route configuration name (RDS) or inline route configuration; null when it has none. */
    private record HcmRefs(String path, String rds, RouteConfiguration routeConfig) {
        static HcmRefs of(EnvoyChecks.Hcm h) {
            var hcm = h.config();
            return new HcmRefs(h.path(), hcm.hasRds() ? hcm.getRds().getRouteConfigName() : null,
                    hcm.hasRouteConfig() ? hcm.getRouteConfig() : null);
        }
    }

    /** The regex limit a bootstrap's static runtime layers set (the last layer that sets it wins), else Envoy's 100. */
    static long regexLimit(Bootstrap b) {
        long limit = Re2Check.MAX_PROGRAM_SIZE;
        for (var layer : b.getLayeredRuntime().getLayersList()) {
            if (layer.hasStaticLayer()) {
                var v = layer.getStaticLayer().getFieldsMap().get(REGEX_ERROR_LEVEL);
                if (v != null && v.hasNumberValue()) {
                    limit = (long) v.getNumberValue();
                }
            }
        }
        return limit;
    }

    /**
     * A static bootstrap: its own rules, each static listener, cluster and secret as a resource, unique names and
     * addresses, route clusters (of inline route configurations) among the static clusters, and secrets named
     * without an SDS source among the static secrets.
     */
    public static List<Violation> validateBootstrap(Bootstrap b) {
        List<Violation> out = new ArrayList<>();
        var sr = b.getStaticResources();
        Bootstrap rest = b.toBuilder().setStaticResources(sr.toBuilder().clearListeners().clearClusters().clearSecrets()).build();
        Walker walker = new Walker(out, regexLimit(b));
        rules(rest, Bootstrap.getDescriptor().getFullName(), "", walker);
        Map<Listener, List<EnvoyChecks.Hcm>> hcms = new java.util.IdentityHashMap<>();
        for (Listener l : sr.getListenersList()) {
            List<EnvoyChecks.Hcm> h = EnvoyChecks.hcms(l);
            hcms.put(l, h);
            rules(l, EnvoyChecks.LISTENER, l.getName(), walker);
            EnvoyChecks.listener(l, h, out);
        }
        sr.getClustersList().forEach(c -> out.addAll(validate(c)));
        sr.getSecretsList().forEach(s -> out.addAll(validate(s)));

        uniqueListeners(sr.getListenersList(), out);
        EnvoyChecks.uniqueNames(sr.getClustersList(), Cluster::getName, EnvoyChecks.CLUSTER, "name",
                "envoy.cluster.unique_name", "cluster manager: duplicate cluster '%s'", out);
        EnvoyChecks.uniqueNames(sr.getSecretsList(), Secret::getName, EnvoyChecks.SECRET, "name",
                "envoy.secret.unique_name", "Duplicate static TlsCertificate secret name %s", out);

        Set<String> clusters = new HashSet<>();
        sr.getClustersList().forEach(c -> clusters.add(c.getName()));
        Set<String> secrets = new HashSet<>();
        sr.getSecretsList().forEach(s -> secrets.add(s.getName()));
        for (Listener l : sr.getListenersList()) {
            for (EnvoyChecks.Hcm h : hcms.get(l)) {
                if (h.config().hasRouteConfig() && EnvoyChecks.validatesClusters(h.config().getRouteConfig())) {
                    clusterRefs(h.config().getRouteConfig(), EnvoyChecks.LISTENER, l.getName(), h.path() + ".route_config.", clusters, out);
                }
            }
            secretRefs(EnvoyChecks.secretRefs(l), EnvoyChecks.LISTENER, l.getName(), secrets, true, out);
        }
        for (Cluster c : sr.getClustersList()) {
            secretRefs(EnvoyChecks.secretRefs(c), EnvoyChecks.CLUSTER, c.getName(), secrets, true, out);
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------ helpers

    private static <T extends Message> List<Violation> walkAll(List<T> resources, String type, Function<T, String> name,
            Map<Message, List<Violation>> previous, Map<Message, List<Violation>> next) {
        List<Violation> found = new ArrayList<>();
        for (T m : resources) {
            found.addAll(own(m, previous, next, (x, f) -> rules(x, type, name.apply(x), new Walker(f, CONTOUR_REGEX_PROGRAM_SIZE))));
        }
        return found;
    }

    private static void rules(Message m, String type, String name, List<Violation> out) {
        rules(m, type, name, new Walker(out));
    }

    private static void rules(Message m, String type, String name, Walker walker) {
        walker.walk(serialized(m), type, name, Plans.plan(m.getDescriptorForType()));
    }

    /** The message's bytes with map entries in key order, so findings come in a stable order. */
    private static byte[] serialized(Message m) {
        byte[] bytes = new byte[m.getSerializedSize()];
        CodedOutputStream cos = CodedOutputStream.newInstance(bytes);
        cos.useDeterministicSerialization(); // map entries in key order, so findings come in a stable order
        try {
            m.writeTo(cos);
            cos.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes;
    }

    /** The resource's {@code name}, or {@code cluster_name} for a load assignment, or empty. */
    static String nameOf(Message m) {
        for (String field : new String[] {"name", "cluster_name"}) {
            FieldDescriptor f = m.getDescriptorForType().findFieldByName(field);
            if (f != null && f.getType() == FieldDescriptor.Type.STRING && !f.isRepeated()) {
                return (String) m.getField(f);
            }
        }
        return "";
    }

    private static Listener asListener(Message m) {
        return m instanceof Listener l ? l : Listener.newBuilder().mergeFrom(m).build();
    }

    private static void uniqueListeners(List<Listener> listeners, List<Violation> out) {
        EnvoyChecks.uniqueNames(listeners, Listener::getName, EnvoyChecks.LISTENER, "name", "envoy.listener.unique_name",
                "error adding listener named '%s': duplicate listener name", out);
        Map<String, String> byAddress = new HashMap<>();
        for (Listener l : listeners) {
            String key = EnvoyChecks.addressKey(l);
            if (key == null) {
                continue;
            }
            String first = byAddress.putIfAbsent(key, l.getName());
            if (first != null) {
                out.add(new Violation(EnvoyChecks.LISTENER, l.getName(), "address", "envoy.listener.unique_address",
                        "error adding listener: '" + l.getName() + "' has duplicate address '" + key.substring(key.indexOf(' ') + 1)
                                + "' as existing listener '" + first + "'"));
            }
        }
    }

    private static void clusterRefs(RouteConfiguration rc, String type, String name, String prefix, Set<String> clusters, List<Violation> out) {
        EnvoyChecks.clusterRefs(rc, prefix, clusters::contains, (path, cluster, format) -> {
            if (!clusters.contains(cluster)) {
                out.add(new Violation(type, name, path, "envoy.route.cluster_exists", String.format(format, cluster)));
            }
        });
    }

    private static void secretRefs(List<EnvoyChecks.SecretRef> refs, String type, String name, Set<String> secrets,
            boolean staticOnly, List<Violation> out) {
        for (EnvoyChecks.SecretRef ref : refs) {
            if (staticOnly && ref.config().hasSdsConfig()) {
                continue; // served by an SDS server at run time
            }
            String secret = ref.config().getName();
            if (!secrets.contains(secret)) {
                out.add(new Violation(type, name, ref.path() + ".name", "envoy.sds.secret_exists", staticOnly
                        ? "Unknown static secret: " + secret : "no secret named '" + secret + "' among the secrets"));
            }
        }
    }
}
