package io.contourcore.cli;

import io.contourcore.model.Parallel;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a command lends the library for one run: {@code threads - 1} daemon threads beside the command's own,
 * started only when work is first handed over, so a small input that never forks starts none.
 *
 * <pre>{@code
 * try (Workers w = Workers.of(Runtime.getRuntime().availableProcessors())) {
 *     Engine.run(resources, config, w.executor());
 * }
 * }</pre>
 */
final class Workers implements AutoCloseable {

    private final ExecutorService pool;

    private Workers(ExecutorService pool) {
        this.pool = pool;
    }

    /** Workers for {@code threads} threads in all (the caller's included); 1 or less means sequential. */
    static Workers of(int threads) {
        if (threads < 2) {
            return new Workers(null);
        }
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads - 1, threads - 1, 0L, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "contour-worker-" + n.incrementAndGet());
                    t.setDaemon(true); // never keeps the JVM from exiting, whatever a command does on its way out
                    return t;
                });
        return new Workers(pool);
    }

    /** Where the library may run independent work; {@link Parallel#SEQUENTIAL} when there is one thread. */
    Executor executor() {
        return pool == null ? Parallel.SEQUENTIAL : pool;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
