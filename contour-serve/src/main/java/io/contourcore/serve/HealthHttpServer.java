package io.contourcore.serve;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serve shell's HTTP endpoint: {@code GET /healthz} (liveness) and {@code GET /readyz} (readiness) answer
 * {@code 200 OK} while their check passes (503 otherwise), {@code GET /metrics} answers the Prometheus text
 * exposition. Upstream's default address is {@code 127.0.0.1:8000}.
 *
 * <p>One selector thread serves every connection without blocking on any of them, so a client that never finishes
 * its request cannot hold up a liveness probe. What a client can take is bounded: a request head of at most
 * {@value #MAX_REQUEST_HEAD_BYTES} bytes, {@link #REQUEST_TIMEOUT} from connecting to the end of the response, and
 * one of {@value #MAX_CONNECTIONS} connections (past that the oldest is dropped). One request per connection
 * ({@code Connection: close}): probes and scrapes open a connection each anyway.
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
    /** How long a connection may take from connecting to the end of its response. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Connections open at once; a new one past this drops the oldest. */
    public static final int MAX_CONNECTIONS = 64;
    /** The longest request line and headers accepted (larger: 431). */
    public static final int MAX_REQUEST_HEAD_BYTES = 8192;

    private static final Logger LOG = LoggerFactory.getLogger(HealthHttpServer.class);

    private final ServerSocketChannel listener;
    private final Selector selector;
    private final long timeoutNanos;
    private final BooleanSupplier healthy;
    private final BooleanSupplier ready;
    private final Supplier<String> metrics;
    // Accept order is deadline order (one timeout for all), so the first entries are the ones to expire or evict.
    private final LinkedHashSet<Connection> connections = new LinkedHashSet<>();
    private final Thread thread;
    private volatile boolean open = true;

    private HealthHttpServer(ServerSocketChannel listener, Selector selector, Duration timeout, Metrics metrics,
                             BooleanSupplier healthy, BooleanSupplier ready) {
        this.listener = listener;
        this.selector = selector;
        this.timeoutNanos = timeout.toNanos();
        this.healthy = healthy;
        this.ready = ready;
        this.metrics = metrics::exposition;
        this.thread = new Thread(this::run, "contour-http");
        thread.setDaemon(true);
    }

    /**
     * Binds and starts the server; port 0 picks a free port (see {@link #port()}).
     *
     * @param healthy answers whether {@code /healthz} reports healthy (e.g. "a snapshot has been published")
     */
    public static HealthHttpServer start(String address, int port, Metrics metrics, BooleanSupplier healthy)
            throws IOException {
        return start(address, port, metrics, healthy, healthy, REQUEST_TIMEOUT);
    }

    /**
     * As {@link #start(String, int, Metrics, BooleanSupplier)}, with {@code GET /readyz}: 200 while {@code ready}
     * holds (a Kubernetes readiness probe's path), 503 before, so a replica gets traffic only once it can serve.
     */
    public static HealthHttpServer start(String address, int port, Metrics metrics, BooleanSupplier healthy,
                                         BooleanSupplier ready) throws IOException {
        return start(address, port, metrics, healthy, ready, REQUEST_TIMEOUT);
    }

    /** As {@link #start(String, int, Metrics, BooleanSupplier)} with another request timeout (tests). */
    static HealthHttpServer start(String address, int port, Metrics metrics, BooleanSupplier healthy,
                                  Duration timeout) throws IOException {
        return start(address, port, metrics, healthy, healthy, timeout);
    }

    private static HealthHttpServer start(String address, int port, Metrics metrics, BooleanSupplier healthy,
                                          BooleanSupplier ready, Duration timeout) throws IOException {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(healthy, "healthy");
        Objects.requireNonNull(ready, "ready");
        ServerSocketChannel listener = ServerSocketChannel.open();
        Selector selector = null;
        try {
            listener.bind(new InetSocketAddress(address, port));
            listener.configureBlocking(false);
            selector = Selector.open();
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            listener.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
        HealthHttpServer server = new HealthHttpServer(listener, selector, timeout, metrics, healthy, ready);
        server.thread.start();
        return server;
    }

    /** The bound port. */
    public int port() {
        return listener.socket().getLocalPort();
    }

    @Override
    public void close() {
        open = false;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the selector loop (everything below runs on the one server thread) ----

    private void run() {
        try {
            while (open) {
                long waitMillis = expire(System.nanoTime());
                selector.select(waitMillis);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else if (key.attachment() instanceof Connection c) {
                        c.ready(key);
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            LOG.error("/healthz and /metrics stopped: {}", e.toString());
        } finally {
            for (Connection c : new ArrayList<>(connections)) {
                c.close();
            }
            closeQuietly(listener);
            closeQuietly(selector);
        }
    }

    /** Closes the connections past their deadline; returns how long select may wait (0 would mean forever). */
    private long expire(long now) {
        Iterator<Connection> it = connections.iterator();
        while (it.hasNext()) {
            Connection c = it.next();
            if (c.deadline - now > 0) {
                return Math.max(1, (c.deadline - now) / 1_000_000 + 1);
            }
            it.remove();
            c.close();
        }
        return 1_000;
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = listener.accept()) != null) {
            if (connections.size() >= MAX_CONNECTIONS) {
                Connection oldest = connections.iterator().next();
                connections.remove(oldest);
                oldest.close();
            }
            try {
                ch.configureBlocking(false);
                Connection c = new Connection(ch, System.nanoTime() + timeoutNanos);
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
                connections.add(c);
            } catch (IOException e) {
                closeQuietly(ch);
            }
        }
    }

    /** One client connection: read the request head, write one response, then wait for the client to close. */
    private final class Connection {
        private final SocketChannel channel;
        private final long deadline;
        private final ByteBuffer in = ByteBuffer.allocate(MAX_REQUEST_HEAD_BYTES);
        private SelectionKey key;
        private ByteBuffer out;
        private boolean draining;

        Connection(SocketChannel channel, long deadline) {
            this.channel = channel;
            this.deadline = deadline;
        }

        void ready(SelectionKey k) {
            try {
                if (k.isReadable()) {
                    read();
                } else if (k.isWritable()) {
                    write();
                }
            } catch (IOException e) {
                // A client that resets or goes away mid-request is routine for a probe port: nothing to report.
                close();
            }
        }

        private void read() throws IOException {
            if (draining) {
                // The response is out and our side is shut; wait for the client's close, discarding what it sends.
                in.clear();
                if (channel.read(in) < 0) {
                    close();
                }
                return;
            }
            if (channel.read(in) < 0) {
                close();
                return;
            }
            int end = headEnd(in);
            if (end >= 0) {
                respond(answer(new String(in.array(), 0, end, StandardCharsets.ISO_8859_1)));
            } else if (!in.hasRemaining()) {
                respond(Response.text(431, "Request Header Fields Too Large", "request head too large\n"));
            }
        }

        private void respond(Response r) throws IOException {
            out = ByteBuffer.wrap(r.bytes());
            key.interestOps(SelectionKey.OP_WRITE);
            write();
        }

        private void write() throws IOException {
            channel.write(out);
            if (!out.hasRemaining()) {
                // Shut our side only: closing with unread input (a request body) could reset the connection
                // before the client has read the response.
                channel.shutdownOutput();
                draining = true;
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        void close() {
            connections.remove(this);
            if (key != null) {
                key.cancel();
            }
            closeQuietly(channel);
        }
    }

    /** The index just past the blank line ending the request head, or -1 while it is incomplete. */
    static int headEnd(ByteBuffer in) {
        byte[] b = in.array();
        int n = in.position();
        for (int i = 0; i < n; i++) {
            if (b[i] == '\n') {
                if (i + 1 < n && b[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < n && b[i + 1] == '\r' && b[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /** The response to one request head. */
    private Response answer(String requestHead) {
        String line = requestHead.lines().findFirst().orElse("");
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !parts[2].startsWith("HTTP/")) {
            return Response.text(400, "Bad Request", "bad request\n");
        }
        String method = parts[0];
        String target = parts[1];
        int query = target.indexOf('?');
        String path = query >= 0 ? target.substring(0, query) : target;
        boolean head = method.equals("HEAD");
        if (!path.equals("/healthz") && !path.equals("/readyz") && !path.equals("/metrics")) {
            return Response.text(404, "Not Found", "not found\n").head(head);
        }
        if (!method.equals("GET") && !head) {
            return Response.text(405, "Method Not Allowed", "method not allowed\n").allow("GET, HEAD");
        }
        try {
            if (path.equals("/healthz") || path.equals("/readyz")) {
                boolean ok = (path.equals("/healthz") ? healthy : ready).getAsBoolean();
                return (ok ? Response.text(200, "OK", "OK\n")
                        : Response.text(503, "Service Unavailable", "not ready\n")).head(head);
            }
            return new Response(200, "OK", "text/plain; version=0.0.4; charset=utf-8", metrics.get(), null, head);
        } catch (RuntimeException e) {
            LOG.error("{} failed: {}", path, e.toString());
            return Response.text(500, "Internal Server Error", "internal error\n").head(head);
        }
    }

    private record Response(int status, String reason, String contentType, String body, String allow,
                            boolean headOnly) {

        static Response text(int status, String reason, String body) {
            return new Response(status, reason, "text/plain; charset=utf-8", body, null, false);
        }

        Response head(boolean headOnly) {
            return new Response(status, reason, contentType, body, allow, headOnly);
        }

        Response allow(String methods) {
            return new Response(status, reason, contentType, body, methods, headOnly);
        }

        byte[] bytes() {
            byte[] payload = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder h = new StringBuilder(128)
                    .append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n")
                    .append("Content-Type: ").append(contentType).append("\r\n")
                    .append("Content-Length: ").append(payload.length).append("\r\n")
                    .append("Connection: close\r\n");
            if (allow != null) {
                h.append("Allow: ").append(allow).append("\r\n");
            }
            h.append("\r\n");
            byte[] headBytes = h.toString().getBytes(StandardCharsets.US_ASCII);
            if (headOnly) {
                return headBytes;
            }
            byte[] all = new byte[headBytes.length + payload.length];
            System.arraycopy(headBytes, 0, all, 0, headBytes.length);
            System.arraycopy(payload, 0, all, headBytes.length, payload.length);
            return all;
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing: nothing left to do with it
        }
    }
}
