package io.contourcore.cli;

import io.contourcore.dag.kernel.GoText;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.dag.status.Status;
import io.contourcore.model.HTTPProxy;
import io.contourcore.model.K8sObject;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.Parallel;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import io.contourcore.model.yaml.Problem;
import io.contourcore.serve.FileWatcher;
import io.contourcore.serve.HealthHttpServer;
import io.contourcore.serve.Metrics;
import io.contourcore.serve.ServerTls;
import io.contourcore.serve.XdsServer;
import io.contourcore.serve.XdsServerOptions;
import io.contourcore.xds.Engine;
import io.contourcore.xds.XdsResources;
import io.contourcore.xds.validate.EnvoyValidator;
import io.contourcore.xds.validate.Violation;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code contour serve}: the resources {@code render --format xds} prints, served to Envoys over xDS, rebuilt and
 * pushed when the input files change ({@code --watch}), with {@code /healthz} and {@code /metrics} on the HTTP port.
 *
 * <pre>{@code
 * contour serve --watch config/ &          # xDS on 127.0.0.1:8001, HTTP on 127.0.0.1:8000
 * contour bootstrap envoy.json && envoy -c envoy.json
 * }</pre>
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serve the Envoy configuration for these objects over xDS, with /healthz and /metrics.",
            "",
            "Its xDS APIs are ADS and the per-type services, state of the world and delta; /healthz and /metrics are on the "
                    + "HTTP port. The resources are exactly what `contour render --format xds` prints. With --watch, "
                    + "file changes are rebuilt and pushed; a broken change is reported and the last good configuration "
                    + "keeps serving.",
            "With --kubeconfig or --incluster the cluster's objects are followed instead, and the replica that holds "
                    + "the leader election Lease writes their status back (every replica serves xDS; /readyz once synced).",
            "",
            "SIGTERM or SIGINT stops it cleanly (the JVM then reports status 143 or 130).",
            "Exit: 2 bad input or flags at startup (nothing is served), 3 internal error.",
            "Example: contour serve --watch testdata/examples/quickstart.yaml &",
            "         contour bootstrap envoy.json --xds-address 127.0.0.1 && envoy -c envoy.json"
        })
