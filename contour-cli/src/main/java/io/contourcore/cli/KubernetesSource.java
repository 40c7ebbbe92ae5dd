package io.contourcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contourcore.model.K8sObject;
import io.contourcore.model.Kind;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import io.contourcore.model.yaml.Problem;
import io.contourcore.model.yaml.ReadOptions;
import io.contourcore.model.yaml.Validation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The objects of a live cluster, for {@code contour serve --kubeconfig}: one informer per kind the model reads, every
 * object turned back into JSON and read by the same decoders as files ({@link ManifestLoader#parse}), so a cluster
 * and a directory of manifests give the same result. Changes are debounced with upstream's holdoff (100 ms after
 * the last event, at most 500 ms after the first). Kinds the cluster does not serve (a CRD not installed) are
 * skipped, with a warning.
 */
final class KubernetesSource implements AutoCloseable {

    static final Duration HOLDOFF_DELAY = Duration.ofMillis(100);
    static final Duration HOLDOFF_MAX_DELAY = Duration.ofMillis(500);
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    // One informer per kind, or per kind and watched namespace with --watch-namespaces.
    private final Map<Kind, List<SharedIndexInformer<GenericKubernetesResource>>> informers = new EnumMap<>(Kind.class);
    private final List<String> skipped = new ArrayList<>();
    private final ScheduledExecutorService holdoff = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "contour-kubernetes-holdoff");
        t.setDaemon(true);
        return t;
    });
    private volatile Runnable listener;
    // A change seen before anyone listened (between the first snapshot and onChange) must not be lost.
    private volatile boolean missed;
    private ScheduledFuture<?> pending;
    private long firstEventNanos = -1;

    private KubernetesSource(KubernetesClient client) {
        this.client = client;
    }

    /** Starts an informer per kind and waits until each has listed its objects (or is found not served). */
    static KubernetesSource start(KubernetesClient client) throws InterruptedException {
        return start(client, List.of());
    }

    /**
     * As {@link #start(KubernetesClient)}, namespaced kinds read only in {@code namespaces} when any is given
     * (upstream's {@code --watch-namespaces}); cluster-scoped kinds are read whole either way.
     */
    static KubernetesSource start(KubernetesClient client, List<String> namespaces) throws InterruptedException {
        KubernetesSource s = new KubernetesSource(client);
        ResourceEventHandler<GenericKubernetesResource> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource obj) {
                s.changed();
            }

            @Override
            public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                s.changed();
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                s.changed();
            }
        };
        for (Kind kind : Kind.values()) {
            ResourceDefinitionContext ctx = context(kind);
            List<SharedIndexInformer<GenericKubernetesResource>> started = new ArrayList<>();
            List<String> scopes = kind.clusterScoped() || namespaces.isEmpty() ? List.of("") : namespaces;
            try {
                for (String ns : scopes) {
                    SharedIndexInformer<GenericKubernetesResource> informer = kind.clusterScoped()
                            ? client.genericKubernetesResources(ctx).runnableInformer(0)
                            : ns.isEmpty() ? client.genericKubernetesResources(ctx).inAnyNamespace().runnableInformer(0)
                            : client.genericKubernetesResources(ctx).inNamespace(ns).runnableInformer(0);
                    informer.addEventHandler(handler);
                    started.add(informer);
                    informer.start().toCompletableFuture().get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
                s.informers.put(kind, started);
            } catch (ExecutionException | TimeoutException e) {
                started.forEach(SharedIndexInformer::stop);
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                s.skipped.add(kind.apiVersion() + " " + kind.kindName() + ": " + cause.getMessage());
            }
        }
        if (s.informers.isEmpty()) {
            s.close();
            throw new IllegalStateException("the cluster serves none of the kinds contour reads: "
                    + String.join("; ", s.skipped));
        }
        return s;
    }

    /** The API resource of a kind, for the generic client. */
    static ResourceDefinitionContext context(Kind kind) {
        return new ResourceDefinitionContext.Builder().withGroup(kind.group())
                .withVersion(kind.versions().get(0)).withKind(kind.kindName()).withPlural(plural(kind))
                .withNamespaced(!kind.clusterScoped()).build();
    }

    /** The client the informers use, shared with the status writer and the leader election. */
    KubernetesClient client() {
        return client;
    }

    /** Whether every informer has listed its kind (and still follows it): half of readiness. */
    boolean synced() {
        return informers.values().stream().flatMap(List::stream).allMatch(SharedIndexInformer::hasSynced);
    }

    /** The object as the informers last saw it, status included, or empty when it is not (or no longer) there. */
    Optional<GenericKubernetesResource> cached(Kind kind, String namespace, String name) {
        String key = kind.clusterScoped() || namespace.isEmpty() ? name : namespace + "/" + name;
        for (SharedIndexInformer<GenericKubernetesResource> i : informers.getOrDefault(kind, List.of())) {
            GenericKubernetesResource o = i.getStore().getByKey(key);
            if (o != null) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /** Kinds the cluster did not serve, each with the reason, for a startup warning. */
    List<String> skipped() {
        return List.copyOf(skipped);
    }

    /** Called (on one thread, debounced) after objects were added, changed or deleted. */
    void onChange(Runnable listener) {
        this.listener = listener;
        if (missed) {
            changed();
        }
    }

    /** Upstream's resource names: the lower-case plural of the kind. */
    static String plural(Kind kind) {
        String n = kind.kindName().toLowerCase(Locale.ROOT);
        if (n.endsWith("s") && !n.endsWith("ss")) {
            return n;
        }
        if (n.endsWith("ss")) {
            return n + "es";
        }
        if (n.endsWith("y") && "aeiou".indexOf(n.charAt(n.length() - 2)) < 0) {
            return n.substring(0, n.length() - 1) + "ies";
        }
        return n + "s";
    }

    private synchronized void changed() {
        long now = System.nanoTime();
        if (firstEventNanos < 0) {
            firstEventNanos = now;
        }
        long maxLeft = firstEventNanos + HOLDOFF_MAX_DELAY.toNanos() - now;
        long delay = Math.max(0, Math.min(HOLDOFF_DELAY.toNanos(), maxLeft));
        if (pending != null) {
            pending.cancel(false);
        }
        pending = holdoff.schedule(this::fire, delay, TimeUnit.NANOSECONDS);
    }

    private void fire() {
        synchronized (this) {
            pending = null;
            firstEventNanos = -1;
        }
        Runnable l = listener;
        if (l == null) {
            missed = true;
        } else {
            l.run();
        }
    }

    /** Each object of the last snapshot decoded, by instance: what {@link #snapshot()} need not decode again. */
    private Map<GenericKubernetesResource, LoadResult> lastDecoded = new IdentityHashMap<>();

    /**
     * Every object the informers hold, read by the model's decoders. Each object is its own source, named
     * {@code cluster:KIND NAMESPACE/NAME}, so a problem names the object it is in.
     */
    synchronized LoadResult snapshot() {
        // An informer replaces an object's instance when it changes, so an instance seen last time decodes the same.
        Map<GenericKubernetesResource, LoadResult> decoded = new IdentityHashMap<>();
        List<K8sObject> objects = new ArrayList<>();
        List<Problem> errors = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        for (Map.Entry<Kind, List<SharedIndexInformer<GenericKubernetesResource>>> e : informers.entrySet()) {
            Kind kind = e.getKey();
            List<GenericKubernetesResource> items = new ArrayList<>();
            e.getValue().forEach(i -> items.addAll(i.getStore().list()));
            items.sort(Comparator.comparing((GenericKubernetesResource o) -> String.valueOf(o.getMetadata()
                    .getNamespace())).thenComparing(o -> o.getMetadata().getName()));
            for (GenericKubernetesResource o : items) {
                LoadResult r = lastDecoded.get(o);
                if (r == null) {
                    String json = json(kind, o);
                    String ns = o.getMetadata().getNamespace();
                    String source = "cluster:" + kind.kindName() + " "
                            + (ns == null || ns.isEmpty() ? "" : ns + "/") + o.getMetadata().getName();
                    // The API server admitted these objects against its own (possibly newer) schemas.
                    r = ManifestLoader.parse(source, json, ns == null || ns.isEmpty() ? "default" : ns,
                            ReadOptions.DEFAULT.withValidation(Validation.IGNORE));
                }
                decoded.put(o, r);
                objects.addAll(r.resources().all());
                errors.addAll(r.errors());
                warnings.addAll(r.warnings());
            }
        }
        lastDecoded = decoded;
        return new LoadResult(ResourceSet.of(objects), errors, warnings);
    }

    /**
     * The object as a manifest: list items come without {@code apiVersion} and {@code kind}, so they are set from
     * the informer's kind, and server bookkeeping ({@code managedFields}, {@code status}) is dropped, but for the one
     * status fact upstream's DAG reads: a Gateway's {@code status.addresses}, which decide its Programmed condition.
     */
    private String json(Kind kind, GenericKubernetesResource o) {
        ObjectNode tree;
        try {
            tree = (ObjectNode) JSON.readTree(client.getKubernetesSerialization().asJson(o));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the client's own JSON did not parse", e);
        }
        tree.put("apiVersion", kind.apiVersion());
        tree.put("kind", kind.kindName());
        JsonNode status = tree.remove("status");
        if (kind == Kind.GATEWAY && status != null && status.has("addresses")) {
            tree.putObject("status").set("addresses", status.get("addresses"));
        }
        if (tree.get("metadata") instanceof ObjectNode meta) {
            meta.remove("managedFields");
        }
        return tree.toPrettyString();
    }

    @Override
    public void close() {
        informers.values().stream().flatMap(List::stream).forEach(SharedIndexInformer::stop);
        holdoff.shutdownNow();
        client.close();
    }
}
