package io.contourcore.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The serve shell's HTTP endpoint (JDK {@code com.sun.net.httpserver}): {@code GET /healthz} answers {@code 200 OK}
 * while the health check passes (503 otherwise), {@code GET /metrics} answers the Prometheus text exposition.
 * Upstream's default address is {@code 127.0.0.1:8000}.
 *
 * <pre>{@code
 * try (HealthHttpServer http = HealthHttpServer.start("127.0.0.1", 8000, metrics, () -> true)) {
 *     // curl http://127.0.0.1:8000/metrics
 * }
 * }</pre>
 */
public final class HealthHttpServer implements AutoCloseable {

    /** Upstream's default HTTP address. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1";
    /** Upstream's default HTTP port. */
    public static final int DEFAULT_PORT = 8000;

    private final HttpServer server;
    private final ExecutorService executor;

    private HealthHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts the server; port 0 picks a free port (see {@link #port()}).
     *
     * @param healthy answers whether {@code /healthz} reports healthy (e.g. "a snapshot has been published")
     */
    public static HealthHttpServer start(String address, int port, Metrics metrics, BooleanSupplier healthy)
            throws IOException {
        return start(address, port, metrics, healthy, healthy);
    }

    /**
     * As {@link #start(String, int, Metrics, BooleanSupplier)}, with {@code GET /readyz}: 200 while {@code ready}
     * holds (a Kubernetes readiness probe's path), 503 before, so a replica gets traffic only once it can serve.
     */
    public static HealthHttpServer start(String address, int port, Metrics metrics, BooleanSupplier healthy,
                                         BooleanSupplier ready) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
        server.createContext("/healthz", ex -> {
            if (notGet(ex)) {
                return;
            }
            boolean ok = healthy.getAsBoolean();
            respond(ex, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "OK\n" : "not ready\n");
        });
        server.createContext("/readyz", ex -> {
            if (notGet(ex)) {
                return;
            }
            boolean ok = ready.getAsBoolean();
            respond(ex, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "OK\n" : "not ready\n");
        });
        server.createContext("/metrics", ex -> {
            if (notGet(ex)) {
                return;
            }
            respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.exposition());
        });
        server.createContext("/", ex -> respond(ex, 404, "text/plain; charset=utf-8", "not found\n"));
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "contour-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new HealthHttpServer(server, executor);
    }

    private static boolean notGet(HttpExchange ex) throws IOException {
        String m = ex.getRequestMethod();
        if (m.equals("GET") || m.equals("HEAD")) {
            return false;
        }
        ex.getResponseHeaders().add("Allow", "GET, HEAD");
        respond(ex, 405, "text/plain; charset=utf-8", "method not allowed\n");
        return true;
    }

    private static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", contentType);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
