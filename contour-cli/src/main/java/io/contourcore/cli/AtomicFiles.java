package io.contourcore.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a whole file or nothing: the text goes to a temporary file beside the target, which is then renamed over
 * it, so a reader (or an Envoy watching the file) never sees half a config. The file keeps the mode of the file it
 * replaces, or gets 0644 as a shell redirect (with the usual umask) would; the directory must exist already, as for
 * {@code > FILE}: creating directories nobody asked for hides a typo in the path.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("envoy.yaml"), text);
 * }</pre>
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");

    public static void write(Path target, String text) throws IOException {
        stage(target, text).commit();
    }

    /**
     * The text written to a temporary file beside {@code target}, whose directory must exist, ready to be put in
     * place by {@link Staged#commit()} or dropped by {@link Staged#discard()}; on failure nothing is left behind.
     * Lets a command write while it is still deciding whether the output is good.
     */
    static Staged stage(Path target, String text) throws IOException {
        return stage(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /** Writes the contents of a file it is given (created empty, truncated by the writer if it opens it anew). */
    @FunctionalInterface
    interface Contents {
        void writeTo(Path file) throws IOException;
    }

    /**
     * As {@link #stage(Path, String)} with the text written by {@code contents} straight into the temporary file, so
     * a large output need not be held in memory as one string first.
     */
    static Staged stage(Path target, Contents contents) throws IOException {
        Path abs = target.toAbsolutePath();
        if (!Files.isDirectory(abs.getParent())) {
            throw new NoSuchFileException(abs.getParent().toString(), null, "no such directory");
        }
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".tmp");
        try {
            contents.writeTo(tmp);
            if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                // createTempFile makes the file 0600; the output is meant to be read (by Envoy, by CI) like any file.
                Files.setPosixFilePermissions(tmp, Files.exists(abs) ? Files.getPosixFilePermissions(abs) : NEW_FILE);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return new Staged(tmp, abs);
    }

    /** A written temporary file and where it goes. */
    record Staged(Path tmp, Path target) {

        /** Renames the file over the target (atomically where the file system can). */
        void commit() throws IOException {
            try {
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }

        /** Removes the temporary file; the target is untouched. */
        void discard() {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a stray hidden temporary file is all that is left; the target was never touched
            }
        }
    }
}
