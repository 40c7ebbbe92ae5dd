package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output files behave as a shell redirect would: readable by others when new, the old mode kept, no directories made. */
class AtomicFilesTest {

    @TempDir
    Path tmp;

    private void assumePosix() throws IOException {
        assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class),
                "the file system has no POSIX modes");
    }

    @Test
    void aNewFileIsReadableByEveryoneAndWritableByItsOwner() throws IOException {
        assumePosix();
        Path out = tmp.resolve("envoy.yaml");
        AtomicFiles.write(out, "a: 1\n");
        assertThat(Files.readString(out)).isEqualTo("a: 1\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-r--r--");
    }

    @Test
    void aReplacedFileKeepsItsMode() throws IOException {
        assumePosix();
        Path out = Files.writeString(tmp.resolve("envoy.yaml"), "old\n");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFiles.write(out, "new\n");
        assertThat(Files.readString(out)).isEqualTo("new\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-r-----");
    }

    @Test
    void aMissingDirectoryIsAnErrorAndNothingIsCreated() {
        Path out = tmp.resolve("typo").resolve("envoy.yaml");
        assertThatThrownBy(() -> AtomicFiles.write(out, "a: 1\n")).isInstanceOf(NoSuchFileException.class);
        assertThat(tmp.resolve("typo")).doesNotExist();
    }
}
