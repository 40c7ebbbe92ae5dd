package io.contourcore.dag.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderValuesTest {

    @Test
    void aLiteralPercentIsDoubledSoEnvoyDoesNotReadItAsAVariable() {
        assertThat(HeaderValues.escapeHeaderValue("100% sure", Map.of())).isEqualTo("100%% sure");
    }

    @Test
    void upstreamsAllowedEnvoyVariablesAndRequestHeadersStayVariables() {
        assertThat(HeaderValues.escapeHeaderValue("%DOWNSTREAM_REMOTE_ADDRESS%", Map.of())).isEqualTo("%DOWNSTREAM_REMOTE_ADDRESS%");
        assertThat(HeaderValues.escapeHeaderValue("%REQ(x-user)%", Map.of())).isEqualTo("%REQ(x-user)%");
    }

    @Test
    void tlsFingerprintVariablesAreEscapedAsInUpstreamV1336WhichDoesNotAllowThem() {
        assertThat(HeaderValues.escapeHeaderValue("%TLS_JA3_FINGERPRINT%", Map.of())).isEqualTo("%%TLS_JA3_FINGERPRINT%%");
    }

    @Test
    void contoursOwnVariablesAreSubstituted() {
        assertThat(HeaderValues.escapeHeaderValue("%CONTOUR_NAMESPACE%/x", Map.of("CONTOUR_NAMESPACE", "team-a"))).isEqualTo("team-a/x");
    }

    @Test
    void headerKeysAreCanonicalisedAsGoDoes() {
        assertThat(HeaderValues.canonicalHeaderKey("x-forwarded-PROTO")).isEqualTo("X-Forwarded-Proto");
        assertThat(HeaderValues.canonicalHeaderKey("bad key")).isEqualTo("bad key");
    }
}
