package io.contourcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contourcore.dag.kernel.GoText;
import io.contourcore.dag.status.GatewayClassStatus;
import io.contourcore.dag.status.GatewayStatus;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.dag.status.Status;
import io.contourcore.dag.status.StatusSet;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import io.contourcore.serve.Metrics;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes the status a build computed onto the cluster's objects, as upstream's status updater does: HTTPProxy
 * {@code currentStatus}, {@code description} and {@code conditions} (with {@code observedGeneration}, and
 * {@code lastTransitionTime} kept while a condition's status stays the same), and {@code status.loadBalancer} on
 * HTTPProxies and Ingresses; ExtensionService conditions; IngressRoute {@code currentStatus} and
 * {@code description}; and the Gateway API's shapes: GatewayClass conditions (merged), the Gateway's conditions,
 * listeners and, from the load balancer, addresses; each route's and BackendTLSPolicy's entry for our Gateway, with
 * the entries other Gateways' controllers wrote kept. An object is written only when its status differs from what it
 * has, times aside (upstream's {@code isStatusEqual}); a conflict re-reads the object and applies again, with
 * upstream's retry budget.
 *
 * <p>Writing happens on one worker thread, so a rebuild never waits for the API server: {@link #submit} only records
 * the newest statuses, and the worker writes the newest it finds (older ones are superseded, never queued). Only a
 * leader writes: {@link #leading(boolean) leading(false)} stops the worker before its next request.
 *
 * <pre>{@code
 * StatusWriter w = new StatusWriter(client, source::cached, lb, Clock.systemUTC(), metrics, err);
 * w.leading(true);
 * w.submit(result.status());   // returns at once; the worker writes what changed
 * }</pre>
 */
final class StatusWriter implements AutoCloseable {

    /** The objects as last seen, status included (the informers' stores). */
    interface Cache {
        Optional<GenericKubernetesResource> get(Kind kind, String namespace, String name);
    }

    /**
     * Where the load balancer addresses come from, as upstream's flags say: {@code --ingress-status-address}
     * (comma-separated IPs or host names) wins over the Envoy Service, whose {@code status.loadBalancer} is copied.
     */
    record LoadBalancer(List<String> addresses, String serviceNamespace, String serviceName) {
        LoadBalancer {
            addresses = addresses.stream().map(String::trim).filter(a -> !a.isEmpty()).toList();
        }

        /** Upstream's {@code parseStatusFlag}: what Go's {@code net.ParseIP} takes is an IP, the rest a host name. */
        static ArrayNode parse(List<String> addresses) {
            ArrayNode out = JSON.createArrayNode();
            for (String a : addresses) {
                boolean ip = GoText.parseCidr(a + (a.contains(":") ? "/128" : "/32")).ok();
                out.addObject().put(ip ? "ip" : "hostname", a);
            }
            return out;
        }
    }

    // Upstream's retry.DefaultBackoff: four tries, 10 ms growing fivefold.
    private static final int ATTEMPTS = 4;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final Cache cache;
    private final LoadBalancer loadBalancer;
    private final Clock clock;
    private final Metrics metrics;
    private final PrintWriter err;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "contour-status-writer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile StatusSet latest;
    private volatile boolean leading;

    StatusWriter(KubernetesClient client, Cache cache, LoadBalancer loadBalancer, Clock clock, Metrics metrics,
                 PrintWriter err) {
        this.client = client;
        this.cache = cache;
        this.loadBalancer = loadBalancer;
        this.clock = clock;
        this.metrics = metrics;
        this.err = err;
    }

    /** Records the newest statuses; the worker writes them while this replica leads. Never blocks. */
    void submit(StatusSet statuses) {
        latest = statuses;
        if (leading) {
            schedule();
        }
    }

    /** Starts writing (the newest statuses at once) or stops before the next request. */
    void leading(boolean now) {
        leading = now;
        if (now && latest != null) {
            schedule();
        }
    }

    boolean leading() {
        return leading;
    }

    private void schedule() {
        // At most one drain is queued: a burst of rebuilds becomes one pass over the newest statuses.
        if (scheduled.compareAndSet(false, true)) {
            worker.execute(() -> {
                scheduled.set(false);
                StatusSet s = latest;
                if (leading && s != null) {
                    write(s);
                }
            });
        }
    }

    /** One pass: every object of the handled class and our Gateway gets its status, if it changed. */
    void write(StatusSet statuses) {
        Optional<ArrayNode> lb = loadBalancerIngress();
        Optional<ObjectRef> gateway = statuses.statuses().stream().map(Status::ref)
                .filter(r -> r.kind() == Kind.GATEWAY).findFirst();
        for (Status s : statuses.statuses()) {
            if (!leading) {
                return;
            }
            if (s.currentStatus().equals(ObjectStatus.IGNORED)) {
                continue; // another ingress class: its own controller writes its status, as upstream leaves it
            }
            switch (Status.Shape.of(s.ref().kind())) {
                case OBJECT -> {
                    ObjectStatus o = (ObjectStatus) s;
                    switch (s.ref().kind()) {
                        case HTTP_PROXY -> writeOne(s, (obj, had) -> proxyStatus(had, o, generation(obj),
                                clock.instant(), lb));
                        case INGRESS -> lb.ifPresent(ingress -> writeOne(s, (obj, had) -> ingressStatus(had, ingress)));
                        case EXTENSION_SERVICE -> writeOne(s, (obj, had) -> extensionServiceStatus(had, o,
                                generation(obj), clock.instant()));
                        case INGRESS_ROUTE -> writeOne(s, (obj, had) -> ingressRouteStatus(had, o));
                        default -> { }
                    }
                }
                case GATEWAY_CLASS -> writeOne(s, (obj, had) -> gatewayClassStatus(had, (GatewayClassStatus) s,
                        clock.instant()));
                case GATEWAY -> writeOne(s, (obj, had) -> gatewayStatus(had, (GatewayStatus) s, clock.instant(), lb));
                case ROUTE, POLICY -> gateway.ifPresent(gw -> writeOne(s, (obj, had) -> gatewayEntries(had, s, gw,
                        clock.instant())));
            }
        }
    }

    private interface Desired {
        ObjectNode of(GenericKubernetesResource object, ObjectNode had);
    }

    private void writeOne(Status s, Desired desired) {
        Kind kind = s.ref().kind();
        Map<String, String> label = Map.of("kind", kind.kindName());
        Optional<GenericKubernetesResource> seen = cache.get(kind, s.ref().namespace(), s.ref().name());
        if (seen.isEmpty()) {
            return;
        }
        metrics.increment(Metrics.STATUS_UPDATE_TOTAL, label);
        GenericKubernetesResource current = seen.get();
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; leading; attempt++) {
            ObjectNode had = statusOf(current);
            ObjectNode want = normal(desired.of(current, had));
            if (withoutTimes(want).equals(withoutTimes(had))) {
                metrics.increment(Metrics.STATUS_UPDATE_NOOP_TOTAL, label);
                metrics.increment(Metrics.STATUS_UPDATE_SUCCESS_TOTAL, label);
                return;
            }
            GenericKubernetesResource next = client.getKubernetesSerialization().clone(current);
            next.setApiVersion(kind.apiVersion());
            next.setKind(kind.kindName());
            next.setAdditionalProperty("status", JSON.convertValue(want, Map.class));
            try {
                var resource = objects(kind, s.ref().namespace()).resource(next);
                if (hasStatusSubresource(kind)) {
                    resource.updateStatus();
                } else {
                    resource.update(); // at the resourceVersion read, so a concurrent change is a conflict
                }
                metrics.increment(Metrics.STATUS_UPDATE_SUCCESS_TOTAL, label);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return; // deleted since the build: nothing to write on
                }
                if (e.getCode() != 409 || attempt >= ATTEMPTS) {
                    metrics.increment(Metrics.STATUS_UPDATE_FAILED_TOTAL, label);
                    err.println("contour: cannot write the status of " + s.ref() + ": " + e.getMessage());
                    err.flush();
                    return;
                }
                metrics.increment(Metrics.STATUS_UPDATE_CONFLICT_TOTAL, label);
                if (!pause(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(5);
                // Someone else wrote the object: read it again and apply our status to what it is now.
                current = objects(kind, s.ref().namespace()).withName(s.ref().name()).get();
                if (current == null) {
                    return;
                }
            }
        }
    }

    /** The objects of {@code kind} in {@code namespace}, or all of them when the kind is cluster-scoped. */
    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> objects(Kind kind, String namespace) {
        var all = client.genericKubernetesResources(KubernetesSource.context(kind));
        return kind.clusterScoped() ? all : all.inNamespace(namespace);
    }

    /** Whether the writer puts a status on objects of {@code kind} (the kinds {@link #write} handles). */
    static boolean writes(Kind kind) {
        return switch (kind) {
            case HTTP_PROXY, INGRESS, EXTENSION_SERVICE, INGRESS_ROUTE, GATEWAY_CLASS, GATEWAY, HTTP_ROUTE, GRPC_ROUTE,
                    TLS_ROUTE, TCP_ROUTE, BACKEND_TLS_POLICY -> true;
            default -> false;
        };
    }

    /**
     * The IngressRoute-era CRD declares no status subresource ({@code subresources: {}}), so Contour 1.5 wrote its
     * status through the object itself; every other kind written here has one.
     */
    static boolean hasStatusSubresource(Kind kind) {
        return switch (kind) {
            case INGRESS_ROUTE -> false;
            default -> true;
        };
    }

    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The Envoy Service's load balancer ingress, or the flag's addresses; empty leaves objects' own alone. */
    private Optional<ArrayNode> loadBalancerIngress() {
        if (!loadBalancer.addresses().isEmpty()) {
            return Optional.of(LoadBalancer.parse(loadBalancer.addresses()));
        }
        Service svc;
        try {
            svc = client.services().inNamespace(loadBalancer.serviceNamespace())
                    .withName(loadBalancer.serviceName()).get();
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
        if (svc == null || svc.getStatus() == null || svc.getStatus().getLoadBalancer() == null) {
            return Optional.empty();
        }
        JsonNode ingress = JSON.valueToTree(svc.getStatus().getLoadBalancer()).path("ingress");
        ArrayNode out = JSON.createArrayNode();
        ingress.forEach(i -> {
            ObjectNode n = out.addObject();
            for (String field : List.of("ip", "hostname", "ports")) {
                if (i.hasNonNull(field)) {
                    n.set(field, i.get(field));
                }
            }
        });
        return Optional.of(out);
    }

    private static long generation(GenericKubernetesResource o) {
        Long g = o.getMetadata() == null ? null : o.getMetadata().getGeneration();
        return g == null ? 0 : g;
    }

    private static ObjectNode statusOf(GenericKubernetesResource o) {
        Object status = o.getAdditionalProperties().get("status");
        return status == null ? JSON.createObjectNode() : normal(JSON.valueToTree(status));
    }

    /** The tree as its JSON text reads back, so 1 held as a long equals 1 held as an int. */
    private static ObjectNode normal(JsonNode tree) {
        try {
            return (ObjectNode) JSON.readTree(JSON.writeValueAsString(tree));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a status tree did not round-trip", e);
        }
    }

    /**
     * The HTTPProxy status upstream's {@code ProxyUpdate.Mutate} leaves: our conditions replace those of the same type
     * unless the object's is of a newer generation, other conditions stay, and a condition keeps its
     * {@code lastTransitionTime} while its status (True/False) does not change.
     */
    static ObjectNode proxyStatus(ObjectNode had, ObjectStatus s, long generation, Instant now,
                                  Optional<ArrayNode> loadBalancer) {
        ObjectNode out = had.deepCopy();
        ArrayNode computed = JSON.createArrayNode();
        StatusView.validConditions(computed, s.conditions());
        ArrayNode conditions = had.get("conditions") instanceof ArrayNode a ? a.deepCopy() : JSON.createArrayNode();
        String time = time(now);
        for (JsonNode c : computed) {
            ObjectNode cond = (ObjectNode) c;
            cond.put("observedGeneration", generation);
            int at = indexOf(conditions, cond.path("type").asText());
            JsonNode old = at < 0 ? null : conditions.get(at);
            if (old != null && old.path("observedGeneration").asLong() > generation) {
                continue; // our view is older than whoever wrote that one
            }
            boolean sameStatus = old != null && old.path("status").asText().equals(cond.path("status").asText())
                    && old.hasNonNull("lastTransitionTime");
            cond.put("lastTransitionTime", sameStatus ? old.get("lastTransitionTime").asText() : time);
            if (at < 0) {
                conditions.add(cond);
            } else {
                conditions.set(at, cond);
            }
        }
        out.put("currentStatus", s.currentStatus());
        if (s.description().isEmpty()) {
            out.remove("description");
        } else {
            out.put("description", s.description());
        }
        out.set("conditions", conditions);
        loadBalancer.ifPresent(lb -> out.set("loadBalancer", loadBalancerStatus(lb)));
        return out;
    }

    /**
     * The ExtensionService status upstream's {@code ExtensionCacheEntry} leaves: its conditions merged as an
     * HTTPProxy's are; it has no {@code currentStatus}, {@code description} or load balancer.
     */
    static ObjectNode extensionServiceStatus(ObjectNode had, ObjectStatus s, long generation, Instant now) {
        ObjectNode out = had.deepCopy();
        out.set("conditions", proxyStatus(had, s, generation, now, Optional.empty()).get("conditions"));
        return out;
    }

    /** The IngressRoute status Contour 1.5's status writer leaves: {@code currentStatus} and {@code description}. */
    static ObjectNode ingressRouteStatus(ObjectNode had, ObjectStatus s) {
        ObjectNode out = had.deepCopy();
        out.put("currentStatus", s.currentStatus());
        out.put("description", s.description());
        return out;
    }

    /**
     * Upstream's {@code mergeConditions} for a GatewayClass: a condition of a type it has is updated in place, its
     * {@code lastTransitionTime} only when its status changes; a new type is added; others stay.
     */
    static ObjectNode gatewayClassStatus(ObjectNode had, GatewayClassStatus s, Instant now) {
        ObjectNode out = had.deepCopy();
        ArrayNode conditions = had.get("conditions") instanceof ArrayNode a ? a.deepCopy() : JSON.createArrayNode();
        for (JsonNode c : StatusView.metaConditions(s.conditions())) {
            ObjectNode cond = (ObjectNode) c;
            int at = indexOf(conditions, cond.path("type").asText());
            if (at < 0) {
                cond.put("lastTransitionTime", time(now));
                conditions.add(cond);
                continue;
            }
            ObjectNode old = (ObjectNode) conditions.get(at);
            boolean statusChanged = !old.path("status").asText().equals(cond.path("status").asText());
            for (String field : List.of("status", "reason", "message", "observedGeneration")) {
                old.set(field, cond.get(field));
            }
            if (statusChanged || !old.hasNonNull("lastTransitionTime")) {
                old.put("lastTransitionTime", time(now));
            }
        }
        out.set("conditions", conditions);
        return out;
    }

    /**
     * Upstream's {@code GatewayStatusUpdate}: our conditions (a condition of a newer generation already there is kept
     * instead), every listener's status recomputed, and, as its address updater does, {@code status.addresses} from
     * the load balancer (kept as they are when there is none to read).
     */
    static ObjectNode gatewayStatus(ObjectNode had, GatewayStatus s, Instant now, Optional<ArrayNode> loadBalancer) {
        ObjectNode out = had.deepCopy();
        ArrayNode existing = had.get("conditions") instanceof ArrayNode a ? a : JSON.createArrayNode();
        ArrayNode conditions = JSON.createArrayNode();
        for (JsonNode c : StatusView.metaConditions(s.conditions())) {
            int at = indexOf(existing, c.path("type").asText());
            if (at >= 0 && existing.get(at).path("observedGeneration").asLong()
                    > c.path("observedGeneration").asLong()) {
                conditions.add(existing.get(at).deepCopy()); // our view is older than whoever wrote that one
            } else {
                conditions.add(((ObjectNode) c).put("lastTransitionTime", time(now)));
            }
        }
        out.set("conditions", conditions);
        ArrayNode listeners = StatusView.listeners(s.listeners());
        listeners.forEach(l -> l.withArray("conditions").forEach(c -> ((ObjectNode) c).put("lastTransitionTime",
                time(now))));
        out.set("listeners", listeners);
        loadBalancer.ifPresent(lb -> {
            ArrayNode addresses = JSON.createArrayNode();
            for (JsonNode i : lb) {
                if (!i.path("ip").asText().isEmpty()) {
                    addresses.addObject().put("type", "IPAddress").put("value", i.path("ip").asText());
                }
                if (!i.path("hostname").asText().isEmpty()) {
                    addresses.addObject().put("type", "Hostname").put("value", i.path("hostname").asText());
                }
            }
            out.set("addresses", addresses);
        });
        return out;
    }

    /**
     * Upstream's {@code RouteStatusUpdate} and {@code BackendTLSPolicyStatusUpdate}: the {@code parents} (or
     * {@code ancestors}) entries for our Gateway are replaced by ours, times set now; entries naming another
     * Gateway are kept after ours, as upstream appends them.
     */
    static ObjectNode gatewayEntries(ObjectNode had, Status s, ObjectRef gateway, Instant now) {
        boolean route = Status.Shape.of(s.ref().kind()) == Status.Shape.ROUTE;
        String field = route ? "parents" : "ancestors";
        String refField = route ? "parentRef" : "ancestorRef";
        ObjectNode out = had.deepCopy();
        ArrayNode entries = (ArrayNode) StatusView.tree(List.of(s)).get(0).get(field);
        for (JsonNode e : entries) {
            e.withArray("conditions").forEach(c -> ((ObjectNode) c).put("lastTransitionTime", time(now)));
        }
        if (had.get(field) instanceof ArrayNode old) {
            for (JsonNode e : old) {
                if (!refersTo(e.path(refField), gateway)) {
                    entries.add(e.deepCopy());
                }
            }
        }
        out.set(field, entries);
        return out;
    }

    /** Upstream's {@code IsRefToGateway}: group, kind and namespace may be left out; the name must be the Gateway's. */
    static boolean refersTo(JsonNode ref, ObjectRef gateway) {
        return (!ref.has("group") || ref.path("group").asText().equals(Kind.GATEWAY.group()))
                && (!ref.has("kind") || ref.path("kind").asText().equals(Kind.GATEWAY.kindName()))
                && (!ref.has("namespace") || ref.path("namespace").asText().equals(gateway.namespace()))
                && ref.path("name").asText().equals(gateway.name());
    }

    private static String time(Instant now) {
        return DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The status with every {@code lastTransitionTime} taken out, for upstream's comparison that ignores them. */
    private static JsonNode withoutTimes(JsonNode tree) {
        JsonNode copy = tree.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.remove("lastTransitionTime");
        }
        n.forEach(StatusWriter::strip);
    }

    /** The Ingress status with {@code loadBalancer} replaced, anything else it has kept. */
    static ObjectNode ingressStatus(ObjectNode had, ArrayNode loadBalancer) {
        ObjectNode out = had.deepCopy();
        out.set("loadBalancer", loadBalancerStatus(loadBalancer));
        return out;
    }

    private static ObjectNode loadBalancerStatus(ArrayNode ingress) {
        ObjectNode lb = JSON.createObjectNode();
        if (!ingress.isEmpty()) {
            lb.set("ingress", ingress.deepCopy());
        }
        return lb;
    }

    private static int indexOf(ArrayNode conditions, String type) {
        for (int i = 0; i < conditions.size(); i++) {
            if (conditions.get(i).path("type").asText().equals(type)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        leading = false;
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
