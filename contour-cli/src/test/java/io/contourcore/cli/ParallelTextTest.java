package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.cli.generate.Workload;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.ManifestLoader;
import io.contourcore.xds.Engine;
import io.contourcore.xds.XdsResources;
import io.contourcore.xds.render.XdsDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code --format xds} document made in pieces on the command's workers ({@code --threads 1}, {@code 2},
 * {@code 4}) is the text written whole, as a string and as a file, YAML and JSON, for generated workloads whose
 * HTTPS listener and {@code ingress_http} route configuration are large enough to be cut inside.
 */
class ParallelTextTest {

    @TempDir
    Path tmp;

    static List<Arguments> workloads() {
        return List.of(
                Arguments.of("generated 3,000 objects", Workload.forObjects(3000, 42).yaml()),
                Arguments.of("generated 6,000 objects, another seed", Workload.forObjects(6000, 7).yaml()),
                Arguments.of("TLS-heavy 2,000 objects", Workload.tlsHeavy(2000, 42).yaml()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void theDocumentMadeInPiecesOnAnyNumberOfThreadsIsTheDocumentMadeWhole(String name, String yaml) throws IOException {
        XdsResources xds = Engine.run(ManifestLoader.parse("w.yaml", yaml, "default").resources(), ContourConfig.DEFAULTS)
                .xds();
        for (XdsDocument.Encoding encoding : XdsDocument.Encoding.values()) {
            String whole = XdsDocument.text(xds, encoding);
            Path wholeFile = tmp.resolve("whole." + encoding);
            XdsDocument.write(xds, encoding, wholeFile);
            assertThat(Files.readString(wholeFile)).isEqualTo(whole);
            for (int threads : new int[] {1, 2, 4}) {
                try (Workers w = Workers.of(threads)) {
                    assertThat(XdsDocument.text(xds, encoding, w.executor()))
                            .as("%s with %d threads", encoding, threads).isEqualTo(whole);
                    Path file = tmp.resolve(threads + "." + encoding);
                    XdsDocument.write(xds, encoding, file, w.executor());
                    assertThat(Files.mismatch(file, wholeFile)).as("file, %s with %d threads", encoding, threads)
                            .isEqualTo(-1L);
                }
            }
        }
    }
}
