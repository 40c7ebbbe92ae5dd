package io.contourcore.dag.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.model.Bytes;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.Secret;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretValidationTest {

    private static Secret tls(String crt, String key) {
        return new Secret(ObjectMeta.of("default", "s"), Secret.TYPE_TLS,
                Map.of(Secret.TLS_CERT, TestCerts.read(crt), Secret.TLS_KEY, TestCerts.read(key)));
    }

    @Test
    void aCertificateWithPkcs8Pkcs1OrEcKeyServesTls() {
        assertThat(SecretValidation.tlsSecretError(tls("example.crt", "example.key"))).isEmpty();
        assertThat(SecretValidation.tlsSecretError(tls("example.crt", "example-pkcs1.key"))).isEmpty();
        assertThat(SecretValidation.tlsSecretError(tls("ec.crt", "ec.key"))).isEmpty();
    }

    @Test
    void aCertificateWithoutCommonNameOrSanIsRejectedWithUpstreamsText() {
        assertThat(SecretValidation.tlsSecretError(tls("nonames.crt", "nonames.key")))
                .contains("invalid TLS certificate: certificate has no common name or subject alt name");
    }

    @Test
    void missingKeysAndGarbageAreRejectedWithUpstreamsTexts() {
        Secret noCert = new Secret(ObjectMeta.of("default", "s"), Secret.TYPE_TLS, Map.of(Secret.TLS_KEY, TestCerts.read("example.key")));
        assertThat(SecretValidation.tlsSecretError(noCert)).contains("missing TLS certificate");
        Secret noKey = new Secret(ObjectMeta.of("default", "s"), Secret.TYPE_TLS, Map.of(Secret.TLS_CERT, TestCerts.read("example.crt")));
        assertThat(SecretValidation.tlsSecretError(noKey)).contains("missing TLS private key");
        Secret garbage = new Secret(ObjectMeta.of("default", "s"), Secret.TYPE_TLS,
                Map.of(Secret.TLS_CERT, Bytes.utf8("hello"), Secret.TLS_KEY, TestCerts.read("example.key")));
        assertThat(SecretValidation.tlsSecretError(garbage)).contains("invalid TLS certificate: failed to locate certificate");
        Secret keyIsCert = tls("example.crt", "example.crt");
        assertThat(SecretValidation.tlsSecretError(keyIsCert)).contains("invalid TLS private key: unexpected block type 'CERTIFICATE'");
    }

    @Test
    void aSecretOfAnotherTypeIsRejected() {
        Secret s = new Secret(ObjectMeta.of("default", "s"), "kubernetes.io/dockerconfigjson", Map.of());
        assertThat(SecretValidation.tlsSecretError(s)).contains("secret type is not \"kubernetes.io/tls\" or \"Opaque\"");
    }

    @Test
    void caAndCrlSecretsAreCheckedForTheirOwnKeys() {
        Secret ca = new Secret(ObjectMeta.of("default", "ca"), Secret.TYPE_OPAQUE, Map.of(Secret.CA_CERT, TestCerts.read("ca.crt")));
        assertThat(SecretValidation.caSecretError(ca)).isEmpty();
        Secret emptyCa = new Secret(ObjectMeta.of("default", "ca"), Secret.TYPE_OPAQUE, Map.of());
        assertThat(SecretValidation.caSecretError(emptyCa)).contains("empty \"ca.crt\" key");
        Secret crl = new Secret(ObjectMeta.of("default", "crl"), Secret.TYPE_OPAQUE, Map.of(Secret.CRL, TestCerts.read("ca.crl")));
        assertThat(SecretValidation.crlSecretError(crl)).isEmpty();
        Secret notCrl = new Secret(ObjectMeta.of("default", "crl"), Secret.TYPE_OPAQUE, Map.of(Secret.CRL, TestCerts.read("ca.crt")));
        assertThat(SecretValidation.crlSecretError(notCrl)).contains("failed to locate CRL");
    }
}
