package io.contourcore.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Garbage on the xDS port: whatever a scanner or a misdirected client sends, each connection costs at most one log
 * line and never a stack trace. Both log paths are captured: our slf4j lines (slf4j-simple writes to the current
 * {@code System.err}) and grpc-java's {@code java.util.logging} records (a handler on the root logger).
 */
@Timeout(60)
class BadConnectionLogTest {

    private static final int CONNECTIONS = 24;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<String> julLines = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Handler jul = new Handler() {
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            if (isLoggable(record)) {
                julLines.addAll(format.format(record).lines().toList());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        java.util.logging.Logger.getLogger("").addHandler(jul);
        BadConnectionLog.resetRateLimit();
    }

    @AfterEach
    void release() {
        java.util.logging.Logger.getLogger("").removeHandler(jul);
        System.setErr(originalErr);
    }

    private List<String> lines() {
        List<String> all = new ArrayList<>(err.toString(StandardCharsets.UTF_8).lines().toList());
        synchronized (julLines) {
            all.addAll(julLines);
        }
        return all;
    }

    /** Six kinds of garbage, round robin: random bytes, HTTP/1.1, a TLS hello, CR/LF and NUL, a lone byte. */
    private static byte[] garbage(int i, Random random) {
        return switch (i % 6) {
            case 0 -> {
                byte[] b = new byte[300];
                random.nextBytes(b);
                yield b;
            }
            case 1 -> "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            case 2 -> new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03, 1,
                    2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27};
            case 3 -> "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\0\r\n\r\nforged log line\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1);
            case 4 -> "\0\r\n\0\r\nINFO: forged\r\n".repeat(10).getBytes(StandardCharsets.ISO_8859_1);
            default -> new byte[] {'x'};
        };
    }

    private int send(int port, int n) throws IOException, InterruptedException {
        Random random = new Random(17);
        for (int i = 0; i < n; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(1_000);
                s.getOutputStream().write(garbage(i, random));
                s.getOutputStream().flush();
                if (i % 6 == 5) {
                    continue; // one byte, then we hang up: the server sees an early close
                }
                try {
                    while (s.getInputStream().read() >= 0) {
                        // the server answers with a GOAWAY or an alert, then closes
                    }
                } catch (IOException reset) {
                    // a reset is a close too
                }
            }
        }
        // grpc logs when a transport terminates, after the socket is gone: wait for the lines to stop coming.
        int before = -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(300);
            int now = lines().size();
            if (now == before) {
                break;
            }
            before = now;
        }
        return lines().size();
    }

    private void assertOneLineAtMostPerConnection(int connections, int lines) {
        List<String> all = lines();
        assertThat(lines).as(String.join("\n", all)).isLessThanOrEqualTo(connections);
        assertThat(all).as("no stack trace").noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"));
        assertThat(all).as("client bytes cannot forge lines").noneMatch(l -> l.startsWith("INFO: forged")
                || l.startsWith("forged log line"));
        assertThat(all).allMatch(l -> l.contains("xDS: closed a connection that did not speak gRPC"));
    }

    @Test
    void garbageConnectionsToThePlaintextXdsPortLogAtMostOneLineEachAndNoStackTrace() throws Exception {
        try (XdsServer server = XdsServer.start(XdsServerOptions.defaults().withPort(0), new Metrics())) {
            int lines = send(server.port(), CONNECTIONS);
            assertOneLineAtMostPerConnection(CONNECTIONS, lines);
            assertThat(lines).as("each kind of garbage is reported").isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void garbageConnectionsToTheMutualTlsXdsPortLogAtMostOneLineEachAndNoStackTrace() throws Exception {
        String root = System.getProperty("contour.root");
        Path certs = Path.of(root == null || root.isEmpty() ? ".." : root).resolve("testdata/certs");
        ServerTls tls = ServerTls.fromFlags(certs.resolve("ca.crt"), certs.resolve("example.crt"),
                certs.resolve("example.key")).orElseThrow();
        try (XdsServer server = XdsServer.start(XdsServerOptions.defaults().withPort(0).withTls(Optional.of(tls)),
                new Metrics())) {
            // grpc reports a failed TLS handshake at FINE: nothing, or one line each, but never a stack trace.
            assertOneLineAtMostPerConnection(12, send(server.port(), 12));
        }
    }

    @Test
    void aFloodIsRateLimitedAndUnexpectedFailuresKeepTheirStackTrace() {
        BadConnectionLog.install();
        java.util.logging.Logger transport = java.util.logging.Logger.getLogger(BadConnectionLog.GRPC_TRANSPORT_LOGGER);
        LogRecord r = new LogRecord(java.util.logging.Level.INFO, "Transport failed");
        r.setThrown(new SocketTimeoutException("x\r\nINFO: forged"));
        int before = lines().size();
        for (int i = 0; i < 3 * BadConnectionLog.BURST; i++) {
            assertThat(transport.getFilter().isLoggable(r)).isFalse();
        }
        assertThat(lines().size() - before).isLessThanOrEqualTo(BadConnectionLog.BURST);
        assertThat(lines()).noneMatch(l -> l.startsWith("INFO: forged"));
        LogRecord bug = new LogRecord(java.util.logging.Level.INFO, "Transport failed");
        bug.setThrown(new IllegalStateException("our own bug"));
        assertThat(transport.getFilter().isLoggable(bug)).as("unexpected failures keep their stack trace").isTrue();
    }
}
