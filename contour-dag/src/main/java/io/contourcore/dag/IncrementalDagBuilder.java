package io.contourcore.dag;

import io.contourcore.dag.gatewayapi.GatewayListeners;
import io.contourcore.dag.gatewayapi.GatewaySelection;
import io.contourcore.dag.kernel.DefaultListeners;
import io.contourcore.dag.kernel.Processor;
import io.contourcore.dag.status.Status;
import io.contourcore.dag.status.StatusSet;
import io.contourcore.model.GRPCRoute;
import io.contourcore.model.Gateway;
import io.contourcore.model.HTTPProxy;
import io.contourcore.model.HTTPRoute;
import io.contourcore.model.Identity;
import io.contourcore.model.Ingress;
import io.contourcore.model.IngressRoute;
import io.contourcore.model.K8sObject;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.TLSRoute;
import io.contourcore.model.config.ContourConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the DAG again after a change by rebuilding only the parts the change can affect, with the same result as
 * {@link DagBuilder#build(ResourceSet, ContourConfig)}.
 *
 * <p>The route sources (HTTPProxies, Ingresses, IngressRoutes) fall into parts: two sources share a part when they
 * name the same host (case-insensitively; an Ingress rule without a host, or a default backend, names {@code *}) or
 * one includes or delegates to the other (present or not). Parts never share a virtual host, a delegation tree or
 * an fqdn conflict, so each is built alone by {@link DagBuilder} over a {@link ResourceSet#view} that lists only its
 * sources, and the DAG is the union of their virtual hosts, sorted as a full build sorts them. A part keeps the
 * objects and kinds its build read (a Service a route names, a Secret a host uses, every TLSCertificateDelegation
 * when it looked for one); after a change only the parts whose sources or reads changed are built again. The part
 * with no sources (the listener step, ExtensionServices, tracing and the other global services) is one more part.
 *
 * <p>That part also does all of the Gateway API: Gateway selection, the Gateway's listeners, every route kind,
 * ReferenceGrants and BackendTLSPolicies, so it is built again whenever a Gateway API object or anything it read
 * changes. The other parts see no Gateway API object; with a Gateway they attach to the same listeners, made from
 * the selected Gateway's ports, and are all built again when those ports change. A part that names a host a Gateway
 * API route or listener may name (so a virtual host both build, which one build merges) joins that part.
 *
 * <p>Built whole, as {@link DagBuilder} does, and the parts forgotten: whenever two parts turn out to share a virtual
 * host or a status after all (a check, not an expectation). A change of the settings rebuilds every part.
 *
 * <pre>{@code
 * IncrementalDagBuilder dags = new IncrementalDagBuilder();
 * BuildResult first = dags.build(objects, config);          // every part built
 * BuildResult next = dags.build(objectsWithOneChange, config); // equal to DagBuilder.build(objectsWithOneChange, config)
 * dags.lastRebuiltParts();                                    // 1 when a Service used by one host changed
 * }</pre>
 */
public final class IncrementalDagBuilder {

    /** The kinds split into parts; every other kind is read through lookups. */
    private static final Set<Kind> SOURCES = EnumSet.of(Kind.HTTP_PROXY, Kind.INGRESS, Kind.INGRESS_ROUTE);

    /** The Gateway API kinds: read by the part without sources only, the other parts see none of them. */
    private static final Set<Kind> GATEWAY_API = EnumSet.of(Kind.GATEWAY_CLASS, Kind.GATEWAY, Kind.HTTP_ROUTE,
            Kind.GRPC_ROUTE, Kind.TLS_ROUTE, Kind.TCP_ROUTE, Kind.REFERENCE_GRANT, Kind.BACKEND_TLS_POLICY);

    /** What a source part does not see: the other sources and every Gateway API object. */
    private static final Set<Kind> HIDDEN = EnumSet.copyOf(SOURCES);

    static {
        HIDDEN.addAll(GATEWAY_API);
    }

    /** One part's build, with what it read. */
    private record Part(List<ObjectRef> members, BuildResult result, Set<ObjectRef> readObjects, long readKinds) {
        /** {@code sourceChanged}: whether any changed object is a source (members are only ever sources). */
        boolean affectedBy(Set<ObjectRef> changed, long changedKinds, boolean sourceChanged) {
            if ((readKinds & changedKinds) != 0) {
                return true;
            }
            for (int i = 0; sourceChanged && i < members.size(); i++) {
                if (changed.contains(members.get(i))) {
                    return true;
                }
            }
            if (readObjects.size() < changed.size()) {
                for (ObjectRef r : readObjects) {
                    if (changed.contains(r)) {
                        return true;
                    }
                }
                return false;
            }
            for (ObjectRef c : changed) {
                if (readObjects.contains(c)) {
                    return true;
                }
            }
            return false;
        }
    }

    private ResourceSet previous;
    private ContourConfig previousConfig;
    private Part base;
    /** The parts but the base, in the order of {@link #partMembers}; each part's members are its key. */
    private List<Part> parts = List.of();
    /** The members {@link #parts} were built from, in the same order; set together with it. */
    private List<List<K8sObject>> partMembers = List.of();
    private List<List<K8sObject>> partition = List.of();
    private Split split;
    private BuildResult merged;
    // The last merge's pieces, kept sorted, so that a change replaces the pieces of the parts it rebuilt only.
    private final TreeMap<ObjectRef, Status> mergedStatuses = new TreeMap<>();
    private final Map<String, List<Dag.VirtualHost>> mergedVhosts = new TreeMap<>();
    private final Map<String, List<Dag.SecureVirtualHost>> mergedSecure = new TreeMap<>();
    private final Map<String, Dag.Listener> skeletons = new TreeMap<>();
    /** The selected Gateway's ports, which every source part attaches to; null when the default listeners are used. */
    private List<GatewayListeners.Port> gatewayPorts;
    private Gateway gateway;
    /** Every host (lower case) a Gateway API route or listener may build a virtual host for; {@code *} included. */
    private Set<String> gatewayHosts = Set.of();
    private int rebuilt;
    private boolean whole;
    private String wholeReason = "";

    /** The DAG and statuses of {@code resources}: equal to {@link DagBuilder#build(ResourceSet, ContourConfig)}. */
    public BuildResult build(ResourceSet resources, ContourConfig config) {
        boolean fresh = previous == null || base == null || !config.equals(previousConfig);
        Set<ObjectRef> changed = fresh ? Set.of() : changed(previous, resources);
        Set<Kind> changedKinds = EnumSet.noneOf(Kind.class);
        changed.forEach(r -> changedKinds.add(r.kind()));
        long changedMask = mask(changedKinds);

        boolean portsChanged = fresh;
        boolean hostsChanged = fresh;
        boolean gatewayApiChanged = fresh;
        for (Kind k : GATEWAY_API) {
            gatewayApiChanged |= changedKinds.contains(k);
        }
        if (gatewayApiChanged) {
            Gateway selected = GatewaySelection.select(resources, config).gateway().orElse(null);
            List<GatewayListeners.Port> ports = selected == null ? null : GatewayListeners.validate(selected.listeners()).ports();
            portsChanged |= !java.util.Objects.equals(ports, gatewayPorts);
            gatewayPorts = ports;
            gateway = selected;
            Set<String> hosts = gatewayHosts(resources, selected);
            hostsChanged |= !hosts.equals(gatewayHosts);
            gatewayHosts = hosts;
        }
        boolean sourcesChanged = fresh;
        for (Kind k : SOURCES) {
            sourcesChanged |= changedKinds.contains(k);
        }
        // Unchanged sources are the same instances, so they fall into the same parts as last time.
        List<List<K8sObject>> nextPartition = !sourcesChanged ? partition
                : fresh ? partition(resources) : partition(resources, changed);
        Split nextSplit = sourcesChanged || hostsChanged || portsChanged || split == null ? split(nextPartition) : split;
        List<ObjectRef> baseRefs = nextSplit.coupled().stream().map(K8sObject::ref).toList();

        Part nextBase = !fresh && base.members().equals(baseRefs) && !base.affectedBy(changed, changedMask, sourcesChanged) ? base
                : buildPart(resources, config, baseRefs, sourcesOf(nextSplit.coupled()), null, null, SOURCES);
        int count = nextBase == base ? 0 : 1;
        Processor listenerStep = gateway == null ? new DefaultListeners() : new GatewayListeners(gateway);
        // The parts the change affects, found through the index of what each part read rather than by asking every
        // part (thousands, where a change affects one or two).
        java.util.Set<Part> affected = fresh ? java.util.Set.of() : readers.affected(changed, changedMask);
        List<Part> next = new ArrayList<>(nextSplit.apart().size());
        // Parts let go and parts built, for the merge and the index; null when they are to be found by comparing
        // every part (the order of the parts changed).
        List<Part> removed = new ArrayList<>();
        List<Part> added = new ArrayList<>();
        if (nextSplit == split && !fresh && !portsChanged && parts.size() == split.apart().size()) {
            // The same parts as last time, in the same order (the split is last time's): each keeps its key, and
            // only a part the change affects is looked at again (most changes, such as an EndpointSlice's, none).
            java.util.Iterator<List<K8sObject>> members = nextSplit.apart().iterator();
            for (Part old : parts) {
                List<K8sObject> own = members.next();
                Part p = old;
                if (affected.contains(old)) {
                    p = buildPart(resources, config, old.members(), sourcesOf(own), listenerStep, GATEWAY_API, HIDDEN);
                    count++;
                    removed.add(old);
                    added.add(p);
                }
                next.add(p);
            }
        } else {
            // Parts whose members are last time's instances (most, after an edit) keep their key without making and
            // hashing a list of refs: the parts are in the order of the members they were built from.
            List<List<K8sObject>> lastMembers = partMembers;
            boolean inStep = !fresh && !portsChanged && lastMembers.size() == nextSplit.apart().size()
                    && parts.size() == lastMembers.size();
            Map<List<ObjectRef>, Part> byKey = null;
            int i = 0;
            for (List<K8sObject> members : nextSplit.apart()) {
                List<ObjectRef> refs = null;
                Part old = null;
                if (inStep) {
                    Part last = parts.get(i);
                    if (Identity.sameElements(lastMembers.get(i), members)) {
                        refs = last.members();
                        old = last;
                    } else {
                        // An edited source in its predecessor's place: the same refs, so the same key.
                        refs = members.stream().map(K8sObject::ref).toList();
                        if (refs.equals(last.members())) {
                            refs = last.members();
                            old = last;
                        }
                    }
                    i++;
                }
                if (old == null) {
                    refs = refs != null ? refs : members.stream().map(K8sObject::ref).toList();
                    if (!portsChanged && !fresh) {
                        if (byKey == null) {
                            byKey = new java.util.HashMap<>();
                            for (Part p : parts) {
                                byKey.put(p.members(), p);
                            }
                        }
                        old = byKey.get(refs);
                    }
                }
                if (old == null || affected.contains(old)) {
                    old = buildPart(resources, config, refs, sourcesOf(members), listenerStep, GATEWAY_API, HIDDEN);
                    count++;
                    added.add(old);
                }
                next.add(old);
            }
            if (!fresh && byKey == null && inStep) {
                // Every part in its predecessor's place: what is not kept in its place is let go.
                for (int k = 0; k < next.size(); k++) {
                    if (next.get(k) != parts.get(k)) {
                        removed.add(parts.get(k));
                    }
                }
            } else if (!fresh) {
                java.util.Set<Part> kept = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                kept.addAll(next);
                for (Part p : parts) {
                    if (!kept.contains(p)) {
                        removed.add(p);
                    }
                }
            }
        }
        if (count == 0 && !sourcesChanged) {
            // Nothing the DAG read changed: the last result stands (it holds no reference to the objects).
            previous = resources;
            split = nextSplit;
            rebuilt = 0;
            return merged;
        }
        String[] conflict = new String[1];
        BuildResult result;
        if (fresh || nextBase != base) {
            clearMerged();
            result = merge(nextBase, true, List.of(), next, conflict);
        } else {
            result = merge(nextBase, false, removed, added, conflict);
        }
        if (result == null) {
            return whole(resources, config, conflict[0]);
        }
        if (fresh) {
            readers = new Readers();
            next.forEach(readers::add);
        } else {
            removed.forEach(readers::remove);
            added.forEach(readers::add);
        }
        merged = result;
        partition = nextPartition;
        split = nextSplit;
        previous = resources;
        previousConfig = config;
        base = nextBase;
        parts = next;
        partMembers = nextSplit.apart();
        rebuilt = count;
        whole = false;
        wholeReason = "";
        return result;
    }

    /**
     * Which part read which object (or is made of it, for a source) and which parts read a whole kind: a change
     * finds the parts it affects by its refs, as {@link Part#affectedBy} would for each part.
     */
    private static final class Readers {
        private final Map<ObjectRef, java.util.Set<Part>> byRef = new HashMap<>();
        private final Map<Kind, java.util.Set<Part>> byKind = new EnumMap<>(Kind.class);

        void add(Part p) {
            for (ObjectRef r : p.members()) {
                byRef.computeIfAbsent(r, k -> identitySet()).add(p);
            }
            for (ObjectRef r : p.readObjects()) {
                byRef.computeIfAbsent(r, k -> identitySet()).add(p);
            }
            for (Kind k : Kind.values()) {
                if ((p.readKinds() & (1L << k.ordinal())) != 0) {
                    byKind.computeIfAbsent(k, x -> identitySet()).add(p);
                }
            }
        }

        void remove(Part p) {
            for (ObjectRef r : p.members()) {
                drop(byRef, r, p);
            }
            for (ObjectRef r : p.readObjects()) {
                drop(byRef, r, p);
            }
            for (Kind k : Kind.values()) {
                if ((p.readKinds() & (1L << k.ordinal())) != 0) {
                    drop(byKind, k, p);
                }
            }
        }

        private static <K> void drop(Map<K, java.util.Set<Part>> index, K key, Part p) {
            java.util.Set<Part> s = index.get(key);
            if (s != null && s.remove(p) && s.isEmpty()) {
                index.remove(key);
            }
        }

        /** The parts that read a changed object or a kind in {@code changedMask}, or are made of a changed source. */
        java.util.Set<Part> affected(Set<ObjectRef> changed, long changedMask) {
            java.util.Set<Part> out = identitySet();
            for (ObjectRef r : changed) {
                java.util.Set<Part> s = byRef.get(r);
                if (s != null) {
                    out.addAll(s);
                }
            }
            if (changedMask != 0) {
                byKind.forEach((k, s) -> {
                    if ((changedMask & (1L << k.ordinal())) != 0) {
                        out.addAll(s);
                    }
                });
            }
            return out;
        }

        private static java.util.Set<Part> identitySet() {
            return java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        }
    }

    private Readers readers = new Readers();

    /** How many parts the last build built (the part without sources counts as one); all of them after a whole build. */
    public int lastRebuiltParts() {
        return rebuilt;
    }

    /** How many parts there are now; 0 after a whole build. */
    public int parts() {
        return whole ? 0 : parts.size() + 1;
    }

    /** Whether the last build was a whole one (see the class comment for when). */
    public boolean lastWasWhole() {
        return whole;
    }

    /** Why the last build was a whole one; empty when it was not. */
    public String lastWholeReason() {
        return wholeReason;
    }

    private BuildResult whole(ResourceSet resources, ContourConfig config, String reason) {
        wholeReason = reason;
        previous = null;
        previousConfig = null;
        base = null;
        gatewayPorts = null;
        gateway = null;
        gatewayHosts = Set.of();
        parts = List.of();
        readers = new Readers();
        partMembers = List.of();
        partition = List.of();
        split = null;
        keysCache = new java.util.IdentityHashMap<>();
        merged = null;
        clearMerged();
        whole = true;
        rebuilt = 0;
        return DagBuilder.build(resources, config);
    }

    /** The objects that differ between two sets (added, removed or not equal), by a merge of their sorted lists. */
    static Set<ObjectRef> changed(ResourceSet before, ResourceSet after) {
        Set<ObjectRef> out = new HashSet<>();
        List<K8sObject> a = before.all();
        List<K8sObject> b = after.all();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i == a.size()) {
                out.add(b.get(j++).ref());
                continue;
            }
            if (j == b.size()) {
                out.add(a.get(i++).ref());
                continue;
            }
            K8sObject x = a.get(i);
            K8sObject y = b.get(j);
            if (x == y) {
                i++;
                j++;
                continue;
            }
            ObjectRef rx = x.ref();
            ObjectRef ry = y.ref();
            int c = rx.compareTo(ry);
            if (c < 0) {
                out.add(rx);
                i++;
            } else if (c > 0) {
                out.add(ry);
                j++;
            } else {
                if (!x.equals(y)) {
                    out.add(rx);
                }
                i++;
                j++;
            }
        }
        return out;
    }

    /**
     * Every host a Gateway API route may build a virtual host for on {@code gateway}'s listeners: each route
     * hostname, each listener hostname, and {@code *} (a route without hostnames, a TCPRoute); none without a
     * Gateway. More hosts than are built only make whole builds more frequent, never a result different.
     */
    private static Set<String> gatewayHosts(ResourceSet resources, Gateway gateway) {
        if (gateway == null) {
            return Set.of();
        }
        Set<String> out = new HashSet<>();
        gateway.listeners().forEach(l -> out.add(l.hostname().toLowerCase(Locale.ROOT)));
        List<List<String>> hostnames = new ArrayList<>();
        resources.all(Kind.HTTP_ROUTE, HTTPRoute.class).forEach(r -> hostnames.add(r.hostnames()));
        resources.all(Kind.GRPC_ROUTE, GRPCRoute.class).forEach(r -> hostnames.add(r.hostnames()));
        resources.all(Kind.TLS_ROUTE, TLSRoute.class).forEach(r -> hostnames.add(r.hostnames()));
        if (!resources.all(Kind.TCP_ROUTE, K8sObject.class).isEmpty()) {
            out.add("*");
        }
        for (List<String> hs : hostnames) {
            if (hs.isEmpty()) {
                out.add("*");
            }
            hs.forEach(h -> out.add(h.toLowerCase(Locale.ROOT)));
        }
        out.remove("");
        return out;
    }

    /**
     * The route sources that go with the Gateway API into the base part, in ObjectRef order, and the parts apart.
     *
     * @param coupled the members of every part that names a host a Gateway API route may build
     * @param apart the other parts
     */
    private record Split(List<K8sObject> coupled, List<List<K8sObject>> apart) {}

    /**
     * Splits {@code partition} by {@link #gatewayHosts}: a virtual host both build is built by one build. The first
     * Ingress whose TLS finds no single HTTPS listener (a Gateway may have none or several) or asks for a minimum TLS
     * version above its maximum stops the TLS of every later Ingress, so then every Ingress with TLS goes there too.
     */
    private Split split(List<List<K8sObject>> partition) {
        tlsIngressesCoupled = gatewayPorts != null
                && gatewayPorts.stream().filter(p -> p.protocol().equals(Dag.Listener.HTTPS)).count() != 1;
        // Counted as the partition is made or patched, rather than by a look at every source's annotations.
        tlsIngressesCoupled |= tlsVersionIngresses > 0;
        if (gatewayHosts.isEmpty() && !tlsIngressesCoupled) {
            return new Split(List.of(), partition);
        }
        List<K8sObject> coupled = new ArrayList<>();
        List<List<K8sObject>> apart = new ArrayList<>();
        for (List<K8sObject> members : partition) {
            if (coupled(members)) {
                coupled.addAll(members);
            } else {
                apart.add(members);
            }
        }
        coupled.sort(Comparator.comparing(K8sObject::ref));
        return new Split(coupled, apart);
    }

    private boolean tlsIngressesCoupled;

    /** How many sources of the partition are Ingresses that set a TLS protocol version (see {@link #split}). */
    private int tlsVersionIngresses;

    private static boolean setsTlsVersion(K8sObject o) {
        if (o.kind() != Kind.INGRESS) {
            return false;
        }
        for (String k : o.metadata().annotations().keySet()) {
            if (k.endsWith("tls-minimum-protocol-version") || k.endsWith("tls-maximum-protocol-version")) {
                return true;
            }
        }
        return false;
    }

    private boolean coupled(List<K8sObject> members) {
        for (K8sObject o : members) {
            if (tlsIngressesCoupled && o.kind() == Kind.INGRESS && ((Ingress) o).spec() != null
                    && !((Ingress) o).spec().tls().isEmpty()) {
                return true;
            }
            List<String> keys = keysCache.get(o);
            for (String k : keys == null ? keys(o) : keys) {
                if (k.startsWith(HOST) && gatewayHosts.contains(k.substring(HOST.length()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Map<Kind, List<? extends K8sObject>> sourcesOf(List<K8sObject> members) {
        Map<Kind, List<K8sObject>> byKind = new EnumMap<>(Kind.class);
        SOURCES.forEach(k -> byKind.put(k, new ArrayList<>()));
        // Members come in ObjectRef order, so each kind's list is in the namespace/name order a full set has.
        members.forEach(o -> byKind.get(o.kind()).add(o));
        return new EnumMap<>(byKind);
    }

    /**
     * One part's build over a view listing only {@code sources} (and none of {@code hidden}), with what it read but
     * the kinds in {@code unread}. A null {@code listenerStep} is the build's own (the base part's).
     */
    private static Part buildPart(ResourceSet resources, ContourConfig config, List<ObjectRef> members,
            Map<Kind, List<? extends K8sObject>> sources, Processor listenerStep, Set<Kind> hidden, Set<Kind> unread) {
        if (hidden != null) {
            hidden.forEach(k -> sources.put(k, List.of()));
        }
        Set<ObjectRef> objects = new HashSet<>();
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        ResourceSet view = resources.view(sources, new ResourceSet.Reads() {
            @Override
            public void kind(Kind kind) {
                kinds.add(kind);
            }

            @Override
            public void object(ObjectRef ref) {
                objects.add(ref);
            }
        });
        BuildResult r = listenerStep == null ? DagBuilder.build(view, config) : DagBuilder.build(view, config, listenerStep);
        return new Part(members, r, Set.copyOf(objects), mask(kinds, unread));
    }

    /** The kinds as bits, leaving out the sources (a part sees only its own; its members say which). */
    private static long mask(Set<Kind> kinds) {
        return mask(kinds, SOURCES);
    }

    /** The kinds as bits but {@code unread}: kinds a view hid, whose lists it read cannot change. */
    private static long mask(Set<Kind> kinds, Set<Kind> unread) {
        long m = 0;
        for (Kind k : kinds) {
            if (!unread.contains(k)) {
                m |= 1L << k.ordinal();
            }
        }
        return m;
    }

    // ---------------------------------------------------------------- parts

    /** Each source's keys by instance, from the last partition: only changed sources are looked at again. */
    private Map<K8sObject, List<String>> keysCache = new java.util.IdentityHashMap<>();

    /**
     * The partition after a change: when every changed source is one edited in place (there before and after) whose
     * keys are unchanged, last time's partition with the new instances in its old places (the parts and their order
     * depend on the keys and refs alone); else made again.
     */
    private List<List<K8sObject>> partition(ResourceSet resources, Set<ObjectRef> changed) {
        Map<K8sObject, K8sObject> replaced = new java.util.IdentityHashMap<>();
        for (ObjectRef r : changed) {
            if (!SOURCES.contains(r.kind())) {
                continue;
            }
            K8sObject was = previous.find(r).orElse(null);
            K8sObject now = resources.find(r).orElse(null);
            List<String> keys = was == null ? null : keysCache.get(was);
            if (now == null || keys == null || !keys.equals(keys(now))) {
                return partition(resources);
            }
            replaced.put(was, now);
        }
        for (Map.Entry<K8sObject, K8sObject> e : replaced.entrySet()) {
            tlsVersionIngresses += (setsTlsVersion(e.getValue()) ? 1 : 0) - (setsTlsVersion(e.getKey()) ? 1 : 0);
        }
        List<List<K8sObject>> out = new ArrayList<>(partition.size());
        int left = replaced.size();
        for (List<K8sObject> part : partition) {
            List<K8sObject> p = part;
            for (int i = 0; left > 0 && i < part.size(); i++) {
                K8sObject now = replaced.get(part.get(i));
                if (now != null) {
                    if (p == part) {
                        p = new ArrayList<>(part);
                    }
                    p.set(i, now);
                    keysCache.put(now, keysCache.remove(part.get(i)));
                    left--;
                }
            }
            out.add(p == part ? part : java.util.Collections.unmodifiableList(p));
        }
        return left == 0 ? out : partition(resources);
    }

    private List<List<K8sObject>> partition(ResourceSet resources) {
        Map<K8sObject, List<String>> next = new java.util.IdentityHashMap<>();
        List<List<K8sObject>> out = partition(resources, o -> {
            List<String> k = keysCache.get(o);
            if (k == null) {
                k = keys(o);
            }
            next.put(o, k);
            return k;
        });
        keysCache = next;
        int versions = 0;
        for (List<K8sObject> part : out) {
            for (K8sObject o : part) {
                versions += setsTlsVersion(o) ? 1 : 0;
            }
        }
        tlsVersionIngresses = versions;
        return out;
    }

    /** The route sources in parts, each part in ObjectRef order, the parts in the order of their first member. */
    private static List<List<K8sObject>> partition(ResourceSet resources,
            java.util.function.Function<K8sObject, List<String>> keysOf) {
        List<K8sObject> sources = new ArrayList<>();
        for (Kind k : SOURCES) {
            sources.addAll(resources.all(k, K8sObject.class));
        }
        sources.sort(Comparator.comparing(K8sObject::ref));
        int[] parent = new int[sources.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        Map<String, Integer> firstWithKey = new HashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            for (String key : keysOf.apply(sources.get(i))) {
                Integer other = firstWithKey.putIfAbsent(key, i);
                if (other != null) {
                    union(parent, other, i);
                }
            }
        }
        Map<Integer, List<K8sObject>> byRoot = new TreeMap<>();
        for (int i = 0; i < sources.size(); i++) {
            byRoot.computeIfAbsent(find(parent, i), r -> new ArrayList<>()).add(sources.get(i));
        }
        return new ArrayList<>(byRoot.values());
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            // The smaller index stays the root, so a part's key is its first member whatever the order of unions.
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    /**
     * What ties a source to others: its own name, the hosts it names and the sources it includes or delegates to.
     * Erring towards more keys only makes parts larger, never a result different.
     */
    private static List<String> keys(K8sObject o) {
        List<String> out = new ArrayList<>();
        out.add(o.ref().toString());
        switch (o.kind()) {
            case HTTP_PROXY -> {
                HTTPProxy p = (HTTPProxy) o;
                if (p.spec() == null) {
                    break;
                }
                if (p.spec().virtualhost() != null) {
                    out.add(host(p.spec().virtualhost().fqdn()));
                }
                for (HTTPProxy.Include inc : p.spec().includes()) {
                    out.add(proxy(Kind.HTTP_PROXY, inc.namespace(), p.namespace(), inc.name()));
                }
                HTTPProxy.TcpProxy tcp = p.spec().tcpproxy();
                if (tcp != null) {
                    for (HTTPProxy.TcpProxyInclude inc : new HTTPProxy.TcpProxyInclude[] {tcp.include(), tcp.includes()}) {
                        if (inc != null) {
                            out.add(proxy(Kind.HTTP_PROXY, inc.namespace(), p.namespace(), inc.name()));
                        }
                    }
                }
            }
            case INGRESS -> {
                Ingress ing = (Ingress) o;
                if (ing.spec() == null) {
                    break;
                }
                if (ing.spec().defaultBackend() != null) {
                    out.add(host("*"));
                }
                for (Ingress.Rule r : ing.spec().rules()) {
                    out.add(host(r.host()));
                }
                for (Ingress.Tls t : ing.spec().tls()) {
                    t.hosts().forEach(h -> out.add(host(h)));
                }
            }
            case INGRESS_ROUTE -> {
                IngressRoute ir = (IngressRoute) o;
                if (ir.spec() == null) {
                    break;
                }
                if (ir.spec().virtualhost() != null) {
                    out.add(host(ir.spec().virtualhost().fqdn()));
                }
                for (IngressRoute.Route r : ir.spec().routes()) {
                    if (r.delegate() != null) {
                        out.add(proxy(Kind.INGRESS_ROUTE, r.delegate().namespace(), ir.namespace(), r.delegate().name()));
                    }
                }
                if (ir.spec().tcpproxy() != null && ir.spec().tcpproxy().delegate() != null) {
                    IngressRoute.Delegate d = ir.spec().tcpproxy().delegate();
                    out.add(proxy(Kind.INGRESS_ROUTE, d.namespace(), ir.namespace(), d.name()));
                }
            }
            default -> throw new IllegalArgumentException("not a route source: " + o.ref());
        }
        return out;
    }

    private static final String HOST = "host ";

    private static String host(String h) {
        return HOST + (h == null || h.isEmpty() ? "*" : h.toLowerCase(Locale.ROOT));
    }

    private static String proxy(Kind kind, String namespace, String defaultNamespace, String name) {
        String ns = namespace == null || namespace.isEmpty() ? defaultNamespace : namespace;
        return new ObjectRef(kind, ns, name == null ? "" : name).toString();
    }

    // ---------------------------------------------------------------- merging

    private void clearMerged() {
        mergedStatuses.clear();
        mergedVhosts.clear();
        mergedSecure.clear();
        skeletons.clear();
    }

    /**
     * The last merge with the pieces of {@code removed} parts taken out and those of {@code added} parts put in, as
     * one result; or null when two parts share a virtual host or a status (then build whole, and {@code why[0]}
     * says why). After {@link #clearMerged()}, with every part added and {@code fromNothing}, it is a merge from nothing.
     */
    private BuildResult merge(Part base, boolean fromNothing, java.util.Collection<Part> removed, java.util.Collection<Part> added,
            String[] why) {
        BuildResult b = base.result();
        Set<ObjectRef> global = new HashSet<>();
        b.status().statuses().forEach(s -> global.add(s.ref()));
        Set<String> touched = new HashSet<>();
        if (fromNothing) {
            // A merge from nothing: the base part's statuses and its Gateway API virtual hosts go in first, and its
            // listeners (with a TCPRoute's listener-wide proxy) are the skeletons.
            b.status().statuses().forEach(s -> mergedStatuses.put(s.ref(), s));
            for (Dag.Listener l : b.dag().listeners()) {
                touched.add(l.name());
                skeletons.put(l.name(), l);
                mergedVhosts.computeIfAbsent(l.name(), k -> new ArrayList<>()).addAll(l.virtualHosts());
                mergedSecure.computeIfAbsent(l.name(), k -> new ArrayList<>()).addAll(l.secureVirtualHosts());
            }
        }
        Map<String, List<Dag.VirtualHost>> goneVh = new HashMap<>();
        Map<String, List<Dag.SecureVirtualHost>> goneSvh = new HashMap<>();
        for (Part p : removed) {
            for (Status s : p.result().status().statuses()) {
                if (!global.contains(s.ref())) {
                    mergedStatuses.remove(s.ref(), s);
                }
            }
            for (Dag.Listener l : p.result().dag().listeners()) {
                touched.add(l.name());
                goneVh.computeIfAbsent(l.name(), k -> new ArrayList<>()).addAll(l.virtualHosts());
                goneSvh.computeIfAbsent(l.name(), k -> new ArrayList<>()).addAll(l.secureVirtualHosts());
            }
        }
        Map<String, List<Dag.VirtualHost>> newVh = new HashMap<>();
        Map<String, List<Dag.SecureVirtualHost>> newSvh = new HashMap<>();
        for (Part p : added) {
            BuildResult r = p.result();
            if (r.dag().hasDynamicListeners() != b.dag().hasDynamicListeners() || !r.notOurs().isEmpty()
                    || !r.notApplied().isEmpty()) {
                why[0] = "a part has other listeners or objects not applied " + p.members().get(0);
                return null;
            }
            for (Status s : r.status().statuses()) {
                if (global.contains(s.ref())) {
                    continue;
                }
                if (mergedStatuses.putIfAbsent(s.ref(), s) != null) {
                    why[0] = "two parts set the status of " + s.ref();
                    return null;
                }
            }
            for (Dag.Listener l : r.dag().listeners()) {
                if (l.tcpProxy() != null) {
                    why[0] = "a part has a listener-wide TCP proxy " + l.name();
                    return null;
                }
                touched.add(l.name());
                skeletons.putIfAbsent(l.name(), l);
                newVh.computeIfAbsent(l.name(), k -> new ArrayList<>()).addAll(l.virtualHosts());
                newSvh.computeIfAbsent(l.name(), k -> new ArrayList<>()).addAll(l.secureVirtualHosts());
            }
        }
        for (String name : touched) {
            List<Dag.VirtualHost> vh = mergedVhosts.computeIfAbsent(name, k -> new ArrayList<>());
            List<Dag.SecureVirtualHost> svh = mergedSecure.computeIfAbsent(name, k -> new ArrayList<>());
            List<Dag.VirtualHost> gv = goneVh.getOrDefault(name, List.of());
            List<Dag.VirtualHost> nv = newVh.getOrDefault(name, List.of());
            List<Dag.SecureVirtualHost> gsv = goneSvh.getOrDefault(name, List.of());
            List<Dag.SecureVirtualHost> nsv = newSvh.getOrDefault(name, List.of());
            // Rebuilt parts that build hosts of the same names as before (an edit): each new host takes its
            // predecessor's place in the sorted, duplicate-free list, which is what removing, adding and sorting
            // again gives, without a pass over the listener's thousands of hosts.
            int[] places = fromNothing ? null : places(vh, gv, nv, Dag.VirtualHost::name);
            int[] securePlaces = places == null ? null : places(svh, gsv, nsv, Dag.SecureVirtualHost::name);
            if (securePlaces != null) {
                for (int i = 0; i < places.length; i++) {
                    vh.set(places[i], nv.get(i));
                }
                for (int i = 0; i < securePlaces.length; i++) {
                    svh.set(securePlaces[i], nsv.get(i));
                }
                continue;
            }
            java.util.Set<Object> gone = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            gone.addAll(gv);
            gone.addAll(gsv);
            vh.removeIf(gone::contains);
            svh.removeIf(gone::contains);
            vh.addAll(nv);
            svh.addAll(nsv);
            // Nearly sorted after a change: the sort is a merge of runs.
            vh.sort(Comparator.comparing(Dag.VirtualHost::name));
            svh.sort(Comparator.comparing(Dag.SecureVirtualHost::name));
            String dup = duplicateName(vh, Dag.VirtualHost::name);
            dup = dup != null ? dup : duplicateName(svh, Dag.SecureVirtualHost::name);
            if (dup != null) {
                why[0] = "two parts built the virtual host " + dup;
                return null;
            }
        }
        List<Dag.Listener> listeners = new ArrayList<>();
        for (Dag.Listener l : skeletons.values()) {
            List<Dag.VirtualHost> vh = mergedVhosts.getOrDefault(l.name(), List.of());
            List<Dag.SecureVirtualHost> svh = mergedSecure.getOrDefault(l.name(), List.of());
            if (vh.isEmpty() && svh.isEmpty() && l.tcpProxy() == null) {
                continue; // pruned, as a whole build prunes a listener left empty
            }
            Dag.Listener last = merged == null ? null : merged.dag().listeners().stream()
                    .filter(x -> x.name().equals(l.name())).findFirst().orElse(null);
            if (last != null && !touched.contains(l.name())) {
                listeners.add(last);
                continue;
            }
            listeners.add(new Dag.Listener(l.name(), l.protocol(), l.address(), l.port(), l.routeConfigName(),
                    l.fallbackCertRouteConfigName(), vh, svh, l.tcpProxy(), l.enableWebsockets()));
        }
        Dag d = b.dag();
        Dag dag = new Dag(listeners, d.extensionClusters(), d.hasDynamicListeners(), d.tracing(), d.rateLimitService(),
                d.globalExternalAuthorization());
        return new BuildResult(dag, StatusSet.ofSorted(mergedStatuses), b.configErrors(), b.notOurs(),
                b.notApplied());
    }

    /**
     * Where each of {@code added} takes the place of one of {@code gone} in {@code merged} (sorted by name, names
     * unique), found by name; null unless every added host has the name of a gone host, each a different one.
     */
    private static <T> int[] places(List<T> merged, List<T> gone, List<T> added, java.util.function.Function<T, String> name) {
        if (gone.size() != added.size()) {
            return null;
        }
        java.util.Set<T> goneSet = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        goneSet.addAll(gone);
        Set<Integer> used = new HashSet<>();
        int[] out = new int[added.size()];
        for (int i = 0; i < added.size(); i++) {
            String n = name.apply(added.get(i));
            int lo = 0;
            int hi = merged.size() - 1;
            int at = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = name.apply(merged.get(mid)).compareTo(n);
                if (c < 0) {
                    lo = mid + 1;
                } else if (c > 0) {
                    hi = mid - 1;
                } else {
                    at = mid;
                    break;
                }
            }
            if (at < 0 || !goneSet.contains(merged.get(at)) || !used.add(at)) {
                return null;
            }
            out[i] = at;
        }
        return out;
    }

    private static <T> String duplicateName(List<T> sorted, java.util.function.Function<T, String> name) {
        for (int i = 1; i < sorted.size(); i++) {
            String n = name.apply(sorted.get(i));
            if (n.equals(name.apply(sorted.get(i - 1)))) {
                return n;
            }
        }
        return null;
    }
}
