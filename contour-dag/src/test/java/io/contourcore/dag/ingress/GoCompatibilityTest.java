package io.contourcore.dag.ingress;

import io.contourcore.dag.kernel.HeaderValues;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.Dag;
import io.contourcore.model.Timeout;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Go behaviours the Ingress processor copies: timeout parsing, header keys, escaping, QuoteMeta. */
class GoCompatibilityTest {

    @Test
    void timeoutsParseAsUpstreamsTimeoutParse() {
        assertThat(GoTimeouts.parse("").value()).isEqualTo(Timeout.UNSET);
        assertThat(GoTimeouts.parse("0").value()).isEqualTo(Timeout.UNSET);
        assertThat(GoTimeouts.parse("0s").value()).isEqualTo(Timeout.UNSET);
        assertThat(GoTimeouts.parse("infinity").value()).isEqualTo(Timeout.DISABLED);
        assertThat(GoTimeouts.parse("1h2m3.5s").value()).isEqualTo(Timeout.of(Duration.ofMillis(3_723_500)));
        assertThat(GoTimeouts.parse(" 5s").ok()).isFalse();
    }

    @Test
    void durationErrorsUseGosTexts() {
        assertThat(GoTimeouts.durationError("peanut")).isEqualTo("time: invalid duration \"peanut\"");
        assertThat(GoTimeouts.durationError("10")).isEqualTo("time: missing unit in duration \"10\"");
        assertThat(GoTimeouts.durationError("10x")).isEqualTo("time: unknown unit \"x\" in duration \"10x\"");
        assertThat(GoTimeouts.durationError(".s")).isEqualTo("time: invalid duration \".s\"");
        assertThat(GoTimeouts.durationError("-5s")).contains("negative");
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
        assertThat(IngressProcessor.quoteMeta(".example.com")).isEqualTo("\\.example\\.com");
        assertThat(IngressProcessor.quoteMeta("a+b*c?(d)|[e]{f}^$\\")).isEqualTo("a\\+b\\*c\\?\\(d\\)\\|\\[e\\]\\{f\\}\\^\\$\\\\");
    }

    @Test
    void theWildcardHeaderMatchIgnoresAPort() {
        Dag.HeaderMatch m = IngressProcessor.wildcardDomainHeaderMatch("*.foo.io");
        assertThat(com.google.re2j.Pattern.matches(m.value(), "a.foo.io:8080")).isTrue();
        assertThat(com.google.re2j.Pattern.matches(m.value(), "a.b.foo.io")).isFalse();
    }

    @Test
    void configuredCiphersAreDeduplicatedAndAnEmptyListMeansTheDefaults() {
        assertThat(IngressProcessor.sanitizedCipherSuites(java.util.List.of("X", "Y", "X"))).containsExactly("X", "Y");
        assertThat(IngressProcessor.sanitizedCipherSuites(java.util.List.of())).hasSize(4);
    }
}
