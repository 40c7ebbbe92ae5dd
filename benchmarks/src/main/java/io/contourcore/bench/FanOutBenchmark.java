package io.contourcore.bench;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fan-out of one change: {@code contour serve --watch} on a generated workload split into files of 50 objects,
 * 1,000 ADS clients on loopback that subscribe as Envoy does (CDS and LDS wildcard, then EDS to the clusters CDS
 * names, RDS to the route configurations and SDS to the secrets LDS names, each sent before the ACK that caused it)
 * and ACK every response. Once all have ACKed the first snapshot, one HTTPProxy's route prefix is changed by
 * rewriting its file; the figure is the time from that write to the last client's ACK of the new version of every
 * type that changed (and the median client). Not a unit test: issue 15's target is the last ACK <= 1 s.
 *
 * <p>The clients keep responses' resources as unparsed {@code Any} bytes and read the names they subscribe to from a
 * response once per version for all of them, so the client side costs what receiving costs, not what Envoy's own
 * parsing would.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.contourcore.bench.FanOutBenchmark ./contour workload.yaml 1000
 * }</pre>
 * Arguments: the command that runs contour (split on spaces), the generated workload, the number of clients
 * (default 1000), the number of channels they share (default 8). Prints one line per figure, {@code key value}.
 */
public final class FanOutBenchmark {

    private static final String CDS = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
    private static final String EDS = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
    private static final String LDS = "type.googleapis.com/envoy.config.listener.v3.Listener";
    private static final String RDS = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
    private static final String SDS = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret";
    private static final List<String> TYPES = List.of(CDS, EDS, LDS, RDS, SDS);
    private static final int OBJECTS_PER_FILE = 50;
    /** Changes before the measured ones: a serve that has run a while has its hot paths compiled. */
    private static final int WARMUP = Integer.getInteger("fanout.warmup", 2);
    private static final int MEASURED = Integer.getInteger("fanout.changes", 3);
    private static final String PREFIX_BEFORE = "- prefix: /api/v4\n";
    private static final String PREFIX_AFTER = "- prefix: /api/v4-changed\n";

    /** Envoy's default HTTP/2 stream and connection windows (256 MiB), which its xDS gRPC client uses. */
    private static final int WINDOW = Integer.getInteger("fanout.window", 256 << 20);

    private FanOutBenchmark() {
    }

    /**
     * How many clients have ACKed each "type@version", and the newest version ACKed per type, kept as the ACKs
     * happen. The waits poll these (a few entries) rather than every client's ACK record: scanning 1,000 clients'
     * maps every few milliseconds cost the client JVM more CPU than receiving did, on the cores the server uses.
     */
    private static final Map<String, AtomicLong> ACKS = new ConcurrentHashMap<>();
    private static final Map<String, Long> NEWEST = new ConcurrentHashMap<>();

    /** Names a response makes a client subscribe to, read once per type and version for every client. */
    private static final Map<String, Map<String, List<String>>> DEPENDENTS = new ConcurrentHashMap<>();

    /** One Envoy-like ADS stream. Its callbacks arrive one at a time (gRPC serialises them per call). */
    static final class Client {
        private final Node node;
        private final StreamObserver<DiscoveryRequest> out;
        private final Map<String, List<String>> subscribed = new ConcurrentHashMap<>();
        private final Map<String, String> version = new ConcurrentHashMap<>();
        private final Map<String, String> nonce = new ConcurrentHashMap<>();
        /** "type@version" -> when this client ACKed it (first time). */
        final Map<String, Long> acked = new ConcurrentHashMap<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();

        Client(ManagedChannel channel, String id, AtomicLong lastResponse, AtomicLong bytes) {
            node = Node.newBuilder().setId(id).setCluster("fan-out").build();
            out = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(new StreamObserver<>() {
                @Override
                public void onNext(DiscoveryResponse r) {
                    lastResponse.set(System.nanoTime());
                    bytes.addAndGet(r.getSerializedSize());
                    received(r);
                }

                @Override
                public void onError(Throwable t) {
                    error.set(t);
                }

                @Override
                public void onCompleted() {
                }
            });
            subscribe(CDS, List.of());
            subscribe(LDS, List.of());
        }

