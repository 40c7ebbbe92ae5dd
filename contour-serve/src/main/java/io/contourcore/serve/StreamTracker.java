package io.contourcore.serve;

import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every open xDS stream has been sent and has answered, per type URL. It logs and counts NACKs, keeps the
 * connected-streams gauge, tells the NACK-aware watcher which version a NACK refused, and lets a make-before-break
 * step wait until clients have taken the resources it added.
 */
final class StreamTracker implements DiscoveryServerCallbacks {

    private static final Logger LOG = LoggerFactory.getLogger(XdsServer.class);
    /** Longest error detail logged for one NACK; Envoy's messages can embed whole resources. */
    static final int MAX_ERROR_DETAIL = 1024;

    private record Sent(String version, Set<String> names) {
    }

    private static final class TypeState {
        final Map<String, Sent> outstanding = new HashMap<>();
        final Set<String> subscribed = new HashSet<>();
        boolean wildcard;
        boolean requested;
        String answeredVersion;
        Set<String> answeredNames = Set.of();
        String nackedVersion;
    }

    private static final class StreamState {
        final String defaultTypeUrl;
        boolean delta;
        final Map<String, TypeState> types = new HashMap<>();
        String nodeId = "";

        StreamState(String defaultTypeUrl, boolean delta) {
            this.defaultTypeUrl = defaultTypeUrl;
            this.delta = delta;
        }

        boolean ads() {
            return defaultTypeUrl.isEmpty();
        }

        TypeState type(String typeUrl) {
            return types.computeIfAbsent(typeUrl, t -> new TypeState());
        }
    }

    /** The type a make-before-break step changed: its new version, resource names, and names changed or removed. */
    record Target(String version, Set<String> names, Set<String> changed) {
    }

    private final Metrics metrics;
    private final Map<Long, StreamState> streams = new HashMap<>();
    // The discovery server runs the request callback and then creates the watch on the same thread; this hands the
    // stream id from one to the other.
    private final ThreadLocal<Long> currentStream = new ThreadLocal<>();
    // Likewise, stream open runs inside the gRPC call start, where the call interceptor is waiting for its id.
    private final ThreadLocal<long[]> openingStream = new ThreadLocal<>();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong responsesSent = new AtomicLong();

    private final java.util.function.Function<com.google.protobuf.Any, String> nameOf;

    StreamTracker(Metrics metrics, java.util.function.Function<com.google.protobuf.Any, String> nameOf) {
        this.metrics = metrics;
        this.nameOf = nameOf;
    }

    // ---- stream lifecycle ----

    /** Marks the start of a gRPC call so {@link #onStreamOpen} can report its id back; see {@link #endOpening}. */
    void beginOpening() {
        openingStream.set(new long[] {Long.MIN_VALUE});
    }

    /** The stream id opened during this call start, or {@code Long.MIN_VALUE} when none was. */
    long endOpening() {
        long[] id = openingStream.get();
        openingStream.remove();
        return id == null ? Long.MIN_VALUE : id[0];
    }

    /** The stream id opened so far during this call start, or {@code Long.MIN_VALUE}. */
    long openedOnThisThread() {
        long[] id = openingStream.get();
        return id == null ? Long.MIN_VALUE : id[0];
    }

    @Override
    public void onStreamOpen(long streamId, String typeUrl) {
        open(streamId, typeUrl, false);
    }

    synchronized void open(long streamId, String typeUrl, boolean delta) {
        long[] opening = openingStream.get();
        if (opening != null) {
            opening[0] = streamId;
        }
        streams.put(streamId, new StreamState(typeUrl, delta));
        metrics.set(Metrics.XDS_CONNECTED_CLIENTS, Map.of(), streams.size());
    }

    @Override
    public void onStreamClose(long streamId, String typeUrl) {
        closed(streamId);
    }

