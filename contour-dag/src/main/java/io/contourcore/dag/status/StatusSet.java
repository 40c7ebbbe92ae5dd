package io.contourcore.dag.status;

import io.contourcore.model.ObjectRef;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The statuses of one build, every shape ({@link Status}), sorted by kind, namespace and name.
 *
 * <pre>{@code
 * result.status().statuses().forEach(s -> System.out.println(s.ref() + " " + s.currentStatus()));
 * result.status().problems(); // what --strict fails on, whatever the shape
 * }</pre>
 */
public final class StatusSet {

    public static final StatusSet EMPTY = new StatusSet(Map.of());

    private final Map<ObjectRef, ObjectStatus> byRef;
    private final Map<ObjectRef, ? extends Status> every;

    /** A set of {@link ObjectStatus}es only (HTTPProxy, Ingress, ExtensionService). */
    public StatusSet(Map<ObjectRef, ObjectStatus> statuses) {
        TreeMap<ObjectRef, ObjectStatus> sorted = new TreeMap<>();
        statuses.forEach((ref, s) -> sorted.put(checked(ref, s), s));
        this.byRef = Collections.unmodifiableMap(sorted);
        this.every = byRef;
    }

    private StatusSet(Map<ObjectRef, ObjectStatus> byRef, Map<ObjectRef, Status> every) {
        this.byRef = Collections.unmodifiableMap(byRef);
        this.every = Collections.unmodifiableMap(every);
    }

    /** A set of statuses of any shape; one per object. */
    public static StatusSet of(Collection<? extends Status> statuses) {
        TreeMap<ObjectRef, ObjectStatus> byRef = new TreeMap<>();
        TreeMap<ObjectRef, Status> every = new TreeMap<>();
        for (Status s : statuses) {
            if (every.put(s.ref(), s) != null) {
                throw new IllegalArgumentException("two statuses for " + s.ref());
            }
            if (Status.Shape.of(s.ref().kind()) == Status.Shape.OBJECT) {
                byRef.put(s.ref(), (ObjectStatus) s);
            }
        }
        return new StatusSet(byRef, every);
    }

    /** As {@link #of(Collection)}, from statuses already sorted and keyed by their refs: linear, not n log n. */
    public static StatusSet ofSorted(java.util.SortedMap<ObjectRef, ? extends Status> statuses) {
        TreeMap<ObjectRef, Status> every = new TreeMap<>(statuses);
        boolean allObjects = true;
        for (Status s : every.values()) {
            if (Status.Shape.of(s.ref().kind()) != Status.Shape.OBJECT || !(s instanceof ObjectStatus)) {
                allObjects = false; // the loop below puts the others (and fails as it did on a wrong shape)
                break;
            }
        }
        if (allObjects) {
            // Without Gateway API objects every status is an ObjectStatus: a linear copy of the sorted map, where
            // putting 10,000 statuses one by one costs ~14 ref comparisons each (every rebuild of serve's DAG).
            @SuppressWarnings("unchecked")
            java.util.SortedMap<ObjectRef, ObjectStatus> objects = (java.util.SortedMap<ObjectRef, ObjectStatus>) (java.util.SortedMap<?, ?>) every;
            return new StatusSet(new TreeMap<>(objects), every);
        }
        TreeMap<ObjectRef, ObjectStatus> byRef = new TreeMap<>();
        for (Status s : every.values()) {
            if (Status.Shape.of(s.ref().kind()) == Status.Shape.OBJECT) {
                byRef.put(s.ref(), (ObjectStatus) s);
            }
        }
        return new StatusSet(byRef, every);
    }

    private static ObjectRef checked(ObjectRef ref, Status s) {
        if (!ref.equals(s.ref())) {
            throw new IllegalArgumentException("status of " + s.ref() + " filed under " + ref);
        }
        return ref;
    }

    /** The {@link ObjectStatus}es (HTTPProxy, Ingress, ExtensionService); {@link #statuses()} has every shape. */
    public List<ObjectStatus> all() {
        return List.copyOf(byRef.values());
    }

    /** The {@link ObjectStatus} of {@code ref}; {@link #status(ObjectRef)} finds any shape. */
    public Optional<ObjectStatus> get(ObjectRef ref) {
        return Optional.ofNullable(byRef.get(ref));
    }

    /** Every status, of every shape, in kind/namespace/name order. */
    public List<Status> statuses() {
        return List.copyOf(every.values());
    }

    public Optional<Status> status(ObjectRef ref) {
        return Optional.ofNullable(every.get(ref));
    }

    public Optional<RouteStatus> route(ObjectRef ref) {
        return typed(ref, Status.Shape.ROUTE, RouteStatus.class);
    }

    public Optional<GatewayStatus> gateway(ObjectRef ref) {
        return typed(ref, Status.Shape.GATEWAY, GatewayStatus.class);
    }

    public Optional<PolicyStatus> policy(ObjectRef ref) {
        return typed(ref, Status.Shape.POLICY, PolicyStatus.class);
    }

    public Optional<GatewayClassStatus> gatewayClass(ObjectRef ref) {
        return typed(ref, Status.Shape.GATEWAY_CLASS, GatewayClassStatus.class);
    }

    private <T extends Status> Optional<T> typed(ObjectRef ref, Status.Shape shape, Class<T> type) {
        if (Status.Shape.of(ref.kind()) != shape) {
            throw new IllegalArgumentException(ref + " does not have a " + shape + " status");
        }
        return Optional.ofNullable(every.get(ref)).map(type::cast);
    }

    /**
     * The statuses that are problems, each by its shape's rule: an HTTPProxy/Ingress/ExtensionService invalid or
     * orphaned; a route with a parent not Accepted or with ResolvedRefs False; a Gateway not Accepted or not
     * Programmed; a GatewayClass not Accepted; a policy not Accepted through some ancestor.
     */
    public List<Status> problems() {
        return every.values().stream().filter(Status::isProblem).map(s -> (Status) s).toList();
    }
}
