package io.contourcore.model;

/**
 * The identity of an object: kind, namespace (empty for cluster-scoped kinds) and name. Sorts by kind, then
 * namespace, then name, which is the order of every listing we print.
 *
 * <pre>{@code
 * new ObjectRef(Kind.INGRESS, "default", "web").toString(); // "Ingress default/web"
 * }</pre>
 */
public record ObjectRef(Kind kind, String namespace, String name) implements Comparable<ObjectRef> {

    public ObjectRef {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
    }

    // equals and hashCode written out: the generated ones link through invokedynamic on first use, which on JDK 17
    // costs a cold run milliseconds per record type (java.lang.runtime.ObjectMethods; BENCHMARKS.md, issue 15).
    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectRef r && kind == r.kind && namespace.equals(r.namespace) && name.equals(r.name);
    }

    @Override
    public int hashCode() {
        return (kind.hashCode() * 31 + namespace.hashCode()) * 31 + name.hashCode();
    }

    /** {@code namespace/name}, or just the name for cluster-scoped objects. */
    public String namespacedName() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    @Override
    public int compareTo(ObjectRef o) {
        // Written out rather than as a comparator chain: sets of tens of thousands of objects are sorted by it.
        if (kind != o.kind) {
            int c = kind.kindName().compareTo(o.kind.kindName());
            if (c != 0) {
                return c;
            }
            c = kind.group().compareTo(o.kind.group());
            if (c != 0) {
                return c;
            }
        }
        int c = namespace.compareTo(o.namespace);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return kind.kindName() + " " + namespacedName();
    }
}
