package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** A BackendTLSPolicy that cannot be applied is never ignored in silence: upstream would say so in its status. */
class BackendTlsPolicyNotAppliedTest {

    private static String inputWithMissingCa() throws IOException {
        String good = Files.readString(GoldenCasesTest.root().resolve("testdata/cases/gateway/backendtlspolicy/input.yaml"));
        String bad = good.replace("      name: backend-ca\n    hostname:", "      name: no-such-ca\n    hostname:");
        assertThat(bad).isNotEqualTo(good);
        return bad;
    }

    @Test
    void aPolicyWhoseCaIsMissingIsAWarningAtItsLineAndFailsStrictAndStatus() throws IOException {
        String input = inputWithMissingCa();
        Cli.Run render = Cli.runWithStdin(input, "render", "-", "--format", "xds");
        assertThat(render.exit()).as(render.err()).isZero();
        assertThat(render.err()).contains("warning: -:95:1: BackendTLSPolicy ")
                .contains(": not applied: Could not find CACertificateRef ConfigMap: projectcontour/no-such-ca")
                .contains("1 object read but not applied");
        assertThat(Cli.runWithStdin(input, "render", "-", "--format", "xds", "--strict").exit()).isEqualTo(1);
        assertThat(Cli.runWithStdin(input, "status", "-").exit()).isEqualTo(1);
    }

    @Test
    void theGoodPolicyIsAppliedWithoutAWord() throws IOException {
        String good = Files.readString(GoldenCasesTest.root().resolve("testdata/cases/gateway/backendtlspolicy/input.yaml"));
        Cli.Run render = Cli.runWithStdin(good, "render", "-", "--format", "xds", "--strict");
        assertThat(render.exit()).as(render.err()).isZero();
        assertThat(render.err()).doesNotContain("not applied");
    }

    @Test
    void withJsonOutputThePolicyIsANotAppliedProblem() throws IOException {
        Cli.Run render = Cli.runWithStdin(inputWithMissingCa(), "render", "-", "--format", "xds", "-o", "json");
        assertThat(render.err()).contains("\"code\" : \"not-applied\"").contains("\"kind\" : \"BackendTLSPolicy\"");
    }
}
