package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code contour} launcher script, run in a copy of the checkout's layout with a {@code java} on the PATH and a
 * {@code mvnw} in the checkout that only write down how they were called (and leave the files the real ones would):
 * which JVM options it passes, how it makes and proves the class-data archive, and what it leaves alone.
 */
class LauncherTest {

    private static final char SEP = '\u001f';
    private static final Path SCRIPT = Path.of("..", "contour");
    private static final Path OPTIONS = Path.of("src/main/resources/io/contourcore/cli/jvm.options");
    /** The launcher names the main class and puts the jar on the class path (see the script). */
    private static final String MAIN = "io.contourcore.cli.ContourCommand";

    private static final String FAKE_JAVA = """
            #!/usr/bin/env bash
            { printf '%s\\x1f' "$PWD" "$@"; echo; } >> "$FAKE_LOG"
            prev=""
            for a in "$@"; do
              case "$a" in
                -XX:DumpLoadedClassList=*) printf 'java/lang/Object\nloaded-by-%s\n' "${a##*/}" > "${a#*=}" ;;
                -XX:SharedClassListFile=*) list="${a#*=}" ;;
                -XX:SharedArchiveFile=*) archive="${a#*=}" ;;
                -Xshare:dump) dump=1 ;;
                -Xshare:on|-XX:AOTMode=on) proof=1 ;;
                -XX:AOTCacheOutput=*) printf 'cache' > "${a#*=}" ;;
              esac
              if [ "$prev" = --output-file ]; then echo generated > "$a"; fi
              prev="$a"
            done
            if [ -n "${dump:-}" ]; then
              printf 'archive' > "$archive"
              cp "$list" "${FAKE_LOG%/*}/dumped.lst"
              exit "${FAKE_DUMP_RC:-0}"
            fi
            if [ -n "${proof:-}" ]; then exit "${FAKE_PROOF_RC:-0}"; fi
            exit 0
            """;

    private static final String FAKE_MVNW = """
            #!/usr/bin/env bash
            { printf '%s\\x1f' mvnw "$@"; echo; } >> "$FAKE_LOG"
            mkdir -p contour-cli/target && echo jar > contour-cli/target/contour.jar
            """;

    @TempDir
    Path dir;

    private Path checkout;
    private Path jar;
    private Path jsa;
    private Path bin;
    private Path log;

