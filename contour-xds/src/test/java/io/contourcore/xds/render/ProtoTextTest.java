package io.contourcore.xds.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import org.junit.jupiter.api.Test;

class ProtoTextTest {

    private static Listener listenerWithPackedHcm() {
        HttpConnectionManager hcm = HttpConnectionManager.newBuilder()
                .setStatPrefix("ingress_http")
                .setRds(Rds.newBuilder().setRouteConfigName("ingress_http"))
                .build();
        return Listener.newBuilder()
                .setName("ingress_http")
                .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
                        .setName("envoy.filters.network.http_connection_manager")
                        .setTypedConfig(Any.pack(hcm))))
                .build();
    }

    @Test
    void aListenerWithAPackedFilterPrintsSnakeCaseAndParsesBackEqual() throws Exception {
        Listener l = listenerWithPackedHcm();
        String json = ProtoText.toJson(l);
        assertThat(json).contains("\"stat_prefix\": \"ingress_http\"").contains("\"@type\": \"type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager\"");
        assertThat(ProtoText.parse(json, Listener.newBuilder()).build()).isEqualTo(l);
    }

    @Test
    void yamlOfTheTreeParsesBackEqual() throws Exception {
        Listener l = listenerWithPackedHcm();
        String yaml = ProtoText.toYaml(ProtoText.toTree(l));
        assertThat(yaml).startsWith("name: ingress_http");
        assertThat(ProtoText.parse(yaml, Listener.newBuilder()).build()).isEqualTo(l);
    }

    @Test
    void theFullRegistryKnowsEnvoyExtensionTypes() {
        assertThat(ProtoTypes.fullRegistry().find("envoy.extensions.filters.http.router.v3.Router")).isNotNull();
        assertThat(ProtoTypes.fullRegistry().find("envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext")).isNotNull();
    }

    @Test
    void jsonWithTabsBetweenTokensParses() throws Exception {
        assertThat(ProtoText.parse("{\n\t\"name\":\t\"x\"\n}", Listener.newBuilder()).build().getName()).isEqualTo("x");
    }

    @Test
    void anUnknownFieldIsRejected() {
        assertThatThrownBy(() -> ProtoText.parse("{\"name\": \"x\", \"nope\": 1}", Listener.newBuilder()))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageContaining("nope");
    }
}
