package io.contourcore.dag.kernel;

import io.contourcore.model.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the shared test certificates under testdata/certs. */
public final class TestCerts {
    private TestCerts() {}

    public static Path dir() {
        Path p = Path.of(System.getProperty("contour.root", "..")).resolve("testdata/certs");
        return Files.isDirectory(p) ? p : Path.of("../testdata/certs");
    }

    public static Bytes read(String name) {
        try {
            return Bytes.of(Files.readAllBytes(dir().resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
