package io.contourcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contourcore.dag.kernel.GoText;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.dag.status.StatusSet;
import io.contourcore.model.Kind;
import io.contourcore.serve.Metrics;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
 * HTTPProxies and Ingresses. An object is written only when its status differs from what it has; a conflict re-reads
 * the object and applies again, with upstream's retry budget.
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

    /** One pass: every HTTPProxy and Ingress of the handled class gets its status, if it changed. */
    void write(StatusSet statuses) {
        Optional<ArrayNode> lb = loadBalancerIngress();
        for (ObjectStatus s : statuses.all()) {
            if (!leading) {
                return;
            }
            if (s.currentStatus().equals(ObjectStatus.IGNORED)) {
                continue; // another ingress class: its own controller writes its status, as upstream leaves it
            }
            switch (s.ref().kind()) {
                case HTTP_PROXY -> writeOne(s, (o, had) -> proxyStatus(had, s, generation(o), clock.instant(), lb));
                case INGRESS -> lb.ifPresent(ingress -> writeOne(s, (o, had) -> ingressStatus(had, ingress)));
                default -> { }
            }
        }
    }

    private interface Desired {
        ObjectNode of(GenericKubernetesResource object, ObjectNode had);
    }

    private void writeOne(ObjectStatus s, Desired desired) {
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
            if (want.equals(had)) {
                metrics.increment(Metrics.STATUS_UPDATE_NOOP_TOTAL, label);
                metrics.increment(Metrics.STATUS_UPDATE_SUCCESS_TOTAL, label);
                return;
            }
            GenericKubernetesResource next = client.getKubernetesSerialization().clone(current);
            next.setApiVersion(kind.apiVersion());
            next.setKind(kind.kindName());
            next.setAdditionalProperty("status", JSON.convertValue(want, Map.class));
            try {
                client.genericKubernetesResources(KubernetesSource.context(kind)).inNamespace(s.ref().namespace())
                        .resource(next).updateStatus();
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
                current = client.genericKubernetesResources(KubernetesSource.context(kind))
                        .inNamespace(s.ref().namespace()).withName(s.ref().name()).get();
                if (current == null) {
                    return;
                }
            }
        }
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
        String time = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
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
