package io.contourcore.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ReadinessEndpointTest {

    @Test
    void readyzAnswers503UntilReadyWhileHealthzAnswersLivenessOnItsOwn() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(false);
        try (HealthHttpServer s = HealthHttpServer.start("127.0.0.1", 0, new Metrics(), () -> true, ready::get)) {
            String base = "http://127.0.0.1:" + s.port();
            assertThat(status(base + "/readyz")).isEqualTo(503);
            assertThat(status(base + "/healthz")).isEqualTo(200);
            ready.set(true);
            assertThat(status(base + "/readyz")).isEqualTo(200);
        }
    }

    private static int status(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