    @Override
    public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
        closed(streamId);
    }

    synchronized void closed(long streamId) {
        if (streams.remove(streamId) != null) {
            metrics.set(Metrics.XDS_CONNECTED_CLIENTS, Map.of(), streams.size());
            notifyAll();
        }
    }

    synchronized int openStreams() {
        return streams.size();
    }

    // ---- state of the world ----

    @Override
    public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
        currentStream.set(streamId);
        synchronized (this) {
            StreamState s = streams.get(streamId);
            if (s == null) {
                return;
            }
            String type = request.getTypeUrl().isEmpty() ? s.defaultTypeUrl : request.getTypeUrl();
            if (request.hasNode() && !request.getNode().getId().isEmpty()) {
                s.nodeId = request.getNode().getId();
            }
            TypeState t = s.type(type);
            t.requested = true;
            t.subscribed.clear();
            t.subscribed.addAll(request.getResourceNamesList());
            t.wildcard = request.getResourceNamesCount() == 0
                    || request.getResourceNamesList().contains("*");
            answered(streamId, s, type, t, request.getResponseNonce(), request.hasErrorDetail()
                    ? request.getErrorDetail().getMessage() : null);
        }
    }

    @Override
    public void onV3StreamResponse(long streamId, DiscoveryRequest request, DiscoveryResponse response) {
        // Names matter only for named subscriptions; skipping them for wildcards keeps large pushes cheap.
        Set<String> names = new HashSet<>();
        if (request.getResourceNamesCount() > 0) {
            for (com.google.protobuf.Any any : response.getResourcesList()) {
                names.add(nameOf.apply(any));
            }
        }
        sent(streamId, response.getTypeUrl(), response.getNonce(), response.getVersionInfo(), names,
                response.getSerializedSize());
    }

    // ---- incremental ----

    @Override
    public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
        currentStream.set(streamId);
        synchronized (this) {
            StreamState s = streams.get(streamId);
            if (s == null) {
                return;
            }
            String type = request.getTypeUrl().isEmpty() ? s.defaultTypeUrl : request.getTypeUrl();
            if (request.hasNode() && !request.getNode().getId().isEmpty()) {
                s.nodeId = request.getNode().getId();
            }
            s.delta = true;
            TypeState t = s.type(type);
            if (!t.requested) {
                t.wildcard = request.getResourceNamesSubscribeCount() == 0;
            }
            t.requested = true;
            for (String n : request.getResourceNamesSubscribeList()) {
                if (n.equals("*")) {
                    t.wildcard = true;
                } else {
                    t.subscribed.add(n);
                }
            }
            for (String n : request.getResourceNamesUnsubscribeList()) {
                if (n.equals("*")) {
                    t.wildcard = false;
                } else {
                    t.subscribed.remove(n);
                }
            }
            answered(streamId, s, type, t, request.getResponseNonce(), request.hasErrorDetail()
                    ? request.getErrorDetail().getMessage() : null);
        }
    }

    @Override
    public void onV3StreamDeltaResponse(long streamId, DeltaDiscoveryRequest request, DeltaDiscoveryResponse response) {
        Set<String> names = new HashSet<>();
        for (Resource r : response.getResourcesList()) {
            names.add(r.getName());
        }
        names.addAll(response.getRemovedResourcesList());
        sent(streamId, response.getTypeUrl(), response.getNonce(), response.getSystemVersionInfo(), names,
                response.getSerializedSize());
    }

    synchronized void sent(long streamId, String typeUrl, String nonce, String version, Set<String> names,
                           int bytes) {
        bytesSent.addAndGet(bytes);
        responsesSent.incrementAndGet();
        StreamState s = streams.get(streamId);
        if (s != null) {
            s.type(typeUrl).outstanding.put(nonce, new Sent(version, Set.copyOf(names)));
        }
    }

    private void answered(long streamId, StreamState s, String type, TypeState t, String nonce, String error) {
        t.nackedVersion = null;
        if (nonce.isEmpty()) {
            return;
        }
        Sent sent = t.outstanding.remove(nonce);
        if (sent == null) {
            return;
        }
        t.answeredVersion = sent.version();
        t.answeredNames = sent.names();
        if (error != null) {
            t.nackedVersion = sent.version();
            metrics.increment(Metrics.XDS_NACKS_TOTAL, Map.of("type_url", type));
            LOG.warn("xDS client NACKed: stream={} node={} type_url={} version={} error_detail={}", streamId,
                    s.nodeId, type, sent.version(), truncate(error));
        }
        notifyAll();
    }

    static String truncate(String s) {
        String oneLine = s.replace('\n', ' ');
        return oneLine.length() <= MAX_ERROR_DETAIL ? oneLine
                : oneLine.substring(0, MAX_ERROR_DETAIL) + "... (" + oneLine.length() + " chars)";
    }

    /** The stream whose request is being handled on this thread, or null. */
    Long currentStream() {
        return currentStream.get();
    }

    /** The version the current request of {@code streamId} NACKed, or null when it was not a NACK. */
    synchronized String nackedVersion(long streamId, String typeUrl) {
        StreamState s = streams.get(streamId);
        if (s == null) {
            return null;
        }
        TypeState t = s.types.get(typeUrl);
        return t == null ? null : t.nackedVersion;
    }

    long bytesSent() {
        return bytesSent.get();
    }

    long responsesSent() {
        return responsesSent.get();
    }

    /**
     * Waits until every open stream that subscribes to one of {@code targets}' types has answered (ACK or NACK) the
     * target version and, for named subscriptions, holds every subscribed name the snapshot has.
     *
     * @return the streams still lagging when the timeout expired (empty when all settled)
     */
    synchronized List<String> awaitSettled(Map<String, Target> targets, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> lagging = lagging(targets);
            long left = deadline - System.nanoTime();
            if (lagging.isEmpty() || left <= 0) {
                return lagging;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private List<String> lagging(Map<String, Target> targets) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<Long, StreamState> e : streams.entrySet()) {
            StreamState s = e.getValue();
            for (Map.Entry<String, Target> te : targets.entrySet()) {
                TypeState t = s.types.get(te.getKey());
                if (t == null || !t.requested || settled(s, t, te.getValue())) {
                    continue;
                }
                out.add("stream " + e.getKey() + " (node \"" + s.nodeId + "\") " + te.getKey());
            }
        }
        return out;
    }

    private static boolean settled(StreamState s, TypeState t, Target target) {
        if (s.delta) {
            boolean affected = t.wildcard ? !target.changed().isEmpty()
                    : target.changed().stream().anyMatch(t.subscribed::contains);
            return !affected || (target.version().equals(t.answeredVersion) && t.outstanding.isEmpty());
        }
        if (!t.wildcard) {
            // On ADS java-control-plane answers a named request only once every name exists.
            if (s.ads() && !target.names().containsAll(t.subscribed)) {
                return true;
            }
            for (String n : t.subscribed) {
                if (target.names().contains(n) && !t.answeredNames.contains(n)) {
                    return false;
                }
            }
        }
        return target.version().equals(t.answeredVersion);
    }
}