public final class ServeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    InputOptions input = new InputOptions();

    @Option(names = "--xds-address", paramLabel = "ADDRESS", defaultValue = XdsServerOptions.DEFAULT_ADDRESS,
            description = "xDS gRPC server address (default: ${DEFAULT-VALUE}).")
    String xdsAddress;

    @Option(names = "--xds-port", paramLabel = "PORT", defaultValue = "" + XdsServerOptions.DEFAULT_PORT,
            description = "xDS gRPC server port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int xdsPort;

    @Option(names = "--http-address", paramLabel = "ADDRESS", defaultValue = HealthHttpServer.DEFAULT_ADDRESS,
            description = "Address of /healthz and /metrics (default: ${DEFAULT-VALUE}).")
    String httpAddress;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "" + HealthHttpServer.DEFAULT_PORT,
            description = "Port of /healthz and /metrics; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--watch", description = "Rebuild and push when the input files (or --config) change.")
    boolean watch;

    @Option(names = "--contour-cafile", paramLabel = "FILE",
            description = "CA bundle that Envoys' client certificates must chain to (xDS over mutual TLS).")
    Path caFile;

    @Option(names = "--contour-cert-file", paramLabel = "FILE", description = "The xDS server's certificate.")
    Path certFile;

    @Option(names = "--contour-key-file", paramLabel = "FILE", description = "The xDS server's private key.")
    Path keyFile;

    @Option(names = {"--max-message-bytes", "--xds-max-message-size"}, paramLabel = "BYTES",
            defaultValue = "" + XdsServerOptions.DEFAULT_MAX_MESSAGE_BYTES,
            description = "Largest xDS message received or sent (default: ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Read the objects from the cluster this kubeconfig names, and follow their changes.")
    Path kubeconfig;

    @Option(names = "--incluster", description = "Read the objects from the cluster this pod runs in.")
    boolean incluster;

    @Option(names = "--watch-namespaces", paramLabel = "NS", split = ",", splitSynopsisLabel = ",",
            description = "With a cluster: read namespaced objects only in these namespaces (default: all).")
    List<String> watchNamespaces = new ArrayList<>();

    @Option(names = "--ingress-status-address", paramLabel = "ADDRESS",
            description = "With a cluster: the address(es) (IP or host name, comma-separated) written in the status "
                    + "of Ingresses and HTTPProxies and as the Gateway's addresses, instead of the Envoy Service's.")
    String ingressStatusAddress = "";

    @Option(names = "--envoy-service-name", paramLabel = "NAME", defaultValue = "envoy",
            description = "With a cluster: the Envoy Service whose load balancer status is copied to Ingresses, "
                    + "HTTPProxies and the Gateway (default: ${DEFAULT-VALUE}).")
    String envoyServiceName;

    @Option(names = "--envoy-service-namespace", paramLabel = "NS",
            defaultValue = "${env:CONTOUR_NAMESPACE:-projectcontour}",
            description = "Namespace of the Envoy Service (default: $CONTOUR_NAMESPACE or projectcontour).")
    String envoyServiceNamespace;

    @Option(names = "--disable-leader-election",
            description = "With a cluster: write status without electing a leader (one replica only).")
    boolean disableLeaderElection;

    @Option(names = "--leader-election-resource-name", paramLabel = "NAME", defaultValue = "leader-elect",
            description = "Name of the Lease the replicas elect their status writer with (default: ${DEFAULT-VALUE}).")
    String leaseName;

    @Option(names = "--leader-election-resource-namespace", paramLabel = "NS",
            defaultValue = "${env:CONTOUR_NAMESPACE:-projectcontour}",
            description = "Namespace of that Lease (default: $CONTOUR_NAMESPACE or projectcontour).")
    String leaseNamespace;

    @Option(names = "--leader-election-lease-duration", paramLabel = "DURATION", defaultValue = "15s",
            description = "How long a lease holds without renewal (default: ${DEFAULT-VALUE}).")
    String leaseDuration;

    @Option(names = "--leader-election-renew-deadline", paramLabel = "DURATION", defaultValue = "10s",
            description = "How long the leader retries renewing before it stops leading (default: ${DEFAULT-VALUE}).")
    String renewDeadline;

    @Option(names = "--leader-election-retry-period", paramLabel = "DURATION", defaultValue = "2s",
            description = "How often candidates try to take the lease (default: ${DEFAULT-VALUE}).")
    String retryPeriod;

    /** What a running server exposes to whoever waits on it (tests): the bound ports and the live pieces. */
    record Running(int xdsPort, int httpPort, XdsServer xds, Metrics metrics) {}

    // Seams for in-process tests: the blocking wait, what happens once serving, and whether to hook JVM shutdown.
    CountDownLatch stop = new CountDownLatch(1);
    Consumer<Running> onStarted = r -> {};
    boolean installShutdownHook = true;
    InputStream stdin = System.in;
    private KubernetesSource cluster;
    // Set while serving a cluster: writes each build's status while this replica leads.
    private volatile StatusWriter statusWriter;

    /** Why a build produced nothing to publish: bad input (exit 2) or our own bug (exit 3). */
    private static final class BuildFailure extends Exception {
        final int exit;
        final List<String> lines;

        BuildFailure(int exit, String summary, List<String> lines) {
            super(summary);
            this.exit = exit;
            this.lines = List.copyOf(lines);
        }
    }

    /** One successful build: what to publish and what to count. */
    private record Build(Engine.Result result, Duration took, List<Problem> warnings) {}

    // What each rebuild keeps for the next, so a change costs what it touches: files decoded by their text, the DAG
    // by parts and the translation by piece, Envoy's checks by resource instance. Results equal a build from scratch.
    private final ManifestLoader.SourceCache sources = new ManifestLoader.SourceCache();
    private final Engine.Incremental engine = new Engine.Incremental();
    private final EnvoyValidator.Incremental validator = new EnvoyValidator.Incremental();

    /** Where rebuilds of a large input read, translate and check in parallel; set for the life of {@link #call()}. */
    private Executor executor = Parallel.SEQUENTIAL;

    @Override
    public Integer call() {
        // The same both-cores path render takes: a rebuild of a large input is the latency serve is judged by.
        try (Workers workers = Workers.of(Runtime.getRuntime().availableProcessors())) {
            executor = workers.executor();
            return serve();
        } finally {
            executor = Parallel.SEQUENTIAL;
        }
    }

    private Integer serve() {
        PrintWriter err = spec.commandLine().getErr();
        List<String> paths = input.paths();
        boolean fromCluster = kubeconfig != null || incluster;
        if (fromCluster && !paths.isEmpty()) {
            err.println("contour: give input PATHs or --kubeconfig/--incluster, not both");
            err.flush();
            return 2;
        }
        if (!fromCluster && paths.isEmpty()) {
            err.println("contour: no input: give one or more PATHs, -f PATH, or - for standard input");
            err.flush();
            return 2;
        }
        if (watch && paths.contains(ManifestLoader.STDIN)) {
            err.println("contour: --watch cannot watch standard input (-); give files or directories");
            err.flush();
            return 2;
        }
        try {
            input.readOptions();
        } catch (IllegalArgumentException e) {
            err.println("contour: " + e.getMessage());
            err.flush();
            return 2;
        }
        Optional<ServerTls> tls;
        XdsServerOptions options;
        try {
            tls = ServerTls.fromFlags(caFile, certFile, keyFile);
            options = XdsServerOptions.defaults().withAddress(xdsAddress).withPort(xdsPort)
                    .withMaxMessageBytes(maxMessageBytes).withTls(tls);
        } catch (IllegalArgumentException e) {
            err.println("contour: " + e.getMessage());
            err.flush();
            return 2;
        }
        if (httpPort < 0 || httpPort > 65535) {
            err.println("contour: --http-port out of range: " + httpPort);
            err.flush();
            return 2;
        }

        Optional<Leadership.Settings> election = Optional.empty();
        if (fromCluster && !disableLeaderElection) {
            try {
                election = Optional.of(new Leadership.Settings(leaseName, leaseNamespace,
                        duration("--leader-election-lease-duration", leaseDuration),
                        duration("--leader-election-renew-deadline", renewDeadline),
                        duration("--leader-election-retry-period", retryPeriod), identity()));
            } catch (IllegalArgumentException e) {
                err.println("contour: " + e.getMessage());
                err.flush();
                return 2;
            }
        }
        if (fromCluster) {
            try {
                cluster = KubernetesSource.start(kubernetesClient(), watchNamespaces.stream().map(String::trim)
                        .filter(n -> !n.isEmpty()).toList());
            } catch (java.nio.file.NoSuchFileException e) {
                err.println("contour: cannot read --kubeconfig " + kubeconfig + ": no such file");
                err.flush();
                return 2;
            } catch (IOException | RuntimeException e) {
                err.println("contour: cannot read the cluster: " + e.getMessage());
                err.flush();
                return 2;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 2;
            }
            cluster.skipped().forEach(k -> err.println("warning: not served by the cluster, skipped: " + k));
        }

        // The first build happens before anything is bound: bad input serves nothing.
        Build first;
        try {
            first = build(true);
        } catch (BuildFailure f) {
            f.lines.forEach(err::println);
            err.println("contour: " + f.getMessage() + "; nothing is served");
            err.flush();
            if (cluster != null) {
                cluster.close();
            }
            return f.exit;
        }
        InputOptions.printCapped(err, "warning: ", first.warnings().stream().map(Problem::toString).toList(), "warning");
        InputOptions.printCapped(err, "", first.result().status().problems().stream().map(StatusView::describe).toList(),
                "invalid object");

        Metrics metrics = new Metrics();
        XdsServer xds = null;
        HealthHttpServer http = null;
        FileWatcher watcher = null;
        Leadership leadership = null;
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = null;
        try {
            try {
                xds = XdsServer.start(options, metrics);
            } catch (IOException e) {
                err.println("contour: cannot serve xDS on " + xdsAddress + ":" + xdsPort + ": " + e.getMessage());
                err.flush();
                return 2;
            }
            XdsServer server = xds;
            try {
                KubernetesSource source = cluster;
                http = HealthHttpServer.start(httpAddress, httpPort, metrics, server::ready,
                        () -> server.ready() && (source == null || source.synced()));
            } catch (IOException e) {
                err.println("contour: cannot serve HTTP on " + httpAddress + ":" + httpPort + ": " + e.getMessage());
                err.flush();
                return 2;
            }
            if (cluster != null) {
                statusWriter = new StatusWriter(cluster.client(), cluster::cached, new StatusWriter.LoadBalancer(
                        List.of(ingressStatusAddress.split(",")), envoyServiceNamespace, envoyServiceName),
                        Clock.systemUTC(), metrics, err);
            }
            try {
                publish(server, metrics, first);
                written(first);
            } catch (IllegalArgumentException e) {
                err.println("contour: internal error: " + e.getMessage() + " (this is a contour-core bug)");
                err.flush();
                return 3;
            }
            err.println("contour: serving xDS version " + server.version() + " on " + xdsAddress + ":"
                    + server.port() + (tls.isPresent() ? " (mutual TLS)" : "") + ", /healthz and /metrics on "
                    + httpAddress + ":" + http.port());
            if (cluster != null) {
                cluster.onChange(() -> {
                    try {
                        reload(server, metrics, "the cluster's objects changed");
                    } catch (BuildFailure f) {
                        metrics.increment(Metrics.RELOAD_FAILURES_TOTAL, Map.of());
                    }
                });
                err.println("contour: following the cluster's objects");
                if (election.isPresent()) {
                    leadership = Leadership.start(cluster.client(), election.get(), metrics, statusWriter::leading,
                            err);
                    err.println("contour: standing for election as " + election.get().identity() + " (Lease "
                            + leaseNamespace + "/" + leaseName + ")");
                } else {
                    statusWriter.leading(true);
                    err.println("contour: leader election disabled: writing status");
                }
            } else if (watch) {
                watcher = FileWatcher.start(watchedPaths(), input.recursive, changed -> {
                    if (changed.stream().anyMatch(this::affectsBuild)) {
                        reload(server, metrics, changed.size() + " changed file(s)");
                    }
                }, metrics);
                err.println("contour: watching " + String.join(", ", watchedPaths().stream()
                        .map(Path::toString).toList()) + " for changes");
            }
            err.flush();
            if (installShutdownHook) {
                hook = new Thread(() -> {
                    stop.countDown();
                    try {
                        // Let call() close the servers before the JVM halts, but never hang the shutdown.
                        closed.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "contour-serve-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
            }
            onStarted.accept(new Running(server.port(), http.port(), server, metrics));
            stop.await();
            err.println("contour: shutting down");
            err.flush();
            return 0;
        } catch (IOException e) {
            err.println("contour: cannot watch the input: " + e.getMessage());
            err.flush();
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            // The lease goes first, so another replica takes over while this one still closes.
            if (leadership != null) {
                leadership.close();
            }
            if (statusWriter != null) {
                statusWriter.close();
                statusWriter = null;
            }
            if (cluster != null) {
                cluster.close();
            }
            if (watcher != null) {
                watcher.close();
            }
            if (http != null) {
                http.close();
            }
            if (xds != null) {
                xds.close();
            }
            if (hook != null && stop.getCount() > 0) {
                // Stopped by the seam, not by a signal: the JVM is not shutting down, so the hook may go.
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // already shutting down: the hook is running and waits for closed
                }
            }
            closed.countDown();
        }
    }

    /** A client for --kubeconfig FILE, or for the pod's own cluster with --incluster. */
    private KubernetesClient kubernetesClient() throws IOException {
        Config config = kubeconfig != null ? Config.fromKubeconfig(Files.readString(kubeconfig))
                : Config.autoConfigure(null);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** A Go duration flag ("15s", "1m30s"), positive. */
    private static Duration duration(String flag, String value) {
        GoText.Parsed<Duration> d = GoText.parseDuration(value);
        if (!d.ok() || d.value().isNegative() || d.value().isZero()) {
            throw new IllegalArgumentException("invalid " + flag + " " + value
                    + (d.ok() ? ": must be positive" : ": " + d.error()));
        }
        return d.value();
    }

    /** controller-runtime's identity: the host (the pod's name in a cluster) and a suffix unique to this process. */
    private static String identity() {
        String host = Optional.ofNullable(System.getenv("POD_NAME")).filter(h -> !h.isEmpty())
                .or(() -> Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isEmpty()))
                .orElse("contour");
        return host + "_" + UUID.randomUUID();
    }

    /** Hands a published build's status to the writer (which writes it only while this replica leads). */
    private void written(Build b) {
        StatusWriter w = statusWriter;
        if (w != null) {
            w.submit(b.result().status());
        }
    }

    /** The input paths and the config file: what --watch follows. */
    private List<Path> watchedPaths() {
        List<Path> out = new ArrayList<>();
        for (String p : input.paths()) {
            out.add(Path.of(p));
        }
        if (input.configFile != null) {
            out.add(input.configFile);
        }
        return out;
    }

    /**
     * Whether a changed file can change the build: a file named on the command line, the config file, or a
     * manifest the loader reads from a directory. Anything else there (a log file, say) must not cause rebuilds.
     */
    private boolean affectsBuild(Path changed) {
        for (Path p : watchedPaths()) {
            if (p.toAbsolutePath().normalize().equals(changed)) {
                return true;
            }
        }
        String n = changed.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    /** The watcher's callback: rebuild and publish, or report why not and keep the last good snapshot. */
    private void reload(XdsServer xds, Metrics metrics, String why) throws BuildFailure {
        PrintWriter err = spec.commandLine().getErr();
        if (cluster == null && ManifestLoader.files(input.paths(), input.recursive, input.readOptions()).isEmpty()) {
            // Every input file gone is far more often a botched deploy than a wish to withdraw every route: keep
            // serving. An input file that is present but empty still empties the configuration.
            BuildFailure f = new BuildFailure(2, "no input file is left in " + String.join(", ", input.paths())
                    + " (every .yaml, .yml and .json file is gone; an empty file would empty the configuration)",
                    List.of());
            report(err, f, xds);
            throw f;
        }
        Build b;
        try {
            b = build(false);
        } catch (BuildFailure f) {
            report(err, f, xds);
            throw f;
        }
        long before = xds.version();
        try {
            publish(xds, metrics, b);
            written(b);
        } catch (IllegalArgumentException e) {
            BuildFailure f = new BuildFailure(3, "internal error: " + e.getMessage() + " (this is a contour-core bug)",
                    List.of());
            report(err, f, xds);
            throw f;
        }
        InputOptions.printCapped(err, "warning: ", b.warnings().stream().map(Problem::toString).toList(), "warning");
        InputOptions.printCapped(err, "", b.result().status().problems().stream().map(StatusView::describe).toList(),
                "invalid object");
        err.println(xds.version() == before
                ? "contour: reloaded (" + why + "); the configuration is unchanged (version "
                        + before + ")"
                : "contour: reloaded (" + why + "); serving xDS version " + xds.version());
        err.flush();
    }

    private static void report(PrintWriter err, BuildFailure f, XdsServer xds) {
        f.lines.forEach(err::println);
        err.println("contour: reload failed: " + f.getMessage() + "; still serving version " + xds.version());
        err.flush();
    }

    /** Loads, translates and validates, exactly as {@code render --format xds} does. */
    private synchronized Build build(boolean startup) throws BuildFailure {
        StringWriter configProblems = new StringWriter();
        Optional<ContourConfig> config = input.config(new PrintWriter(configProblems));
        if (config.isEmpty()) {
            throw new BuildFailure(2, "the configuration file " + input.configFile + " has problems",
                    configProblems.toString().lines().toList());
        }
        InputStream in = startup ? stdin : InputStream.nullInputStream();
        long start = System.nanoTime();
        LoadResult loaded = cluster != null ? cluster.snapshot()
                : ManifestLoader.read(input.paths(), input.recursive, input.namespace, in, executor,
                        input.readOptions(), sources);
        if (!loaded.ok()) {
            throw new BuildFailure(2, InputOptions.problemSummary(loaded.errors()),
                    InputOptions.problemLines(loaded.errors()));
        }
        config = input.config(config.get(), loaded, new PrintWriter(configProblems));
        if (config.isEmpty()) {
            throw new BuildFailure(2, "the input's ContourConfiguration cannot be applied",
                    configProblems.toString().lines().toList());
        }
        Executor both = loaded.resources().size() >= Engine.PARALLEL_MIN_OBJECTS ? executor : Parallel.SEQUENTIAL;
        Engine.Result result = engine.run(loaded.resources(), config.get(), both);
        List<String> settingsErrors = input.settingsErrors(result);
        if (!settingsErrors.isEmpty()) {
            throw new BuildFailure(2, "the configuration does not apply to the input", settingsErrors);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        List<Violation> violations = validator.validate(result.xds(), both);
        if (!violations.isEmpty()) {
            throw new BuildFailure(3, "internal error: the translated configuration breaks Envoy's rules (this is a "
                    + "contour-core bug)", violations.stream().map(v -> "  " + v).toList());
        }
        return new Build(result, took, loaded.warnings());
    }

    private static void publish(XdsServer xds, Metrics metrics, Build b) {
        XdsResources resources = b.result().xds();
        xds.update(resources);
        metrics.recordDagRebuild(b.took(), Instant.now());
        recordObjects(metrics, b.result());
    }

    /** Upstream's DAG cache and HTTPProxy gauges, and our objects-by-status gauge. */
    static void recordObjects(Metrics metrics, Engine.Result result) {
        ResourceSet resources = result.resources();
        Map<String, Map<String, Integer>> byStatus = new TreeMap<>();
        for (Status s : result.status().statuses()) {
            byStatus.computeIfAbsent(s.ref().kind().kindName(), k -> new TreeMap<>())
                    .merge(s.currentStatus(), 1, Integer::sum);
        }
        metrics.setObjectCounts(byStatus);
        Map<Map<String, String>, Double> cached = new HashMap<>();
        for (K8sObject o : resources.all()) {
            cached.merge(Map.of("kind", o.kind().kindName()), 1.0, Double::sum);
        }
        metrics.replace(Metrics.DAG_CACHE_OBJECT, cached);

        Map<Map<String, String>, Double> total = new HashMap<>();
        Map<Map<String, String>, Double> roots = new HashMap<>();
        Map<Map<String, String>, Double> valid = new HashMap<>();
        Map<Map<String, String>, Double> invalid = new HashMap<>();
        Map<Map<String, String>, Double> orphaned = new HashMap<>();
        for (HTTPProxy p : resources.all(Kind.HTTP_PROXY, HTTPProxy.class)) {
            Map<String, String> ns = Map.of("namespace", p.namespace());
            total.merge(ns, 1.0, Double::sum);
            boolean root = p.spec() != null && p.spec().virtualhost() != null;
            if (root) {
                roots.merge(ns, 1.0, Double::sum);
            }
            Optional<ObjectStatus> s = result.status().get(new ObjectRef(Kind.HTTP_PROXY, p.namespace(), p.name()));
            String status = s.map(ObjectStatus::currentStatus).orElse("");
            String vhost = root && p.spec().virtualhost().fqdn() != null ? p.spec().virtualhost().fqdn() : "";
            switch (status) {
                case ObjectStatus.VALID -> valid.merge(Map.of("namespace", p.namespace(), "vhost", vhost), 1.0,
                        Double::sum);
                case ObjectStatus.INVALID -> invalid.merge(Map.of("namespace", p.namespace(), "vhost", vhost), 1.0,
                        Double::sum);
                case ObjectStatus.ORPHANED -> orphaned.merge(ns, 1.0, Double::sum);
                default -> { }
            }
        }
        metrics.replace(Metrics.HTTPPROXY, total);
        metrics.replace(Metrics.HTTPPROXY_ROOT, roots);
        metrics.replace(Metrics.HTTPPROXY_VALID, valid);
        metrics.replace(Metrics.HTTPPROXY_INVALID, invalid);
        metrics.replace(Metrics.HTTPPROXY_ORPHANED, orphaned);
    }
}
