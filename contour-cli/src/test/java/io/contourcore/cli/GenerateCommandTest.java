package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GenerateCommandTest {

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void theTlsShapeGivesEveryProxyASecretOfItsOwnAndRendersCleanly() {
        Cli.Run gen = Cli.run("generate", "--objects", "40", "--seed", "3", "--tls");
        assertThat(gen.exit()).isZero();
        String yaml = gen.out();
        assertThat(count(yaml, "^kind: HTTPProxy$")).isEqualTo(10);
        assertThat(count(yaml, "^kind: Secret$")).isEqualTo(10);
        assertThat(count(yaml, "^kind: Ingress$")).isZero();
        for (int i = 0; i < 10; i++) {
            assertThat(yaml).contains("  name: proxy-" + i + "\n").contains("      secretName: tls-" + i + "\n");
        }
        Cli.Run render = Cli.runWithStdin(yaml, "render", "-", "--format", "xds", "--strict");
        assertThat(render.exit()).as(render.err()).isZero();
        assertThat(count(render.out(), "transport_socket:")).isGreaterThanOrEqualTo(10);
    }

    @Test
    void theTlsShapeIsTheSameForTheSameSeedAndDiffersFromTheDefaultShape() {
        String a = Cli.run("generate", "--objects", "40", "--seed", "3", "--tls", "-o", "json").out();
        assertThat(Cli.run("generate", "--objects", "40", "--seed", "3", "--tls", "-o", "json").out()).isEqualTo(a);
        assertThat(Cli.run("generate", "--objects", "40", "--seed", "3", "-o", "json").out()).isNotEqualTo(a);
        assertThat(a).contains("\"tls\":{\"secretName\":\"tls-0\"}");
    }
}
