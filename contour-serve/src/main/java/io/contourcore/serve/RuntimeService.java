package io.contourcore.serve;

import com.google.protobuf.Any;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.envoyproxy.envoy.service.runtime.v3.Runtime;
import io.envoyproxy.envoy.service.runtime.v3.RuntimeDiscoveryServiceGrpc;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicLong;

/**
 * RTDS: upstream's single runtime layer {@code dynamic}. java-control-plane 1.0.49 has no runtime resource type
 * (its cache and server reject the type URL), so we answer it ourselves, on the per-type service and on ADS streams.
 * The layer never changes while serving, so each stream is sent it once; ACKs and NACKs need no answer.
 */
final class RuntimeService extends RuntimeDiscoveryServiceGrpc.RuntimeDiscoveryServiceImplBase {

    /** Upstream's layer name ({@code internal/envoy/v3/runtime.go}). */
    static final String LAYER = "dynamic";
    static final String VERSION = "1";

    static final Runtime RUNTIME = Runtime.newBuilder()
            .setName(LAYER)
            .setLayer(Struct.newBuilder()
                    .putFields("re2.max_program_size.error_level", Value.newBuilder().setNumberValue(1 << 20).build())
                    .putFields("re2.max_program_size.warn_level", Value.newBuilder().setNumberValue(1000).build()))
            .build();
    private static final Any PACKED = Any.pack(RUNTIME);

    private final StreamTracker tracker;
    // Our own RTDS streams get negative ids so they never collide with java-control-plane's.
    private final AtomicLong streamIds = new AtomicLong();

    RuntimeService(StreamTracker tracker) {
        this.tracker = tracker;
    }

    long newStreamId() {
        return -streamIds.incrementAndGet();
    }

    @Override
    public StreamObserver<DiscoveryRequest> streamRuntime(StreamObserver<DiscoveryResponse> out) {
        long id = newStreamId();
        tracker.open(id, ResourceNames.RUNTIME, false);
        return tracked(id, new Sotw(id, out)::onRequest, out);
    }

    @Override
    public StreamObserver<DeltaDiscoveryRequest> deltaRuntime(StreamObserver<DeltaDiscoveryResponse> out) {
        long id = newStreamId();
        tracker.open(id, ResourceNames.RUNTIME, true);
        return tracked(id, new Delta(id, out)::onRequest, out);
    }

    /** A runtime-only stream: requests to {@code handler}, its end recorded in the tracker. */
    private <Q> StreamObserver<Q> tracked(long id, java.util.function.Consumer<Q> handler, StreamObserver<?> out) {
        return new StreamObserver<>() {
            @Override
            public void onNext(Q r) {
                handler.accept(r);
            }

            @Override
            public void onError(Throwable t) {
                tracker.closed(id);
            }

            @Override
            public void onCompleted() {
                tracker.closed(id);
                synchronized (out) {
                    out.onCompleted();
                }
            }
        };
    }

    /** Runtime requests of one state-of-the-world stream; responses are written under the observer's lock. */
    final class Sotw {
        private final long stream;
        private final StreamObserver<DiscoveryResponse> out;
        private long nonce;

        Sotw(long stream, StreamObserver<DiscoveryResponse> out) {
            this.stream = stream;
            this.out = out;
        }

        void onRequest(DiscoveryRequest r) {
            DiscoveryRequest typed = r.getTypeUrl().isEmpty() ? r.toBuilder().setTypeUrl(ResourceNames.RUNTIME).build()
                    : r;
            tracker.onV3StreamRequest(stream, typed);
            if (!r.getResponseNonce().isEmpty()) {
                return;
            }
            boolean wanted = r.getResourceNamesCount() == 0 || r.getResourceNamesList().contains(LAYER)
                    || r.getResourceNamesList().contains("*");
            DiscoveryResponse.Builder resp = DiscoveryResponse.newBuilder()
                    .setTypeUrl(ResourceNames.RUNTIME)
                    .setVersionInfo(VERSION);
            if (wanted) {
                resp.addResources(PACKED);
            }
            synchronized (out) {
                resp.setNonce("rtds-" + nonce++);
                DiscoveryResponse built = resp.build();
                tracker.sent(stream, ResourceNames.RUNTIME, built.getNonce(), VERSION,
                        wanted ? java.util.Set.of(LAYER) : java.util.Set.of(), built.getSerializedSize());
                out.onNext(built);
            }
        }
    }

    /** Runtime requests of one delta stream. */
    final class Delta {
        private final long stream;
        private final StreamObserver<DeltaDiscoveryResponse> out;
        private long nonce;
        private boolean first = true;
        private boolean sent;

        Delta(long stream, StreamObserver<DeltaDiscoveryResponse> out) {
            this.stream = stream;
            this.out = out;
        }

        void onRequest(DeltaDiscoveryRequest r) {
            DeltaDiscoveryRequest typed = r.getTypeUrl().isEmpty()
                    ? r.toBuilder().setTypeUrl(ResourceNames.RUNTIME).build() : r;
            tracker.onV3StreamDeltaRequest(stream, typed);
            boolean wanted = (first && r.getResourceNamesSubscribeCount() == 0)
                    || r.getResourceNamesSubscribeList().contains(LAYER)
                    || r.getResourceNamesSubscribeList().contains("*");
            first = false;
            boolean known = VERSION.equals(r.getInitialResourceVersionsMap().get(LAYER));
            if (!wanted || sent || known) {
                return;
            }
            sent = true;
            synchronized (out) {
                DeltaDiscoveryResponse built = DeltaDiscoveryResponse.newBuilder()
                        .setTypeUrl(ResourceNames.RUNTIME)
                        .setSystemVersionInfo(VERSION)
                        .setNonce("rtds-" + nonce++)
                        .addResources(Resource.newBuilder().setName(LAYER).setVersion(VERSION).setResource(PACKED))
                        .build();
                tracker.sent(stream, ResourceNames.RUNTIME, built.getNonce(), VERSION, java.util.Set.of(LAYER),
                        built.getSerializedSize());
                out.onNext(built);
            }
        }
    }
}
