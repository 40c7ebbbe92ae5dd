package io.contourcore.dag.build;

import io.contourcore.model.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the shared test certificates under testdata/certs. */
final class TestCerts {
    private TestCerts() {}

    static Path dir() {
        Path p = Path.of(System.getProperty("contour.root", "..")).resolve("testdata/certs");
        return Files.isDirectory(p) ? p : Path.of("../testdata/certs");
    }

    static Bytes read(String name) {
        try {
            return Bytes.of(Files.readAllBytes(dir().resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
