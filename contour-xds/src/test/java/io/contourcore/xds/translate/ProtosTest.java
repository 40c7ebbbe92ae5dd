package io.contourcore.xds.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import org.junit.jupiter.api.Test;

class ProtosTest {

    @Test
    void unpackingGivesTheMessageAnewEachTimeSoTheAnyDoesNotKeepIt() throws InvalidProtocolBufferException {
        HttpConnectionManager hcm = HttpConnectionManager.newBuilder().setStatPrefix("ingress_https").build();
        Any any = Protos.any(hcm);
        HttpConnectionManager first = Protos.unpack(any, HttpConnectionManager.class);
        assertThat(first).isEqualTo(hcm);
        // protobuf's own Any.unpack hands back the instance it keeps inside the Any
        assertThat(Protos.unpack(any, HttpConnectionManager.class)).isEqualTo(first).isNotSameAs(first);
    }

    @Test
    void unpackingAsAnotherTypeIsRefusedAsProtobufRefusesIt() {
        Any any = Protos.any(Cluster.newBuilder().setName("c").build());
        assertThatThrownBy(() -> Protos.unpack(any, HttpConnectionManager.class))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessage("Type of the Any message does not match the given class.");
    }
}
