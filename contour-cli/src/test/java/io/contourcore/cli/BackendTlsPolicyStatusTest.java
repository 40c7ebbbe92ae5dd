package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * A BackendTLSPolicy is never ignored in silence: one a route reaches has upstream's ancestor status, invalid or not;
 * an invalid one no route reaches (upstream writes it no status) is a not-applied warning.
 */
class BackendTlsPolicyStatusTest {

    private static String good() throws IOException {
        return Files.readString(GoldenCasesTest.root().resolve("testdata/cases/gateway/backendtlspolicy/input.yaml"));
    }

    private static String withMissingCa(String input) {
        String bad = input.replace("      name: backend-ca\n    hostname:", "      name: no-such-ca\n    hostname:");
        assertThat(bad).isNotEqualTo(input);
        return bad;
    }

    /** The policy targets a Service no route uses. */
    private static String unreached(String input) {
        String out = input.replace("    kind: Service\n    name: backend\n", "    kind: Service\n    name: unused\n");
        assertThat(out).isNotEqualTo(input);
        return out;
    }

    @Test
    void aReachedPolicyWhoseCaIsMissingIsInvalidTowardsTheRoutesGatewayAndFailsStrictAndStatus() throws IOException {
        String input = withMissingCa(good());
        Cli.Run render = Cli.runWithStdin(input, "render", "-", "--format", "xds");
        assertThat(render.exit()).as(render.err()).isZero();
        assertThat(render.err()).contains("BackendTLSPolicy projectcontour/backend-tls: invalid: ancestor projectcontour/contour: "
                + "Accepted=False Invalid: Could not find CACertificateRef ConfigMap: projectcontour/no-such-ca")
                .doesNotContain("not applied");
        assertThat(Cli.runWithStdin(input, "render", "-", "--format", "xds", "--strict").exit()).isEqualTo(1);
        Cli.Run status = Cli.runWithStdin(input, "status", "-");
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.out()).containsPattern(
                "projectcontour +backendtlspolicy/backend-tls +projectcontour/contour +0/1 +invalid +Could not find CACertificateRef");
    }

    @Test
    void anInvalidPolicyNoRouteReachesIsAWarningAtItsLineAndFailsStrictAndStatus() throws IOException {
        String input = unreached(withMissingCa(good()));
        Cli.Run render = Cli.runWithStdin(input, "render", "-", "--format", "xds");
        assertThat(render.exit()).as(render.err()).isZero();
        assertThat(render.err()).contains("warning: -:95:1: BackendTLSPolicy ")
                .contains(": not applied: Could not find CACertificateRef ConfigMap: projectcontour/no-such-ca")
                .contains("1 object read but not applied");
        assertThat(Cli.runWithStdin(input, "render", "-", "--format", "xds", "--strict").exit()).isEqualTo(1);
        Cli.Run status = Cli.runWithStdin(input, "status", "-", "-o", "yaml");
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.out()).doesNotContain("BackendTLSPolicy");
    }

    @Test
    void aValidPolicyNoRouteReachesHasNoStatusAndNoWarning() throws IOException {
        Cli.Run status = Cli.runWithStdin(unreached(good()), "status", "-", "-o", "yaml");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).doesNotContain("BackendTLSPolicy");
        assertThat(status.err()).doesNotContain("not applied");
    }

    @Test
    void theGoodPolicyIsAppliedAndAcceptedWithoutAWord() throws IOException {
        Cli.Run render = Cli.runWithStdin(good(), "render", "-", "--format", "xds", "--strict");
        assertThat(render.exit()).as(render.err()).isZero();
        assertThat(render.err()).doesNotContain("not applied").doesNotContain("BackendTLSPolicy");
        Cli.Run status = Cli.runWithStdin(good(), "status", "-");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).containsPattern(
                "projectcontour +backendtlspolicy/backend-tls +projectcontour/contour +1/1 +valid +Accepted BackendTLSPolicy");
    }

    @Test
    void withJsonOutputAReachedInvalidPolicyIsAnInvalidObjectAndAnUnreachedOneNotApplied() throws IOException {
        Cli.Run reached = Cli.runWithStdin(withMissingCa(good()), "render", "-", "--format", "xds", "-o", "json");
        assertThat(reached.err()).contains("\"code\" : \"object-invalid\"").contains("\"kind\" : \"BackendTLSPolicy\"")
                .doesNotContain("not-applied");
        Cli.Run unreached = Cli.runWithStdin(unreached(withMissingCa(good())), "render", "-", "--format", "xds", "-o", "json");
        assertThat(unreached.err()).contains("\"code\" : \"not-applied\"").contains("\"kind\" : \"BackendTLSPolicy\"");
    }
}
