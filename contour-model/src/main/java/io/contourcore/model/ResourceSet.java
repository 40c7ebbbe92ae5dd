package io.contourcore.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable set of objects, at most one per kind/namespace/name, listed in {@link ObjectRef} order whatever
 * order they were read in.
 *
 * <pre>{@code
 * ResourceSet rs = ResourceSet.of(List.of(service, ingress));
 * Optional<Service> s = rs.get(Kind.SERVICE, "default", "kuard", Service.class);
 * List<Ingress> all = rs.all(Kind.INGRESS, Ingress.class);
 * }</pre>
 */
public final class ResourceSet {

    public static final ResourceSet EMPTY = new ResourceSet(List.of());

    private List<K8sObject> all;
    private final Map<Kind, List<K8sObject>> byKind;
    private final Map<ObjectRef, K8sObject> byRef;
    /** Null except in a {@link #view}. */
    private final Reads reads;

    /**
     * Told of every lookup a {@link #view} answers, so an incremental build knows which objects a part of it read.
     * A lookup that finds nothing is reported too: the object appearing later changes what that part builds.
     */
    public interface Reads {
        /** {@link #all(Kind, Class)} was asked for this kind. */
        void kind(Kind kind);

        /** {@link #get} was asked for this object. */
        void object(ObjectRef ref);
    }

    private ResourceSet(List<K8sObject> objects) {
        this.byKind = new EnumMap<>(Kind.class);
        this.byRef = new HashMap<>();
        this.reads = null;
        // Each object's ref is made once, not twice per comparison.
        List<Map.Entry<ObjectRef, K8sObject>> keyed = new ArrayList<>(objects.size());
        for (K8sObject o : objects) {
            keyed.add(Map.entry(o.ref(), o));
        }
        keyed.sort(Map.Entry.comparingByKey());
        List<K8sObject> sorted = new ArrayList<>(keyed.size());
        for (Map.Entry<ObjectRef, K8sObject> e : keyed) {
            K8sObject o = e.getValue();
            sorted.add(o);
            if (byRef.putIfAbsent(e.getKey(), o) != null) {
                throw new IllegalArgumentException("duplicate object " + e.getKey());
            }
            byKind.computeIfAbsent(o.kind(), k -> new ArrayList<>()).add(o);
        }
        byKind.replaceAll((k, v) -> Collections.unmodifiableList(v));
        this.all = Collections.unmodifiableList(sorted);
    }

    /**
     * A set of these objects.
     *
     * @throws IllegalArgumentException when two objects share kind, namespace and name (the loader reports those
     *     as problems before building a set)
     */
    public static ResourceSet of(Collection<? extends K8sObject> objects) {
        return new ResourceSet(List.copyOf(objects));
    }

    private ResourceSet(Map<Kind, List<K8sObject>> byKind, Map<ObjectRef, K8sObject> byRef, Reads reads) {
        this.byKind = byKind;
        this.byRef = byRef;
        this.reads = reads;
    }

    /**
     * This set as one part of an incremental build sees it: {@link #all(Kind, Class)} of a kind in {@code only}
     * lists just the objects given for it (which must be in this set, in namespace/name order), every other lookup
     * answers as this set does, and every lookup is reported to {@code reads}. Costs nothing per object of the set.
     *
     * <pre>{@code
     * ResourceSet part = all.view(Map.of(Kind.HTTP_PROXY, List.of(root, child)), reads);
     * DagBuilder.build(part, config);   // builds root and child only; reads names the Services and Secrets used
     * }</pre>
     */
    public ResourceSet view(Map<Kind, List<? extends K8sObject>> only, Reads reads) {
        Map<Kind, List<K8sObject>> kinds = new EnumMap<>(Kind.class);
        kinds.putAll(byKind);
        only.forEach((k, objects) -> kinds.put(k, List.copyOf(objects)));
        return new ResourceSet(kinds, byRef, java.util.Objects.requireNonNull(reads, "reads"));
    }

    /** Every object, in ObjectRef order. */
    public List<K8sObject> all() {
        if (all == null) {
            // Only a view gets here: its list is made when first asked for, which a build never does.
            List<K8sObject> sorted = new ArrayList<>();
            byKind.values().forEach(sorted::addAll);
            sorted.sort(java.util.Comparator.comparing(K8sObject::ref));
            all = Collections.unmodifiableList(sorted);
        }
        return all;
    }

    /** Every object of a kind, in namespace/name order. */
    @SuppressWarnings("unchecked")
    public <T extends K8sObject> List<T> all(Kind kind, Class<T> type) {
        if (reads != null) {
            reads.kind(kind);
        }
        return (List<T>) byKind.getOrDefault(kind, List.of());
    }

    /** The object with this identity. */
    public <T extends K8sObject> Optional<T> get(Kind kind, String namespace, String name, Class<T> type) {
        ObjectRef ref = new ObjectRef(kind, kind.clusterScoped() ? "" : namespace, name);
        if (reads != null) {
            reads.object(ref);
        }
        K8sObject o = byRef.get(ref);
        return type.isInstance(o) ? Optional.of(type.cast(o)) : Optional.empty();
    }

    /** The object with this identity, whatever its type; not reported to a view's reads. */
    public Optional<K8sObject> find(ObjectRef ref) {
        return Optional.ofNullable(byRef.get(ref));
    }

    public int size() {
        if (all == null) {
            return byKind.values().stream().mapToInt(List::size).sum();
        }
        return all.size();
    }
}