        private void received(DiscoveryResponse r) {
            String type = r.getTypeUrl();
            nonce.put(type, r.getNonce());
            Map<String, List<String>> next = DEPENDENTS.computeIfAbsent(type + "@" + r.getVersionInfo(),
                    k -> dependents(r));
            // Envoy asks for the resources a response names before it ACKs that response.
            for (Map.Entry<String, List<String>> e : next.entrySet()) {
                List<String> was = subscribed.get(e.getKey());
                if (was == null ? !e.getValue().isEmpty() : !e.getValue().equals(was)) {
                    subscribe(e.getKey(), e.getValue());
                }
            }
            version.put(type, r.getVersionInfo());
            send(DiscoveryRequest.newBuilder().setTypeUrl(type).addAllResourceNames(subscribed.getOrDefault(type, List.of()))
                    .setVersionInfo(r.getVersionInfo()).setResponseNonce(r.getNonce()));
            if (acked.putIfAbsent(type + "@" + r.getVersionInfo(), System.nanoTime()) == null) {
                ACKS.computeIfAbsent(type + "@" + r.getVersionInfo(), k -> new AtomicLong()).incrementAndGet();
                NEWEST.merge(type, Long.parseLong(r.getVersionInfo()), Math::max);
            }
        }

        private void subscribe(String type, List<String> names) {
            subscribed.put(type, names);
            send(DiscoveryRequest.newBuilder().setTypeUrl(type).addAllResourceNames(names)
                    .setVersionInfo(version.getOrDefault(type, "")).setResponseNonce(nonce.getOrDefault(type, "")));
        }

        private void send(DiscoveryRequest.Builder r) {
            synchronized (out) {
                out.onNext(r.setNode(node).build());
            }
        }

        Long ackedAt(String type, String v) {
            return acked.get(type + "@" + v);
        }

        void close() {
            synchronized (out) {
                out.onCompleted();
            }
        }
    }

