package io.contourcore.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.model.K8sObject;
import io.contourcore.model.Kind;
import io.contourcore.model.Location;
import io.contourcore.model.Service;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestLoaderInputsTest {

    @TempDir
    Path dir;

    private static String service(String name) {
        return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\nspec:\n  ports:\n  - port: 80\n";
    }

    private static List<String> locations(LoadResult r) {
        return r.resources().all().stream().map(o -> o.name() + "@" + o.metadata().location()).toList();
    }

    @Test
    void multiDocumentYamlSkipsEmptyDocumentsAndKeepsEachDocumentsLine() {
        LoadResult r = ManifestLoader.parse("multi.yaml", "---\n" + service("a") + "---\n---\n# only a comment\n---\n"
                + service("b") + "...\n", "default");
        assertThat(r.errors()).isEmpty();
        assertThat(locations(r)).containsExactly("a@multi.yaml:2:1", "b@multi.yaml:13:1");
    }

    @Test
    void aListAndATypedListAreExpandedIntoTheirItems() {
        LoadResult r = ManifestLoader.parse("list.yaml", """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: v1
                  kind: Service
                  metadata: {name: a}
                - apiVersion: v1
                  kind: Namespace
                  metadata: {name: team-a}
                ---
                apiVersion: v1
                kind: ServiceList
                items:
                - metadata: {name: b, namespace: apps}
                """, "default");
        assertThat(r.errors()).isEmpty();
        assertThat(r.resources().all()).map(K8sObject::ref).map(Object::toString)
                .containsExactly("Namespace team-a", "Service apps/b", "Service default/a");
        assertThat(r.resources().get(Kind.SERVICE, "apps", "b", Service.class).orElseThrow().metadata().location())
                .isEqualTo(new Location("list.yaml", 14, 3));
    }

    @Test
    void standardInputIsReadAsSourceDashAndTheDefaultNamespaceApplies() {
        LoadResult r = ManifestLoader.read(List.of("-"), false, "team-a",
                new ByteArrayInputStream(service("web").getBytes(StandardCharsets.UTF_8)));
        assertThat(r.errors()).isEmpty();
        assertThat(locations(r)).containsExactly("web@-:1:1");
        assertThat(r.resources().all().get(0).namespace()).isEqualTo("team-a");
    }

    @Test
    void jsonOnStandardInputIsRecognisedByItsContent() {
        LoadResult r = ManifestLoader.read(List.of("-"), false, "default", new ByteArrayInputStream(
                "  \n{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"n\"}}".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.errors()).isEmpty();
        assertThat(locations(r)).containsExactly("n@-:2:1");
    }

    @Test
    void aJsonArrayOrScalarIsNotAnObject() {
        assertThat(ManifestLoader.parse("a.json", "[{\"kind\": \"Service\"}]\n\"text\"", "default").errors())
                .map(Problem::toString).containsExactly(
                        "a.json:1:1: expected a Kubernetes object (a map with apiVersion and kind), got a list",
                        "a.json:2:1: expected a Kubernetes object (a map with apiVersion and kind), got a string \"text\"");
    }

    @Test
    void aJsonFileIsReadAsJsonWhateverItStartsWith() {
        assertThat(ManifestLoader.parse("y.json", "apiVersion: v1\n", "default").errors()).map(Problem::toString)
                .containsExactly("y.json:1:11: invalid JSON: Unrecognized token 'apiVersion': was expecting "
                        + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
    }

    @Test
    void aDirectoryIsReadInNameOrderAndOnlyManifestFilesCount() throws IOException {
        Files.writeString(dir.resolve("b.yaml"), service("b"));
        Files.writeString(dir.resolve("a.yml"), service("a"));
        Files.writeString(dir.resolve("c.json"), "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"c\"}}");
        Files.writeString(dir.resolve("notes.txt"), "not: [a manifest");
        Files.writeString(dir.resolve(".hidden.yaml"), "not: [a manifest");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/d.yaml"), service("d"));
        LoadResult r = ManifestLoader.read(List.of(dir.toString()), false, "default", null);
        assertThat(r.errors()).isEmpty();
        assertThat(r.resources().all()).map(K8sObject::name).containsExactly("c", "a", "b");
    }

    @Test
    void aRecursiveDirectoryDescendsInSortedOrderSkippingHiddenNames() throws IOException {
        // Duplicates reveal the reading order: the first one read is kept and the later ones are reported.
        Files.createDirectories(dir.resolve("b"));
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve("a.yaml"), service("web"));
        Files.writeString(dir.resolve("b/x.yaml"), service("web"));
        Files.writeString(dir.resolve("c.yaml"), service("web"));
        Files.writeString(dir.resolve(".git/config.yaml"), "broken: [");
        LoadResult r = ManifestLoader.read(List.of(dir.toString()), true, "default", null);
        String a = dir.resolve("a.yaml").toString();
        assertThat(r.errors()).map(Problem::toString).containsExactly(
                dir.resolve("b/x.yaml") + ":1:1: Service default/web: duplicate object: Service default/web is already defined at " + a + ":1:1",
                dir.resolve("c.yaml") + ":1:1: Service default/web: duplicate object: Service default/web is already defined at " + a + ":1:1");
        assertThat(locations(r)).containsExactly("web@" + a + ":1:1");
    }

    @Test
    void theFilesListedAreTheOnesReadAndAnEmptyFileStillCountsWhileAnEmptiedDirectoryDoesNot() throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("b.yaml"), service("b"));
        Files.writeString(dir.resolve("a.json"), "");
        Files.writeString(dir.resolve("notes.txt"), "not a manifest");
        Files.writeString(dir.resolve(".hidden.yaml"), service("h"));
        Files.writeString(dir.resolve("sub/c.yml"), service("c"));
        Path single = Files.writeString(dir.resolve("single.txt"), service("s"));
        List<String> both = List.of(dir.toString(), single.toString(), "-", dir.resolve("gone.yaml").toString());
        assertThat(ManifestLoader.files(both, false)).containsExactly(dir.resolve("a.json"), dir.resolve("b.yaml"),
                single);
        assertThat(ManifestLoader.files(List.of(dir.toString()), true)).containsExactly(dir.resolve("a.json"),
                dir.resolve("b.yaml"), dir.resolve("sub/c.yml"));
        Files.delete(dir.resolve("b.yaml"));
        Files.delete(dir.resolve("a.json"));
        assertThat(ManifestLoader.files(List.of(dir.toString()), false)).isEmpty();
    }

    @Test
    void aSymlinkedFileIsFollowed() throws IOException {
        Path target = Files.writeString(dir.resolve("real.txt"), service("linked"));
        Path sub = Files.createDirectories(dir.resolve("d"));
        Files.createSymbolicLink(sub.resolve("link.yaml"), target);
        LoadResult r = ManifestLoader.read(List.of(sub.toString()), false, "default", null);
        assertThat(r.errors()).isEmpty();
        assertThat(r.resources().all()).map(K8sObject::name).containsExactly("linked");
    }

    @Test
    void aMissingFileIsAnErrorAndOtherInputsAreStillRead() throws IOException {
        Path good = Files.writeString(dir.resolve("good.yaml"), service("good"));
        String missing = dir.resolve("missing.yaml").toString();
        LoadResult r = ManifestLoader.read(List.of(missing, good.toString()), false, "default", null);
        assertThat(r.errors()).map(Problem::toString).containsExactly(missing + ":1:1: cannot read: no such file or directory");
        assertThat(r.resources().all()).map(K8sObject::name).containsExactly("good");
    }

    @Test
    void anUnreadableFileIsAnError() throws IOException {
        Path f = Files.writeString(dir.resolve("secret.yaml"), service("x"));
        assertThat(f.toFile().setReadable(false)).isTrue();
        try {
            LoadResult r = ManifestLoader.read(List.of(f.toString()), false, "default", null);
            if (Files.isReadable(f)) {
                // Running as root reads anything; the missing-file test covers the error path then.
                assertThat(r.errors()).isEmpty();
            } else {
                assertThat(r.errors()).map(Problem::toString).containsExactly(f + ":1:1: cannot read: permission denied");
            }
        } finally {
            f.toFile().setReadable(true);
        }
    }

    @Test
    void textThatIsNotUtf8IsAnError() throws IOException {
        Path f = Files.write(dir.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
        LoadResult r = ManifestLoader.read(List.of(f.toString()), false, "default", null);
        assertThat(r.errors()).map(Problem::toString).containsExactly(f + ":1:4: cannot read: not valid UTF-8");
    }

    @Test
    void bytesThatAreNotUtf8AreReportedAtTheirLineAndColumn() throws IOException {
        byte[] before = "apiVersion: v1\nkind: Service\nmetadata:\n  name: caf\u00e9-".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(before, before.length + 2);
        bytes[before.length] = (byte) 0xC3; // a lead byte with no continuation: the "é" above counts as one column
        bytes[before.length + 1] = '\n';
        Path f = Files.write(dir.resolve("cut.yaml"), bytes);
        LoadResult r = ManifestLoader.read(List.of(f.toString()), false, "default", null);
        assertThat(r.errors()).map(Problem::toString).containsExactly(f + ":4:14: cannot read: not valid UTF-8");
    }

    @Test
    void problemsFromEveryFileAreCollected() throws IOException {
        Path a = Files.writeString(dir.resolve("a.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 0}]}\n");
        Path b = Files.writeString(dir.resolve("b.yaml"), "kind: [\n");
        LoadResult r = ManifestLoader.read(List.of(a.toString(), b.toString()), false, "default", null);
        assertThat(r.errors()).map(Problem::location).map(Location::file).containsExactly(a.toString(), b.toString());
        assertThat(r.ok()).isFalse();
    }
}
