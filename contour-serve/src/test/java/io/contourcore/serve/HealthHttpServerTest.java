package io.contourcore.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile clients on loopback: none of them may keep a liveness probe or a scrape from being answered. */
@Timeout(60)
class HealthHttpServerTest {

    /** Generous: an answer on loopback takes milliseconds; the old single blocked thread never answered at all. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

    private final List<Socket> sockets = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void closeSockets() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    private Socket stalled(int port, String partialRequest) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        sockets.add(s);
        OutputStream out = s.getOutputStream();
        out.write(partialRequest.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(ANSWER_WITHIN).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aClientThatNeverFinishesItsRequestDoesNotDelayAConcurrentHealthzOrMetrics() throws Exception {
        try (HealthHttpServer s = HealthHttpServer.start("127.0.0.1", 0, new Metrics(), () -> true)) {
            stalled(s.port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            stalled(s.port(), "G");
            Thread.sleep(200); // let the server start reading the stalled requests first
            HttpResponse<String> health = get(s.port(), "/healthz");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("OK\n");
            assertThat(get(s.port(), "/metrics").body()).contains("contour_dagrebuild_total 0");
        }
    }

    @Test
    void moreStalledClientsThanTheConnectionLimitStillLetHealthzThrough() throws Exception {
        try (HealthHttpServer s = HealthHttpServer.start("127.0.0.1", 0, new Metrics(), () -> true)) {
            for (int i = 0; i < HealthHttpServer.MAX_CONNECTIONS + 10; i++) {
                stalled(s.port(), "GET /metrics HTTP/1.1\r\n");
            }
            assertThat(get(s.port(), "/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aStalledClientIsDisconnectedWhenItsRequestTimeoutPasses() throws Exception {
        try (HealthHttpServer s = HealthHttpServer.start("127.0.0.1", 0, new Metrics(), () -> true,
                Duration.ofMillis(300))) {
            Socket slow = stalled(s.port(), "GET /healthz HTTP/1.1\r\n");
            slow.setSoTimeout((int) ANSWER_WITHIN.toMillis());
            long start = System.nanoTime();
            assertThat(slow.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(ANSWER_WITHIN);
        }
    }

    @Test
    void anOversizedRequestHeadIsRefusedWith431AndMalformedOnesWith400() throws Exception {
        try (HealthHttpServer s = HealthHttpServer.start("127.0.0.1", 0, new Metrics(), () -> true)) {
            String huge = "GET /healthz HTTP/1.1\r\nX-Big: " + "a".repeat(HealthHttpServer.MAX_REQUEST_HEAD_BYTES)
                    + "\r\n\r\n";
            assertThat(exchange(s.port(), huge)).startsWith("HTTP/1.1 431 ");
            assertThat(exchange(s.port(), "garbage\r\n\r\n")).startsWith("HTTP/1.1 400 ");
            assertThat(exchange(s.port(), "\0\0\0\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        }
    }

    @Test
    void headAnswersTheHeadersWithoutTheBodyAndAQueryStringIsIgnored() throws Exception {
        try (HealthHttpServer s = HealthHttpServer.start("127.0.0.1", 0, new Metrics(), () -> false)) {
            assertThat(exchange(s.port(), "HEAD /healthz HTTP/1.0\r\n\r\n"))
                    .startsWith("HTTP/1.1 503 Service Unavailable\r\n").contains("Content-Length: 10\r\n")
                    .endsWith("\r\n\r\n");
            assertThat(exchange(s.port(), "GET /healthz?verbose=1 HTTP/1.1\nHost: x\n\n"))
                    .startsWith("HTTP/1.1 503 ").endsWith("\r\n\r\nnot ready\n");
        }
    }

    /** Sends raw bytes and reads until the server closes its side. */
    private static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) ANSWER_WITHIN.toMillis());
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
