package io.contourcore.serve;

import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.controlplane.cache.AbstractWatch;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * java-control-plane's cache answers a NACK at once with the version the client just refused (a state-of-the-world
 * NACK carries the last accepted version, which differs from the snapshot's; a delta NACK leaves the refused
 * resources pending), so a client that cannot take a config is sent it again in a tight loop. This watcher parks a
 * NACK of the current version instead, and hands it to the cache when a newer snapshot is published, so the next
 * good version goes out normally.
 */
final class NackAwareWatcher implements ConfigWatcher {

    private record Parked(AbstractWatch<?, ?> outer, ResourceType type, String nackedVersion,
                          Supplier<AbstractWatch<?, ?>> create) {
    }

    private final SimpleCache<String> cache;
    private final String group;
    private final StreamTracker tracker;
    private final List<Parked> parked = new ArrayList<>();

    NackAwareWatcher(SimpleCache<String> cache, String group, StreamTracker tracker) {
        this.cache = cache;
        this.group = group;
        this.tracker = tracker;
    }

    @Override
    public Watch createWatch(boolean ads, XdsRequest request, Set<String> knownResourceNames,
                             Consumer<Response> responseConsumer, boolean hasClusterChanged,
                             boolean allowDefaultEmptyEdsUpdate) {
        if (request.hasErrorDetail()) {
            Long stream = tracker.currentStream();
            String nacked = stream == null ? null : tracker.nackedVersion(stream, request.getTypeUrl());
            if (isCurrent(request.getResourceType(), nacked)) {
                Watch outer = new Watch(ads, allowDefaultEmptyEdsUpdate, request, responseConsumer);
                park(new Parked(outer, request.getResourceType(), nacked, () -> cache.createWatch(ads, request,
                        knownResourceNames, responseConsumer, false, allowDefaultEmptyEdsUpdate)));
                return outer;
            }
        }
        return cache.createWatch(ads, request, knownResourceNames, responseConsumer, hasClusterChanged,
                allowDefaultEmptyEdsUpdate);
    }

    @Override
    public DeltaWatch createDeltaWatch(DeltaXdsRequest request, String requesterVersion,
                                       Map<String, String> resourceVersions, Set<String> pendingResources,
                                       boolean isWildcard, Consumer<DeltaResponse> responseConsumer,
                                       boolean hasClusterChanged) {
        // On a delta stream the requester version is the last version sent, which is the one refused.
        if (request.hasErrorDetail() && isCurrent(request.getResourceType(), requesterVersion)) {
            DeltaWatch outer = new DeltaWatch(request, Map.copyOf(resourceVersions), Set.copyOf(pendingResources),
                    requesterVersion, isWildcard, responseConsumer);
            park(new Parked(outer, request.getResourceType(), requesterVersion, () -> cache.createDeltaWatch(request,
                    requesterVersion, resourceVersions, pendingResources, isWildcard, responseConsumer, false)));
            return outer;
        }
        return cache.createDeltaWatch(request, requesterVersion, resourceVersions, pendingResources, isWildcard,
                responseConsumer, hasClusterChanged);
    }

    private boolean isCurrent(ResourceType type, String version) {
        Snapshot s = cache.getSnapshot(group);
        return type != null && version != null && s != null && version.equals(s.version(type));
    }

    private void park(Parked p) {
        synchronized (parked) {
            parked.add(p);
        }
        p.outer().setStop(() -> {
            synchronized (parked) {
                parked.remove(p);
            }
        });
        // A snapshot published between the version check and parking would otherwise leave this NACK waiting for
        // the one after it.
        Snapshot now = cache.getSnapshot(group);
        if (!p.nackedVersion().equals(now.version(p.type()))) {
            snapshotPublished(now);
        }
    }

    /** Hands parked NACKs whose type has a new version to the cache, which answers them with it. */
    void snapshotPublished(Snapshot snapshot) {
        List<Parked> ready = new ArrayList<>();
        synchronized (parked) {
            for (Iterator<Parked> it = parked.iterator(); it.hasNext(); ) {
                Parked p = it.next();
                if (!p.nackedVersion().equals(snapshot.version(p.type()))) {
                    it.remove();
                    ready.add(p);
                }
            }
        }
        for (Parked p : ready) {
            if (p.outer().isCancelled()) {
                continue;
            }
            AbstractWatch<?, ?> inner = p.create().get();
            p.outer().setStop(inner::cancel);
            if (p.outer().isCancelled()) {
                inner.cancel();
            }
        }
    }

    int parkedCount() {
        synchronized (parked) {
            return parked.size();
        }
    }
}
