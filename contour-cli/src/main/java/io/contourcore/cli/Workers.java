package io.contourcore.cli;

import io.contourcore.model.Parallel;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

/**
 * The threads a command lends the library for one run: {@code threads - 1} daemon threads beside the command's own,
 * started only when work is first handed over, so a small input that never forks starts none.
 *
 * <pre>{@code
 * try (Workers w = Workers.of(Runtime.getRuntime().availableProcessors())) {
 *     Engine.run(resources, config, w.executor());
 * }
 * }</pre>
 *
 * <p>The executor is a {@link Parallel.Pool}: a thread waiting for its own tasks runs queued ones meanwhile. On two
 * cores that is what keeps both busy when one thread's run is waiting while the other's nested run has queued
 * tasks (the validator beside the document's pieces).
 */
final class Workers implements AutoCloseable {

    private final Pool pool;

    private Workers(Pool pool) {
        this.pool = pool;
    }

    /** Workers for {@code threads} threads in all (the caller's included); 1 or less means sequential. */
    static Workers of(int threads) {
        return new Workers(threads < 2 ? null : new Pool(threads - 1));
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

    /** One queue, taken from by the pool's threads and by any thread waiting in {@link #helpUntil}. */
    private static final class Pool implements Parallel.Pool {
        private final int size;
        private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        private int started;
        private boolean shutdown;

        Pool(int size) {
            this.size = size;
        }

        @Override
        public synchronized void execute(Runnable task) {
            if (shutdown) {
                throw new RejectedExecutionException("the command's workers are closed");
            }
            queue.add(task);
            if (started < size) {
                started++;
                Thread t = new Thread(this::work, "contour-worker-" + started);
                t.setDaemon(true); // never keeps the JVM from exiting, whatever a command does on its way out
                t.start();
            }
            notifyAll();
        }

        private void work() {
            while (true) {
                Runnable task;
                synchronized (this) {
                    while ((task = queue.poll()) == null) {
                        if (shutdown) {
                            return;
                        }
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                run(task);
            }
        }

        @Override
        public void helpUntil(BooleanSupplier finished) {
            boolean interrupted = false;
            while (true) {
                Runnable task;
                synchronized (this) {
                    while (true) {
                        if (finished.getAsBoolean()) {
                            if (interrupted) {
                                Thread.currentThread().interrupt();
                            }
                            return;
                        }
                        task = queue.poll();
                        if (task != null) {
                            break;
                        }
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            interrupted = true; // the tasks waited for must finish before their results are read
                        }
                    }
                }
                run(task);
            }
        }

        /** Runs a task, then wakes the waiting threads: the end of a task may be what one of them waits for. */
        private void run(Runnable task) {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // Parallel's tasks catch their own failures; another caller's failure must not end a worker.
                Thread.UncaughtExceptionHandler h = Thread.currentThread().getUncaughtExceptionHandler();
                h.uncaughtException(Thread.currentThread(), e);
            } finally {
                synchronized (this) {
                    notifyAll();
                }
            }
        }

        synchronized void shutdown() {
            shutdown = true;
            notifyAll();
        }
    }
}
