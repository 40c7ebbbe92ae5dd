package io.contourcore.dag.kernel;


import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoTextTest {

    @Test
    void durationsParseAndFailWithGosMessages() {
        assertThat(GoText.parseDuration("1h2m3.5s").value()).isEqualTo(Duration.ofSeconds(3723, 500_000_000));
        assertThat(GoText.parseDuration(".5ms").value()).isEqualTo(Duration.ofNanos(500_000));
        assertThat(GoText.parseDuration("0").value()).isEqualTo(Duration.ZERO);
        assertThat(GoText.parseDuration("").error()).isEqualTo("time: invalid duration \"\"");
        assertThat(GoText.parseDuration("1").error()).isEqualTo("time: missing unit in duration \"1\"");
        assertThat(GoText.parseDuration("1d").error()).isEqualTo("time: unknown unit \"d\" in duration \"1d\"");
        assertThat(GoText.parseDuration(".s").error()).isEqualTo("time: invalid duration \".s\"");
    }

    @Test
    void cidrsAreMaskedAndPrintedAsGoDoes() {
        assertThat(GoText.parseCidr("10.1.2.3/8").value()).isEqualTo("10.0.0.0/8");
        assertThat(GoText.parseCidr("::ffff:10.0.0.1/128").value()).isEqualTo("10.0.0.1/128");
        assertThat(GoText.parseCidr("fe80:0:0:0:1:0:0:1/128").value()).isEqualTo("fe80::1:0:0:1/128");
        assertThat(GoText.parseCidr("010.0.0.1/32").error()).isEqualTo("invalid CIDR address: 010.0.0.1/32");
        assertThat(GoText.parseCidr("10.0.0.1/33").ok()).isFalse();
        assertThat(GoText.parseCidr("1::2::3/64").ok()).isFalse();
    }

    @Test
    void floatsFollowParseFloatNotJavasSuffixes() {
        assertThat(GoText.parseFloat("1.5").getAsDouble()).isEqualTo(1.5);
        assertThat(GoText.parseFloat("1e3").getAsDouble()).isEqualTo(1000.0);
        assertThat(GoText.parseFloat("1d")).isEmpty();
        assertThat(GoText.parseFloat("0x1p3")).isEmpty();
    }

    @Test
    void urlsReportTheErrorsUsersHit() {
        assertThat(GoText.parseUrl("https://idp.example:8443/x").value()).isEqualTo(new GoText.Url("https", "idp.example", "8443"));
        assertThat(GoText.parseUrl("HTTP://[::1]/x").value()).isEqualTo(new GoText.Url("http", "::1", ""));
        assertThat(GoText.parseUrl("https://idp:abc/").error()).isEqualTo("parse \"https://idp:abc/\": invalid port \":abc\" after host");
        assertThat(GoText.parseUrl("a\nb").error()).isEqualTo("parse \"a\\nb\": net/url: invalid control character in URL");
    }

    @Test
    void jwksDocumentsAreCheckedLikeUpstream() {
        assertThat(GoJson.jwksError("{\"keys\": [{\"kty\": \"EC\"}]}")).isEmpty();
        assertThat(GoJson.jwksError("  ")).contains("empty JWKS");
        assertThat(GoJson.jwksError("[]")).contains("JWKS must be a JSON object");
        assertThat(GoJson.jwksError("{\"keys\": {}}")).contains("JWKS \"keys\" must be an array");
        assertThat(GoJson.jwksError("{\"other\": 1}")).contains("JWKS must contain a \"keys\" array");
        assertThat(GoJson.jwksError("{\"keys\": [1,]}")).contains("not valid JSON: invalid character ']' looking for beginning of value");
        assertThat(GoJson.jwksError("{\"keys\": [")).contains("not valid JSON: unexpected end of JSON input");
        assertThat(GoJson.jwksError("{\"keys\": []} x")).contains("not valid JSON: invalid character 'x' after top-level value");
    }

    @Test
    void headerKeysAreCanonicalisedUnlessTheyHoldNonTokenBytes() {
        assertThat(HeaderValues.canonicalHeaderKey("x-forwarded-FOR")).isEqualTo("X-Forwarded-For");
        assertThat(HeaderValues.canonicalHeaderKey("bad header")).isEqualTo("bad header");
        assertThat(HeaderValues.escapeHeaderValue("%DOWNSTREAM_REMOTE_ADDRESS% 50%", java.util.Map.of()))
                .isEqualTo("%DOWNSTREAM_REMOTE_ADDRESS% 50%%");
        assertThat(HeaderValues.escapeHeaderValue("%REQ(:authority?x-host):10%", java.util.Map.of()))
                .isEqualTo("%REQ(:authority?x-host):10%");
    }
}
