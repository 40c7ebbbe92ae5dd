package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An object of a kind contour reads that the loader reads past (an apiVersion it does not serve, a kind it does not
 * read yet) is never dropped in silence: it gets a located warning, and {@code render --strict} and {@code status}
 * fail on it, while a plain render still exits 0.
 */
class SkippedObjectsTest {

    static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: default}
            spec: {ports: [{port: 80}]}
            ---
            """;

    @ParameterizedTest
    @ValueSource(strings = {
        "apiVersion: networking.k8s.io/v1\nkind: Ingres\nmetadata: {name: typo, namespace: default}\nspec: {}\n",
        "apiVersion: projectcontour.io/v2\nkind: HTTPProxy\nmetadata: {name: p, namespace: default}\nspec: {}\n"})
    void aSkippedObjectOfOursIsWarnedAboutAndFailsStrictAndStatus(String object) {
        String input = SERVICE + object;
        Cli.Run plain = Cli.runWithStdin(input, "render", "-", "--format", "xds");
        assertThat(plain.exit()).as(plain.err()).isZero();
        assertThat(plain.err()).containsPattern("warning: -:[67]:").contains("skipped")
                .contains("contour: 1 object or field of kinds contour reads skipped");

        Cli.Run strict = Cli.runWithStdin(input, "render", "-", "--format", "xds", "--strict");
        assertThat(strict.exit()).as(strict.err()).isEqualTo(1);
        Cli.Run status = Cli.runWithStdin(input, "status", "-");
        assertThat(status.exit()).as(status.err()).isEqualTo(1);
    }

    @Test
    void objectsOfOtherControllersStayQuietAndDoNotFailStrict() {
        String input = SERVICE + "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: default}\nspec: {}\n";
        Cli.Run strict = Cli.runWithStdin(input, "render", "-", "--format", "xds", "--strict");
        assertThat(strict.exit()).as(strict.err()).isZero();
        assertThat(strict.err()).doesNotContain("skipped");
    }
}
