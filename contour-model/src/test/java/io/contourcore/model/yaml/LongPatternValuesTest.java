package io.contourcore.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.model.HTTPProxy;
import io.contourcore.model.Kind;
import org.junit.jupiter.api.Test;

/**
 * Values checked against a CRD or Kubernetes name pattern can be as long as the file allows. java.util.regex
 * recursed once per repetition of a group, so a 100,000-character fqdn, duration or name overflowed the stack (the
 * fuzz run's first finding: render died with StackOverflowError). The patterns are RE2 now, as in the API server.
 */
class LongPatternValuesTest {

    private static final String LONG_FQDN = "ab.".repeat(33_333) + "ab";
    private static final String LONG_DURATION = "1s".repeat(50_000);

    private static String proxy(String fqdn, String timeout) {
        return """
                apiVersion: projectcontour.io/v1
                kind: HTTPProxy
                metadata:
                  name: app
                  namespace: default
                spec:
                  virtualhost:
                    fqdn: %s
                  routes:
                  - timeoutPolicy:
                      response: %s
                    services:
                    - name: app
                      port: 80
                """.formatted(fqdn, timeout);
    }

    @Test
    void aHundredThousandCharacterFqdnAndDurationAreCheckedWithoutOverflowingTheStack() {
        LoadResult r = ManifestLoader.parse("long.yaml", proxy(LONG_FQDN, LONG_DURATION), "default");
        assertThat(r.errors()).isEmpty();
        HTTPProxy p = r.resources().all(Kind.HTTP_PROXY, HTTPProxy.class).get(0);
        assertThat(p.spec().virtualhost().fqdn()).hasSize(LONG_FQDN.length());
        assertThat(p.schemaViolations()).isEmpty();
    }

    @Test
    void aLongNameThatBreaksThePatternIsStillAnOrdinaryProblem() {
        LoadResult r = ManifestLoader.parse("long.yaml", proxy(LONG_FQDN + "-", LONG_DURATION + "x"), "default");
        assertThat(r.errors()).map(Problem::toString).anyMatch(e -> e.contains("spec.virtualhost.fqdn"))
                .anyMatch(e -> e.contains("timeoutPolicy.response"));
    }
}
