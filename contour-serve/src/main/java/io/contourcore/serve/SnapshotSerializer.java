package io.contourcore.serve;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.Resources.ApiVersion;
import io.envoyproxy.controlplane.server.serializer.ProtoResourcesSerializer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Packs each resource into an {@code Any} once and shares it across every client and response of the snapshots
 * being served. java-control-plane's default serializer packs per response, and its cached one holds values weakly,
 * so a large config could be serialised again for each of hundreds of clients; here entries live exactly as long as
 * their resource is in the current or previous snapshot.
 */
final class SnapshotSerializer implements ProtoResourcesSerializer {

    private final Map<Message, Any> packed = new ConcurrentHashMap<>();
    private final Map<Any, String> names = Collections.synchronizedMap(new IdentityHashMap<>());
    private final AtomicLong packs = new AtomicLong();

    @Override
    public Any serialize(Message resource, ApiVersion apiVersion) {
        // Called per resource per response (a million times when 1,000 clients first fetch 1,000 objects): the hit
        // is a plain lookup, without the capturing lambda computeIfAbsent would allocate on every call.
        Any hit = packed.get(resource);
        if (hit != null) {
            return hit;
        }
        return packed.computeIfAbsent(resource, r -> {
            packs.incrementAndGet();
            Any any = Any.pack(r);
            names.put(any, ResourceNames.of(r));
            return any;
        });
    }

    /** The resource name of an {@code Any} this serializer produced, or empty. */
    String nameOf(Any any) {
        String n = names.get(any);
        return n == null ? "" : n;
    }

    /** Forgets resources that are in none of the snapshots still being served. */
    void retainOnly(Set<Message> keep) {
        // keep is an identity set of the served instances, and interning makes the cache's keys those instances.
        packed.keySet().removeIf(m -> !keep.contains(m));
        Set<Any> live = Collections.newSetFromMap(new IdentityHashMap<>());
        live.addAll(packed.values());
        synchronized (names) {
            names.keySet().retainAll(live);
        }
    }

    /** Forgets these resources (no longer in any snapshot being served). */
    void forget(java.util.Collection<Message> gone) {
        for (Message m : gone) {
            Any any = packed.remove(m);
            if (any != null) {
                names.remove(any);
            }
        }
    }

    /** How many resources are packed. */
    int size() {
        return packed.size();
    }

    /** How many times a resource was actually packed (not served from the cache). */
    long packs() {
        return packs.get();
    }
}
