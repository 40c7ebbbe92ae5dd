package io.contourcore.xds.translate;

import com.google.protobuf.BoolValue;
import io.contourcore.dag.Dag;
import io.contourcore.xds.EnvoyNames;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.io.ByteArrayOutputStream;
import java.util.List;

/** Upstream's {@code auth.go}: TLS contexts for listeners (downstream) and clusters (upstream). */
final class TlsContexts {

    /** Upstream's {@code DefaultTLSCiphers}. */
    static final List<String> DEFAULT_CIPHERS = List.of(
            "[ECDHE-ECDSA-AES128-GCM-SHA256|ECDHE-ECDSA-CHACHA20-POLY1305]",
            "[ECDHE-RSA-AES128-GCM-SHA256|ECDHE-RSA-CHACHA20-POLY1305]",
            "ECDHE-ECDSA-AES256-GCM-SHA384",
            "ECDHE-RSA-AES256-GCM-SHA384");

    private TlsContexts() {}

    /** A configured list without duplicates, order kept; the defaults when empty. */
    static List<String> sanitized(List<String> configured, List<String> defaults) {
        if (configured.isEmpty()) {
            return defaults;
        }
        return List.copyOf(new java.util.LinkedHashSet<>(configured));
    }

    /** Upstream's {@code annotation.TLSVersion}: "1.2" or "1.3", else the default. */
    static String tlsVersion(String v, String def) {
        return "1.2".equals(v) || "1.3".equals(v) ? v : def;
    }

    /** {@code "1.2"} and {@code "1.3"}; anything else is TLS_AUTO. */
    static TlsParameters.TlsProtocol parseVersion(String v) {
        return switch (v == null ? "" : v) {
            case "1.2" -> TlsParameters.TlsProtocol.TLSv1_2;
            case "1.3" -> TlsParameters.TlsProtocol.TLSv1_3;
            default -> TlsParameters.TlsProtocol.TLS_AUTO;
        };
    }

    static UpstreamTlsContext upstream(Dag.PeerValidationContext pvc, String sni, Dag.Secret clientSecret,
            Dag.UpstreamTls upstreamTls, String... alpn) {
        CommonTlsContext.Builder common = CommonTlsContext.newBuilder().addAllAlpnProtocols(List.of(alpn));
        if (clientSecret != null) {
            common.addTlsCertificateSdsSecretConfigs(sds(EnvoyNames.secretName(clientSecret)));
        }
        if (upstreamTls != null) {
            common.setTlsParams(TlsParameters.newBuilder()
                    .setTlsMinimumProtocolVersion(parseVersion(upstreamTls.minimumProtocolVersion()))
                    .setTlsMaximumProtocolVersion(parseVersion(upstreamTls.maximumProtocolVersion()))
                    .addAllCipherSuites(upstreamTls.cipherSuites())
                    .addAllEcdhCurves(upstreamTls.ecdhCurves()));
        }
        byte[] ca = caCertificate(pvc);
        if (ca != null && pvc != null && !pvc.subjectNames().isEmpty()) {
            common.setValidationContext(validationContext(ca, pvc.subjectNames(), false, null, false));
        }
        return UpstreamTlsContext.newBuilder().setCommonTlsContext(common).setSni(sni == null ? "" : sni).build();
    }

    static DownstreamTlsContext downstream(Dag.Secret serverSecret, TlsParameters.TlsProtocol min, TlsParameters.TlsProtocol max,
            List<String> ciphers, List<String> curves, Dag.PeerValidationContext pvc, List<String> alpn) {
        CommonTlsContext.Builder common = CommonTlsContext.newBuilder()
                .setTlsParams(TlsParameters.newBuilder()
                        .setTlsMinimumProtocolVersion(min)
                        .setTlsMaximumProtocolVersion(max)
                        .addAllCipherSuites(ciphers)
                        .addAllEcdhCurves(curves))
                .addTlsCertificateSdsSecretConfigs(sds(EnvoyNames.secretName(serverSecret)))
                .addAllAlpnProtocols(alpn);
        DownstreamTlsContext.Builder b = DownstreamTlsContext.newBuilder();
        if (pvc != null) {
            byte[] crl = pvc.crl() == null || pvc.crl().crl().isEmpty() ? null : pvc.crl().crl().toArray();
            common.setValidationContext(validationContext(caCertificate(pvc), List.of(), pvc.skipClientCertValidation(), crl,
                    pvc.onlyVerifyLeafCertCrl()));
            b.setRequireClientCertificate(BoolValue.of(!pvc.optionalClientCertificate()));
        }
        return b.setCommonTlsContext(common).build();
    }

    static SdsSecretConfig sds(String name) {
        return SdsSecretConfig.newBuilder().setName(name).setSdsConfig(Protos.configSource()).build();
    }

    /** The CA bundle: every CA secret's {@code ca.crt}, concatenated; null when there is no CA secret. */
    static byte[] caCertificate(Dag.PeerValidationContext pvc) {
        if (pvc == null || pvc.caCertificates().isEmpty()) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Dag.Secret s : pvc.caCertificates()) {
            if (s != null) {
                out.writeBytes(s.caCert().toArray());
            }
        }
        return out.toByteArray();
    }

    static CertificateValidationContext validationContext(byte[] ca, List<String> subjectNames, boolean skipVerify, byte[] crl,
            boolean onlyLeafCrl) {
        CertificateValidationContext.Builder vc = CertificateValidationContext.newBuilder()
                .setTrustChainVerification(skipVerify ? CertificateValidationContext.TrustChainVerification.ACCEPT_UNTRUSTED
                        : CertificateValidationContext.TrustChainVerification.VERIFY_TRUST_CHAIN);
        if (ca != null && ca.length > 0) {
            vc.setTrustedCa(Protos.inlineBytes(ca));
        }
        for (String san : subjectNames) {
            vc.addMatchTypedSubjectAltNames(SubjectAltNameMatcher.newBuilder()
                    .setSanType(SubjectAltNameMatcher.SanType.DNS)
                    .setMatcher(StringMatcher.newBuilder().setExact(san)));
        }
        if (crl != null && crl.length > 0) {
            vc.setCrl(Protos.inlineBytes(crl));
            vc.setOnlyVerifyLeafCertCrl(onlyLeafCrl);
        }
        return vc.build();
    }

}
