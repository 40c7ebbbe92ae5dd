package io.contourcore.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs independent tasks on an executor the caller owns and answers their results in task order, so a parallel run
 * gives exactly what a sequential one gives. The library keeps no threads of its own: the CLI passes its executor,
 * everyone else gets {@link #SEQUENTIAL}.
 *
 * <pre>{@code
 * List<String> texts = Parallel.all(executor, List.of(() -> render(a), () -> render(b)));  // [render(a), render(b)]
 *
 * // Tasks of different result types: each keeps its own, typed.
 * Parallel.Task<List<Route>> routes = Parallel.task(() -> routes(dag));
 * Parallel.Task<Clusters> clusters = Parallel.task(() -> clusters(dag));
 * Parallel.run(executor, List.of(routes, clusters));
 * routes.result();
 * }</pre>
 *
 * <p>The calling thread works too, taking tasks in order alongside the executor's threads, so a busy or rejecting
 * executor only makes the run sequential, never stuck. When tasks throw, the exception of the first one in task
 * order is thrown, as a sequential loop would have. A caller whose own tasks are all taken waits; on a {@link Pool}
 * it runs whatever else is queued meanwhile (the tasks of a nested run, say), so no core idles while work is queued.
 */
public final class Parallel {

    /** Runs every task on the calling thread, one after another. */
    public static final Executor SEQUENTIAL = Runnable::run;

    private Parallel() {}

    /**
     * An executor whose queued work a waiting caller may run itself. A caller of {@link #all} whose tasks are all
     * taken would otherwise block while, say, a nested run's tasks sit in the queue behind a busy thread.
     */
    public interface Pool extends Executor {
        /**
         * Runs tasks handed to {@link #execute} and not yet started on the calling thread until {@code finished}
         * holds, waiting while none is queued. {@code finished} is asked again whenever one of the pool's tasks
         * ends, wherever it ran; an interrupt does not end the wait, and is kept for the caller.
         */
        void helpUntil(BooleanSupplier finished);
    }

    /** Whether {@code executor} can run anything beside the caller. */
    public static boolean isParallel(Executor executor) {
        return executor != null && executor != SEQUENTIAL;
    }

    /**
     * A task whose result keeps its type: hand it to {@link #run} with tasks of other result types, then read
     * {@link #result()}. Run once.
     */
    public static final class Task<T> {
        private final Supplier<? extends T> work;
        private T result;
        private boolean done;

        private Task(Supplier<? extends T> work) {
            this.work = Objects.requireNonNull(work, "work");
        }

        private boolean perform() {
            if (done) {
                throw new IllegalStateException("a task runs once");
            }
            result = work.get();
            done = true;
            return true;
        }

        /** Whether the task ran and answered (false before, or when it threw); read after {@link #run}. */
        public boolean hasResult() {
            return done;
        }

        /** What the task answered; {@link #run} must have returned first. */
        public T result() {
            if (!done) {
                throw new IllegalStateException("the task has not run");
            }
            return result;
        }
    }

    /** A task for {@link #run}. */
    public static <T> Task<T> task(Supplier<? extends T> work) {
        return new Task<>(work);
    }

    /**
     * Runs the tasks as {@link #all} does (the first failure in task order is thrown); each one's result is then
     * read from it. {@link #all}'s wait for every task is what makes each result visible to the caller.
     */
    public static void run(Executor executor, List<? extends Task<?>> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        List<Supplier<Boolean>> runs = new ArrayList<>(tasks.size());
        for (Task<?> t : tasks) {
            runs.add(t::perform);
        }
        all(executor, runs);
    }

    /** The tasks' results, in task order. */
    public static <T> List<T> all(Executor executor, List<? extends Supplier<? extends T>> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        int n = tasks.size();
        if (!isParallel(executor) || n < 2) {
            List<T> out = new ArrayList<>(n);
            for (Supplier<? extends T> t : tasks) {
                out.add(t.get());
            }
            return out;
        }
        Object[] results = new Object[n];
        Throwable[] failures = new Throwable[n];
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        // Each handed-over runnable claims one task, so a waiting caller that takes one from a Pool's queue returns
        // to its own work after one task, not after all that are left; the caller itself claims until none is left.
        Runnable one = () -> {
            int i = next.getAndIncrement();
            if (i < n) {
                perform(tasks, i, results, failures, done);
            }
        };
        for (int h = 0; h < n - 1; h++) {
            try {
                executor.execute(one);
            } catch (RejectedExecutionException e) {
                break; // the caller takes whatever is left
            }
        }
        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
            perform(tasks, i, results, failures, done);
        }
        if (executor instanceof Pool pool) {
            pool.helpUntil(() -> done.getCount() == 0);
        } else {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the tasks must finish before their results are read
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Throwable t = failures[i];
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error er) {
                throw er;
            }
            @SuppressWarnings("unchecked")
            T r = (T) results[i];
            out.add(r);
        }
        return out;
    }

    private static void perform(List<? extends Supplier<?>> tasks, int i, Object[] results, Throwable[] failures,
            CountDownLatch done) {
        try {
            results[i] = tasks.get(i).get();
        } catch (Throwable t) {
            failures[i] = t;
        } finally {
            done.countDown();
        }
    }
}
