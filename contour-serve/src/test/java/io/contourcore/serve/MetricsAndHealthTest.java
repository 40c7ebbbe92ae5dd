package io.contourcore.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MetricsAndHealthTest {

    @Test
    void theExpositionHasUpstreamNamesOurOwnAndLabelledSeries() {
        Metrics m = new Metrics();
        m.recordDagRebuild(Duration.ofMillis(250), Instant.ofEpochSecond(1700000000));
        m.increment(Metrics.XDS_NACKS_TOTAL, Map.of("type_url", "type.googleapis.com/x.Y"));
        m.setObjectCounts(Map.of("HTTPProxy", Map.of("valid", 3, "invalid", 1)));
        String text = m.exposition();
        assertThat(text)
                .contains("# TYPE contour_dagrebuild_total counter\ncontour_dagrebuild_total 1\n")
                .contains("contour_dagrebuild_seconds_sum 0.25\ncontour_dagrebuild_seconds_count 1\n")
                .contains("contour_dagrebuild_timestamp 1700000000\n")
                .contains("contour_xds_nacks_total{type_url=\"type.googleapis.com/x.Y\"} 1\n")
                .contains("contour_objects{kind=\"HTTPProxy\",status=\"invalid\"} 1\n")
                .contains("contour_dag_cache_object{kind=\"HTTPProxy\"} 4\n")
                .contains("# TYPE contour_xds_connected_clients gauge\ncontour_xds_connected_clients 0\n")
                .contains("contour_snapshot_version 0\n")
                .contains("contour_reload_failures_total 0\n");
        assertThatThrownBy(() -> m.increment("contour_nope", Map.of())).hasMessageContaining("unknown metric");
        assertThatThrownBy(() -> m.add(Metrics.XDS_NACKS_TOTAL, Map.of(), -1)).hasMessageContaining("only go up");
    }

    @Test
    void healthzFollowsReadinessAndMetricsServesTheExposition() throws Exception {
        Metrics m = new Metrics();
        AtomicBoolean ready = new AtomicBoolean(false);
        HttpClient http = HttpClient.newHttpClient();
        try (HealthHttpServer s = HealthHttpServer.start("127.0.0.1", 0, m, ready::get)) {
            String base = "http://127.0.0.1:" + s.port();
            assertThat(get(http, base + "/healthz").statusCode()).isEqualTo(503);
            ready.set(true);
            HttpResponse<String> ok = get(http, base + "/healthz");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("OK\n");
            HttpResponse<String> metrics = get(http, base + "/metrics");
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
            assertThat(metrics.body()).contains("contour_dagrebuild_total 0");
            assertThat(get(http, base + "/other").statusCode()).isEqualTo(404);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void tlsFlagsAreAllOrNothingWithUpstreamsMessage() {
        assertThat(ServerTls.fromFlags(null, null, null)).isEmpty();
        assertThat(ServerTls.fromFlags(Path.of("ca"), Path.of("c"), Path.of("k"))).isPresent();
        assertThatThrownBy(() -> ServerTls.fromFlags(Path.of("ca"), null, Path.of("k")))
                .hasMessage("you must supply all three TLS parameters - --contour-cafile, --contour-cert-file, "
                        + "--contour-key-file, or none of them");
    }
}
