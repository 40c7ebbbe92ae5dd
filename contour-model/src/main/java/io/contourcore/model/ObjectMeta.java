package io.contourcore.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of {@code metadata} that Contour reads, plus where the object was written.
 *
 * <pre>{@code
 * ObjectMeta m = ObjectMeta.of("default", "web");
 * m.annotation("projectcontour.io/response-timeout"); // null when absent
 * }</pre>
 *
 * @param creationTimestamp when the API server created the object, as exported objects carry it, or null when the
 *     input does not say: Gateway API orders conflicting routes and GatewayClasses by it
 */
public record ObjectMeta(
        String namespace,
        String name,
        Map<String, String> labels,
        Map<String, String> annotations,
        long generation,
        Location location,
        Instant creationTimestamp) {

    /**
     * Oldest first, as Gateway API breaks ties between routes and classes; objects without a creation time sort as
     * if created before every other (the input is then all that orders them, by the caller's next key).
     */
    public static final Comparator<ObjectMeta> OLDEST_FIRST =
            Comparator.comparing(ObjectMeta::creationTimestamp, Comparator.nullsFirst(Comparator.naturalOrder()));

    public ObjectMeta {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("metadata.name is required");
        }
        namespace = namespace == null ? "" : namespace;
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
        location = location == null ? Location.UNKNOWN : location;
    }

    /** Metadata without a creation time. */
    public ObjectMeta(String namespace, String name, Map<String, String> labels, Map<String, String> annotations,
                      long generation, Location location) {
        this(namespace, name, labels, annotations, generation, location, null);
    }

    /** Metadata with no labels or annotations, for tests and generated objects. */
    public static ObjectMeta of(String namespace, String name) {
        return new ObjectMeta(namespace, name, Map.of(), Map.of(), 0, Location.UNKNOWN);
    }

    /** The same metadata with one more annotation. */
    public ObjectMeta withAnnotation(String key, String value) {
        Map<String, String> a = new TreeMap<>(annotations);
        a.put(key, value);
        return new ObjectMeta(namespace, name, labels, a, generation, location, creationTimestamp);
    }

    /** An annotation's value, or null. */
    public String annotation(String key) {
        return annotations.get(key);
    }

    /** A label's value, or null. */
    public String label(String key) {
        return labels.get(key);
    }
}
