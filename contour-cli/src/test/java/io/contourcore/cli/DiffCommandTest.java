package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code contour diff OLD NEW}: per-resource unified diffs of the Envoy configuration and the status. */
class DiffCommandTest {

    @TempDir
    Path tmp;

    private static final String SERVICE = ProblemJsonTest.SERVICE;

    private static final String PROXY = """
            apiVersion: projectcontour.io/v1
            kind: HTTPProxy
            metadata:
              name: web
              namespace: default
            spec:
              virtualhost:
                fqdn: web.example.com
              routes:
              - conditions:
                - prefix: /
                services:
                - name: kuard
                  port: 80
            """;

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void theSameInputsAreTheSameAndExitZeroWithNoOutput() throws IOException {
        Path a = write("a.yaml", SERVICE + "---\n" + PROXY);
        Path b = write("b.yaml", PROXY + "---\n" + SERVICE);
        Cli.Run r = Cli.run("diff", a.toString(), b.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aChangedRouteIsOneUnifiedDiffOfTheRouteConfigurationAndExitsOne() throws IOException {
        Path a = write("a.yaml", SERVICE + "---\n" + PROXY);
        Path b = write("b.yaml", SERVICE + "---\n" + PROXY.replace("prefix: /", "prefix: /api"));
        Cli.Run r = Cli.run("diff", a.toString(), b.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("--- a/routes/ingress_http\n+++ b/routes/ingress_http\n@@ -")
                .contains("\n-").contains("\n+").contains("/api");
        assertThat(r.out()).doesNotContain("a/clusters/");
        // one header per differing resource
        assertThat(r.out().lines().filter(l -> l.startsWith("--- ")).count()).isEqualTo(1);
    }

    @Test
    void anObjectThatTurnsInvalidShowsInItsStatusAndTheResourcesItTakesAway() throws IOException {
        Path a = write("old/in.yaml", SERVICE + "---\n" + PROXY);
        Path b = write("new/in.yaml", SERVICE + "---\n" + PROXY.replace("name: kuard\n  ", "name: kuarde\n  "));
        Cli.Run r = Cli.run("diff", a.getParent().toString(), b.getParent().toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("--- a/status/HTTPProxy/default/web").contains("+status: invalid")
                .contains("-status: valid");
        assertThat(r.out()).contains("--- a/clusters/default/kuard/80/da39a3ee5e\n+++ /dev/null");
    }

    @Test
    void badInputOnEitherSideExitsTwo() throws IOException {
        Path a = write("a.yaml", SERVICE);
        Path b = write("b.yaml", "a: [1, 2\n");
        Cli.Run r = Cli.run("diff", a.toString(), b.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(b.toString());
        assertThat(Cli.run("diff", a.toString()).exit()).isEqualTo(2);
    }

    @Test
    void secretDataShowsAsItsHashNeverAsTheKey() {
        var tree = io.contourcore.xds.render.ProtoText.JSON.createObjectNode();
        tree.putObject("tls_certificate").putObject("private_key").put("inline_bytes", "c2VjcmV0");
        String text = DiffCommand.hideSecretData(tree).toString();
        assertThat(text).doesNotContain("c2VjcmV0").contains("sha256:");
    }

    @Test
    void aGitRevisionOfTheInputsIsComparedWithTheWorkTree() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        write("repo/manifests/app.yaml", SERVICE + "---\n" + PROXY);
        git(repo, "init", "-q");
        git(repo, "add", ".");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
        write("repo/manifests/app.yaml", SERVICE + "---\n" + PROXY.replace("prefix: /", "prefix: /v2"));
        Path manifests = repo.resolve("manifests");

        Cli.Run r = Cli.run("diff", "--repo", repo.toString(), "git:HEAD:manifests", manifests.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("a/routes/ingress_http").contains("/v2");
        Cli.Run shorthand = Cli.run("diff", "--repo", repo.toString(), "git:HEAD", manifests.toString());
        assertThat(shorthand.out()).isEqualTo(r.out());
        Cli.Run same = Cli.run("diff", "--repo", repo.toString(), "git:HEAD:manifests", "git:HEAD:manifests");
        assertThat(same.exit()).as(same.err()).isZero();
        Cli.Run missing = Cli.run("diff", "--repo", repo.toString(), "git:HEAD:nothing", manifests.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("git:HEAD:nothing: no such path at that revision");
    }

    @Test
    void aLoadProblemInAGitRevisionNamesTheRevisionNotATemporaryCopy() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        write("repo/app.yaml", SERVICE.replace("- port: 80", "- port: eighty"));
        git(repo, "init", "-q");
        git(repo, "add", ".");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
        Cli.Run r = Cli.run("diff", "--repo", repo.toString(), "git:HEAD:app.yaml", repo.resolve("app.yaml").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("git:HEAD:app.yaml:8:").doesNotContain("contour-diff-");
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
