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

    private final List<K8sObject> all;
    private final Map<Kind, List<K8sObject>> byKind = new EnumMap<>(Kind.class);
    private final Map<ObjectRef, K8sObject> byRef = new HashMap<>();

    private ResourceSet(List<K8sObject> objects) {
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

    /** Every object, in ObjectRef order. */
    public List<K8sObject> all() {
        return all;
    }

    /** Every object of a kind, in namespace/name order. */
    @SuppressWarnings("unchecked")
    public <T extends K8sObject> List<T> all(Kind kind, Class<T> type) {
        return (List<T>) byKind.getOrDefault(kind, List.of());
    }

    /** The object with this identity. */
    public <T extends K8sObject> Optional<T> get(Kind kind, String namespace, String name, Class<T> type) {
        K8sObject o = byRef.get(new ObjectRef(kind, kind.clusterScoped() ? "" : namespace, name));
        return type.isInstance(o) ? Optional.of(type.cast(o)) : Optional.empty();
    }

    public int size() {
        return all.size();
    }
}
