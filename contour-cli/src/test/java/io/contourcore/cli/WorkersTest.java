package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.contourcore.model.Parallel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkersTest {

    @Test
    void aWaitingCallerRunsANestedRunsQueuedTaskThatTheBusyWorkerCannotReach() {
        // One worker beside the caller. The worker takes the outer run's second task, which starts a nested run whose
        // first task waits for its second; the worker is busy with the first, so only the caller, done with its own
        // task and waiting, can run the second. A caller that only blocked would wait forever.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Workers w = Workers.of(2)) {
                CountDownLatch secondRan = new CountDownLatch(1);
                Supplier<String> nested = () -> String.join("+", Parallel.all(w.executor(), List.<Supplier<String>>of(
                        () -> {
                            try {
                                return secondRan.await(15, TimeUnit.SECONDS) ? "first" : "timed out";
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        () -> {
                            secondRan.countDown();
                            return "second";
                        })));
                assertThat(Parallel.all(w.executor(), List.of(() -> "outer", nested)))
                        .containsExactly("outer", "first+second");
            }
        });
    }

    @Test
    void manyNestedRunsGiveTheirResultsInTaskOrder() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Workers w = Workers.of(3)) {
                List<Supplier<List<Integer>>> outer = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    int base = i * 10;
                    outer.add(() -> Parallel.all(w.executor(), IntStream.range(0, 10)
                            .<Supplier<Integer>>mapToObj(k -> () -> base + k).toList()));
                }
                List<Integer> flat = Parallel.all(w.executor(), outer).stream().flatMap(List::stream).toList();
                assertThat(flat).containsExactlyElementsOf(IntStream.range(0, 500).boxed().toList());
            }
        });
    }

    @Test
    void oneThreadIsSequentialAndClosedWorkersRefuseWork() {
        try (Workers one = Workers.of(1)) {
            assertThat(one.executor()).isSameAs(Parallel.SEQUENTIAL);
        }
        Workers two = Workers.of(2);
        two.close();
        assertThatThrownBy(() -> two.executor().execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        // Parallel then leaves the work to the caller.
        assertThat(Parallel.all(two.executor(), List.<Supplier<String>>of(() -> "a", () -> "b"))).containsExactly("a", "b");
    }
}
