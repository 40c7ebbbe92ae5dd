package io.contourcore.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** xDS over mutual TLS with upstream's flags: certificates made with openssl for a CA, "contour" and an Envoy. */
class XdsTlsTest {

    @TempDir
    static Path dir;

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static void issue(String name, String ext) throws Exception {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-out", name + ".key");
        openssl("req", "-new", "-key", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
        Files.writeString(dir.resolve(name + ".ext"), ext);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
    }

    @BeforeAll
    static void certificates() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=test-ca");
        issue("contour", "subjectAltName=DNS:contour\nextendedKeyUsage=serverAuth\n");
        issue("envoy", "subjectAltName=DNS:envoy\nextendedKeyUsage=clientAuth\n");
    }

    private static ManagedChannel channel(int port, boolean clientCert) throws IOException {
        SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(dir.resolve("ca.crt").toFile());
        if (clientCert) {
            ssl.keyManager(dir.resolve("envoy.crt").toFile(), dir.resolve("envoy.key").toFile());
        }
        return NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(ssl.build())
                .overrideAuthority("contour").build();
    }

    @Test
    void anEnvoyWithACertificateFromTheCaIsServedAndOneWithoutIsRefused() throws Exception {
        Optional<ServerTls> tls = ServerTls.fromFlags(dir.resolve("ca.crt"), dir.resolve("contour.crt"),
                dir.resolve("contour.key"));
        try (XdsServer server = XdsServer.start(XdsServerOptions.defaults().withPort(0).withTls(tls), new Metrics())) {
            server.update(Fixtures.config("default/a/80"));

            ManagedChannel good = channel(server.port(), true);
            try (SotwClient envoy = SotwClient.ads(good, "envoy", false)) {
                envoy.subscribe(ResourceNames.CLUSTER, List.of());
                SotwClient.await(() -> envoy.names(ResourceNames.CLUSTER).contains("default/a/80"), "clusters over mTLS");
            } finally {
                good.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }

            ManagedChannel anonymous = channel(server.port(), false);
            try (SotwClient stranger = SotwClient.ads(anonymous, "stranger", false)) {
                stranger.subscribe(ResourceNames.CLUSTER, List.of());
                SotwClient.await(() -> stranger.error != null, "the handshake to fail");
                assertThat(stranger.count(ResourceNames.CLUSTER)).isZero();
            } finally {
                anonymous.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