    @BeforeEach
    void layOutACheckout() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")), "bash");
        checkout = dir.resolve("checkout");
        Path resources = checkout.resolve("contour-cli").resolve(OPTIONS);
        Files.createDirectories(resources.getParent());
        Files.copy(OPTIONS, resources);
        Files.copy(SCRIPT, checkout.resolve("contour"));
        executable(checkout.resolve("mvnw"), FAKE_MVNW);
        bin = Files.createDirectories(dir.resolve("bin"));
        executable(bin.resolve("java"), FAKE_JAVA);
        jar = checkout.resolve("contour-cli/target/contour.jar");
        jsa = checkout.resolve("contour-cli/target/contour.jsa");
        log = dir.resolve("calls.log");
    }

    @Test
    void aMissingJarIsBuiltWithTheCheckoutsWrapperBeforeAnythingRuns() throws Exception {
        List<List<String>> calls = run(Map.of(), "version");
        assertThat(calls.get(0)).containsExactly("mvnw", "-B", "-q", "-DskipTests", "package");
        assertThat(Files.exists(jar)).isTrue();
        assertThat(last(calls)).containsSubsequence("-cp", jar.toString(), MAIN, "version");
    }

    @Test
    void theFirstRunDumpsAStaticArchiveFromTheClassesOfTheTrainingRendersAndProvesItBeforeKeepingIt() throws Exception {
        builtJar();
        List<List<String>> calls = run(Map.of(), "version");
        assertThat(calls).hasSize(4);
        List<String> training = calls.get(0);
        String classes = value(training, "-XX:DumpLoadedClassList=");
        String renders = value(training, "-D" + ArchiveTraining.PROPERTY + "=");
        assertThat(training).as("one JVM lists the classes of ArchiveTraining's renders, after a quick command")
                .containsSubsequence("-cp", jar.toString(), MAIN, "version");
        assertThat(Path.of(renders).getParent()).isEqualTo(Path.of(classes).getParent());
        List<String> dump = calls.get(1);
        assertThat(value(dump, "-XX:SharedClassListFile=")).isEqualTo(classes);
        assertThat(dump).contains("-Xshare:dump").containsSubsequence("-cp", jar.toString())
                .noneMatch(a -> a.startsWith("-D" + ArchiveTraining.PROPERTY));
        assertThat(Files.readAllLines(dir.resolve("dumped.lst"))).containsExactly("java/lang/Object",
                "loaded-by-" + Path.of(classes).getFileName());
        String next = value(dump, "-XX:SharedArchiveFile=");
        assertThat(Path.of(next).getParent()).as("written next to the jar, so the rename is atomic")
                .isEqualTo(jar.getParent());
        assertThat(calls.get(2)).contains("-Xshare:on", "-XX:SharedArchiveFile=" + next)
                .containsSubsequence("-cp", jar.toString(), MAIN, "version");
        assertThat(last(calls)).contains("-XX:SharedArchiveFile=" + jsa, "-XX:+UnlockDiagnosticVMOptions",
                "-XX:ArchiveRelocationMode=0");
        assertThat(Files.readString(jsa)).isEqualTo("archive");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aSecondRunMapsTheArchiveWithoutTrainingAgain() throws Exception {
        builtJar();
        run(Map.of(), "version");
        Files.delete(log);
        List<List<String>> calls = run(Map.of(), "version");
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0)).contains("-XX:SharedArchiveFile=" + jsa);
    }

    @Test
    void anArchiveThatFailsItsProofOrItsDumpIsNeitherKeptNorUsed() throws Exception {
        builtJar();
        for (Map<String, String> failing : List.of(Map.of("FAKE_PROOF_RC", "1"), Map.of("FAKE_DUMP_RC", "1"))) {
            List<List<String>> calls = run(failing, "version");
            assertThat(Files.exists(jsa)).as(failing.toString()).isFalse();
            assertThat(leftovers()).as(failing.toString()).isEmpty();
            assertThat(String.join(" ", last(calls))).as(failing.toString()).doesNotContain("SharedArchiveFile");
        }
    }

    @Test
    void contourCdsZeroNeitherMakesNorUsesAnArchive() throws Exception {
        builtJar();
        List<List<String>> calls = run(Map.of("CONTOUR_CDS", "0"), "version");
        assertThat(calls).hasSize(1);
        assertThat(String.join(" ", calls.get(0))).doesNotContain("SharedArchiveFile").doesNotContain("Xshare");
        assertThat(Files.exists(jsa)).isFalse();
    }

    @Test
    void theOptionsFileIsPassedWithItsConditionsAndTheUsersOptionsLast() throws Exception {
        builtJar();
        Path small = Files.writeString(dir.resolve("small.yaml"), "kind: Service\n");
        List<String> render = last(run(Map.of("CONTOUR_CDS", "0", "CONTOUR_JAVA_OPTS", "-Dx=1 -Dy=2"),
                "render", small.toString(), "--format", "xds"));
        assertThat(render).containsSubsequence("-Dcontour.relaunch=false", "-XX:TieredStopAtLevel=1",
                "-XX:+UseParallelGC", "-XX:MaxTenuringThreshold=0", "-Dx=1", "-Dy=2", "-cp", jar.toString(), MAIN, "render",
                small.toString(), "--format", "xds");
        assertThat(render).doesNotContain("-Xmn384m", "-Xms1g").contains("-XX:CICompilerCount=1");
        if (System.getProperty("os.name").toLowerCase().contains("linux")) {
            assertThat(render).contains("-XX:+UseTransparentHugePages");
        }
        List<String> serve = last(run(Map.of("CONTOUR_CDS", "0"), "serve", small.toString()));
        assertThat(serve).as("promotion at once is for batch runs only").doesNotContain("-XX:MaxTenuringThreshold=0");
        assertThat(serve).as("serve keeps the serial collector").contains("-XX:+UseSerialGC")
                .doesNotContain("-XX:+UseParallelGC", "-XX:C1MaxInlineSize=20");
        assertThat(render).doesNotContain("-XX:+UseSerialGC");
    }

    @Test
    void aLargeInputGetsTheLargeYoungGenerationButALargeEarlierOutputDoesNot() throws Exception {
        builtJar();
        Path big = dir.resolve("big.yaml");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(20L << 20);
        }
        Path small = Files.writeString(dir.resolve("small.yaml"), "kind: Service\n");
        assertThat(last(run(Map.of("CONTOUR_CDS", "0"), "render", big.toString())))
                .contains("-Xmn384m", "-Xms1g").doesNotContain("-XX:CICompilerCount=1");
        assertThat(last(run(Map.of("CONTOUR_CDS", "0"), "render", small.toString(), "--output-file", big.toString())))
                .doesNotContain("-Xmn384m", "-Xms1g");
    }

    @Test
    void startedByARelativePathItFindsItsCheckoutAndKeepsTheCallersDirectory() throws Exception {
        builtJar();
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        List<List<String>> calls = run(elsewhere, Map.of("CONTOUR_CDS", "0"), "../checkout/contour", "version");
        assertThat(calls.get(0).get(0)).as("the working directory java sees").isEqualTo(elsewhere.toString());
        assertThat(calls.get(0)).containsSubsequence("-cp", jar.toString(), MAIN, "version");
    }

    @Test
    void javaHomesJavaRunsWhenSetAndAJdk25OrLaterGetsAnAotCacheMadeByATrainingRenderAndProven() throws Exception {
        builtJar();
        Path jdk = fakeJdk("jdk-25", "25.0.3");
        List<List<String>> calls = run(Map.of("JAVA_HOME", jdk.toString()), "render", "in.yaml");
        Path aot = jar.resolveSibling("contour-25.0.3.aot");
        assertThat(calls).hasSize(4);
        String next = value(calls.get(1), "-XX:AOTCacheOutput=");
        assertThat(calls.get(1)).containsSubsequence("-cp", jar.toString(), MAIN, "render");
        assertThat(Path.of(next).getParent()).isEqualTo(jar.getParent());
        assertThat(calls.get(2)).contains("-XX:AOTMode=on", "-XX:AOTCache=" + next);
        assertThat(calls.subList(0, 3)).as("a crashing training JVM writes its log with the training files")
                .allSatisfy(c -> assertThat(value(c, "-XX:ErrorFile=")).doesNotStartWith(dir.toString()));
        assertThat(calls.get(1)).as("the cache is made with the options it is used with")
                .contains("-XX:+UseCompactObjectHeaders");
        assertThat(last(calls)).contains("-XX:AOTCache=" + aot, "--sun-misc-unsafe-memory-access=allow",
                        "-XX:+UseCompactObjectHeaders", "--enable-native-access=ALL-UNNAMED")
                .noneMatch(a -> a.startsWith("-XX:SharedArchiveFile") || a.startsWith("-Xshare"));
        assertThat(Files.readString(aot)).isEqualTo("cache");
        assertThat(Files.exists(jsa)).isFalse();
        assertThat(Files.readString(jdk.resolve("calls"))).as("every JVM is JAVA_HOME's").hasLineCount(4);

        Files.delete(this.log);
        assertThat(run(Map.of("JAVA_HOME", jdk.toString(), "FAKE_PROOF_RC", "1"), "version")).as("kept: no new training")
                .hasSize(1);
    }

    @Test
    void anAotCacheThatFailsItsProofIsNeitherKeptNorUsedAndContourCdsZeroMakesNone() throws Exception {
        builtJar();
        Path jdk = fakeJdk("jdk-25", "25.0.3");
        List<List<String>> calls = run(Map.of("JAVA_HOME", jdk.toString(), "FAKE_PROOF_RC", "1"), "version");
        assertThat(last(calls)).noneMatch(a -> a.startsWith("-XX:AOTCache")).contains("version");
        try (Stream<Path> files = Files.list(jar.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no cache, no leftovers")
                    .noneMatch(n -> n.contains(".aot"));
        }
        Files.delete(log);
        List<List<String>> off = run(Map.of("JAVA_HOME", jdk.toString(), "CONTOUR_CDS", "0"), "version");
        assertThat(off).hasSize(1);
        assertThat(off.get(0)).noneMatch(a -> a.startsWith("-XX:AOT") || a.startsWith("-XX:SharedArchiveFile"));
    }

    @Test
    void aJdkBefore25KeepsTheClassDataArchiveAndNoReleaseOptions() throws Exception {
        builtJar();
        Path jdk = fakeJdk("jdk-21", "21.0.5");
        List<List<String>> calls = run(Map.of("JAVA_HOME", jdk.toString()), "version");
        assertThat(calls).hasSize(4);
        assertThat(calls.get(1)).contains("-Xshare:dump");
        Path jdk21Archive = jar.resolveSibling("contour-21.0.5.jsa");
        assertThat(last(calls)).as("named for its JDK, which another refuses")
                .contains("-XX:SharedArchiveFile=" + jdk21Archive)
                .doesNotContain("--sun-misc-unsafe-memory-access=allow", "-XX:+UseCompactObjectHeaders",
                        "--enable-native-access=ALL-UNNAMED");
        assertThat(Files.readString(jdk.resolve("calls"))).hasLineCount(4);

        Files.delete(log);
        Path other = fakeJdk("jdk-22", "22.0.2");
        List<List<String>> switched = run(Map.of("JAVA_HOME", other.toString()), "version");
        assertThat(switched).as("another JDK makes its own archive").hasSize(4);
        assertThat(last(switched)).contains("-XX:SharedArchiveFile=" + jar.resolveSibling("contour-22.0.2.jsa"));
        assertThat(Files.exists(jdk21Archive)).isTrue();
    }

    /** A JDK home whose bin/java is the fake java (counting its calls in the home) and whose release file says so. */
    private Path fakeJdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name).resolve("bin")).getParent();
        executable(home.resolve("bin/java"), FAKE_JAVA.replace("#!/usr/bin/env bash\n",
                "#!/usr/bin/env bash\necho call >> \"" + home.resolve("calls") + "\"\n"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    private void builtJar() throws IOException {
        Files.createDirectories(jar.getParent());
        // Newer than every source the launcher compares it with, as a fresh build is, and older than an archive made
        // now.
        FileTime before = FileTime.fromMillis(System.currentTimeMillis() - 120_000);
        try (Stream<Path> sources = Files.walk(checkout.resolve("contour-cli/src"))) {
            for (Path p : sources.toList()) {
                Files.setLastModifiedTime(p, before);
            }
        }
        Files.writeString(jar, "jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(jar.getParent())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("contour.jsa.")).toList();
        }
    }

    private List<List<String>> run(Map<String, String> env, String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = checkout.resolve("contour").toString();
        System.arraycopy(args, 0, all, 1, args.length);
        return run(dir, env, all);
    }

    /** Runs the launcher; each call of java or mvnw is one list, the first element java's working directory. */
    private List<List<String>> run(Path cwd, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash"));
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        e.remove("CONTOUR_CDS");
        e.remove("CONTOUR_JAVA_OPTS");
        e.remove("JAVA_HOME");
        e.put("PATH", bin + java.io.File.pathSeparator + e.getOrDefault("PATH", "/usr/bin:/bin"));
        e.put("FAKE_LOG", log.toString());
        e.putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        List<List<String>> calls = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            List<String> call = new ArrayList<>(Arrays.asList(line.split(String.valueOf(SEP), -1)));
            call.remove(call.size() - 1);
            calls.add(call);
        }
        return calls;
    }

    private static List<String> last(List<List<String>> calls) {
        return calls.get(calls.size() - 1);
    }

    private static String value(List<String> call, String prefix) {
        return call.stream().filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in " + call));
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        file.toFile().setExecutable(true);
    }
}
