package io.contourcore.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input that is not ours is told apart from input that is ours but misspelt: a kind name that is not ours in one of
 * our API groups is a counted warning naming the nearest kind; YAML that is not a Kubernetes object is skipped with a
 * note; a directory read without {@code -R} that holds only directories says so.
 */
class ManifestLoaderNotOursTest {

    private static List<String> lines(List<Problem> problems) {
        return problems.stream().map(Problem::toString).toList();
    }

    @Test
    void aMisspeltKindInOurGroupIsACountedWarningNamingTheNearestKind() {
        LoadResult r = ManifestLoader.parse("in.yaml", """
                apiVersion: networking.k8s.io/v1
                kind: Ingres
                metadata: {name: web, namespace: apps}
                ---
                apiVersion: projectcontour.io/v1
                kind: HTTPProxies
                metadata: {name: api}
                """, "default");
        assertThat(r.errors()).isEmpty();
        assertThat(lines(r.warnings())).containsExactly(
                "in.yaml:2:7: Ingres apps/web: unknown kind \"Ingres\" in networking.k8s.io (did you mean \"Ingress\"?); skipped",
                "in.yaml:6:7: HTTPProxies default/api: unknown kind \"HTTPProxies\" in projectcontour.io "
                        + "(did you mean \"HTTPProxy\"?); skipped");
        assertThat(r.skippedObjects()).isEqualTo(2);
        assertThat(r.hasUntranslated()).isTrue();
    }

    @Test
    void aKindFarFromEveryKindOfTheGroupIsToldWhichKindsWeReadThere() {
        LoadResult r = ManifestLoader.parse("in.yaml", """
                apiVersion: contour.heptio.com/v1beta1
                kind: Gateway
                metadata: {name: x}
                """, "default");
        assertThat(lines(r.warnings())).containsExactly("in.yaml:2:7: Gateway default/x: unknown kind \"Gateway\" in "
                + "contour.heptio.com: the kinds contour reads there are IngressRoute, TLSCertificateDelegation; skipped");
    }

    @Test
    void otherControllersKindsInOurGroupsAndTheCoreGroupStayQuiet() {
        LoadResult r = ManifestLoader.parse("in.yaml", """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                ---
                apiVersion: projectcontour.io/v1alpha1
                kind: ContourDeployment
                metadata: {name: d}
                ---
                apiVersion: gateway.networking.k8s.io/v1alpha2
                kind: UDPRoute
                metadata: {name: u}
                ---
                apiVersion: apps/v1
                kind: Deploymnt
                metadata: {name: typo-in-a-group-that-is-not-ours}
                """, "default");
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.skippedObjects()).isZero();
    }

    @Test
    void yamlThatIsNotAKubernetesObjectIsSkippedWithANoteNotAnError() {
        LoadResult r = ManifestLoader.parse("Chart.yaml", """
                apiVersion: v2
                name: my-chart
                version: 1.2.3
                dependencies: [{name: redis}]
                """, "default");
        assertThat(r.errors()).isEmpty();
        assertThat(lines(r.warnings())).containsExactly("Chart.yaml:1:1: " + ManifestLoader.NOT_AN_OBJECT);
        assertThat(r.skippedObjects()).isZero();
    }

    @Test
    void aRecursiveReadSkipsHelmAndCiFilesAndExcludesWhatTheGlobsName(@TempDir Path dir) throws IOException {
        Path chart = Files.createDirectories(dir.resolve("chart"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: app\nversion: 0.1.0\n");
        Files.writeString(chart.resolve("values.yaml"), "replicas: 2\nimage: {tag: latest}\n");
        Files.writeString(dir.resolve(".gitlab-ci.yml"), "stages: [test]\n");
        Files.writeString(dir.resolve("ci.yml"), "stages: [test]\n");
        Path templates = Files.createDirectories(chart.resolve("templates"));
        Files.writeString(templates.resolve("svc.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: {{ .Values.name }}}\n");
        Path app = Files.createDirectories(dir.resolve("app"));
        Files.writeString(app.resolve("svc.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
                + "spec: {ports: [{port: 80}]}\n");

        LoadResult r = ManifestLoader.read(List.of(dir.toString()), true, "default", null,
                io.contourcore.model.Parallel.SEQUENTIAL, ReadOptions.DEFAULT.withExclude(List.of("templates")));
        assertThat(lines(r.errors())).isEmpty();
        assertThat(r.resources().size()).isEqualTo(1);
        // Chart.yaml (Helm's apiVersion v2, no kind), values.yaml and the CI file are noted and skipped; the
        // excluded templates are not read at all, and dot files never are.
        assertThat(lines(r.warnings())).containsExactly(
                dir.resolve("chart/Chart.yaml") + ":1:1: " + ManifestLoader.NOT_AN_OBJECT,
                dir.resolve("chart/values.yaml") + ":1:1: " + ManifestLoader.NOT_AN_OBJECT,
                dir.resolve("ci.yml") + ":1:1: " + ManifestLoader.NOT_AN_OBJECT);
    }

    @Test
    void withoutRecursionADirectoryOfOnlyDirectoriesSaysSoAsBadInput(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("base"));
        Files.writeString(dir.resolve("base/svc.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n");
        LoadResult r = ManifestLoader.read(List.of(dir.toString()), false, "default", null);
        assertThat(lines(r.errors())).containsExactly(dir + ":1:1: cannot read: the directory holds no *.yaml, *.yml or "
                + "*.json files, only directories; give -R to read them");
        assertThat(ManifestLoader.read(List.of(dir.toString()), true, "default", null).resources().size()).isEqualTo(1);
    }

    @Test
    void excludedFilesAreNotWatchedEither(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "");
        Files.writeString(dir.resolve("values.yaml"), "");
        assertThat(ManifestLoader.files(List.of(dir.toString()), false,
                ReadOptions.DEFAULT.withExclude(List.of("values*.yaml")))).containsExactly(dir.resolve("a.yaml"));
    }
}
