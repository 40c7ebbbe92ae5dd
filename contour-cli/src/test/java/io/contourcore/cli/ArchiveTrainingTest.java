package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training a listing child runs after the user's command, for {@code java -jar}'s class-data archive. */
class ArchiveTrainingTest {

    @TempDir
    Path dir;

    @Test
    void theTrainingRendersASmallAndATlsHeavyWorkloadIntoItsDirectoryAndPrintsNothing() throws Exception {
        Path training = dir.resolve("contour-0123.jsa.tmp.training");
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(printed, true, "UTF-8")) {
            System.setOut(capture);
            System.setErr(capture);
            ArchiveTraining.afterCommand(0, training.toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(printed.toString("UTF-8")).isEmpty();
        assertThat(training.resolve("small.out")).isNotEmptyFile();
        assertThat(Files.readString(training.resolve("tls.yaml"))).contains("kubernetes.io/tls");
        assertThat(Files.readString(training.resolve("tls.out"))).contains("transport_socket");
    }

    @Test
    void aFailedCommandOrAJvmThatListsNothingIsNotTrained() {
        Path training = dir.resolve("training");
        ArchiveTraining.afterCommand(1, training.toString());
        ArchiveTraining.afterCommand(0, null);
        ArchiveTraining.afterCommand(0, "");
        assertThat(training).doesNotExist();
    }

    @Test
    void aDirectoryThatCannotBeMadeEndsTheTrainingQuietly() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "in the way");
        ArchiveTraining.run(file.resolve("training"));
        assertThat(file).hasContent("in the way");
    }
}
