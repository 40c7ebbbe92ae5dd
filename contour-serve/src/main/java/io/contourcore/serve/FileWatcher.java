package io.contourcore.serve;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches input files and directories and calls back with the set of files whose content changed, debounced like
 * upstream's holdoff: 100 ms after the last change, forced at most 500 ms after the first. Changes are found by
 * content hash (following symlinks), so editor swap files ({@code .swp}, {@code ~}, {@code .#*}, {@code 4913}),
 * atomic renames and Kubernetes ConfigMap {@code ..data} symlink swaps each give one callback with the real files,
 * and a no-op write gives none. When the callback throws, the problem is logged and counted
 * ({@code contour_reload_failures_total}); whatever was serving keeps serving.
 *
 * <pre>{@code
 * try (FileWatcher w = FileWatcher.start(List.of(Path.of("config")), true, changed -> {
 *         xds.update(engine.render(load(inputs)));  // may throw: the last good snapshot keeps serving
 *     }, metrics)) {
 *     ...
 * }
 * }</pre>
 */
public final class FileWatcher implements AutoCloseable {

    /** Upstream's holdoff delay: quiet time after the last change. */
    public static final Duration HOLDOFF_DELAY = Duration.ofMillis(100);
    /** Upstream's holdoff maximum: a steady stream of changes is still acted on this long after it began. */
    public static final Duration HOLDOFF_MAX_DELAY = Duration.ofMillis(500);
    /** How recent a modification time is too recent to trust as a stamp (see {@link #hash}). */
    static final Duration RACY = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);

    /** What to do with changed files: typically load, render and publish. */
    @FunctionalInterface
    public interface Listener {
        /** Called on the watcher's thread with the files added, changed or removed (absolute, sorted). */
        void changed(Set<Path> changed) throws Exception;
    }

    /** Time and delayed execution, injectable so tests run on a manual clock. */
    interface Scheduler extends AutoCloseable {
        long nanoTime();

        /** Runs {@code task} after {@code delay}; all tasks run one at a time. */
        Runnable schedule(Runnable task, Duration delay);

        /** Runs {@code task} as soon as possible, in order with scheduled tasks. */
        void execute(Runnable task);

        @Override
        void close();
    }

    private final List<Path> roots;
    private final boolean recursive;
    private final Listener listener;
    private final Metrics metrics;
    private final Scheduler scheduler;
    private final WatchService watchService;
    private final Map<WatchKey, Path> keys = new HashMap<>();
    private final Thread eventThread;
    private Map<Path, String> hashes;
    /** What each file's hash was computed from; a scan reads again only files whose stamp changed. */
    private Map<Path, Stamp> stamps = new HashMap<>();
    private long filesRead;
    private long firstEventNanos = -1;
    private Runnable cancelPending;
    private volatile boolean closed;

    FileWatcher(List<Path> roots, boolean recursive, Listener listener, Metrics metrics, Scheduler scheduler,
                boolean watchEvents) throws IOException {
        this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.recursive = recursive;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.scheduler = scheduler;
        for (Path r : this.roots) {
            if (!Files.exists(r)) {
                throw new NoSuchFileException(r.toString(), null, "cannot watch a path that does not exist");
            }
        }
        this.watchService = watchEvents ? FileSystems.getDefault().newWatchService() : null;
        this.hashes = scan();
        if (watchService != null) {
            eventThread = new Thread(this::pumpEvents, "contour-file-watcher-events");
            eventThread.setDaemon(true);
            eventThread.start();
        } else {
            eventThread = null;
        }
    }

    /**
     * Starts watching {@code paths} (files, or directories; their subdirectories too when {@code recursive}) with
     * the real clock. The current content is the baseline: the first callback comes with the first change.
     */
    public static FileWatcher start(List<Path> paths, boolean recursive, Listener listener, Metrics metrics)
            throws IOException {
        return new FileWatcher(paths, recursive, listener, metrics, new RealScheduler(), true);
    }

    /** Whether a file name is an editor's temporary, swap or probe file, never a real input. */
    static boolean ignored(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".swp") || n.endsWith(".swx") || n.endsWith(".swpx") || n.endsWith("~")
                || n.startsWith(".#") || n.equals("4913") || n.startsWith("..");
    }

    // ---- events and holdoff (all on the scheduler's thread) ----

    private void pumpEvents() {
        while (!closed) {
            WatchKey key;
            try {
                key = watchService.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            boolean relevant = false;
            for (var event : key.pollEvents()) {
                if (event.kind() == OVERFLOW) {
                    relevant = true;
                } else if (event.context() instanceof Path name) {
                    // ConfigMap internals ("..data", "..2024_...") matter: their swap changes what files point at.
                    String n = name.getFileName().toString();
                    relevant |= n.startsWith("..") || !ignored(name);
                }
            }
            key.reset();
            if (relevant) {
                scheduler.execute(this::changeSeen);
            }
        }
    }

    /** A change was noticed: (re)arm the holdoff timer. */
    void changeSeen() {
        if (closed) {
            return;
        }
        long now = scheduler.nanoTime();
        if (firstEventNanos < 0) {
            firstEventNanos = now;
        }
        long maxLeft = firstEventNanos + HOLDOFF_MAX_DELAY.toNanos() - now;
        long delay = Math.max(0, Math.min(HOLDOFF_DELAY.toNanos(), maxLeft));
        if (cancelPending != null) {
            cancelPending.run();
        }
        cancelPending = scheduler.schedule(this::holdoffExpired, Duration.ofNanos(delay));
    }

    private void holdoffExpired() {
        cancelPending = null;
        firstEventNanos = -1;
        if (closed) {
            return;
        }
        Map<Path, String> now;
        try {
            now = scan();
        } catch (IOException | RuntimeException e) {
            failed("cannot read watched files", e);
            return;
        }
        Set<Path> changed = new TreeSet<>();
        for (Map.Entry<Path, String> e : now.entrySet()) {
            if (!e.getValue().equals(hashes.get(e.getKey()))) {
                changed.add(e.getKey());
            }
        }
        for (Path p : hashes.keySet()) {
            if (!now.containsKey(p)) {
                changed.add(p);
            }
        }
        hashes = now;
        if (changed.isEmpty()) {
            return;
        }
        LOG.info("watched files changed: {}", changed);
        try {
            listener.changed(Set.copyOf(changed));
        } catch (Exception e) {
            failed("reload failed; the last good configuration keeps serving", e);
        }
    }

    private void failed(String what, Exception e) {
        metrics.increment(Metrics.RELOAD_FAILURES_TOTAL, Map.of());
        LOG.error("{}: {}", what, e.getMessage() == null ? e.toString() : e.getMessage());
        LOG.debug("reload failure", e);
    }

    // ---- scanning ----

    private Map<Path, String> scan() throws IOException {
        Map<Path, String> out = new HashMap<>();
        Map<Path, Stamp> seen = new HashMap<>();
        Set<Path> dirs = new HashSet<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                walk(root, out, seen, dirs);
            } else {
                dirs.add(root.getParent());
                hash(root, out, seen);
            }
        }
        stamps = seen;
        if (watchService != null) {
            for (Path d : dirs) {
                if (!keys.containsValue(d)) {
                    keys.put(d.register(watchService, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY), d);
                }
            }
        }
        return out;
    }

    private void walk(Path dir, Map<Path, String> out, Map<Path, Stamp> seen, Set<Path> dirs) throws IOException {
        dirs.add(dir);
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        } catch (NoSuchFileException e) {
            return;
        }
        for (Path p : entries) {
            if (ignored(p)) {
                continue;
            }
            if (Files.isDirectory(p)) {
                if (recursive) {
                    walk(p, out, seen, dirs);
                }
            } else {
                hash(p, out, seen);
            }
        }
    }

    /**
     * Puts {@code file}'s content hash in {@code out}. A file whose size, modification time and identity (inode,
     * which an atomic rename or a ConfigMap symlink swap changes) are those of the last scan keeps its hash unread:
     * at 10k objects reading and hashing every file on each change cost tens of milliseconds before the rebuild
     * could start. A file modified less than {@link #RACY} before it was read is read again next time, since a
     * second write within the file system's timestamp granularity could leave size and time unchanged.
     */
    private void hash(Path file, Map<Path, String> out, Map<Path, Stamp> seen) throws IOException {
        BasicFileAttributes attributes;
        byte[] bytes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Stamp was = stamps.get(file);
            if (was != null && was.sameFile(attributes)) {
                out.put(file, was.hash());
                seen.put(file, was);
                return;
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            // Gone between listing and reading (an atomic rename in progress, or a dangling symlink): absent.
            return;
        }
        filesRead++;
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
        out.put(file, hash);
        long modified = attributes.lastModifiedTime().toMillis();
        boolean racy = System.currentTimeMillis() - modified < RACY.toMillis();
        seen.put(file, new Stamp(attributes.fileKey(), attributes.size(), modified, racy, hash));
    }

    /** How many files scans have read and hashed (the rest kept their hash by stamp); for tests. */
    long filesRead() {
        return filesRead;
    }

    /** A file's identity, size and modification time when its hash was computed. */
    private record Stamp(Object fileKey, long size, long modifiedMillis, boolean racy, String hash) {
        boolean sameFile(BasicFileAttributes a) {
            return !racy && size == a.size() && modifiedMillis == a.lastModifiedTime().toMillis()
                    && Objects.equals(fileKey, a.fileKey());
        }
    }

    @Override
    public void close() {
        closed = true;
        if (watchService != null) {
            try {
                watchService.close();
            } catch (IOException e) {
                LOG.debug("closing watch service", e);
            }
        }
        if (eventThread != null) {
            eventThread.interrupt();
        }
        scheduler.close();
    }

    /** The real clock: one daemon thread runs the holdoff timer, the scans and the callbacks. */
    static final class RealScheduler implements Scheduler {
        private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "contour-file-watcher");
            t.setDaemon(true);
            return t;
        });

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Runnable schedule(Runnable task, Duration delay) {
            ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        }

        @Override
        public void execute(Runnable task) {
            executor.execute(task);
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }
}
