package io.contourcore.model;

import java.util.Comparator;

/**
 * The identity of an object: kind, namespace (empty for cluster-scoped kinds) and name. Sorts by kind, then
 * namespace, then name, which is the order of every listing we print.
 *
 * <pre>{@code
 * new ObjectRef(Kind.INGRESS, "default", "web").toString(); // "Ingress default/web"
 * }</pre>
 */
public record ObjectRef(Kind kind, String namespace, String name) implements Comparable<ObjectRef> {

    private static final Comparator<ObjectRef> ORDER = Comparator.comparing((ObjectRef r) -> r.kind().kindName())
            .thenComparing(r -> r.kind().group())
            .thenComparing(ObjectRef::namespace)
            .thenComparing(ObjectRef::name);

    public ObjectRef {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
    }

    /** {@code namespace/name}, or just the name for cluster-scoped objects. */
    public String namespacedName() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    @Override
    public int compareTo(ObjectRef o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return kind.kindName() + " " + namespacedName();
    }
}
