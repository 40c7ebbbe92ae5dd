package io.contourcore.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SendBudgetTest {

    private final AtomicLong now = new AtomicLong();
    private final SendBudget budget = new SendBudget(100, TimeUnit.SECONDS.toNanos(1), now::get);

    /** Runs {@code take} on a thread allowed to wait, as the server's send threads are. */
    private Thread sendThread(Object stream, long bytes) {
        Thread t = new Thread(() -> {
            SendBudget.mayWaitOnThisThread();
            budget.take(stream, bytes);
        }, "test-send");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void awaitWaiting(Thread t) throws InterruptedException {
        while (t.getState() != Thread.State.TIMED_WAITING && t.isAlive()) {
            Thread.sleep(1);
        }
    }

    @Test
    void aSendThatDoesNotFitWaitsUntilAnotherStreamsBytesHaveGoneOut() throws Exception {
        budget.take("a", 80);
        Thread b = sendThread("b", 40);
        awaitWaiting(b);
        assertThat(b.isAlive()).isTrue();
        assertThat(budget.inFlight()).isEqualTo(80);

        budget.release("a");
        b.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(b.isAlive()).isFalse();
        assertThat(budget.inFlight()).isEqualTo(40);
        assertThat(budget.waits()).isPositive();
    }

    @Test
    void aStreamThatHasNotDrainedForTheStaleTimeNoLongerHoldsUpOthers() throws Exception {
        budget.take("stalled", 100);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        Thread b = sendThread("b", 50);
        b.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(b.isAlive()).isFalse();
        assertThat(budget.inFlight()).isEqualTo(50);
        budget.release("stalled");
        assertThat(budget.inFlight()).isEqualTo(50);
    }

    @Test
    void aResponseLargerThanTheBudgetGoesWhenNothingElseIsInFlight() throws Exception {
        Thread big = sendThread("big", 1_000);
        big.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(big.isAlive()).isFalse();
        assertThat(budget.inFlight()).isEqualTo(1_000);
        assertThat(budget.waits()).isZero();
    }

    @Test
    void networkAndGrpcThreadsAreCountedButNeverWait() {
        budget.take("a", 100);
        budget.take("b", 100);
        assertThat(budget.inFlight()).isEqualTo(200);
        assertThat(budget.waits()).isZero();
        budget.release("a");
        budget.release("b");
        assertThat(budget.inFlight()).isZero();
    }

    @Test
    void aStreamsBytesAddUpUntilItDrains() {
        budget.take("a", 30);
        budget.take("a", 30);
        budget.take("b", 10);
        budget.release("a");
        assertThat(budget.inFlight()).isEqualTo(10);
    }

    @Test
    void theResponsePoolsChunksHoldTheWholeSendBudgetSoAChangeDoesNotEmptyAndFreeThem() {
        // A chunk smaller than what a change keeps in flight fills and empties within the change, and netty frees it:
        // the next change allocates and zeroes it again (a page fault per 4 KiB).
        assertThat((long) XdsServer.RESPONSE_BUFFERS.metric().chunkSize()).isEqualTo(XdsServer.SEND_BUDGET_BYTES);
    }
}
