package io.contourcore.xds.translate;

import static io.contourcore.xds.translate.Fixtures.cluster;
import static io.contourcore.xds.translate.Fixtures.dag;
import static io.contourcore.xds.translate.Fixtures.https;
import static io.contourcore.xds.translate.Fixtures.kuard;
import static io.contourcore.xds.translate.Fixtures.prefix;
import static io.contourcore.xds.translate.Fixtures.secure;
import static io.contourcore.xds.translate.Fixtures.tlsSecret;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.contourcore.dag.Dag;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretTranslatorTest {

    @Test
    void eachDistinctServingAndClientCertificateIsOneSdsSecret() {
        Dag.Secret tls = tlsSecret("default", "secret", "cert", "key");
        Dag.Secret client = tlsSecret("projectcontour", "envoy-client", "client-cert", "client-key");
        Dag.Cluster withClientCert = new Dag.Cluster(kuard(), 0, "tls", null, "", null, null, null, null, List.of(), "", "", client,
                Dag.ClusterTimeoutPolicy.NONE, null, 0, 0, null);
        Dag dag = dag(https(secure("a.com", tls, prefix("/", withClientCert)), secure("b.com", tls, prefix("/", cluster(kuard())))));
        List<Secret> secrets = new SecretTranslator().translate(dag);
        assertThat(secrets).extracting(Secret::getName).containsExactly("default/secret/cd1b506996",
                "projectcontour/envoy-client/" + io.contourcore.model.Bytes.utf8("client-cert").sha1Hex().substring(0, 10));
        assertThat(secrets.get(0)).isEqualTo(Secret.newBuilder().setName("default/secret/cd1b506996")
                .setTlsCertificate(TlsCertificate.newBuilder()
                        .setPrivateKey(DataSource.newBuilder().setInlineBytes(ByteString.copyFromUtf8("key")))
                        .setCertificateChain(DataSource.newBuilder().setInlineBytes(ByteString.copyFromUtf8("cert"))))
                .build());
    }
}
