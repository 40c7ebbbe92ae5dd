package io.contourcore.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void resultsComeInTaskOrderWhateverFinishesFirst() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Supplier<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                tasks.add(() -> {
                    try {
                        Thread.sleep((20 - n) % 4);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return n;
                });
            }
            assertThat(Parallel.all(pool, tasks)).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, 20).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theFirstFailureInTaskOrderIsThrown() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Supplier<String>> tasks = List.of(
                    () -> "ok",
                    () -> { throw new IllegalStateException("second"); },
                    () -> { throw new IllegalArgumentException("third"); });
            assertThatThrownBy(() -> Parallel.all(pool, tasks)).isInstanceOf(IllegalStateException.class).hasMessage("second");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExecutorThatRefusesWorkLeavesItAllToTheCaller() {
        List<Supplier<String>> tasks = List.of(() -> "a", () -> "b", () -> "c");
        assertThat(Parallel.all(r -> { throw new RejectedExecutionException("full"); }, tasks)).containsExactly("a", "b", "c");
    }

    @Test
    void theSequentialExecutorRunsOnTheCallingThread() {
        Thread caller = Thread.currentThread();
        assertThat(Parallel.all(Parallel.SEQUENTIAL, List.<Supplier<Boolean>>of(
                () -> Thread.currentThread() == caller, () -> Thread.currentThread() == caller))).containsExactly(true, true);
        assertThat(Parallel.isParallel(Parallel.SEQUENTIAL)).isFalse();
    }

    @Test
    void tasksOfDifferentTypesEachAnswerTheirOwnResultAfterARun() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Parallel.Task<List<String>> names = Parallel.task(() -> List.of("a", "b"));
            Parallel.Task<Integer> count = Parallel.task(() -> 42);
            Parallel.Task<Boolean> flag = Parallel.task(() -> true);
            Parallel.run(pool, List.of(names, count, flag));
            assertThat(names.result()).containsExactly("a", "b");
            assertThat(count.result()).isEqualTo(42);
            assertThat(flag.result()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTaskHasNoResultBeforeItRunsAndRunsOnlyOnce() {
        Parallel.Task<String> t = Parallel.task(() -> "done");
        assertThatThrownBy(t::result).isInstanceOf(IllegalStateException.class).hasMessage("the task has not run");
        Parallel.run(Parallel.SEQUENTIAL, List.of(t));
        assertThat(t.result()).isEqualTo("done");
        assertThatThrownBy(() -> Parallel.run(Parallel.SEQUENTIAL, List.of(t))).isInstanceOf(IllegalStateException.class)
                .hasMessage("a task runs once");
    }

    @Test
    void aFailingTaskFailsTheRunAsAllDoes() {
        Parallel.Task<String> ok = Parallel.task(() -> "ok");
        Parallel.Task<String> bad = Parallel.task(() -> { throw new IllegalArgumentException("bad"); });
        assertThatThrownBy(() -> Parallel.run(Parallel.SEQUENTIAL, List.of(ok, bad))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad");
    }
}
