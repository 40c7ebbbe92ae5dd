package io.contourcore.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.model.Parallel;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ManifestLoaderChunksTest {

    private static ExecutorService pool;

    @BeforeAll
    static void start() {
        pool = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    private static String service(int i) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: svc-%d
                  namespace: team-%d
                  annotations:
                    note: "padding padding padding padding padding padding padding padding padding padding"
                spec:
                  ports:
                  - name: http
                    port: 80
                    targetPort: 8080
                """.formatted(i, i % 7);
    }

    /** About {@code n} Services; {@code broken} maps a document index to a replacement text for it. */
    private static String stream(int n, java.util.function.IntFunction<String> doc) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append("---\n");
            }
            sb.append(doc.apply(i));
        }
        return sb.toString();
    }

    private static LoadResult sequential(String text) {
        return ManifestLoader.parse("w.yaml", text, "default");
    }

    private static LoadResult inChunks(String text) {
        return ManifestLoader.parse("w.yaml", text, "default", pool);
    }

    private static void assertSame(LoadResult parallel, LoadResult sequential) {
        assertThat(parallel.errors()).containsExactlyElementsOf(sequential.errors());
        assertThat(parallel.warnings()).containsExactlyElementsOf(sequential.warnings());
        assertThat(parallel.resources().all()).containsExactlyElementsOf(sequential.resources().all());
    }

    private static int lineOf(String text, String needle) {
        int at = text.indexOf(needle);
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    @Test
    void aLargeStreamIsCutOnlyAtDocumentMarkersWithItsLinesCounted() {
        String text = stream(3200, ManifestLoaderChunksTest::service);
        List<YamlChunks.Chunk> chunks = YamlChunks.split(text);
        assertThat(chunks).hasSizeGreaterThanOrEqualTo(3);
        StringBuilder joined = new StringBuilder();
        for (YamlChunks.Chunk c : chunks) {
            if (joined.length() > 0) {
                assertThat(c.text()).startsWith("---\n");
            }
            assertThat(c.lineOffset()).isEqualTo(joined.chars().filter(ch -> ch == '\n').count());
            joined.append(c.text());
        }
        assertThat(joined.toString()).isEqualTo(text);
    }

    @Test
    void aStreamWithCarriageReturnsOrASmallStreamIsNotCut() {
        assertThat(YamlChunks.split(stream(3200, ManifestLoaderChunksTest::service).replace("\n", "\r\n"))).hasSize(1);
        assertThat(YamlChunks.split(stream(100, ManifestLoaderChunksTest::service))).hasSize(1);
    }

    @Test
    void aValidLargeStreamGivesTheSameObjectsInTheSameOrder() {
        String text = stream(3200, ManifestLoaderChunksTest::service);
        LoadResult p = inChunks(text);
        assertThat(p.ok()).isTrue();
        assertThat(p.resources().size()).isEqualTo(3200);
        assertSame(p, sequential(text));
    }

    @Test
    void loadErrorsInSeveralChunksComeInTheSameOrderWithTheSameLines() {
        String text = stream(3200, i -> switch (i) {
            case 10 -> service(i).replace("port: 80", "port: eighty");
            case 900 -> service(i).replace("kind: Service", "kind: Service\nkind: Ingress");
            case 1700 -> "apiVersion: v1\nkind: Service\nmetadata:\n  name: !!binary abc\n";
            case 3198 -> service(i).replace("targetPort: 8080", "targetPort: [1, 2]");
            case 3199 -> "apiVersion: projectcontour.io/v9\nkind: HTTPProxy\nmetadata:\n  name: old\n";
            default -> service(i);
        });
        assertThat(YamlChunks.split(text)).hasSizeGreaterThanOrEqualTo(3);
        LoadResult p = inChunks(text);
        LoadResult s = sequential(text);
        assertSame(p, s);
        assertThat(p.errors()).hasSize(4);
        assertThat(p.errors()).extracting(e -> e.location().line()).containsExactly(
                lineOf(text, "port: eighty"),
                lineOf(text, "kind: Ingress"),
                lineOf(text, "!!binary"),
                lineOf(text, "targetPort: [1, 2]"));
        assertThat(p.warnings()).singleElement()
                .satisfies(w -> assertThat(w.location().line()).isEqualTo(lineOf(text, "apiVersion: projectcontour.io/v9")));
    }

    @Test
    void aDuplicateInALaterChunkNamesTheFirstOneWhereverItWas() {
        String text = stream(3200, i -> service(i == 3190 ? 3 : i));
        assertThat(YamlChunks.split(text)).hasSizeGreaterThanOrEqualTo(3);
        LoadResult p = inChunks(text);
        assertSame(p, sequential(text));
        assertThat(p.errors()).singleElement().satisfies(e -> {
            assertThat(e.message()).contains("duplicate object").endsWith("already defined at w.yaml:" + (lineOf(text, "name: svc-3\n") - 3) + ":1");
            assertThat(e.object()).isEqualTo("Service team-3/svc-3");
        });
    }

    @Test
    void aMarkerLineInsideAQuotedScalarIsTheSameSyntaxErrorAsWhenReadWhole() {
        String text = stream(3200, i -> i == 1200
                ? service(i).replace("note: \"padding", "note: \"two\n---\nlines padding")
                : service(i));
        LoadResult p = inChunks(text);
        LoadResult s = sequential(text);
        assertThat(s.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("document separator"));
        assertSame(p, s);
    }

    @Test
    void aMarkerInsideAFlowListIsTheSameErrorAsWhenReadWhole() {
        String text = stream(3200, i -> i == 1200 ? service(i).replace("targetPort: 8080", "targetPort: [\n---\n]") : service(i));
        LoadResult s = sequential(text);
        assertThat(s.ok()).isFalse();
        assertSame(inChunks(text), s);
    }

    @Test
    void aliasesCountAcrossTheWholeStreamNotPerChunk() {
        Limits limits = new Limits(64 << 20, 64 << 20, 100, 3, 100_000);
        String aliased = """
                apiVersion: v1
                kind: Service
                metadata:
                  name: aliased-%d
                spec:
                  ports: &p
                  - port: 80
                  selector: {}
                  x: *p
                """;
        // Two aliases in each of two far-apart documents: within the bound per chunk, beyond it for the stream.
        String text = stream(3200, i -> i == 100 || i == 3100 ? aliased.formatted(i).replace("x: *p", "x: *p\n  y: *p") : service(i));
        assertThat(YamlChunks.split(text)).hasSizeGreaterThanOrEqualTo(3);
        LoadResult s = ManifestLoader.parse("w.yaml", text, "default", limits);
        LoadResult p = ManifestLoader.parse("w.yaml", text, "default", limits, pool);
        assertThat(s.errors()).anySatisfy(e -> assertThat(e.message()).contains("aliases"));
        assertSame(p, s);
    }

    @Test
    void aRootBlockScalarAtIndentZeroKeepsTheStreamWhole() {
        String text = stream(3200, i -> i == 1200 ? "|1\nroot text\n" : service(i));
        assertThat(YamlChunks.split(text)).hasSize(1);
        assertSame(inChunks(text), sequential(text));
    }

    @Test
    void aChunkThatFindsTheStreamUncuttableMakesItBeReadWhole() {
        // Each chunk asks on its own thread whether the stream may be cut: a carriage return or a block scalar header
        // of indent one in a late chunk only is enough to read the stream whole, with snakeyaml's line count.
        String crlf = stream(3200, i -> i == 3000 ? service(i).replace("\n", "\r\n") + "bad: [\r\n" : service(i));
        String header = stream(3200, i -> i == 2900 ? "|1\nroot text\n" : service(i));
        for (String text : List.of(crlf, header)) {
            assertThat(YamlChunks.cut(text)).hasSizeGreaterThanOrEqualTo(3);
            assertSame(inChunks(text), sequential(text));
        }
        assertThat(sequential(crlf).errors()).as("the error's line is counted with the carriage returns").isNotEmpty();
    }

    @Test
    void aSequentialExecutorReadsTheStreamWhole() {
        String text = stream(1000, ManifestLoaderChunksTest::service);
        assertSame(ManifestLoader.parse("w.yaml", text, "default", Parallel.SEQUENTIAL), sequential(text));
    }
}
