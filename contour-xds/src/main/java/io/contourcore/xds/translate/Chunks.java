package io.contourcore.xds.translate;

import io.contourcore.model.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A pure function over a long list in chunks, each chunk a task: the results in the list's order, as a loop gives
 * them. The translators run at the same time, one task each, and the longest (the route translator; the listener
 * translator's filter chains when every host has TLS) left one thread with nothing to do while it finished; in
 * chunks, the other thread takes part of it.
 */
final class Chunks {

    /** Items per task: large enough that a task's cost is far above handing it over. */
    static final int SIZE = 64;

    private Chunks() {}

    static <T, R> List<R> map(List<T> items, Function<? super T, ? extends R> f, Executor executor) {
        if (!Parallel.isParallel(executor) || items.size() <= SIZE) {
            List<R> out = new ArrayList<>(items.size());
            for (T t : items) {
                out.add(f.apply(t));
            }
            return out;
        }
        List<Supplier<List<R>>> tasks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += SIZE) {
            List<T> chunk = items.subList(from, Math.min(items.size(), from + SIZE));
            tasks.add(() -> {
                List<R> out = new ArrayList<>(chunk.size());
                for (T t : chunk) {
                    out.add(f.apply(t));
                }
                return out;
            });
        }
        List<R> out = new ArrayList<>(items.size());
        for (List<R> part : Parallel.all(executor, tasks)) {
            out.addAll(part);
        }
        return out;
    }
}
