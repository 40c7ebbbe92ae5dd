package io.contourcore.serve;

import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceImplBase;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.stub.StreamObserver;

/**
 * ADS: java-control-plane's implementation, with runtime (RTDS) requests on the same stream answered by
 * {@link RuntimeService}, because java-control-plane rejects the runtime type URL. Both write to the same response
 * observer, and both do so while holding its monitor, which is what java-control-plane locks on.
 */
final class AdsService extends AggregatedDiscoveryServiceImplBase {

    private final AggregatedDiscoveryServiceImplBase delegate;
    private final RuntimeService runtime;
    private final StreamTracker tracker;

    AdsService(AggregatedDiscoveryServiceImplBase delegate, RuntimeService runtime, StreamTracker tracker) {
        this.delegate = delegate;
        this.runtime = runtime;
        this.tracker = tracker;
    }

    @Override
    public StreamObserver<DiscoveryRequest> streamAggregatedResources(StreamObserver<DiscoveryResponse> out) {
        StreamObserver<DiscoveryRequest> inner = delegate.streamAggregatedResources(out);
        long id = tracker.openedOnThisThread();
        RuntimeService.Sotw rtds = runtime.new Sotw(id == Long.MIN_VALUE ? runtime.newStreamId() : id, out);
        return runtimeApart(inner, DiscoveryRequest::getTypeUrl, rtds::onRequest);
    }

    @Override
    public StreamObserver<DeltaDiscoveryRequest> deltaAggregatedResources(StreamObserver<DeltaDiscoveryResponse> out) {
        StreamObserver<DeltaDiscoveryRequest> inner = delegate.deltaAggregatedResources(out);
        long id = tracker.openedOnThisThread();
        RuntimeService.Delta rtds = runtime.new Delta(id == Long.MIN_VALUE ? runtime.newStreamId() : id, out);
        return runtimeApart(inner, DeltaDiscoveryRequest::getTypeUrl, rtds::onRequest);
    }

    /** java-control-plane knows no runtime type, so runtime requests on an ADS stream go to our handler instead. */
    private static <Q> StreamObserver<Q> runtimeApart(StreamObserver<Q> inner, java.util.function.Function<Q, String> typeUrl,
            java.util.function.Consumer<Q> runtime) {
        return new StreamObserver<>() {
            @Override
            public void onNext(Q r) {
                if (ResourceNames.RUNTIME.equals(typeUrl.apply(r))) {
                    runtime.accept(r);
                } else {
                    inner.onNext(r);
                }
            }

            @Override
            public void onError(Throwable t) {
                inner.onError(t);
            }

            @Override
            public void onCompleted() {
                inner.onCompleted();
            }
        };
    }
}
