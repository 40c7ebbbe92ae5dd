package io.contourcore.dag.status;

import io.contourcore.model.ObjectRef;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The statuses of one build, sorted by kind, namespace and name.
 *
 * <pre>{@code
 * result.status().all().forEach(s -> System.out.println(s.ref() + " " + s.currentStatus()));
 * }</pre>
 */
public final class StatusSet {

    public static final StatusSet EMPTY = new StatusSet(Map.of());

    private final Map<ObjectRef, ObjectStatus> byRef;

    public StatusSet(Map<ObjectRef, ObjectStatus> statuses) {
        this.byRef = Collections.unmodifiableMap(new TreeMap<>(statuses));
    }

    public List<ObjectStatus> all() {
        return List.copyOf(byRef.values());
    }

    public Optional<ObjectStatus> get(ObjectRef ref) {
        return Optional.ofNullable(byRef.get(ref));
    }

    /** The invalid and orphaned objects. */
    public List<ObjectStatus> problems() {
        return byRef.values().stream().filter(ObjectStatus::isProblem).toList();
    }
}
