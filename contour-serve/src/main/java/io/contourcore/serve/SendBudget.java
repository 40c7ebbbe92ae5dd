package io.contourcore.serve;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How many response bytes the xDS server has handed to gRPC that the network has not yet taken, across all streams.
 * Envoy opens 256 MiB HTTP/2 windows, so without a bound one change is copied into gRPC's buffers for every stream
 * at once (1,000 clients of a 335 KB route configuration: 335 MB of fresh direct memory, page faults and cache
 * misses on every change) while the sockets drain them over a second or more. With the bound, a send waits until
 * earlier responses have gone out, and the same few buffers are reused while they are still in the cache.
 *
 * <p>A stream's bytes count from {@link #take} until {@link #release} (gRPC reports the stream ready again, or it
 * ended). A stream that holds bytes for longer than the stale time (a client that stopped reading) no longer counts,
 * so it cannot hold up the others; a response larger than the whole budget goes when nothing else is in flight.
 *
 * <pre>{@code
 * SendBudget budget = new SendBudget(16 << 20, Duration.ofSeconds(1).toNanos(), System::nanoTime);
 * budget.take(call, response.getSerializedSize());   // may wait, on the send threads only
 * call.sendMessage(response);
 * ...                                                // later, when gRPC says the call is ready again:
 * budget.release(call);
 * }</pre>
 */
final class SendBudget {

    /** What one stream has in flight and since when. */
    private record Held(long bytes, long since) {
    }

    private static final ThreadLocal<Boolean> MAY_WAIT = ThreadLocal.withInitial(() -> false);

    private final long limit;
    private final long staleNanos;
    private final LongSupplier clock;
    private final Map<Object, Held> held = new HashMap<>();
    private long inFlight;
    private long waits;

    SendBudget(long limit, long staleNanos, LongSupplier clock) {
        if (limit <= 0 || staleNanos <= 0) {
            throw new IllegalArgumentException("limit and stale time must be positive: " + limit + ", " + staleNanos);
        }
        this.limit = limit;
        this.staleNanos = staleNanos;
        this.clock = clock;
    }

    /**
     * Marks the calling thread as one that may wait for the budget: only the server's own send threads do, never a
     * network or gRPC thread, whose progress is what frees the budget.
     */
    static void mayWaitOnThisThread() {
        MAY_WAIT.set(true);
    }

    /**
     * Counts {@code bytes} for {@code stream}; on a send thread first waits until they fit (or until every stream
     * holding the budget has been stale long enough not to count).
     */
    synchronized void take(Object stream, long bytes) {
        boolean mayWait = MAY_WAIT.get();
        while (!fits(bytes)) {
            long now = clock.getAsLong();
            long nextStale = forgetStale(now);
            if (fits(bytes) || !mayWait) {
                break;
            }
            waits++;
            try {
                long nanos = Math.max(1, nextStale - now);
                wait(nanos / 1_000_000, (int) (nanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Held was = held.get(stream);
        held.put(stream, was == null ? new Held(bytes, clock.getAsLong()) : new Held(was.bytes() + bytes, was.since()));
        inFlight += bytes;
    }

    /** The network has taken what {@code stream} was sent (or the stream ended): its bytes no longer count. */
    synchronized void release(Object stream) {
        Held h = held.remove(stream);
        if (h != null) {
            inFlight -= h.bytes();
            notifyAll();
        }
    }

    private boolean fits(long bytes) {
        return inFlight == 0 || inFlight + bytes <= limit;
    }

    /** Stops counting streams that have held bytes for the stale time; returns when the next one will be stale. */
    private long forgetStale(long now) {
        long next = Long.MAX_VALUE;
        var it = held.values().iterator();
        while (it.hasNext()) {
            Held h = it.next();
            if (now - h.since() >= staleNanos) {
                inFlight -= h.bytes();
                it.remove();
            } else {
                next = Math.min(next, h.since() + staleNanos);
            }
        }
        return next;
    }

    /** Bytes counted now. */
    synchronized long inFlight() {
        return inFlight;
    }

    /** How many times a send has waited; for tests and metrics. */
    synchronized long waits() {
        return waits;
    }
}
