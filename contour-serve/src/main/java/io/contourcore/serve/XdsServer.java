package io.contourcore.serve;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.Message;
import com.google.protobuf.MessageLite;
import io.contourcore.xds.SortedLists;
import io.contourcore.xds.XdsResources;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.server.ExecutorGroup;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.buffer.PooledByteBufAllocator;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.netty.shaded.io.netty.util.internal.PlatformDependent;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The xDS gRPC server that drives Envoys: ADS and the per-type services upstream's bootstrap uses (LDS, RDS, CDS,
 * EDS, SDS, RTDS), state-of-the-world and delta, v3 only, on java-control-plane. Every Envoy gets the same snapshot
 * (upstream's constant node hash {@code "contour"}). {@link #update} checks that the resources reference only
 * resources that exist, then publishes them make-before-break; the version is a counter.
 *
 * <pre>{@code
 * Metrics metrics = new Metrics();
 * try (XdsServer xds = XdsServer.start(XdsServerOptions.defaults(), metrics)) {
 *     xds.update(resources);          // throws IllegalArgumentException naming missing resources
 *     xds.version();                  // 1 (or more: one per make-before-break step)
 * }
 * }</pre>
 */
public final class XdsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(XdsServer.class);
    /** Upstream's constant node hash: every Envoy shares one snapshot. */
    static final String GROUP = "contour";
    /**
     * Response bytes handed to gRPC but not yet taken by the network, across all streams, before a send waits
     * ({@link SendBudget}): about 50 of the 1k-object workload's 335 KB route configurations, several per connection.
     */
    static final long SEND_BUDGET_BYTES = 16L << 20;
    /** How long a stream that is not reading may hold part of the send budget. */
    static final java.time.Duration SEND_STALE = java.time.Duration.ofSeconds(1);

    /**
     * The pool gRPC frames responses into. gRPC's own has 2 MiB chunks; a change sent to 1,000 clients keeps up to
     * {@link #SEND_BUDGET_BYTES} of 350 KB responses in flight, which filled chunks and emptied them again within
     * the change, and netty frees an emptied chunk: each change allocated and zeroed ~32 MB of new direct memory
     * (8-11k page faults, 97% of them in that zeroing; 0.2-0.3 s of system time). Chunks of 16 MiB (page size
     * shifted by 11 instead of 8) are not emptied that way: a few hundred faults a change, a quarter less CPU.
     */
    static final PooledByteBufAllocator RESPONSE_BUFFERS = new PooledByteBufAllocator(true,
            PooledByteBufAllocator.defaultNumHeapArena(), PooledByteBufAllocator.defaultNumDirectArena(),
            PooledByteBufAllocator.defaultPageSize(), 11, PooledByteBufAllocator.defaultSmallCacheSize(),
            PooledByteBufAllocator.defaultNormalCacheSize(), PooledByteBufAllocator.defaultUseCacheForAllThreads());

    private final XdsServerOptions options;
    private final Metrics metrics;
    private final Server server;
    private final SimpleCache<String> cache;
    private final NackAwareWatcher watcher;
    private final StreamTracker tracker;
    private final SnapshotSerializer serializer;
    private final List<Closeable> tlsReloaders;
    private final ScheduledExecutorService tlsExecutor;
    private final ExecutorService sendPool;
    private final SendBudget sendBudget;
    private final Consistency consistency = new Consistency();

    // Written only under the monitor by update(); volatile so health checks and metrics never wait on a publish.
    private volatile XdsResources current = XdsResources.EMPTY;
    private volatile ServedSnapshot currentSnapshot;
    private ServedSnapshot previousSnapshot;
    private final Map<String, String> typeVersions = new LinkedHashMap<>();
    /** The names of each type URL currently served, kept while a new version has the same names. */
    private final Map<String, Set<String>> typeNames = new java.util.HashMap<>();
    private volatile long version;

    private XdsServer(XdsServerOptions options, Metrics metrics, Server server, SimpleCache<String> cache,
                      NackAwareWatcher watcher, StreamTracker tracker, SnapshotSerializer serializer,
                      List<Closeable> tlsReloaders, ScheduledExecutorService tlsExecutor, ExecutorService sendPool,
                      SendBudget sendBudget) {
        this.sendPool = sendPool;
        this.sendBudget = sendBudget;
        this.options = options;
        this.metrics = metrics;
        this.server = server;
        this.cache = cache;
        this.watcher = watcher;
        this.tracker = tracker;
        this.serializer = serializer;
        this.tlsReloaders = tlsReloaders;
        this.tlsExecutor = tlsExecutor;
    }

    /**
     * Binds and starts serving. Until the first {@link #update}, clients get no resources (their requests wait).
     *
     * @throws IOException when the address cannot be bound or the TLS files cannot be read
     */
    public static XdsServer start(XdsServerOptions options, Metrics metrics) throws IOException {
        return start(options, metrics, SEND_BUDGET_BYTES);
    }

    /** As {@link #start(XdsServerOptions, Metrics)} with another {@link SendBudget} size; tests use tiny ones. */
    static XdsServer start(XdsServerOptions options, Metrics metrics, long sendBudgetBytes) throws IOException {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(metrics, "metrics");
        BadConnectionLog.install();
        SimpleCache<String> cache = new SimpleCache<>(node -> GROUP);
        SnapshotSerializer serializer = new SnapshotSerializer();
        StreamTracker tracker = new StreamTracker(metrics, serializer::nameOf);
        NackAwareWatcher watcher = new NackAwareWatcher(cache, GROUP, tracker);
        // Responses are written on a small pool, in order per stream, so one publish does not serialise hundreds of
        // responses on the caller's thread, and a client still busy with the last version skips to the newest.
        ExecutorService sendPool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime()
                .availableProcessors()), r -> {
                    Thread t = new Thread(() -> {
                        SendBudget.mayWaitOnThisThread();
                        r.run();
                    }, "contour-xds-send");
                    t.setDaemon(true);
                    return t;
                });
        ExecutorGroup perStream = () -> MoreExecutors.newSequentialExecutor(sendPool);
        V3DiscoveryServer discovery = new V3DiscoveryServer(List.of(tracker), watcher, perStream, serializer);
        RuntimeService runtime = new RuntimeService(tracker);
        SendBudget sendBudget = new SendBudget(sendBudgetBytes, SEND_STALE.toNanos(), System::nanoTime);
        ServerInterceptor closes = new StreamCloseInterceptor(tracker);

        NettyServerBuilder builder = NettyServerBuilder
                .forAddress(new InetSocketAddress(options.address(), options.port()))
                .maxInboundMessageSize(options.maxMessageBytes())
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .addService(ServerInterceptors.intercept(
                        new AdsService(discovery.getAggregatedDiscoveryServiceImpl(), runtime, tracker), closes))
                .addService(ServerInterceptors.intercept(discovery.getListenerDiscoveryServiceImpl(), closes))
                .addService(ServerInterceptors.intercept(discovery.getRouteDiscoveryServiceImpl(), closes))
                .addService(ServerInterceptors.intercept(discovery.getClusterDiscoveryServiceImpl(), closes))
                .addService(ServerInterceptors.intercept(discovery.getEndpointDiscoveryServiceImpl(), closes))
                .addService(ServerInterceptors.intercept(discovery.getSecretDiscoveryServiceImpl(), closes))
                .addService(ServerInterceptors.intercept(runtime, closes))
                .intercept(new OutboundLimit(options.maxMessageBytes()))
                .intercept(new Budgeted(sendBudget));
        if (PlatformDependent.directBufferPreferred()) {
            builder.withChildOption(ChannelOption.ALLOCATOR, RESPONSE_BUFFERS);
        }
        List<Closeable> reloaders = new ArrayList<>();
        ScheduledExecutorService tlsExecutor = null;
        Server server;
        try {
            if (options.tls().isPresent()) {
                tlsExecutor = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "contour-xds-tls-reload");
                    t.setDaemon(true);
                    return t;
                });
                builder.sslContext(sslContext(options.tls().get(), tlsExecutor, reloaders));
            }
            server = builder.build().start();
        } catch (IOException | RuntimeException e) {
            sendPool.shutdownNow();
            if (tlsExecutor != null) {
                tlsExecutor.shutdownNow();
            }
            throw e;
        }
        LOG.info("xDS server listening on {}:{} ({})", options.address(), server.getPort(),
                options.tls().isPresent() ? "mutual TLS" : "insecure");
        return new XdsServer(options, metrics, server, cache, watcher, tracker, serializer, reloaders, tlsExecutor,
                sendPool, sendBudget);
    }

    private static SslContext sslContext(ServerTls tls, ScheduledExecutorService executor, List<Closeable> reloaders)
            throws IOException {
        try {
            long period = tls.reloadInterval().toMillis();
            AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
            reloaders.add(keys.updateIdentityCredentials(tls.certFile().toFile(), tls.keyFile().toFile(), period,
                    TimeUnit.MILLISECONDS, executor)::close);
            AdvancedTlsX509TrustManager trust = AdvancedTlsX509TrustManager.newBuilder()
                    .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
                    .build();
            reloaders.add(trust.updateTrustCredentials(tls.caFile().toFile(), period, TimeUnit.MILLISECONDS,
                    executor)::close);
            SslContextBuilder ssl = GrpcSslContexts.configure(SslContextBuilder.forServer(keys), SslProvider.JDK)
                    .trustManager(trust)
                    .clientAuth(ClientAuth.REQUIRE)
                    .protocols("TLSv1.3");
            return ssl.build();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load xDS TLS files " + tls.certFile() + ", " + tls.keyFile() + ", "
                    + tls.caFile() + ": " + e.getMessage(), e);
        }
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getPort();
    }

    /** The current snapshot version counter; 0 before the first update. */
    public long version() {
        return version;
    }

    /** The resources being served. */
    public XdsResources resources() {
        return current;
    }

    /** Whether a snapshot has been published: the readiness answer for {@code /healthz}. */
    public boolean ready() {
        return currentSnapshot != null;
    }

    /**
     * Publishes {@code next} to every connected and future client. It first checks that every reference resolves
     * (our bug if not: the previous snapshot keeps serving), then publishes make-before-break: clusters, endpoints
     * and secrets are added before the listeners and routes that use them go out, and removed after. Between these
     * steps it waits (up to {@link XdsServerOptions#settleTimeout()}) until connected clients have answered the
     * previous step. Publishing the same resources again does nothing.
     *
     * @throws IllegalArgumentException naming every missing resource when {@code next} is inconsistent
     */
    public synchronized void update(XdsResources next) {
        Objects.requireNonNull(next, "next");
        next = interned(next);
        List<String> problems = consistency.check(next, options.staticClusters());
        if (!problems.isEmpty()) {
            metrics.increment(Metrics.SNAPSHOT_REJECTED_TOTAL, Map.of());
            throw new IllegalArgumentException("refusing inconsistent xDS snapshot (previous version " + version
                    + " keeps serving): " + String.join("; ", problems));
        }
        if (currentSnapshot != null && next.equals(current)) {
            return;
        }
        List<XdsResources> steps = PublishPlan.steps(current, next);
        if (steps.isEmpty()) {
            // The first snapshot is published even when empty, so waiting clients get an (empty) answer.
            steps = List.of(next);
        }
        for (int i = 0; i < steps.size(); i++) {
            Map<String, StreamTracker.Target> changed = publish(steps.get(i));
            if (i < steps.size() - 1 && !changed.isEmpty()) {
                settle(changed);
            }
        }
    }

    /**
     * {@code next} with each resource equal to one being served replaced by that instance. A render builds fresh
     * objects; after this one deep comparison per resource, every later comparison, lookup and the serialisation
     * cache work by identity.
     */
    private XdsResources interned(XdsResources next) {
        return new XdsResources(
                intern(current.listeners(), next.listeners(), l -> l.getName()),
                intern(current.routes(), next.routes(), r -> r.getName()),
                intern(current.clusters(), next.clusters(), c -> c.getName()),
                intern(current.endpoints(), next.endpoints(), e -> e.getClusterName()),
                intern(current.secrets(), next.secrets(), s -> s.getName()));
    }

    private static <T> List<T> intern(List<T> served, List<T> next, Function<T, String> name) {
        // Both lists are sorted by name; when every instance is the one already held, nothing need be looked up.
        if (next.size() == served.size()) {
            boolean same = true;
            for (int i = 0; i < next.size() && same; i++) {
                same = next.get(i) == served.get(i);
            }
            if (same) {
                return served;
            }
        }
        // Otherwise walk both in step (both sorted by name): an instance already held costs one comparison.
        List<T> out = new java.util.ArrayList<>(next.size());
        int j = 0;
        for (T r : next) {
            if (j < served.size() && served.get(j) == r) {
                out.add(r);
                j++;
                continue;
            }
            String n = name.apply(r);
            while (j < served.size() && name.apply(served.get(j)).compareTo(n) < 0) {
                j++;
            }
            T old = j < served.size() && name.apply(served.get(j)).equals(n) ? served.get(j) : null;
            out.add(old != null && old.equals(r) ? old : r);
        }
        return out;
    }

    private void settle(Map<String, StreamTracker.Target> changed) {
        try {
            List<String> lagging = tracker.awaitSettled(changed, options.settleTimeout());
            if (!lagging.isEmpty()) {
                LOG.warn("make-before-break: {} stream(s) did not acknowledge version {} within {}; continuing: {}",
                        lagging.size(), version, options.settleTimeout(),
                        lagging.subList(0, Math.min(10, lagging.size())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<String, StreamTracker.Target> publish(XdsResources step) {
        version++;
        String v = Long.toString(version);
        Map<String, StreamTracker.Target> changed = new LinkedHashMap<>();
        String vc = typeVersion(ResourceNames.CLUSTER, current.clusters(), step.clusters(), c -> c.getName(), v,
                changed);
        String ve = typeVersion(ResourceNames.ENDPOINT, current.endpoints(), step.endpoints(),
                e -> e.getClusterName(), v, changed);
        String vl = typeVersion(ResourceNames.LISTENER, current.listeners(), step.listeners(), l -> l.getName(), v,
                changed);
        String vr = typeVersion(ResourceNames.ROUTE, current.routes(), step.routes(), r -> r.getName(), v, changed);
        String vs = typeVersion(ResourceNames.SECRET, current.secrets(), step.secrets(), s -> s.getName(), v,
                changed);
        ServedSnapshot snapshot = ServedSnapshot.of(currentSnapshot, step.clusters(), vc, step.endpoints(), ve,
                step.listeners(), vl, step.routes(), vr, step.secrets(), vs);
        ServedSnapshot dropped = previousSnapshot;
        previousSnapshot = currentSnapshot;
        currentSnapshot = snapshot;
        current = step;
        forgetDropped(dropped);
        cache.setSnapshot(GROUP, snapshot);
        watcher.snapshotPublished(snapshot);
        metrics.set(Metrics.SNAPSHOT_VERSION, Map.of(), version);
        LOG.info("published xDS snapshot version {}: {} listeners, {} routes, {} clusters, {} endpoints, {} secrets",
                version, step.listeners().size(), step.routes().size(), step.clusters().size(),
                step.endpoints().size(), step.secrets().size());
        return changed;
    }

    private <T extends Message> String typeVersion(String typeUrl, List<T> before, List<T> after,
                                                   Function<T, String> name, String v,
                                                   Map<String, StreamTracker.Target> changed) {
        String old = typeVersions.get(typeUrl);
        if (old != null && before.equals(after)) {
            return old;
        }
        // Both lists are sorted by name: one walk in step finds what differs, and whether the names are the same.
        Set<String> diff = new HashSet<>();
        boolean sameNames = SortedLists.sameKeys(before, after, name);
        SortedLists.inStep(before, after, name, (a, b) -> {
            if (a != b && (a == null || b == null || !a.equals(b))) {
                diff.add(name.apply(b != null ? b : a));
            }
        });
        Set<String> names = sameNames ? typeNames.get(typeUrl) : null;
        if (names == null) {
            names = after.stream().map(name).collect(java.util.stream.Collectors.toUnmodifiableSet());
            typeNames.put(typeUrl, names);
        }
        typeVersions.put(typeUrl, v);
        changed.put(typeUrl, new StreamTracker.Target(v, names, Set.copyOf(diff)));
        return v;
    }

    /**
     * Lets the serializer forget the resources that were only in {@code dropped}, the snapshot no longer served:
     * per type, nothing when its resources are shared with a snapshot still served, else those of its instances in
     * neither. Resources packed for no served snapshot at all (a response racing a publish) are swept with a walk of
     * both served snapshots once the cache holds more than twice what they do.
     */
    private void forgetDropped(ServedSnapshot dropped) {
        if (dropped != null) {
            List<Message> gone = new ArrayList<>();
            for (ResourceType t : ResourceType.values()) {
                Map<String, ? extends Message> old = dropped.resources(t);
                Map<String, ? extends Message> now = currentSnapshot.resources(t);
                Map<String, ? extends Message> before = previousSnapshot == null ? Map.of() : previousSnapshot.resources(t);
                if (old == now || old == before) {
                    continue;
                }
                for (Map.Entry<String, ? extends Message> e : old.entrySet()) {
                    if (now.get(e.getKey()) != e.getValue() && before.get(e.getKey()) != e.getValue()) {
                        gone.add(e.getValue());
                    }
                }
            }
            serializer.forget(gone);
        }
        int served = 0;
        for (ResourceType t : ResourceType.values()) {
            served += currentSnapshot.resources(t).size();
        }
        if (serializer.size() > 2 * served + 16) {
            serializer.retainOnly(live());
        }
    }

    private Set<Message> live() {
        Set<Message> keep = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Snapshot s : new Snapshot[] {currentSnapshot, previousSnapshot}) {
            if (s == null) {
                continue;
            }
            for (ResourceType t : ResourceType.values()) {
                keep.addAll(s.resources(t).values());
            }
        }
        return keep;
    }

    /** The version of each type URL currently served. */
    synchronized Map<String, String> typeVersions() {
        return Map.copyOf(typeVersions);
    }

    /** Package-private view for tests: streams, NACK parking, serialisation counts. */
    StreamTracker tracker() {
        return tracker;
    }

    SnapshotSerializer serializer() {
        return serializer;
    }

    NackAwareWatcher watcher() {
        return watcher;
    }

    SendBudget sendBudget() {
        return sendBudget;
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Closeable c : tlsReloaders) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.debug("closing TLS reloader", e);
            }
        }
        if (tlsExecutor != null) {
            tlsExecutor.shutdownNow();
        }
        sendPool.shutdownNow();
    }

    /**
     * java-control-plane reports streams the client closes but not ones it cancels (a dropped Envoy); this notices
     * both so the connected-streams gauge and make-before-break waits do not count departed clients.
     */
    private record StreamCloseInterceptor(StreamTracker tracker) implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                          ServerCallHandler<Q, R> next) {
            tracker.beginOpening();
            ServerCall.Listener<Q> listener;
            long id;
            try {
                listener = next.startCall(call, headers);
            } finally {
                id = tracker.endOpening();
            }
            if (id == Long.MIN_VALUE) {
                return listener;
            }
            return new SimpleForwardingServerCallListener<>(listener) {
                @Override
                public void onCancel() {
                    try {
                        super.onCancel();
                    } finally {
                        tracker.closed(id);
                    }
                }

                @Override
                public void onComplete() {
                    try {
                        super.onComplete();
                    } finally {
                        tracker.closed(id);
                    }
                }
            };
        }
    }

    /**
     * Counts each response against the {@link SendBudget} from when it is handed to gRPC until gRPC reports the call
     * ready again (its queued bytes are below gRPC's 32 KiB threshold, so the network has taken them), or the call
     * ends.
     */
    private record Budgeted(SendBudget budget) implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                          ServerCallHandler<Q, R> next) {
            ServerCall<Q, R> counted = new SimpleForwardingServerCall<>(call) {
                @Override
                public void sendMessage(R message) {
                    if (message instanceof MessageLite m) {
                        budget.take(call, m.getSerializedSize());
                    }
                    super.sendMessage(message);
                    if (call.isReady()) {
                        budget.release(call);
                    }
                }
            };
            return new SimpleForwardingServerCallListener<>(next.startCall(counted, headers)) {
                @Override
                public void onReady() {
                    budget.release(call);
                    super.onReady();
                }

                @Override
                public void onCancel() {
                    budget.release(call);
                    super.onCancel();
                }

                @Override
                public void onComplete() {
                    budget.release(call);
                    super.onComplete();
                }
            };
        }
    }

    /**
     * gRPC-java servers have no outbound size limit of their own; a response larger than the limit would be refused
     * by a client configured like us, so it is not sent and the stream ends with RESOURCE_EXHAUSTED (logged).
     */
    private record OutboundLimit(int maxBytes) implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                          ServerCallHandler<Q, R> next) {
            return next.startCall(new SimpleForwardingServerCall<>(call) {
                @Override
                public void sendMessage(R message) {
                    if (message instanceof MessageLite m && m.getSerializedSize() > maxBytes) {
                        LOG.error("xDS response of {} bytes exceeds the {} byte limit; closing the stream",
                                m.getSerializedSize(), maxBytes);
                        close(Status.RESOURCE_EXHAUSTED.withDescription("xDS response of " + m.getSerializedSize()
                                + " bytes exceeds the server's limit of " + maxBytes), new Metadata());
                        return;
                    }
                    super.sendMessage(message);
                }
            }, headers);
        }
    }
}
