package io.contourcore.dag.status;

import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Collects conditions while one DAG is built, with upstream's rules: the {@code Valid} condition starts True with
 * "Valid HTTPProxy" (or "Valid Ingress"); the first error turns it False with reason {@code ErrorPresent}; an error of
 * type {@code Orphaned} makes the object orphaned. Not thread-safe: one recorder per build.
 *
 * <pre>{@code
 * StatusRecorder rec = new StatusRecorder();
 * rec.forObject(proxy.ref(), "Valid HTTPProxy").vhost("www.example.com")
 *    .addError("ServiceError", "ServiceUnresolvedReference", "...");
 * StatusSet statuses = rec.freeze();
 * }</pre>
 *
 * <p>Gateway API objects get their own shapes ({@link RouteStatus}, {@link GatewayStatus},
 * {@link GatewayClassStatus}, {@link PolicyStatus}): a source records the conditions it finds and {@link #freeze()}
 * fills in upstream's defaults, so the source need not know how a status is completed or printed:
 *
 * <pre>{@code
 * rec.gatewayController("projectcontour.io/gateway-controller");
 * rec.route(routeRef, 2).parent(ParentRef.gateway("infra", "gw"))
 *    .addCondition("Accepted", "False", "NoMatchingParent", "No listeners match this parent ref");
 * rec.gateway(gatewayRef, 1).listener("http").supportedKinds(Kind.HTTP_ROUTE, Kind.GRPC_ROUTE).attachRoute();
 * rec.gatewayClass(classRef, 1);
 * StatusSet statuses = rec.freeze(); // the route parent also gets ResolvedRefs True; the Gateway Accepted and
 *                                    // Programmed True; the listener Programmed, Accepted, ResolvedRefs True;
 *                                    // the GatewayClass Accepted True
 * }</pre>
 */
public final class StatusRecorder {

    public static final String VALID_CONDITION = "Valid";
    public static final String ERROR_PRESENT_REASON = "ErrorPresent";
    public static final String ERROR_PRESENT_MESSAGE = "At least one error present, see Errors for details";
    public static final String ORPHANED_TYPE = "Orphaned";
    private static final int MAX_MESSAGE = 32760;

    /** Default Accepted message of a GatewayClass (internal/status/gatewayclassconditions.go). */
    public static final String GATEWAY_CLASS_VALID_MESSAGE = "Valid GatewayClass";
    /** Why a GatewayClass is not Accepted when an older one names the same controller (gatewayclassconditions.go). */
    public static final String OLDER_GATEWAY_CLASS_EXISTS_REASON = "OlderGatewayClassExists";
    public static final String OLDER_GATEWAY_CLASS_EXISTS_MESSAGE =
            "Invalid GatewayClass: another older GatewayClass with the same Spec.Controller exists";

    private final Map<ObjectRef, Entry> entries = new LinkedHashMap<>();
    private final Map<ObjectRef, RouteEntry> routes = new LinkedHashMap<>();
    private final Map<ObjectRef, GatewayEntry> gateways = new LinkedHashMap<>();
    private final Map<ObjectRef, GatewayClassEntry> gatewayClasses = new LinkedHashMap<>();
    private final Map<ObjectRef, PolicyEntry> policies = new LinkedHashMap<>();
    private String gatewayController = "";

    /** The status being built for {@code ref}, created on first use with the given valid-message. */
    public Entry forObject(ObjectRef ref, String validMessage) {
        return entries.computeIfAbsent(ref, r -> new Entry(r, validMessage));
    }

    /** Whether anything was recorded for {@code ref}. */
    public boolean has(ObjectRef ref) {
        return switch (Status.Shape.of(ref.kind())) {
            case OBJECT -> entries.containsKey(ref);
            case ROUTE -> routes.containsKey(ref);
            case GATEWAY -> gateways.containsKey(ref);
            case GATEWAY_CLASS -> gatewayClasses.containsKey(ref);
            case POLICY -> policies.containsKey(ref);
        };
    }

    /**
     * The controller name every route parent status carries: upstream takes it from the GatewayClass's
     * {@code spec.controllerName} and leaves it empty when there is no class (internal/dag/builder.go).
     */
    public StatusRecorder gatewayController(String controllerName) {
        this.gatewayController = controllerName == null ? "" : controllerName;
        return this;
    }

    /** The status being built for an HTTPRoute, GRPCRoute, TLSRoute or TCPRoute of the given generation. */
    public RouteEntry route(ObjectRef ref, long generation) {
        require(ref, Status.Shape.ROUTE);
        return routes.computeIfAbsent(ref, r -> new RouteEntry(r, generation));
    }

    /** The status being built for a Gateway of the given generation. */
    public GatewayEntry gateway(ObjectRef ref, long generation) {
        require(ref, Status.Shape.GATEWAY);
        return gateways.computeIfAbsent(ref, r -> new GatewayEntry(r, generation));
    }

    /** The status being built for a GatewayClass of the given generation. */
    public GatewayClassEntry gatewayClass(ObjectRef ref, long generation) {
        require(ref, Status.Shape.GATEWAY_CLASS);
        return gatewayClasses.computeIfAbsent(ref, r -> new GatewayClassEntry(r, generation));
    }

    /**
     * One evaluation of a BackendTLSPolicy through {@code ancestorRef} (the parentRef of the route whose backend it
     * targets). Upstream's status cache takes each evaluation as a whole new status of the policy
     * (internal/status/cache.go {@code BackendTLSPolicyConditionsAccessor}): the first condition it records makes it
     * the policy's status, replacing any earlier evaluation, so the policy ends with the last evaluation's one
     * ancestor; an evaluation that records nothing leaves the status as it was.
     *
     * <pre>{@code
     * rec.policy(policyRef, 1, ParentRef.gateway("infra", "gw"))
     *    .addCondition("Accepted", "True", "Accepted", "Accepted BackendTLSPolicy");
     * }</pre>
     */
    public PolicyEntry policy(ObjectRef ref, long generation, ParentRef ancestorRef) {
        require(ref, Status.Shape.POLICY);
        if (ancestorRef == null) {
            throw new IllegalArgumentException("ancestorRef is required");
        }
        return new PolicyEntry(ancestorRef, new ConditionList(generation), e -> policies.put(ref, e));
    }

    private static void require(ObjectRef ref, Status.Shape shape) {
        if (Status.Shape.of(ref.kind()) != shape) {
            throw new IllegalArgumentException(ref + " does not have a " + shape + " status");
        }
    }

    /**
     * The statuses recorded, in ObjectRef order, with upstream's defaults filled in. A route with no parent recorded
     * has no status, as upstream writes none (internal/status/cache.go). The recorder stays usable: freezing twice
     * gives the same set.
     */
    public StatusSet freeze() {
        if (routes.isEmpty() && gateways.isEmpty() && gatewayClasses.isEmpty() && policies.isEmpty()) {
            Map<ObjectRef, ObjectStatus> out = new TreeMap<>();
            for (Entry e : entries.values()) {
                out.put(e.ref, e.toStatus());
            }
            return new StatusSet(out);
        }
        List<Status> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            out.add(e.toStatus());
        }
        for (RouteEntry r : routes.values()) {
            if (!r.parents.isEmpty()) {
                out.add(r.toStatus(gatewayController));
            }
        }
        gateways.values().forEach(g -> out.add(g.toStatus()));
        gatewayClasses.values().forEach(c -> out.add(c.toStatus()));
        policies.forEach((ref, p) -> out.add(new PolicyStatus(ref,
                List.of(new PolicyAncestorStatus(p.ancestorRef, gatewayController, p.conditions.toList())))));
        return StatusSet.of(out);
    }

    /** One object's conditions under construction. */
    public static final class Entry {
        private final ObjectRef ref;
        private final String validMessage;
        private final List<SubCondition> errors = new ArrayList<>();
        private final List<SubCondition> warnings = new ArrayList<>();
        private String fqdn = "";
        private String tlsSecret = "";
        private String ignoredReason;
        private String summary;
        private String summaryDescription;

        private Entry(ObjectRef ref, String validMessage) {
            this.ref = ref;
            this.validMessage = validMessage;
        }

        public Entry vhost(String f) {
            this.fqdn = f == null ? "" : f;
            return this;
        }

        public Entry tlsSecret(String s) {
            this.tlsSecret = s == null ? "" : s;
            return this;
        }

        /** Marks the object as not ours (e.g. another ingress class); it is listed but never fails a check. */
        public Entry ignored(String reason) {
            this.ignoredReason = reason;
            return this;
        }

        public Entry addError(String type, String reason, String message) {
            errors.add(new SubCondition(type, reason, truncate(message)));
            return this;
        }

        public Entry addWarning(String type, String reason, String message) {
            warnings.add(new SubCondition(type, reason, truncate(message)));
            return this;
        }

        public boolean hasErrors() {
            return !errors.isEmpty();
        }

        /**
         * Gives the object a status with no conditions, only {@code currentStatus} and {@code description}: the shape
         * upstream wrote on IngressRoutes, whose API has no conditions. Errors and warnings recorded are then unused.
         */
        public Entry describe(String currentStatus, String description) {
            if (!List.of(ObjectStatus.VALID, ObjectStatus.INVALID, ObjectStatus.ORPHANED).contains(currentStatus)) {
                throw new IllegalArgumentException("not a summary status: " + currentStatus);
            }
            this.summary = currentStatus;
            this.summaryDescription = description;
            return this;
        }

        private ObjectStatus toStatus() {
            if (summary != null) {
                return new ObjectStatus(ref, summary, summaryDescription, fqdn, tlsSecret, List.of());
            }
            Condition valid;
            String current;
            String description;
            if (ignoredReason != null && errors.isEmpty()) {
                valid = new Condition(VALID_CONDITION, "Unknown", "NotReconciled", ignoredReason, List.of(), warnings);
                return new ObjectStatus(ref, ObjectStatus.IGNORED, ignoredReason, fqdn, tlsSecret, List.of(valid));
            }
            if (errors.isEmpty()) {
                valid = new Condition(VALID_CONDITION, "True", "Valid", validMessage, List.of(), warnings);
                current = ObjectStatus.VALID;
                description = validMessage;
            } else {
                valid = new Condition(VALID_CONDITION, "False", ERROR_PRESENT_REASON, ERROR_PRESENT_MESSAGE, errors, warnings);
                SubCondition orphan = errors.stream().filter(s -> s.type().equals(ORPHANED_TYPE)).findFirst().orElse(null);
                if (orphan != null) {
                    current = ObjectStatus.ORPHANED;
                    description = orphan.message();
                } else {
                    current = ObjectStatus.INVALID;
                    description = ERROR_PRESENT_MESSAGE;
                }
            }
            return new ObjectStatus(ref, current, description, fqdn, tlsSecret, List.of(valid));
        }

        private static String truncate(String m) {
            return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) : m;
        }
    }

    /** One route's status under construction: one {@link ParentEntry} per parentRef, in the order first met. */
    public static final class RouteEntry {
        private final ObjectRef ref;
        private final long generation;
        private final Map<ParentRef, ParentEntry> parents = new LinkedHashMap<>();

        private RouteEntry(ObjectRef ref, long generation) {
            this.ref = ref;
            this.generation = generation;
        }

        /** The status towards {@code parentRef}; recording it at all gives the route a status for that parent. */
        public ParentEntry parent(ParentRef parentRef) {
            return parents.computeIfAbsent(parentRef, p -> new ParentEntry(p, new ConditionList(generation)));
        }

        private RouteStatus toStatus(String controllerName) {
            List<RouteParentStatus> out = new ArrayList<>();
            for (Map.Entry<ParentRef, ParentEntry> p : parents.entrySet()) {
                // Upstream's processRoute ends every parentRef by adding ResolvedRefs True and then Accepted True
                // ("Accepted HTTPRoute") unless a condition of that type was recorded (gatewayapi_processor.go).
                ConditionList c = p.getValue().conditions.copy();
                if (!p.getValue().asRecorded) {
                    c.addIfAbsent(StatusCondition.RESOLVED_REFS, StatusCondition.TRUE, "ResolvedRefs", "References resolved");
                    c.addIfAbsent(StatusCondition.ACCEPTED, StatusCondition.TRUE, "Accepted", "Accepted " + ref.kind().kindName());
                }
                out.add(new RouteParentStatus(p.getKey(), controllerName, c.toList()));
            }
            return new RouteStatus(ref, out);
        }
    }

    /**
     * A route's conditions towards one parent. A second condition of a type replaces the first in its place, with
     * the messages joined by ", " (internal/status/routeconditions.go).
     */
    public static final class ParentEntry {
        private final ParentRef ref;
        private final ConditionList conditions;
        private boolean asRecorded;

        private ParentEntry(ParentRef ref, ConditionList conditions) {
            this.ref = ref;
            this.conditions = conditions;
        }

        /** The parentRef this status is towards; a policy reached through the route names it as its ancestor. */
        public ParentRef ref() {
            return ref;
        }

        public ParentEntry addCondition(String type, String status, String reason, String message) {
            conditions.add(type, status, reason, message);
            return this;
        }

        /**
         * Keeps the conditions as recorded, without the ResolvedRefs and Accepted defaults: upstream's processRoute
         * skips them for a parentRef it stops at early ({@code InvalidGateway}).
         */
        public ParentEntry asRecorded() {
            this.asRecorded = true;
            return this;
        }

        /** Upstream's {@code ConditionExists}: processors check it before adding a fallback condition. */
        public boolean hasCondition(String type) {
            return conditions.has(type);
        }
    }

    /** One evaluation of a policy through one ancestor; see {@link StatusRecorder#policy}. */
    public static final class PolicyEntry {
        private final ParentRef ancestorRef;
        private final ConditionList conditions;
        private final Consumer<PolicyEntry> commit;

        private PolicyEntry(ParentRef ancestorRef, ConditionList conditions, Consumer<PolicyEntry> commit) {
            this.ancestorRef = ancestorRef;
            this.conditions = conditions;
            this.commit = commit;
        }

        /**
         * A condition towards the ancestor; a second of a type takes the first's place with the messages joined by
         * ", " (internal/status/backendtlspolicyconditions.go {@code AddCondition}).
         */
        public PolicyEntry addCondition(String type, String status, String reason, String message) {
            if (conditions.isEmpty()) {
                commit.accept(this);
            }
            conditions.add(type, status, reason, message);
            return this;
        }
    }

    /** One Gateway's status under construction. */
    public static final class GatewayEntry {
        private final ObjectRef ref;
        private final long generation;
        private final ConditionList conditions;
        private final Map<String, ListenerEntry> listeners = new LinkedHashMap<>();
        private final List<GatewayStatus.Address> addresses = new ArrayList<>();
        private String gatewayClassName = "";

        private GatewayEntry(ObjectRef ref, long generation) {
            this.ref = ref;
            this.generation = generation;
            this.conditions = new ConditionList(generation);
        }

        /** The Gateway's {@code spec.gatewayClassName}, shown by the table view. */
        public GatewayEntry gatewayClassName(String name) {
            this.gatewayClassName = name == null ? "" : name;
            return this;
        }

        /** A Gateway condition; a second of a type joins the messages with ", " (internal/status/gatewaystatus.go). */
        public GatewayEntry addCondition(String type, String status, String reason, String message) {
            conditions.add(type, status, reason, message);
            return this;
        }

        public boolean hasCondition(String type) {
            return conditions.has(type);
        }

        /** The listener named {@code name}; listeners are listed in the order first recorded. */
        public ListenerEntry listener(String name) {
            return listeners.computeIfAbsent(name, n -> new ListenerEntry(n, new ConditionList(generation)));
        }

        public GatewayEntry address(String type, String value) {
            addresses.add(new GatewayStatus.Address(type, value));
            return this;
        }

        private GatewayStatus toStatus() {
            List<ListenerStatus> ls = new ArrayList<>();
            for (ListenerEntry l : listeners.values()) {
                ls.add(l.toStatus());
            }
            ConditionList c = conditions.copy();
            // Contour running means the Gateway is accepted; Programmed follows the listeners unless the source
            // recorded why it is not (e.g. AddressNotAssigned) (gatewayapi_processor.go computeGatewayConditions).
            // Upstream adds Accepted unconditionally, but no upstream source records it before, so "if absent" is
            // the same status and lets a source say otherwise.
            c.addIfAbsent(StatusCondition.ACCEPTED, StatusCondition.TRUE, "Accepted", "Gateway is accepted");
            if (ls.stream().anyMatch(ListenerStatus::isNotProgrammed)) {
                c.addIfAbsent(StatusCondition.PROGRAMMED, StatusCondition.FALSE, "ListenersNotValid", "Listeners are not valid");
            } else {
                c.addIfAbsent(StatusCondition.PROGRAMMED, StatusCondition.TRUE, "Programmed", "Valid Gateway");
            }
            // Upstream keeps Gateway conditions in a map, so its order is unspecified (gatewaystatus.go Mutate);
            // ours is fixed: Accepted, Programmed, then the rest as recorded.
            return new GatewayStatus(ref, gatewayClassName,
                    c.ordered(StatusCondition.ACCEPTED, StatusCondition.PROGRAMMED), ls, addresses);
        }
    }

    /** One Gateway listener's status under construction. */
    public static final class ListenerEntry {
        private final String name;
        private final ConditionList conditions;
        private final List<Kind> supportedKinds = new ArrayList<>();
        private int attachedRoutes;

        private ListenerEntry(String name, ConditionList conditions) {
            this.name = name;
            this.conditions = conditions;
        }

        /**
         * Appends route kinds the listener supports; upstream lists them all in group
         * {@code gateway.networking.k8s.io} (gatewaystatus.go {@code SetListenerSupportedKinds}).
         */
        public ListenerEntry supportedKinds(Kind... kinds) {
            for (Kind k : kinds) {
                if (Status.Shape.of(k) != Status.Shape.ROUTE) {
                    throw new IllegalArgumentException("a listener supports route kinds only, not " + k.kindName());
                }
                supportedKinds.add(k);
            }
            return this;
        }

        /**
         * Counts one more attached route. Upstream counts, per listener, every route parentRef that selects the
         * listener (by sectionName and port) and whose kind and namespace the listener allows, whether or not the
         * listener itself is valid (gatewayapi_processor.go {@code getListenersForRouteParentRef}).
         */
        public ListenerEntry attachRoute() {
            attachedRoutes++;
            return this;
        }

        public ListenerEntry attachedRoutes(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("attachedRoutes must not be negative");
            }
            attachedRoutes = n;
            return this;
        }

        /** A listener condition; a second of a type joins the messages with ", " (gatewaystatus.go). */
        public ListenerEntry addCondition(String type, String status, String reason, String message) {
            conditions.add(type, status, reason, message);
            return this;
        }

        public boolean hasCondition(String type) {
            return conditions.has(type);
        }

        private ListenerStatus toStatus() {
            // Upstream's computeListener (gatewayapi_processor.go): a listener with no condition is Programmed,
            // Accepted and ResolvedRefs True; one with any condition but no Programmed is Programmed False
            // ("Invalid"), and Accepted / ResolvedRefs default to True either way.
            ConditionList c = conditions.copy();
            if (c.isEmpty()) {
                c.add(StatusCondition.PROGRAMMED, StatusCondition.TRUE, "Programmed", "Valid listener");
            } else {
                c.addIfAbsent(StatusCondition.PROGRAMMED, StatusCondition.FALSE, "Invalid",
                        "Invalid listener, see other listener conditions for details");
            }
            c.addIfAbsent(StatusCondition.ACCEPTED, StatusCondition.TRUE, "Accepted", "Listener accepted");
            c.addIfAbsent(StatusCondition.RESOLVED_REFS, StatusCondition.TRUE, "ResolvedRefs", "Listener references resolved");
            return new ListenerStatus(name, supportedKinds, attachedRoutes, c.toList());
        }
    }

    /** One GatewayClass's status under construction. */
    public static final class GatewayClassEntry {
        private final ObjectRef ref;
        private final ConditionList conditions;

        private GatewayClassEntry(ObjectRef ref, long generation) {
            this.ref = ref;
            this.conditions = new ConditionList(generation);
        }

        /**
         * Sets a condition; a second of a type replaces the first, message included, keeping its place
         * (gatewayclassconditions.go {@code mergeConditions}).
         */
        public GatewayClassEntry setCondition(String type, String status, String reason, String message) {
            conditions.set(type, status, reason, message);
            return this;
        }

        public boolean hasCondition(String type) {
            return conditions.has(type);
        }

        private GatewayClassStatus toStatus() {
            ConditionList c = conditions.copy();
            c.addIfAbsent(StatusCondition.ACCEPTED, StatusCondition.TRUE, "Accepted", GATEWAY_CLASS_VALID_MESSAGE);
            return new GatewayClassStatus(ref, c.ordered(StatusCondition.ACCEPTED));
        }
    }
}
