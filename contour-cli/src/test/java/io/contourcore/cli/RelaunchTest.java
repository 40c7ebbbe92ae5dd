package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar contour.jar render ...} runs the command in a child JVM with the launcher's options: when, with
 * what, and that a user sees the same streams and exit code. The decision and the archive cache are tested
 * in-process; the relaunch itself with a real parent and child JVM.
 */
class RelaunchTest {

    private static final String INPUT = """
            apiVersion: projectcontour.io/v1
            kind: HTTPProxy
            metadata: {name: shop, namespace: default}
            spec:
              virtualhost: {fqdn: shop.example.com}
              routes:
                - services: [{name: missing, port: 80}]
            """;

    @TempDir
    Path dir;

    @Test
    void aBatchCommandStartedWithoutJvmOptionsRunsInAChild() {
        for (String command : Relaunch.BATCH_COMMANDS) {
            assertThat(Relaunch.wanted(new String[] {command, "in.yaml"}, null, null)).as(command).isTrue();
        }
        assertThat(Relaunch.userTuned(List.of())).isFalse();
        assertThat(Relaunch.userTuned(List.of("-Dfile.encoding=UTF-8", "-ea")))
                .as("a system property is no choice of heap, collector or compiler").isFalse();
    }

    @Test
    void serveAndTheQuickCommandsKeepTheUsersJvm() {
        for (String[] args : List.of(new String[] {"serve", "in.yaml"}, new String[] {"version"},
                new String[] {"completion"}, new String[] {"--help"}, new String[0])) {
            assertThat(Relaunch.wanted(args, null, null)).as(String.join(" ", args)).isFalse();
        }
    }

    @Test
    void aHeapCollectorCompilerOrAgentOptionTheUserGaveIsRespected() {
        for (String option : List.of("-Xmx2g", "-Xmn64m", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=4", "-Xint",
                "-Xshare:off", "-agentlib:jdwp=transport=dt_socket", "-javaagent:x.jar")) {
            assertThat(Relaunch.userTuned(List.of("-Dx=1", option))).as(option).isTrue();
        }
    }

    @Test
    void theEnvironmentOrThePropertyTurnsItOff() {
        String[] render = {"render", "in.yaml"};
        assertThat(Relaunch.wanted(render, "0", null)).isFalse();
        assertThat(Relaunch.wanted(render, null, "false")).isFalse();
        assertThat(Relaunch.wanted(render, "1", "true")).isTrue();
    }

    @Test
    void fromJdk24TheChildAllowsProtobufsUnsafeAccessAndFromJdk25UsesCompactObjectHeaders() {
        String unsafe = "--sun-misc-unsafe-memory-access=allow";
        String compact = "-XX:+UseCompactObjectHeaders";
        assertThat(Relaunch.jvmOptions(0, "Linux", 17)).doesNotContain(unsafe, compact);
        assertThat(Relaunch.jvmOptions(0, "Linux", 23)).doesNotContain(unsafe, compact);
        assertThat(Relaunch.jvmOptions(0, "Linux", 24)).contains(unsafe).doesNotContain(compact);
        assertThat(Relaunch.jvmOptions(0, "Linux", 25)).contains(unsafe, compact);
        List<String> onJdk25 = new ArrayList<>(Relaunch.jvmOptions(0, "Linux", 25));
        onJdk25.removeAll(List.of(unsafe, compact, "--enable-native-access=ALL-UNNAMED"));
        assertThat(onJdk25).as("the same options but for those").isEqualTo(Relaunch.jvmOptions(0, "Linux", 17));
    }

    @Test
    void fromJdk22NativeAccessIsGrantedOnTheCommandLineAsTheJarsManifestGrantsIt() {
        String nativeAccess = "--enable-native-access=ALL-UNNAMED";
        assertThat(Relaunch.jvmOptions(0, "Linux", 21)).doesNotContain(nativeAccess);
        assertThat(Relaunch.jvmOptions(0, "Linux", 22)).contains(nativeAccess);
        assertThat(Relaunch.jvmOptions(0, "Linux", 25)).contains(nativeAccess);
    }