    /** EDS names from a CDS response; RDS and SDS names from an LDS response; nothing from the others. */
    static Map<String, List<String>> dependents(DiscoveryResponse r) {
        try {
            if (r.getTypeUrl().equals(CDS)) {
                Set<String> eds = new TreeSet<>();
                for (Any a : r.getResourcesList()) {
                    Cluster c = a.unpack(Cluster.class);
                    if (c.getType() == Cluster.DiscoveryType.EDS) {
                        String s = c.getEdsClusterConfig().getServiceName();
                        eds.add(s.isEmpty() ? c.getName() : s);
                    }
                }
                return Map.of(EDS, List.copyOf(eds));
            }
            if (r.getTypeUrl().equals(LDS)) {
                Set<String> rds = new TreeSet<>();
                Set<String> sds = new TreeSet<>();
                for (Any a : r.getResourcesList()) {
                    for (FilterChain fc : a.unpack(Listener.class).getFilterChainsList()) {
                        for (Filter f : fc.getFiltersList()) {
                            if (f.getTypedConfig().is(HttpConnectionManager.class)) {
                                HttpConnectionManager h = f.getTypedConfig().unpack(HttpConnectionManager.class);
                                if (h.hasRds()) {
                                    rds.add(h.getRds().getRouteConfigName());
                                }
                            }
                        }
                        if (fc.hasTransportSocket()
                                && fc.getTransportSocket().getTypedConfig().is(DownstreamTlsContext.class)) {
                            DownstreamTlsContext tls = fc.getTransportSocket().getTypedConfig()
                                    .unpack(DownstreamTlsContext.class);
                            for (SdsSecretConfig s : tls.getCommonTlsContext().getTlsCertificateSdsSecretConfigsList()) {
                                sds.add(s.getName());
                            }
                            if (tls.getCommonTlsContext().hasValidationContextSdsSecretConfig()) {
                                sds.add(tls.getCommonTlsContext().getValidationContextSdsSecretConfig().getName());
                            }
                        }
                    }
                }
                return Map.of(RDS, List.copyOf(rds), SDS, List.copyOf(sds));
            }
            return Map.of();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: FanOutBenchmark CONTOUR-COMMAND WORKLOAD.yaml [CLIENTS] [CHANNELS]");
            System.exit(2);
        }
        List<String> contour = Arrays.asList(args[0].split(" "));
        Path workload = Path.of(args[1]);
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int channelCount = args.length > 3 ? Integer.parseInt(args[3]) : 8;

        Path dir = Files.createTempDirectory("fanout");
        Path changedFile = split(Files.readString(workload), dir);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(contour);
        cmd.addAll(List.of("serve", "--watch", "--xds-port", Integer.toString(port), "--http-port", "0",
                dir.toString()));
        Process serve = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CountDownLatch serving = new CountDownLatch(1);
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(serve.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    log.add(String.format("%.3f %s", System.nanoTime() / 1e9, line));
                    if (line.startsWith("contour: serving xDS")) {
                        serving.countDown();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "serve-output");
        reader.setDaemon(true);
        reader.start();
        List<ManagedChannel> channels = new ArrayList<>();
        List<Client> all = new ArrayList<>();
        try {
            if (!serving.await(300, TimeUnit.SECONDS)) {
                throw new IllegalStateException("contour serve did not start: " + log);
            }
            AtomicLong lastResponse = new AtomicLong(System.nanoTime());
            AtomicLong bytes = new AtomicLong();
            for (int i = 0; i < channelCount; i++) {
                channels.add(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                        .maxInboundMessageSize(256 << 20).flowControlWindow(WINDOW).directExecutor().build());
            }
            long connect = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                all.add(new Client(channels.get(i % channelCount), "envoy-" + i, lastResponse, bytes));
            }
            Map<String, String> before = awaitConverged(all, lastResponse, 600);
            System.out.printf("initial-fetch-ms %d%ninitial-bytes %d%n",
                    (System.nanoTime() - connect) / 1_000_000, bytes.get());

            String original = Files.readString(changedFile);
            String edited = original.replaceFirst(java.util.regex.Pattern.quote(PREFIX_BEFORE), PREFIX_AFTER);
            List<Long> lasts = new ArrayList<>();
            List<Long> medians = new ArrayList<>();
            for (int change = 1; change <= WARMUP + MEASURED; change++) {
                Change c = change(all, changedFile, change % 2 == 1 ? edited : original, before, lastResponse, serve,
                        bytes, log);
                before = c.after();
                System.out.printf("change %d%s: last ACK %d ms, median %d ms, first %d ms after the save; types %s; "
                                + "%d bytes sent; CPU serve %d ms (user %d, system %d; %d page faults), clients %d ms (user %d, "
                                + "system %d)%n",
                        change, change <= WARMUP ? " (warm-up)" : "", c.lastMs(), c.medianMs(), c.firstMs(),
                        c.types(), c.bytes(), c.serveCpuMs(), c.serveUserSys()[0], c.serveUserSys()[1], c.serveUserSys()[2],
                        c.clientCpuMs(), c.clientUserSys()[0], c.clientUserSys()[1]);
                c.log().forEach(l -> System.out.println("  serve " + l));
                if (change > WARMUP) {
                    lasts.add(c.lastMs());
                    medians.add(c.medianMs());
                }
            }
            lasts.sort(null);
            medians.sort(null);
            System.out.printf("clients %d%nlast-ack-ms %d%np50-ack-ms %d%n", clients, lasts.get(lasts.size() / 2),
                    medians.get(medians.size() / 2));
        } finally {
            all.forEach(Client::close);
            channels.forEach(ManagedChannel::shutdownNow);
            serve.destroy();
            serve.waitFor(10, TimeUnit.SECONDS);
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    record Change(long lastMs, long medianMs, long firstMs, List<String> types, long bytes, long serveCpuMs,
                  long clientCpuMs, long[] serveUserSys, long[] clientUserSys, List<String> log,
                  Map<String, String> after) {
    }

    /** Writes {@code text} to {@code file} (atomically, as editors and kubectl do) and times the clients' ACKs. */
    private static Change change(List<Client> all, Path file, String text, Map<String, String> before,
                                 AtomicLong lastResponse, Process serve, AtomicLong bytes, List<String> log)
            throws IOException, InterruptedException {
        Path tmp = file.resolveSibling(".fanout.tmp");
        Files.writeString(tmp, text);
        long clientCpu = processCpuNanos();
        java.time.Duration serveCpu = serveCpu(serve);
        long[] serveTicks = ticks(serve.pid());
        long[] clientTicks = ticks(ProcessHandle.current().pid());
        long bytesBefore = bytes.get();
        int logFrom = log.size();
        long saved = System.nanoTime();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Map<String, String> after = awaitChanged(all, before, lastResponse, 120);
        // Both CPU figures include the 2 s of quiet that ends the wait, in which neither side does much.
        long serveCpuMs = serveCpu(serve).minus(serveCpu).toMillis();
        long clientCpuMs = (processCpuNanos() - clientCpu) / 1_000_000;
        long[] serveSplit = since(serveTicks, ticks(serve.pid()));
        long[] clientSplit = since(clientTicks, ticks(ProcessHandle.current().pid()));
        List<String> types = TYPES.stream().filter(after::containsKey)
                .filter(t -> !after.get(t).equals(before.get(t))).toList();
        long[] done = new long[all.size()];
        for (int i = 0; i < all.size(); i++) {
            long last = 0;
            for (String t : types) {
                last = Math.max(last, all.get(i).ackedAt(t, after.get(t)) - saved);
            }
            done[i] = last / 1_000_000;
        }
        Arrays.sort(done);
        List<String> lines = new ArrayList<>();
        synchronized (log) {
            for (String line : log.subList(logFrom, log.size())) {
                if (line.contains("INFO") || line.contains("contour:")) {
                    int sp = line.indexOf(' ');
                    lines.add(String.format("+%.0f ms %s", (Double.parseDouble(line.substring(0, sp)) - saved / 1e9)
                            * 1000, line.substring(sp + 1)));
                }
            }
        }
        return new Change(done[done.length - 1], done[done.length / 2], done[0],
                types.stream().map(t -> t.substring(t.lastIndexOf('.') + 1)).toList(), bytes.get() - bytesBefore,
                serveCpuMs, clientCpuMs, serveSplit, clientSplit, lines, after);
    }

    /**
     * Writes the workload's documents into files of {@link #OBJECTS_PER_FILE}, and returns the file holding the
     * first HTTPProxy route with prefix {@code /api/v4}.
     */
    static Path split(String yaml, Path dir) throws IOException {
        String[] docs = yaml.split("\n---\n");
        Path changed = null;
        for (int from = 0, n = 0; from < docs.length; from += OBJECTS_PER_FILE, n++) {
            String text = String.join("\n---\n", Arrays.asList(docs).subList(from,
                    Math.min(docs.length, from + OBJECTS_PER_FILE))) + "\n";
            Path file = dir.resolve(String.format("part-%05d.yaml", n));
            Files.writeString(file, text);
            if (changed == null && text.contains(PREFIX_BEFORE) && text.contains("kind: HTTPProxy")) {
                changed = file;
            }
        }
        if (changed == null) {
            throw new IllegalStateException("the workload has no HTTPProxy route " + PREFIX_BEFORE.trim());
        }
        return changed;
    }

    /** Waits until every client has ACKed the newest version of each type and responses have stopped for 2 s. */
    private static Map<String, String> awaitConverged(List<Client> clients, AtomicLong lastResponse, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            Map<String, String> newest = newest();
            boolean quiet = System.nanoTime() - lastResponse.get() > TimeUnit.SECONDS.toNanos(2);
            if (quiet && !newest.isEmpty() && newest.entrySet().stream().allMatch(e -> {
                AtomicLong n = ACKS.get(e.getKey() + "@" + e.getValue());
                return n != null && n.get() == clients.size();
            })) {
                return newest;
            }
            for (Client c : clients) {
                if (c.error.get() != null) {
                    throw new IllegalStateException("a client failed", c.error.get());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("clients did not converge on " + newest);
            }
            Thread.sleep(20);
        }
    }

    private static Map<String, String> awaitChanged(List<Client> clients, Map<String, String> before,
                                                    AtomicLong lastResponse, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (newest().equals(before)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no new version within " + seconds + " s");
            }
            Thread.sleep(5);
        }
        return awaitConverged(clients, lastResponse, seconds);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU of the serve process and its children (the launcher execs java, so it is the JVM itself). */
    private static java.time.Duration serveCpu(Process serve) {
        return serve.toHandle().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
    }

    /**
     * User and system CPU of a process in clock ticks and its minor page faults, from {@code /proc/PID/stat} (zeros
     * where there is none): on loopback the kernel's share (copies, TCP on both ends) is large and not the code's,
     * so the two are reported apart.
     */
    private static long[] ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[7])};
        } catch (IOException | RuntimeException e) {
            return new long[3];
        }
    }

    /**
     * Milliseconds of user and system CPU, and minor page faults, between two {@link #ticks} readings (Linux counts
     * 100 ticks a second).
     */
    private static long[] since(long[] before, long[] after) {
        return new long[] {(after[0] - before[0]) * 10, (after[1] - before[1]) * 10, after[2] - before[2]};
    }

    /** The highest version any client has ACKed, per type. */
    private static Map<String, String> newest() {
        Map<String, String> out = new java.util.TreeMap<>();
        NEWEST.forEach((type, v) -> out.put(type, Long.toString(v)));
        return out;
    }
}
