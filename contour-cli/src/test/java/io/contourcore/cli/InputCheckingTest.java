package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input flags that decide what is read (CONTRACT.md "Input"): {@code --validate} as kubectl's, a
 * ContourConfiguration in the input applied as the settings, {@code -R} past Helm and CI files, {@code --exclude}.
 */
class InputCheckingTest {

    @TempDir
    Path tmp;

    private static final String PROXY = """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: default}
            spec: {ports: [{port: 80}]}
            ---
            apiVersion: projectcontour.io/v1
            kind: HTTPProxy
            metadata: {name: web, namespace: default}
            spec:
              virtualhost: {fqdn: web.example.com}
              routes:
                - services: [{name: web, port: 80}]
                  retryPolcy: {count: 3}
            """;

    @Test
    void anUnknownFieldIsBadInputByDefaultAtItsLineAndNothingIsWritten() {
        Path out = tmp.resolve("out.yaml");
        Cli.Run r = Cli.runWithStdin(PROXY, "render", "-", "--output", out.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("-:13:7: HTTPProxy default/web: spec.routes[0].retryPolcy: unknown field "
                + "\"retryPolcy\" (did you mean \"retryPolicy\"?)");
        assertThat(out).doesNotExist();
    }

    @Test
    void validateWarnRendersWithAWarningAndStrictFails() {
        Cli.Run warn = Cli.runWithStdin(PROXY, "render", "-", "--format", "xds", "--validate=warn");
        assertThat(warn.exit()).as(warn.err()).isZero();
        assertThat(warn.err()).contains("warning: -:13:7: HTTPProxy default/web: spec.routes[0].retryPolcy: unknown field");
        Cli.Run strict = Cli.runWithStdin(PROXY, "render", "-", "--format", "xds", "--validate", "warn", "--strict");
        assertThat(strict.exit()).isEqualTo(1);
        Cli.Run ignore = Cli.runWithStdin(PROXY, "render", "-", "--format", "xds", "--validate=false", "--strict");
        assertThat(ignore.exit()).as(ignore.err()).isZero();
        assertThat(ignore.err()).doesNotContain("retryPolcy");
    }

    @Test
    void aBadValidateValueIsAUsageError() {
        Cli.Run r = Cli.runWithStdin(PROXY, "status", "-", "--validate=maybe");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("invalid --validate value \"maybe\": use strict, warn or ignore");
    }

    private static final String CONFIGURATION = """
            ---
            apiVersion: projectcontour.io/v1alpha1
            kind: ContourConfiguration
            metadata: {name: contour, namespace: projectcontour}
            spec:
              envoy:
                http: {port: 9080}
                timeouts: {requestTimeout: 42s}
            """;

    @Test
    void aContourConfigurationInTheInputIsAppliedAsTheSettings() {
        String input = PROXY.replace("      retryPolcy: {count: 3}\n", "") + CONFIGURATION;
        Cli.Run r = Cli.runWithStdin(input, "render", "-", "--format", "xds", "--strict");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("port_value: 9080").contains("timeout: 42s").doesNotContain("port_value: 8080");
    }

    @Test
    void aContourConfigurationAndADifferentConfigFileAreRefusedTogether() throws IOException {
        String input = PROXY.replace("      retryPolcy: {count: 3}\n", "") + CONFIGURATION;
        Path differs = Files.writeString(tmp.resolve("contour.yaml"), "timeouts: {request-timeout: 10s}\n");
        Cli.Run r = Cli.runWithStdin(input, "render", "-", "--config", differs.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("-:14:1: ContourConfiguration projectcontour/contour and --config " + differs
                + " give different settings");
    }

    @Test
    void aRecursiveReadSkipsAHelmChartsFilesWithANoteAndExcludeLeavesOutTemplates() throws IOException {
        Path chart = Files.createDirectories(tmp.resolve("deploy/chart"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: app\nversion: 0.1.0\n");
        Files.writeString(chart.resolve("values.yaml"), "replicas: 2\n");
        Files.createDirectories(chart.resolve("templates"));
        Files.writeString(chart.resolve("templates/svc.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\n");
        Files.writeString(tmp.resolve("deploy/app.yaml"), PROXY.replace("      retryPolcy: {count: 3}\n", ""));
        String dir = tmp.resolve("deploy").toString();

        Cli.Run r = Cli.run("render", "-R", dir, "--exclude", "templates", "--format", "xds", "--strict");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("Chart.yaml:1:1: not a Kubernetes object (it has no kind); skipped")
                .contains("values.yaml:1:1: not a Kubernetes object (it has no kind); skipped");
        assertThat(r.out()).contains("web.example.com");
    }

    @Test
    void withoutRecursionADirectoryOfOnlyDirectoriesIsBadInputNotAnEmptyRender() throws IOException {
        Files.createDirectories(tmp.resolve("base"));
        Files.writeString(tmp.resolve("base/app.yaml"), PROXY.replace("      retryPolcy: {count: 3}\n", ""));
        Cli.Run r = Cli.run("render", tmp.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("only directories; give -R to read them");
    }

    @Test
    void everyCommandThatReadsObjectsDocumentsTheNewInputFlags() {
        for (String command : new String[] {"render", "status", "route", "convert", "serve"}) {
            Cli.Run help = Cli.run(command, "--help");
            assertThat(help.out()).as(command).contains("--validate").contains("--exclude=GLOB");
        }
    }
}
