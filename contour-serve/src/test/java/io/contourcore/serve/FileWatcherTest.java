package io.contourcore.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWatcherTest {

    /** A manual clock: tasks run only when the test advances time. */
    static final class ManualScheduler implements FileWatcher.Scheduler {
        private record Task(long at, long seq, Runnable run, boolean[] cancelled) {
        }

        private long now;
        private long seq;
        private final PriorityQueue<Task> tasks = new PriorityQueue<>(
                (a, b) -> a.at() != b.at() ? Long.compare(a.at(), b.at()) : Long.compare(a.seq(), b.seq()));

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public Runnable schedule(Runnable task, Duration delay) {
            boolean[] cancelled = {false};
            tasks.add(new Task(now + delay.toNanos(), seq++, task, cancelled));
            return () -> cancelled[0] = true;
        }

        @Override
        public void execute(Runnable task) {
            schedule(task, Duration.ZERO);
        }

        void advance(Duration d) {
            long until = now + d.toNanos();
            while (!tasks.isEmpty() && tasks.peek().at() <= until) {
                Task t = tasks.poll();
                now = Math.max(now, t.at());
                if (!t.cancelled()[0]) {
                    t.run().run();
                }
            }
            now = until;
        }

        @Override
        public void close() {
        }
    }

    @TempDir
    Path dir;

    private final Metrics metrics = new Metrics();
    private final ManualScheduler clock = new ManualScheduler();
    private final List<Set<Path>> calls = new CopyOnWriteArrayList<>();
    private final List<FileWatcher> watchers = new ArrayList<>();

    @AfterEach
    void close() {
        watchers.forEach(FileWatcher::close);
    }

    private FileWatcher manual(FileWatcher.Listener listener, Path... roots) throws IOException {
        FileWatcher w = new FileWatcher(List.of(roots), true, listener, metrics, clock, false);
        watchers.add(w);
        return w;
    }

    private FileWatcher manual(Path... roots) throws IOException {
        return manual(calls::add, roots);
    }

    /** Reports a change as the event thread would, then lets the holdoff expire. */
    private void changeAndSettle(FileWatcher w) {
        w.changeSeen();
        clock.advance(FileWatcher.HOLDOFF_DELAY);
    }

    @Test
    void anEditIsReportedOnceTheHoldoffExpires() throws Exception {
        Path f = Files.writeString(dir.resolve("proxy.yaml"), "a: 1\n");
        FileWatcher w = manual(dir);
        Files.writeString(f, "a: 2\n");
        w.changeSeen();
        clock.advance(Duration.ofMillis(99));
        assertThat(calls).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(calls).containsExactly(Set.of(f.toAbsolutePath()));
    }

    @Test
    void aSteadyStreamOfChangesIsActedOnAfterTheMaximumHoldoff() throws Exception {
        Path f = Files.writeString(dir.resolve("proxy.yaml"), "a: 0\n");
        FileWatcher w = manual(dir);
        for (int i = 1; i <= 5; i++) {
            Files.writeString(f, "a: " + i + "\n");
            w.changeSeen();
            clock.advance(Duration.ofMillis(90));
        }
        assertThat(calls).isEmpty();
        Files.writeString(f, "a: 6\n");
        w.changeSeen();
        clock.advance(Duration.ofMillis(50));
        assertThat(calls).hasSize(1);
    }

    @Test
    void rewritingTheSameContentDoesNotRebuild() throws Exception {
        Path f = Files.writeString(dir.resolve("proxy.yaml"), "a: 1\n");
        FileWatcher w = manual(dir);
        Files.writeString(f, "a: 1\n");
        changeAndSettle(w);
        assertThat(calls).isEmpty();
    }

    @Test
    void aScanReadsOnlyTheFilesWhoseSizeOrTimeChanged() throws Exception {
        FileTime old = FileTime.from(
                Instant.now().minus(Duration.ofHours(1)));
        Path a = Files.writeString(dir.resolve("a.yaml"), "a: 1\n");
        Path b = Files.writeString(dir.resolve("b.yaml"), "b: 1\n");
        Files.setLastModifiedTime(a, old);
        Files.setLastModifiedTime(b, old);
        FileWatcher w = manual(dir);
        long before = w.filesRead();
        Files.writeString(b, "b: 22\n");
        changeAndSettle(w);
        assertThat(calls).containsExactly(Set.of(b.toAbsolutePath()));
        assertThat(w.filesRead() - before).isEqualTo(1);
    }

    @Test
    void aSameSizeRewriteWithinTheTimestampGranularityIsStillNoticed() throws Exception {
        Path f = Files.writeString(dir.resolve("proxy.yaml"), "a: 1\n");
        FileTime recent = Files.getLastModifiedTime(f);
        FileWatcher w = manual(dir);
        Files.writeString(f, "a: 2\n");
        Files.setLastModifiedTime(f, recent);
        changeAndSettle(w);
        assertThat(calls).containsExactly(Set.of(f.toAbsolutePath()));
    }

    @Test
    void editorSwapAndProbeFilesAreIgnored() throws Exception {
        Files.writeString(dir.resolve("proxy.yaml"), "a: 1\n");
        FileWatcher w = manual(dir);
        Files.writeString(dir.resolve(".proxy.yaml.swp"), "swap");
        Files.writeString(dir.resolve("proxy.yaml~"), "backup");
        Files.writeString(dir.resolve(".#proxy.yaml"), "lock");
        Files.writeString(dir.resolve("4913"), "");
        changeAndSettle(w);
        assertThat(calls).isEmpty();
        assertThat(FileWatcher.ignored(Path.of("x.swp"))).isTrue();
        assertThat(FileWatcher.ignored(Path.of("x.yaml"))).isFalse();
    }

    @Test
    void anAtomicRenameOverTheFileIsOneChange() throws Exception {
        Path f = Files.writeString(dir.resolve("proxy.yaml"), "a: 1\n");
        FileWatcher w = manual(dir);
        Path tmp = Files.writeString(dir.resolve(".proxy.yaml.swx"), "a: 2\n");
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        changeAndSettle(w);
        assertThat(calls).containsExactly(Set.of(f.toAbsolutePath()));
    }

    @Test
    void aConfigMapDataSymlinkSwapReportsTheFilesWhoseContentChanged() throws Exception {
        // The kubelet layout: dir/..2024_1/{a,b}.yaml, dir/..data -> ..2024_1, dir/a.yaml -> ..data/a.yaml.
        Path v1 = Files.createDirectory(dir.resolve("..2024_1"));
        Files.writeString(v1.resolve("a.yaml"), "a: 1\n");
        Files.writeString(v1.resolve("b.yaml"), "b: 1\n");
        Files.createSymbolicLink(dir.resolve("..data"), Path.of("..2024_1"));
        Files.createSymbolicLink(dir.resolve("a.yaml"), Path.of("..data/a.yaml"));
        Files.createSymbolicLink(dir.resolve("b.yaml"), Path.of("..data/b.yaml"));
        FileWatcher w = manual(dir);

        Path v2 = Files.createDirectory(dir.resolve("..2024_2"));
        Files.writeString(v2.resolve("a.yaml"), "a: 2\n");
        Files.writeString(v2.resolve("b.yaml"), "b: 1\n");
        Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of("..2024_2"));
        Files.move(dir.resolve("..data_tmp"), dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        changeAndSettle(w);
        assertThat(calls).containsExactly(Set.of(dir.resolve("a.yaml").toAbsolutePath()));
    }

    @Test
    void aBrokenFileKeepsTheLastGoodValueAndIsCountedThenTheFixIsTaken() throws Exception {
        Path f = Files.writeString(dir.resolve("port"), "8080");
        AtomicReference<Integer> serving = new AtomicReference<>(8080);
        FileWatcher w = manual(changed -> serving.set(Integer.parseInt(Files.readString(f).trim())), f);

        Files.writeString(f, "80a0");
        changeAndSettle(w);
        assertThat(serving.get()).isEqualTo(8080);
        assertThat(metrics.value(Metrics.RELOAD_FAILURES_TOTAL, Map.of())).isEqualTo(1);

        Files.writeString(f, "9090");
        changeAndSettle(w);
        assertThat(serving.get()).isEqualTo(9090);
        assertThat(metrics.value(Metrics.RELOAD_FAILURES_TOTAL, Map.of())).isEqualTo(1);
    }

    @Test
    void subdirectoriesAreWatchedWhenRecursiveAndRemovalsAreChanges() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("team-a"));
        Path f = Files.writeString(sub.resolve("proxy.yaml"), "a: 1\n");
        FileWatcher w = manual(dir);
        Path g = Files.writeString(sub.resolve("svc.yaml"), "b: 1\n");
        Files.delete(f);
        changeAndSettle(w);
        assertThat(calls).containsExactly(Set.of(f.toAbsolutePath(), g.toAbsolutePath()));
    }

    @Test
    void theRealWatcherNoticesAnEditOnDisk() throws Exception {
        Path f = Files.writeString(dir.resolve("proxy.yaml"), "a: 1\n");
        try (FileWatcher w = FileWatcher.start(List.of(dir), true, calls::add, metrics)) {
            Files.writeString(f, "a: 2\n");
            SotwClient.await(() -> !calls.isEmpty(), "a callback from the real watcher");
            assertThat(calls.get(0)).containsExactly(f.toAbsolutePath());
        }
    }
}