    @Test
    void withoutTheJarsExportTheJvmsArgumentsComeFromTheManagementBean() {
        // This JVM was started from a class path: no manifest exported the JDK's internal VM class to it.
        assertThat(Relaunch.exportedJvmArguments()).isEmpty();
        assertThat(Relaunch.jvmArguments()).isEqualTo(ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    /**
     * What a {@code java -jar contour.jar} JVM does with the manifest's {@code Add-Exports}, given on the command
     * line: the arguments come from the JDK's VM class, and are those the management bean gives, options from the
     * environment included, and none when there are none (the VM class answers null then).
     */
    @Test
    void whereTheJarExportsItTheJvmsArgumentsAreReadAsTheManagementBeanReadsThem() throws Exception {
        String export = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
        List<String> some = printedJvmArguments(List.of(export, "-Dx=1", "-Xss4m"), "-Dfrom.environment=1");
        assertThat(some.get(0)).as("read from the VM class").isNotEqualTo("none").isEqualTo(some.get(1))
                .contains("-Dfrom.environment=1", "-Dx=1", "-Xss4m");
        // The export alone is an argument too; through the manifest a JVM can have none at all.
        List<String> onlyTheExport = printedJvmArguments(List.of(export), null);
        assertThat(onlyTheExport.get(0)).isEqualTo(onlyTheExport.get(1)).isEqualTo("[" + export + "]");
    }

    @Test
    void aJvmGivenNoArgumentsHasNoneWhenTheJarExportsTheVmClass() throws Exception {
        Path jar = dir.resolve("print.jar");
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, PrintJvmArguments.class.getName());
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH,
                String.join(" ", classPathUrls()));
        manifest.getMainAttributes().putValue("Add-Exports", "java.base/jdk.internal.misc");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest)) {
            // The classes come from the Class-Path entries.
        }
        ProcessBuilder pb = new ProcessBuilder(javaBinary(), "-jar", jar.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        Process p = pb.start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(lines).containsExactly("[]", "[]");
    }

    private static List<String> classPathUrls() {
        List<String> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String url = Path.of(entry).toAbsolutePath().toUri().toString();
            urls.add(Files.isDirectory(Path.of(entry)) && !url.endsWith("/") ? url + "/" : url);
        }
        return urls;
    }

    private static List<String> printedJvmArguments(List<String> jvmOptions, String fromEnvironment)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PrintJvmArguments.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        if (fromEnvironment != null) {
            pb.environment().put("JDK_JAVA_OPTIONS", fromEnvironment);
        }
        Process p = pb.start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(lines).hasSize(2);
        return lines;
    }

    /** Prints {@link Relaunch#exportedJvmArguments()}, then the management bean's answer. */
    public static final class PrintJvmArguments {
        public static void main(String[] args) {
            System.out.println(Relaunch.exportedJvmArguments().map(List::toString).orElse("none"));
            System.out.println(ManagementFactory.getRuntimeMXBean().getInputArguments());
        }
    }

    @Test
    void theJarsManifestExportsWhatRelaunchReads() throws IOException {
        assertThat(Files.readString(root().resolve("contour-cli/pom.xml")))
                .contains("<Add-Exports>java.base/jdk.internal.misc</Add-Exports>");
    }

    @Test
    void theChildRunsOnThisJvmsOwnLauncherAndOnNoneWhereTheRuntimeHasNone() throws IOException {
        Optional<String> java = Relaunch.javaCommand(System.getProperty("java.home"), System.getProperty("os.name"));
        assertThat(java).isPresent();
        assertThat(Path.of(java.get()).toRealPath()).as("the binary this process runs")
                .isEqualTo(Path.of(ProcessHandle.current().info().command().orElseThrow()).toRealPath());
        assertThat(Relaunch.javaCommand(dir.toString(), "Linux")).isEmpty();
        assertThat(Relaunch.javaCommand("", "Linux")).isEmpty();
    }

    @Test
    void theArchivesNameIsTheFnv1aHashOfTheJarsAndTheJdk() throws IOException {
        assertThat(Relaunch.ClassDataArchive.fingerprint("")).isEqualTo("cbf29ce484222325");
        assertThat(Relaunch.ClassDataArchive.fingerprint("a")).isEqualTo("af63dc4c8601ec8c");
        assertThat(Relaunch.ClassDataArchive.fingerprint("foobar")).isEqualTo("85944171f73967e8");
        Path jar = Files.writeString(dir.resolve("contour.jar"), "a jar");
        Path cache = dir.resolve("cache");
        Path first = Relaunch.ClassDataArchive.archiveFile(jar.toString(), cache, ".jsa").orElseThrow();
        assertThat(first.getFileName().toString()).matches("contour-[0-9a-f]{16}\\.jsa");
        assertThat(Relaunch.ClassDataArchive.archiveFile(jar.toString(), cache, ".jsa")).contains(first);
        Files.writeString(jar, "a rebuilt jar");
        assertThat(Relaunch.ClassDataArchive.archiveFile(jar.toString(), cache, ".jsa").orElseThrow())
                .isNotEqualTo(first);
    }

    @Test
    void theChildsClassPathIsAbsoluteSoItsArchiveMapsFromAnyDirectory() {
        String sep = java.io.File.pathSeparator;
        Path cwd = Path.of("").toAbsolutePath();
        assertThat(Relaunch.absolute("build/contour.jar" + sep + "/opt/x.jar" + sep + "./lib/../y.jar"))
                .isEqualTo(cwd.resolve("build/contour.jar") + sep + "/opt/x.jar" + sep + cwd.resolve("y.jar"));
        assertThat(Relaunch.absolute("")).isEmpty();
    }

    @Test
    void theChildGetsTheLaunchersOptionsThenTheUsersArgumentsAndTheSameCommandLine() {
        List<String> command = Relaunch.command("/jdk/bin/java", List.of("-XX:+UseSerialGC"), List.of("-Dx=1"),
                "/a/contour.jar", new String[] {"render", "-", "--format", "xds"});
        assertThat(command).containsExactly("/jdk/bin/java", "-XX:+UseSerialGC", "-Dx=1", "-Dcontour.relaunch=false",
                "-cp", "/a/contour.jar", "io.contourcore.cli.ContourCommand", "render", "-", "--format", "xds");
    }

    @Test
    void anInputOf20MegabytesOrMoreGetsTheLaunchersLargeYoungAndInitialHeap() {
        List<String> small = Relaunch.jvmOptions(20L * 1024 * 1024 - 1, "Linux", 17);
        assertThat(small).containsExactly("-XX:TieredStopAtLevel=1", "-XX:C1MaxInlineSize=20",
                "-XX:C1InlineStackLimit=5", "-XX:+UseParallelGC", "-XX:-UseAdaptiveSizePolicy", "-Xss2m",
                "-XX:-UsePerfData", "-XX:+DisplayVMOutputToStderr", "-XX:+UseTransparentHugePages",
                "-XX:MaxTenuringThreshold=0");
        List<String> large = Relaunch.jvmOptions(20L * 1024 * 1024, "Linux", 17);
        assertThat(large).doesNotContain("-XX:C1MaxInlineSize=20", "-XX:C1InlineStackLimit=5")
                .endsWith("-Xmn384m", "-Xms1g").hasSize(small.size());
    }

    @Test
    void aBatchCommandGetsTheParallelCollectorAndServeTheSerialOneNeverBoth() {
        // The child JVM runs batch commands only, so the serve-only line never applies here; the launcher's half of
        // this is LauncherTest's.
        assertThat(Relaunch.jvmOptions(0, "Linux", 17)).contains("-XX:+UseParallelGC").doesNotContain("-XX:+UseSerialGC");
    }

    @Test
    void anInputUnderAMegabyteCompilesWithOneC1Thread() {
        assertThat(Relaunch.jvmOptions(0, "Linux", 17))
                .containsSequence("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1");
        assertThat(Relaunch.jvmOptions(1024 * 1024 - 1, "Linux", 17)).contains("-XX:CICompilerCount=1");
        assertThat(Relaunch.jvmOptions(1024 * 1024, "Linux", 17)).doesNotContain("-XX:CICompilerCount=1");
    }

    @Test
    void transparentHugePagesAreAskedForOnLinuxOnly() {
        assertThat(Relaunch.jvmOptions(0, "Linux", 17)).contains("-XX:+UseTransparentHugePages");
        assertThat(Relaunch.jvmOptions(0, "Mac OS X", 17)).doesNotContain("-XX:+UseTransparentHugePages")
                .contains("-XX:MaxTenuringThreshold=0");
        assertThat(Relaunch.jvmOptions(0, "Windows 11", 17)).doesNotContain("-XX:+UseTransparentHugePages");
    }

    @Test
    void theInputSizeIsEveryArgumentThatNamesAFileAddedUpButTheOutputFile() throws IOException {
        Path a = Files.writeString(dir.resolve("a.yaml"), "x".repeat(300));
        Path b = Files.writeString(dir.resolve("b.yaml"), "y".repeat(45));
        Path earlierOutput = Files.writeString(dir.resolve("out.yaml"), "z".repeat(1000));
        assertThat(Relaunch.inputBytes(new String[] {"render", a.toString(), "--format", "xds", b.toString(),
                dir.toString(), "-", "no-such-file", "--output-file", earlierOutput.toString()})).isEqualTo(345);
    }

    @Test
    void theLauncherReadsItsOptionsFromTheFileTheJarReads() throws IOException {
        String launcher = Files.readString(root().resolve("contour"));
        assertThat(launcher).contains("contour-cli/src/main/resources/io/contourcore/cli/" + Relaunch.OPTIONS_RESOURCE)
                .contains("-Dcontour.relaunch=false")
                .doesNotContain("-XX:TieredStopAtLevel").doesNotContain("-XX:+UseSerialGC").doesNotContain("-Xmn");
    }

    @Test
    void aJarOnItsOwnHasItsOptionsReadFromItAsTheResourceReadsThem() throws IOException {
        String resource = Relaunch.optionsText("");
        assertThat(resource).contains("-XX:TieredStopAtLevel=1");
        Path jar = dir.resolve("contour.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.zip.ZipEntry("io/contourcore/cli/" + Relaunch.OPTIONS_RESOURCE));
            out.write("# from the jar\nbatch -XX:+FromTheJar\nserve -XX:+NotForABatch\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Relaunch.jvmOptions(Relaunch.optionsText(jar.toString()), 0, "Linux", 17))
                .containsExactly("-XX:+FromTheJar");
        Path empty = dir.resolve("empty.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(empty))) {
            out.putNextEntry(new java.util.zip.ZipEntry("other.txt"));
        }
        assertThat(Relaunch.optionsText(empty.toString())).as("no such entry: the resource").isEqualTo(resource);
        assertThat(Relaunch.optionsText(dir.resolve("missing.jar").toString())).isEqualTo(resource);
        assertThat(Relaunch.optionsText(jar + java.io.File.pathSeparator + empty)).isEqualTo(resource);
        assertThat(Relaunch.jvmOptions(resource, 0, "Linux", 17)).isEqualTo(Relaunch.jvmOptions(0, "Linux", 17));
    }

    @Test
    void anOptionsLineIsSplitAtAnyRunOfWhiteSpace() {
        assertThat(Relaunch.words("batch \t input<5  -Xfoo")).containsExactly("batch", "input<5", "-Xfoo");
        assertThat(Relaunch.words("-Xss2m")).containsExactly("-Xss2m");
        assertThat(Relaunch.words("")).isEmpty();
    }

    @Test
    void theCacheIsUnderXdgCacheHomeElseTheHomeDirectory() {
        assertThat(Relaunch.cacheDirectory(Map.of("XDG_CACHE_HOME", "/c"))).isEqualTo(Path.of("/c/contour-core"));
        assertThat(Relaunch.cacheDirectory(Map.of("XDG_CACHE_HOME", "relative")))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "contour-core"));
    }

    @Test
    void theArchiveIsWrittenByTheSecondRenderAndUsedOnceItExists() throws IOException {
        Path jar = Files.writeString(dir.resolve("contour.jar"), "not really a jar");
        Path cache = dir.resolve("cache/contour-core");
        Relaunch.ClassDataArchive first = Relaunch.ClassDataArchive.forClassPath(jar.toString(), cache, true, 17);
        assertThat(first.options()).as("a first run only leaves a mark").isEmpty();
        Relaunch.ClassDataArchive second = Relaunch.ClassDataArchive.forClassPath(jar.toString(), cache, true, 17);
        Path pending = second.pending().get();
        Path list = Relaunch.ClassDataArchive.classList(pending);
        Path training = Relaunch.ClassDataArchive.training(pending);
        assertThat(second.options()).as("the second lists its classes, its own command's and the training's")
                .contains("-XX:DumpLoadedClassList=" + list, "-D" + ArchiveTraining.PROPERTY + "=" + training)
                .noneMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
        assertThat(list.getParent()).isEqualTo(cache);
        assertThat(second.target()).isPresent();

        // What a child leaves, then exits 1: nothing is kept, nothing is left.
        Files.writeString(list, "java/lang/Object id: 0\n");
        Files.createDirectories(training);
        Files.writeString(training.resolve("small.yaml"), "kind: Service\n");
        second.keep(1, List.of("unused"));
        assertThat(second.target().get()).as("a failed command keeps no archive").doesNotExist();
        assertThat(pending).doesNotExist();
        assertThat(list).doesNotExist();
        assertThat(training).doesNotExist();

        Files.writeString(second.target().get(), "archive");
        assertThat(Relaunch.ClassDataArchive.forClassPath(jar.toString(), cache, false, 17).options())
                .contains("-XX:SharedArchiveFile=" + second.target().get());
        assertThat(Relaunch.ClassDataArchive.forClassPath(dir.toString(), cache, true, 17).options())
                .as("a directory on the class path: nothing to archive").isEmpty();
    }

    @Test
    void keepingAnArchiveDeletesOldArchivesAndWhatAnInterruptedWriterLeftADayAgo() throws IOException {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        java.nio.file.attribute.FileTime twoDaysAgo = java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() - TimeUnit.DAYS.toMillis(2));
        java.nio.file.attribute.FileTime longAgo = java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() - TimeUnit.DAYS.toMillis(Relaunch.ClassDataArchive.UNUSED_DAYS + 1));
        Path oldPending = Files.writeString(cache.resolve("contour-aa.jsa123.tmp"), "half an archive");
        Path oldList = Files.writeString(cache.resolve("contour-aa.jsa123.tmp.classes"), "java/lang/Object id: 0");
        Path oldTraining = Files.createDirectories(cache.resolve("contour-aa.jsa123.tmp.training"));
        Files.writeString(oldTraining.resolve("tls.yaml"), "kind: Secret");
        Path freshTraining = Files.createDirectories(cache.resolve("contour-bb.jsa456.tmp.training"));
        Path unusedArchive = Files.writeString(cache.resolve("contour-cc.jsa"), "archive");
        Path usedArchive = Files.writeString(cache.resolve("contour-dd.jsa"), "archive");
        Path other = Files.writeString(cache.resolve("notes.tmp"), "not ours");
        for (Path p : List.of(oldPending, oldList, oldTraining.resolve("tls.yaml"), oldTraining, other)) {
            Files.setLastModifiedTime(p, twoDaysAgo);
        }
        Files.setLastModifiedTime(unusedArchive, longAgo);
        Files.setLastModifiedTime(usedArchive, twoDaysAgo);

        Relaunch.ClassDataArchive.prune(cache);

        assertThat(oldPending).doesNotExist();
        assertThat(oldList).doesNotExist();
        assertThat(oldTraining).doesNotExist();
        assertThat(unusedArchive).doesNotExist();
        assertThat(freshTraining).as("another writer's, still at work").exists();
        assertThat(usedArchive).exists();
        assertThat(other).exists();
    }

    @Test
    void theStaticArchiveIsDumpedWithTheChildsOptionsFromItsListOnItsClassPath() {
        Path pending = dir.resolve("contour-0123.jsa.tmp");
        Path list = Relaunch.ClassDataArchive.classList(pending);
        List<String> verify = List.of("/jdk/bin/java", "-XX:+UseParallelGC", "-XX:DumpLoadedClassList=" + list,
                "-D" + ArchiveTraining.PROPERTY + "=" + Relaunch.ClassDataArchive.training(pending), "-Xlog:cds=off",
                "-Dcontour.relaunch=false", "-cp", "/x/contour.jar", "io.contourcore.cli.ContourCommand", "version");
        assertThat(Relaunch.ClassDataArchive.dumpCommand(pending, verify)).containsExactly("/jdk/bin/java",
                "-XX:+UseParallelGC", "-Xlog:cds=off", "-Dcontour.relaunch=false", "-Xshare:dump",
                "-XX:SharedClassListFile=" + list, "-XX:SharedArchiveFile=" + pending, "-cp", "/x/contour.jar");
        assertThat(Relaunch.ClassDataArchive.dumpCommand(pending, List.of("/jdk/bin/java", "version")))
                .as("no class path: nothing to dump").isEmpty();
    }

    @Test
    void onJdk25TheArchiveIsAnAotCacheWrittenAndUsedTheSameWay() throws IOException {
        Path jar = Files.writeString(dir.resolve("contour.jar"), "not really a jar");
        Path cache = dir.resolve("cache/contour-core");
        assertThat(Relaunch.ClassDataArchive.forClassPath(jar.toString(), cache, true, 25).options()).isEmpty();
        Relaunch.ClassDataArchive second = Relaunch.ClassDataArchive.forClassPath(jar.toString(), cache, true, 25);
        assertThat(second.options()).contains("-XX:AOTMode=record",
                        "-XX:AOTConfiguration=" + Relaunch.ClassDataArchive.configuration(second.pending().get()))
                .noneMatch(o -> o.startsWith("-XX:DumpLoadedClassList="));
        assertThat(second.target().get().getFileName().toString()).endsWith(".aot");

        Files.writeString(second.target().get(), "cache");
        assertThat(Relaunch.ClassDataArchive.forClassPath(jar.toString(), cache, false, 25).options())
                .contains("-XX:AOTCache=" + second.target().get()).noneMatch(o -> o.contains("SharedArchiveFile"));
        assertThat(Relaunch.ClassDataArchive.forClassPath(jar.toString(), cache, false, 21).options())
                .as("JDK 21 has its own archive, not yet written").isEmpty();
    }

    @Test
    void anUnwritableCacheLeavesTheArchiveOut() throws IOException {
        Path jar = Files.writeString(dir.resolve("contour.jar"), "not really a jar");
        Path blocked = Files.writeString(dir.resolve("file"), "a file where the cache directory would be");
        Relaunch.ClassDataArchive archive = Relaunch.ClassDataArchive.forClassPath(jar.toString(),
                blocked.resolve("contour-core"), true, 17);
        assertThat(archive.options()).isEmpty();
        archive.keep(0, List.of("unused"));
    }

    /**
     * A real {@code java} parent whose child reads the input from the parent's standard input: the child is there
     * while the parent waits, and what the user sees (both streams in one pipe, in order, and the exit code) is
     * what the parent alone prints with the relaunch turned off. The cache is unwritable, which changes nothing.
     */
    @Test
    void theChildReadsTheParentsStdinAndItsStreamsAndExitCodeAreTheParents() throws Exception {
        Path blocked = Files.writeString(dir.resolve("file"), "in the way");
        Run relaunched = runParent(Map.of("XDG_CACHE_HOME", blocked.toString()), true, "render", "-", "--strict");
        Run inProcess = runParent(Map.of("CONTOUR_RELAUNCH", "0"), false, "render", "-", "--strict");

        assertThat(relaunched.sawChild()).as("a child JVM ran the command").isTrue();
        assertThat(inProcess.exit()).as("--strict with an orphaned route: findings").isEqualTo(1);
        assertThat(inProcess.output()).contains("missing").contains("listeners");
        assertThat(relaunched.exit()).isEqualTo(inProcess.exit());
        assertThat(relaunched.output()).isEqualTo(inProcess.output());
    }

    @Test
    void aUsageErrorsExitCodeComesBackThroughTheParent() throws Exception {
        Run run = runParent(Map.of(), false, "render", dir.resolve("no-such.yaml").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains("no-such.yaml");
    }

    private record Run(int exit, String output, boolean sawChild) {
    }

    /**
     * Starts {@code java -cp <test class path> ContourCommand args} as {@code java -jar} would. With
     * {@code waitForChild}, the input is held back until a child JVM has appeared.
     */
    private Run runParent(Map<String, String> env, boolean waitForChild, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        if ("0".equals(env.get(Relaunch.ENV))) {
            // A parent that runs the command itself gets the options a child would, among them the one that keeps
            // JDK 24 and later from warning about protobuf's use of sun.misc.Unsafe: without them it alone would
            // print the JVM's warnings. (A parent that relaunches gets none: a JVM option of the user's keeps the
            // command in the user's JVM.)
            command.addAll(Relaunch.jvmOptions(0, System.getProperty("os.name", ""), Runtime.version().feature()));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.contourcore.cli.ContourCommand"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove(Relaunch.ENV);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().putAll(env);
        Process parent = pb.start();
        boolean sawChild = false;
        try (OutputStream stdin = parent.getOutputStream()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (waitForChild && !sawChild && parent.isAlive() && System.nanoTime() < deadline) {
                // The parent JVM starts no other process: any descendant is the child.
                sawChild = parent.descendants().findAny().isPresent();
                Thread.sleep(20);
            }
            stdin.write(INPUT.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(parent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(parent.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(parent.exitValue(), output, sawChild);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path root() {
        return Path.of(System.getProperty("contour.root", "..")).toAbsolutePath().normalize();
    }
}
