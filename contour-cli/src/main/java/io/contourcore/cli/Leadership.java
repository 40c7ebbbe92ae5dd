package io.contourcore.cli;

import io.contourcore.serve.Metrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease through fabric8's {@link LeaderElector}, with upstream's
 * settings (controller-runtime's lease lock, released on shutdown). The callback hears {@code true} when this replica
 * starts leading and {@code false} the moment it stops; controller-runtime's
 * {@code leader_election_master_status{name}} gauge says which it is.
 *
 * <p>Upstream's process exits when it loses the lease; here every replica serves Envoys, so a replica that loses it
 * keeps serving xDS and stands for election again.
 *
 * <pre>{@code
 * try (Leadership l = Leadership.start(client, settings, metrics, writer::leading, err)) { ... }
 * }</pre>
 */
final class Leadership implements AutoCloseable {

    /** Upstream's flags: the Lease's name and namespace, its timings, and this replica's identity. */
    record Settings(String name, String namespace, Duration leaseDuration, Duration renewDeadline,
                    Duration retryPeriod, String identity) {
        Settings {
            if (name.isEmpty() || namespace.isEmpty() || identity.isEmpty()) {
                throw new IllegalArgumentException("the leader election Lease needs a name and a namespace");
            }
            // client-go's rules, which fabric8 also enforces, said here in upstream's words of the flags.
            if (leaseDuration.compareTo(renewDeadline) <= 0) {
                throw new IllegalArgumentException("--leader-election-lease-duration must be greater than "
                        + "--leader-election-renew-deadline");
            }
            if (renewDeadline.toMillis() <= retryPeriod.toMillis() * 1.2) {
                throw new IllegalArgumentException("--leader-election-renew-deadline must be greater than 1.2 x "
                        + "--leader-election-retry-period");
            }
        }
    }

    private final KubernetesClient client;
    private final Settings settings;
    private final Metrics metrics;
    private final Consumer<Boolean> onChange;
    private final PrintWriter err;
    private volatile boolean closed;
    private CompletableFuture<?> running;

    private Leadership(KubernetesClient client, Settings settings, Metrics metrics, Consumer<Boolean> onChange,
                       PrintWriter err) {
        this.client = client;
        this.settings = settings;
        this.metrics = metrics;
        this.onChange = onChange;
        this.err = err;
    }

    /** Stands for election; returns at once, the callback says when this replica leads. */
    static Leadership start(KubernetesClient client, Settings settings, Metrics metrics, Consumer<Boolean> onChange,
                            PrintWriter err) {
        Leadership l = new Leadership(client, settings, metrics, onChange, err);
        l.leading(false);
        l.stand();
        return l;
    }

    private synchronized void stand() {
        if (closed) {
            return;
        }
        LeaderElector elector = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(settings.name())
                .withLock(new LeaseLock(settings.namespace(), settings.name(), settings.identity()))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(
                        () -> {
                            leading(true);
                            say("contour: leading (Lease " + settings.namespace() + "/" + settings.name()
                                    + "): writing status");
                        },
                        () -> {
                            leading(false);
                            if (!closed) {
                                say("contour: lost the lease; serving xDS, no longer writing status");
                            }
                        },
                        leader -> { }))
                .build()).build();
        running = elector.start();
        // fabric8's elector ends when the lease is lost; stand again, as this replica may lead later.
        running.whenComplete((ok, failure) -> {
            if (!closed) {
                stand();
            }
        });
    }

    private void leading(boolean now) {
        metrics.set(Metrics.LEADER_ELECTION_MASTER_STATUS, Map.of("name", settings.name()), now ? 1 : 0);
        onChange.accept(now);
    }

    private void say(String line) {
        err.println(line);
        err.flush();
    }

    /** Stops standing; a leader releases the Lease so another replica takes over without waiting for it to expire. */
    @Override
    public synchronized void close() {
        closed = true;
        if (running != null) {
            running.cancel(true);
        }
        leading(false);
    }
}
