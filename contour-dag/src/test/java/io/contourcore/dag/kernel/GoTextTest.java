package io.contourcore.dag.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.Dag;
import io.contourcore.model.Timeout;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Go behaviours every source shares, in one place: durations, timeouts, CIDRs, floats, URLs, JSON, quoting. */
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
        assertThat(GoText.parseDuration("peanut").error()).isEqualTo("time: invalid duration \"peanut\"");
    }

    @Test
    void eachElementsFractionIsTruncatedToWholeNanosecondsAsGoDoes() {
        assertThat(GoText.parseDuration("1.5ns1.5ns").value()).isEqualTo(Duration.ofNanos(2));
    }

    @Test
    void onlyAsciiDigitsMakeADuration() {
        assertThat(GoText.parseDuration("\u0661s").ok()).isFalse();
    }

    @Test
    void timeoutsParseAsUpstreamsTimeoutParse() {
        assertThat(GoText.parseTimeout("").value()).isEqualTo(Timeout.UNSET);
        assertThat(GoText.parseTimeout("0").value()).isEqualTo(Timeout.UNSET);
        assertThat(GoText.parseTimeout("0s").value()).isEqualTo(Timeout.UNSET);
        assertThat(GoText.parseTimeout("infinity").value()).isEqualTo(Timeout.DISABLED);
        assertThat(GoText.parseTimeout("1h2m3.5s").value()).isEqualTo(Timeout.of(Duration.ofMillis(3_723_500)));
        assertThat(GoText.parseTimeout(" 5s").error()).isEqualTo("unable to parse timeout string \" 5s\": time: invalid duration \" 5s\"");
        assertThat(GoText.parseTimeout("-5s").error()).contains("negative");
    }

    @Test
    void headerKeysAreCanonicalisedLikeGo() {
        assertThat(HeaderValues.canonicalHeaderKey("x-forwarded-FOR")).isEqualTo("X-Forwarded-For");
        assertThat(HeaderValues.canonicalHeaderKey("host")).isEqualTo("Host");
        assertThat(HeaderValues.canonicalHeaderKey("bad header")).isEqualTo("bad header");
    }

    @Test
    void headerValuesEscapePercentButLetKnownVariablesThrough() {
        Map<String, String> dyn = new LinkedHashMap<>();
        dyn.put("CONTOUR_NAMESPACE", "ns");
        assertThat(HeaderValues.escapeHeaderValue("plain", dyn)).isEqualTo("plain");
        assertThat(HeaderValues.escapeHeaderValue("50%", dyn)).isEqualTo("50%%");
        assertThat(HeaderValues.escapeHeaderValue("%CONTOUR_NAMESPACE%", dyn)).isEqualTo("ns");
        assertThat(HeaderValues.escapeHeaderValue("%HOSTNAME%", dyn)).isEqualTo("%HOSTNAME%");
        assertThat(HeaderValues.escapeHeaderValue("%REQ(x-id)%", dyn)).isEqualTo("%REQ(x-id)%");
        assertThat(HeaderValues.escapeHeaderValue("%REQ(:authority?host):10%", dyn)).isEqualTo("%REQ(:authority?host):10%");
        assertThat(HeaderValues.escapeHeaderValue("%UNKNOWN%", dyn)).isEqualTo("%%UNKNOWN%%");
    }

    @Test
    void quoteMetaEscapesWhatGoEscapes() {
        assertThat(GoText.quoteMeta(".example.com")).isEqualTo("\\.example\\.com");
        assertThat(GoText.quoteMeta("a+b*c?(d)|[e]{f}^$\\")).isEqualTo("a\\+b\\*c\\?\\(d\\)\\|\\[e\\]\\{f\\}\\^\\$\\\\");
    }

    @Test
    void theWildcardHeaderMatchIsOneLabelAndIgnoresAPort() {
        Dag.HeaderMatch m = HostMatch.wildcardDomainHeaderMatch("*.foo.io");
        assertThat(io.contourcore.re2j.Pattern.matches(m.value(), "a.foo.io:8080")).isTrue();
        assertThat(io.contourcore.re2j.Pattern.matches(m.value(), "a.b.foo.io")).isFalse();
    }

    @Test
    void configuredCiphersAreDeduplicatedAndAnEmptyListMeansTheDefaults() {
        assertThat(ClusterDefaults.sanitizedCipherSuites(List.of("X", "Y", "X"))).containsExactly("X", "Y");
        assertThat(ClusterDefaults.sanitizedCipherSuites(List.of())).isEqualTo(ClusterDefaults.DEFAULT_TLS_CIPHERS).hasSize(4);
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
