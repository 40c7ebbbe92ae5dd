package io.contourcore.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code java -jar contour.jar render ...} with the options {@code ./contour} gives the JVM. A jar cannot carry JVM
 * options, and the JVM's defaults (G1, C2, no class-data archive of ours) made a cold 10k render take 2.3x the CPU
 * and 1.8x the memory it takes through the launcher. So a batch command started without them runs in a child JVM
 * (the same {@code java}, the options of {@code jvm.options}, the same arguments and standard streams) and this
 * JVM exits with the child's exit code.
 *
 * <p>Not relaunched: {@code serve} (long-lived: it keeps the user's JVM and its signals), quick commands
 * ({@code version}, {@code completion}, help), a JVM the user gave a {@code -X}/{@code -XX} option or an agent
 * (their choice is respected), {@code CONTOUR_RELAUNCH=0} or {@code -Dcontour.relaunch=false} (also the mark of a
 * child, and what {@code ./contour} passes), and any JVM that cannot start a child (it runs the command itself).
 *
 * <pre>{@code
 * OptionalInt code = Relaunch.inChild(args);   // present: the command ran in a child JVM with this exit code
 * }</pre>
 */
final class Relaunch {

    /** {@code false} turns the relaunch off; a child is started with it. */
    static final String PROPERTY = "contour.relaunch";
    /** {@code 0} turns the relaunch off. */
    static final String ENV = "CONTOUR_RELAUNCH";
    /** The commands worth a second JVM start: each runs for seconds on a large input, then exits. */
    static final Set<String> BATCH_COMMANDS =
            Set.of("render", "status", "route", "validate", "convert", "bootstrap", "generate", "diff");
    /** The options file, shared with {@code ./contour}. */
    static final String OPTIONS_RESOURCE = "jvm.options";
    private static final String INPUT_RULE = "input>=";
    private static final String INPUT_BELOW_RULE = "input<";
    private static final String JDK_RULE = "jdk>=";
    private static final String OUTPUT_FILE = "--output-file";
    private static final String MAIN = "io.contourcore.cli.ContourCommand";
    /** Silences the JVM's notes about an archive it cannot use (it then runs without it). */
    private static final List<String> QUIET_CDS = List.of("-Xlog:cds=off");
    /** JDK 25's notes about an AOT cache, including the line a recording run prints at exit. */
    private static final List<String> QUIET_AOT = List.of("-Xlog:aot*=off", "-Xlog:cds*=off");
    private static final String LIST_CLASSES = "-XX:DumpLoadedClassList=";
    private static final String TRAIN = "-D" + ArchiveTraining.PROPERTY + "=";
    private static final String RECORD_AOT = "-XX:AOTMode=record";
    private static final String AOT_CONFIGURATION = "-XX:AOTConfiguration=";

    private Relaunch() {
    }

    /**
     * Runs the command in a child JVM when it should: the child's exit code, or empty when this JVM is to run the
     * command itself.
     */
    static OptionalInt inChild(String[] args) {
        // Everything below is asked only once the cheap checks have passed (never in a child or under ./contour,
        // which set the property). All of it runs before the command starts, in a JVM of its own: it is written to
        // cost little on a cold JVM (no management beans, no security providers, no lambdas).
        if (!wanted(args, System.getenv(ENV), System.getProperty(PROPERTY))) {
            return OptionalInt.empty();
        }
        List<String> jvmArguments = jvmArguments();
        if (userTuned(jvmArguments)) {
            return OptionalInt.empty();
        }
        Optional<String> java = javaCommand(System.getProperty("java.home", ""), System.getProperty("os.name", ""));
        String classPath = absolute(System.getProperty("java.class.path", ""));
        if (java.isEmpty() || classPath.isEmpty()) {
            return OptionalInt.empty();
        }
        List<String> options = new ArrayList<>(
                jvmOptions(optionsText(classPath), inputBytes(args), System.getProperty("os.name", ""),
                        Runtime.version().feature()));
        ClassDataArchive archive = ClassDataArchive.forClassPath(classPath, cacheDirectory(System.getenv()),
                "render".equals(args[0]), Runtime.version().feature());
        options.addAll(archive.options());
        List<String> command = command(java.get(), options, jvmArguments, classPath, args);
        OptionalInt code = run(command);
        if (code.isPresent()) {
            archive.keep(code.getAsInt(), verifyCommand(java.get(), options, classPath));
        }
        return code;
    }

    /**
     * {@code classPath} with each entry made absolute. The child's archive records the class path it was written
     * with and maps only where every entry resolves: written from {@code java -jar build/contour.jar} in one
     * directory, it was refused in silence by every run started from another (TLS-heavy 10k: 2.8 s against 2.2 s).
     */
    static String absolute(String classPath) {
        if (classPath.isEmpty()) {
            return classPath;
        }
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(java.io.File.pathSeparator, -1)) {
            entries.add(entry.isEmpty() ? entry : Path.of(entry).toAbsolutePath().normalize().toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** Whether a command line should run in a child JVM as far as it says: a batch command, and no opt-out. */
    static boolean wanted(String[] args, String env, String property) {
        if (args.length == 0 || !BATCH_COMMANDS.contains(args[0])) {
            return false;
        }
        return !"0".equals(env) && !"false".equalsIgnoreCase(property);
    }

    /**
     * Whether the user chose a JVM option for heap, collector, compiler, class data or debugging (anything
     * {@code -X...} or an agent): then the command runs in their JVM as they set it up.
     */
    static boolean userTuned(List<String> jvmArguments) {
        for (String a : jvmArguments) {
            if (a.startsWith("-X") || a.startsWith("-agent") || a.startsWith("-javaagent")) {
                return true;
            }
        }
        return false;
    }

    /**
     * This JVM's own arguments, as {@link java.lang.management.RuntimeMXBean#getInputArguments()} gives them (the
     * options before the main class, with those of {@code JDK_JAVA_OPTIONS} and {@code JAVA_TOOL_OPTIONS}). They are
     * read where that bean reads them, in the JDK's internal {@code VM} class, when the jar's manifest exports it to
     * us ({@code Add-Exports}, which the JVM applies to a {@code java -jar} start, the one that relaunches): starting
     * the management beans was ~20 ms of the ~130 ms a relaunching JVM adds to a command. Anywhere else (the jar on
     * a class path, a JDK without that method) the bean answers.
     */
    static List<String> jvmArguments() {
        Optional<List<String>> exported = exportedJvmArguments();
        return exported.isPresent() ? exported.get() : ManagementFactory.getRuntimeMXBean().getInputArguments();
    }

    /** The JVM's arguments from the JDK's internal {@code VM} class, or empty when it is not exported to us. */
    static Optional<List<String>> exportedJvmArguments() {
        try {
            Object arguments = Class.forName("jdk.internal.misc.VM").getMethod("getRuntimeArguments").invoke(null);
            if (arguments == null) {
                // What the JVM answers when it was given none (the bean makes it an empty list too).
                return Optional.of(List.of());
            }
            if (arguments instanceof String[] a) {
                return Optional.of(List.of(a));
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // Not exported to this module, or not there.
        }
        return Optional.empty();
    }

    /**
     * The {@code java} of the runtime at {@code javaHome}, this JVM's: the child runs on the same JDK. Found by its
     * path rather than asked of the operating system about this process (~5 ms cold); empty when the runtime has no
     * launcher (a jlink image without one), and then the command runs in this JVM.
     */
    static Optional<String> javaCommand(String javaHome, String osName) {
        if (javaHome.isEmpty()) {
            return Optional.empty();
        }
        Path java = Path.of(javaHome, "bin", osName.startsWith("Windows") ? "java.exe" : "java");
        return Files.isExecutable(java) ? Optional.of(java.toString()) : Optional.empty();
    }

    /**
     * The child's command line: our options, then the user's own JVM arguments (system properties and the like,
     * which win over ours), the opt-out that marks a child, and the same arguments.
     */
    static List<String> command(String java, List<String> options, List<String> jvmArguments, String classPath,
            String[] args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(options);
        command.addAll(jvmArguments);
        command.add("-D" + PROPERTY + "=false");
        command.add("-cp");
        command.add(classPath);
        command.add(MAIN);
        command.addAll(List.of(args));
        return command;
    }

    /** What proves a new archive before it is kept: a quick command that maps it or fails. */
    private static List<String> verifyCommand(String java, List<String> options, String classPath) {
        return command(java, options, List.of(), classPath, new String[] {"version"});
    }

    /**
     * The options of {@code jvm.options} for a batch command (the only kind relaunched) whose input files are
     * {@code inputBytes} long together, on the operating system named {@code osName}, in a Java whose feature
     * release is {@code feature}. A line is an option, or conditions and then an option: {@code input>=BYTES},
     * {@code input<BYTES}, {@code batch} (not {@code serve}), {@code serve} (never here), {@code linux} and
     * {@code jdk>=N}, all of which must hold; {@code ./contour} reads the same lines the same way.
     *
     * <pre>{@code
     * Relaunch.jvmOptions(0, "Linux", 17);   // [-XX:TieredStopAtLevel=1, ..., -XX:+UseTransparentHugePages, ...]
     * }</pre>
     */
    static List<String> jvmOptions(long inputBytes, String osName, int feature) {
        return jvmOptions(optionsText(""), inputBytes, osName, feature);
    }

    /** The options of {@code text}, the lines of {@code jvm.options}, as {@link #jvmOptions(long, String, int)}. */
    static List<String> jvmOptions(String text, long inputBytes, String osName, int feature) {
        List<String> options = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] words = words(trimmed);
            boolean holds = true;
            for (int i = 0; i < words.length - 1; i++) {
                holds &= holds(words[i], inputBytes, osName, feature);
            }
            if (holds) {
                options.add(words[words.length - 1]);
            }
        }
        return options;
    }

    /**
     * The text of {@code jvm.options}: read from the jar itself when {@code classPath} is that one jar, through the
     * zip file the class loader already holds open (~0.4 ms in a cold JVM), else as a resource, whose URL and
     * connection classes took ~5 ms of the relaunching JVM before it could start the child.
     */
    static String optionsText(String classPath) {
        String entry = Relaunch.class.getPackageName().replace('.', '/') + "/" + OPTIONS_RESOURCE;
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(classPath)) {
                java.util.zip.ZipEntry e = jar.getEntry(entry);
                if (e != null) {
                    try (InputStream in = jar.getInputStream(e)) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // Read as a resource below.
            }
        }
        try (InputStream in = Relaunch.class.getResourceAsStream(OPTIONS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + OPTIONS_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A line's words, split at white space by hand: {@code split("\\s+")} compiled a pattern for each line. */
    static String[] words(String line) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= line.length(); i++) {
            boolean space = i == line.length() || Character.isWhitespace(line.charAt(i));
            if (space && start >= 0) {
                words.add(line.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        return words.toArray(new String[0]);
    }

    private static boolean holds(String condition, long inputBytes, String osName, int feature) {
        if (condition.startsWith(JDK_RULE)) {
            return feature >= Integer.parseInt(condition.substring(JDK_RULE.length()));
        }
        if (condition.startsWith(INPUT_RULE)) {
            return inputBytes >= Long.parseLong(condition.substring(INPUT_RULE.length()));
        }
        if (condition.startsWith(INPUT_BELOW_RULE)) {
            return inputBytes < Long.parseLong(condition.substring(INPUT_BELOW_RULE.length()));
        }
        switch (condition) {
            case "batch":
                return true;
            case "serve":
                return false;
            case "linux":
                return osName.startsWith("Linux");
            default:
                throw new IllegalStateException(OPTIONS_RESOURCE + " has an unknown condition: " + condition);
        }
    }

    /**
     * The input size {@code ./contour} goes by: every argument that names a regular file, added up, but for the one
     * after {@code --output-file} (an earlier run's output is no input).
     */
    static long inputBytes(String[] args) {
        long total = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals(OUTPUT_FILE)) {
                i++;
                continue;
            }
            try {
                Path p = Path.of(a);
                if (Files.isRegularFile(p)) {
                    total += Files.size(p);
                }
            } catch (IOException | RuntimeException e) {
                // Not a file name (or unreadable): the launcher does not count it either.
            }
        }
        return total;
    }

    /** {@code $XDG_CACHE_HOME/contour-core}, else {@code ~/.cache/contour-core}. */
    static Path cacheDirectory(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "contour-core");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "contour-core");
    }

    /** Starts the command with this JVM's standard streams and waits: its exit code, or empty if it did not start. */
    static OptionalInt run(List<String> command) {
        Process child;
        try {
            child = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
        // Killed (SIGTERM, SIGHUP), this JVM takes its child with it; Ctrl-C reaches both through the process group.
        Runtime.getRuntime().addShutdownHook(new Thread(new Stop(child), "contour-relaunch-stop"));
        while (true) {
            try {
                return OptionalInt.of(child.waitFor());
            } catch (InterruptedException e) {
                // Nothing interrupts main on purpose; keep waiting for the child, whose exit code is ours.
            }
        }
    }

    /** The shutdown hook that stops the child: a class, where a method reference would link a lambda first. */
    private record Stop(Process child) implements Runnable {
        @Override
        public void run() {
            child.destroy();
        }
    }

    /**
     * The child's class-data archive (on JDK 25 and later an AOT cache: {@code aot}), in a per-user cache: used when
     * there, else written by the second render and kept once a JVM has proven it. Before JDK 25 it is a static
     * archive, as {@code ./contour}'s: the child lists the classes it loads, in the user's command and then in the
     * launcher's two training renders (ArchiveTraining), and this JVM dumps the archive from the list. Against the
     * dynamic archive a child wrote at exit before (the classes of the user's render only, over the JDK's own
     * archive), paired, medians of 8-16: TLS-heavy 10k 0.983, 10k generated 0.982, 100 objects 0.992 wall and 0.974
     * CPU. Only for a class path of jars (the JVM archives nothing from directories); any failure leaves the command
     * unaffected.
     */
    record ClassDataArchive(List<String> options, Optional<Path> pending, Optional<Path> target, boolean aot) {

        static final int UNUSED_DAYS = 14;

        ClassDataArchive {
            options = List.copyOf(options);
            java.util.Objects.requireNonNull(pending, "pending");
            java.util.Objects.requireNonNull(target, "target");
        }

        static ClassDataArchive none() {
            return new ClassDataArchive(List.of(), Optional.empty(), Optional.empty(), false);
        }

        /**
         * From JDK 25 the archive is an AOT cache (classes loaded and linked, with a render's method profiles), as
         * {@code ./contour} uses there: the second render records its configuration, a JVM this one starts with
         * its output discarded assembles the cache from it (the one-step {@code -XX:AOTCacheOutput} would print the
         * assembling JVM's notes on the user's stderr), and runs map it with {@code -XX:AOTCache}.
         */
        static final int AOT_CACHE_FEATURE = 25;

        static ClassDataArchive forClassPath(String classPath, Path cacheDirectory, boolean mayWrite, int feature) {
            boolean aot = feature >= AOT_CACHE_FEATURE;
            try {
                Optional<Path> file = archiveFile(classPath, cacheDirectory, aot ? ".aot" : ".jsa");
                if (file.isEmpty()) {
                    return none();
                }
                Path archive = file.get();
                if (Files.isRegularFile(archive)) {
                    // Its time says when it was last used, so archives of old jars can be pruned (see keep).
                    Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis()));
                    List<String> use = new ArrayList<>();
                    if (aot) {
                        use.add("-XX:AOTCache=" + archive);
                        use.addAll(QUIET_AOT);
                        return new ClassDataArchive(use, Optional.empty(), Optional.empty(), true);
                    }
                    use.add("-XX:SharedArchiveFile=" + archive);
                    // Mapped where it was dumped, as ./contour does (see there): this JDK 17 relocates every archive
                    // by default, patching each pointer at start and dirtying its pages (`version`: 95 -> 78 MB).
                    use.add("-XX:+UnlockDiagnosticVMOptions");
                    use.add("-XX:ArchiveRelocationMode=0");
                    use.addAll(QUIET_CDS);
                    return new ClassDataArchive(use, Optional.empty(), Optional.empty(), false);
                }
                if (!mayWrite) {
                    return none();
                }
                Files.createDirectories(cacheDirectory);
                // Writing the archive costs the render that does it about 3 s (the training, the dump and its proof),
                // more than the archive saves it, so the first render only leaves a mark and the second writes it: a
                // one-off run (a fresh CI container) never pays for an archive it will not use.
                Path seen = cacheDirectory.resolve(archive.getFileName() + ".seen");
                if (!Files.exists(seen)) {
                    Files.newOutputStream(seen).close();
                    return none();
                }
                // A unique name beside the target (one file system, so the rename is atomic): several first runs
                // at once each write their own, and the last rename wins with a whole archive.
                Path pending = Files.createTempFile(cacheDirectory, archive.getFileName().toString(), ".tmp");
                Files.delete(pending);
                List<String> write = new ArrayList<>();
                if (aot) {
                    write.add(RECORD_AOT);
                    write.add(AOT_CONFIGURATION + configuration(pending));
                    write.addAll(QUIET_AOT);
                    // A recording JVM says so at exit on the VM's own output (stdout, or here stderr), which no
                    // logging option reaches: this one run keeps the VM's notes to itself.
                    write.add("-XX:+UnlockDiagnosticVMOptions");
                    write.add("-XX:-DisplayVMOutput");
                } else {
                    // The child lists the classes it loaded, its own command's and then the training's, and this
                    // JVM dumps a static archive from the list, as ./contour makes its own (see keep).
                    write.add(LIST_CLASSES + classList(pending));
                    write.add(TRAIN + training(pending));
                    write.addAll(QUIET_CDS);
                }
                return new ClassDataArchive(write, Optional.of(pending), Optional.of(archive), aot);
            } catch (IOException | RuntimeException e) {
                return none();
            }
        }

        /**
         * The archive's name: the class path's jars, their sizes and times, and the Java runtime, hashed, so a
         * rebuilt jar or another JDK gets its own (the JVM would refuse a stale one and run without it).
         */
        static Optional<Path> archiveFile(String classPath, Path cacheDirectory, String suffix) throws IOException {
            StringBuilder key = new StringBuilder();
            key.append(System.getProperty("java.home")).append('|').append(System.getProperty("java.vm.version"));
            for (String entry : classPath.split(java.io.File.pathSeparator)) {
                Path p = Path.of(entry).toAbsolutePath();
                if (!entry.endsWith(".jar") || !Files.isRegularFile(p)) {
                    return Optional.empty();
                }
                key.append('|').append(p).append('|').append(Files.size(p)).append('|')
                        .append(Files.getLastModifiedTime(p).toMillis());
            }
            return Optional.of(cacheDirectory.resolve("contour-" + fingerprint(key) + suffix));
        }

        /**
         * The 64-bit FNV-1a hash of {@code key}'s UTF-8 bytes, in hex: the archive's name needs only to differ
         * between the few jars and JDKs of one cache, not to resist anyone, and a digest's security providers took
         * ~15 ms of a cold JVM to start.
         *
         * <pre>{@code
         * fingerprint("a");   // "af63dc4c8601ec8c"
         * }</pre>
         */
        static String fingerprint(CharSequence key) {
            long hash = 0xcbf29ce484222325L;
            for (byte b : key.toString().getBytes(StandardCharsets.UTF_8)) {
                hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
            }
            String hex = Long.toHexString(hash);
            return "0".repeat(16 - hex.length()).concat(hex);
        }

        /**
         * After the child: a new archive is made from what the child left (an AOT cache from its recording, else a
         * static class-data archive from its list of classes), proven by a JVM that must map it, then put in place;
         * else dropped.
         */
        void keep(int childExitCode, List<String> verifyCommandWithWriteOptions) {
            if (pending.isEmpty() || target.isEmpty()) {
                return;
            }
            Path file = pending.get();
            try {
                if (childExitCode == 0
                        && (aot ? assembles(file, verifyCommandWithWriteOptions) : dumps(file, verifyCommandWithWriteOptions))
                        && Files.isRegularFile(file) && Files.size(file) > 0
                        && proves(file, verifyCommandWithWriteOptions)) {
                    Files.move(file, target.get(), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                    prune(target.get().getParent());
                }
            } catch (IOException | RuntimeException e) {
                // The cache is only a speed-up: the command has already run.
            } finally {
                try {
                    Files.deleteIfExists(file);
                    Files.deleteIfExists(configuration(file));
                    Files.deleteIfExists(classList(file));
                    deleteTree(training(file));
                } catch (IOException | RuntimeException e) {
                    // Left behind in the cache directory; the next first run writes its own.
                }
            }
        }

        /**
         * Each rebuilt jar gets a new archive of ~40 MB: those unused for {@link #UNUSED_DAYS} days (an old build, or
         * a checkout since removed) are deleted when a new one is kept. So is what a writing run left a day or more
         * ago when it was stopped before it could clean up (Ctrl-C stops the parent too): a pending archive, its list
         * of classes, and its training directory with ~8 MB of workloads and output.
         */
        static void prune(Path cacheDirectory) throws IOException {
            long now = System.currentTimeMillis();
            long unused = now - java.util.concurrent.TimeUnit.DAYS.toMillis(UNUSED_DAYS);
            long abandoned = now - java.util.concurrent.TimeUnit.DAYS.toMillis(1);
            try (var files = Files.newDirectoryStream(cacheDirectory, "contour-*")) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    long modified = Files.getLastModifiedTime(f).toMillis();
                    if (name.contains(".tmp") && modified < abandoned) {
                        deleteTree(f);
                        Files.deleteIfExists(f);
                    } else if (name.matches(".*\\.(jsa|aot|seen)") && modified < unused) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }

        /** Where a listing run writes the classes a static archive is dumped from. */
        static Path classList(Path archive) {
            return archive.resolveSibling(archive.getFileName() + ".classes");
        }

        /** Where a listing run writes and renders its training workloads (ArchiveTraining). */
        static Path training(Path archive) {
            return archive.resolveSibling(archive.getFileName() + ".training");
        }

        private static void deleteTree(Path dir) throws IOException {
            if (!Files.isDirectory(dir)) {
                return;
            }
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }

        /**
         * Dumps the static archive {@code file} from the child's list of classes, with the child's JVM options (as
         * {@code ./contour} dumps its archive with its own): {@code -Xshare:dump} on the class path, no main class.
         * Two seconds of a JVM of its own, once per jar.
         */
        private static boolean dumps(Path file, List<String> verifyCommandWithWriteOptions) throws IOException {
            Path list = classList(file);
            if (!Files.isRegularFile(list) || Files.size(list) == 0) {
                return false;
            }
            List<String> command = dumpCommand(file, verifyCommandWithWriteOptions);
            return !command.isEmpty() && succeeds(command, file);
        }

        /** The command that dumps {@code file}: the verifying command's JVM options, without the listing's. */
        static List<String> dumpCommand(Path file, List<String> verifyCommandWithWriteOptions) {
            List<String> command = new ArrayList<>();
            for (int i = 0; i < verifyCommandWithWriteOptions.size(); i++) {
                String part = verifyCommandWithWriteOptions.get(i);
                if (part.equals("-cp") && i + 1 < verifyCommandWithWriteOptions.size()) {
                    command.add("-Xshare:dump");
                    command.add("-XX:SharedClassListFile=" + classList(file));
                    command.add("-XX:SharedArchiveFile=" + file);
                    command.add(part);
                    command.add(verifyCommandWithWriteOptions.get(i + 1));
                    return command;
                }
                if (!part.startsWith(LIST_CLASSES) && !part.startsWith(TRAIN)) {
                    command.add(part);
                }
            }
            return List.of();
        }

        /** Where a recording run writes the configuration an AOT cache is assembled from. */
        static Path configuration(Path cache) {
            return cache.resolveSibling(cache.getFileName() + ".conf");
        }

        /** Assembles the AOT cache {@code file} from its recorded configuration: the JVM options, no main class. */
        private static boolean assembles(Path file, List<String> verifyCommandWithWriteOptions) {
            List<String> command = new ArrayList<>();
            for (String part : verifyCommandWithWriteOptions) {
                if (part.equals(MAIN)) {
                    break;
                }
                command.add(part.equals(RECORD_AOT) ? "-XX:AOTMode=create" : part);
            }
            command.add("-XX:AOTCache=" + file);
            return succeeds(command, file);
        }

        private static boolean proves(Path file, List<String> verifyCommandWithWriteOptions) {
            List<String> command = new ArrayList<>();
            for (String part : verifyCommandWithWriteOptions) {
                if (part.startsWith(LIST_CLASSES)) {
                    // A truncated archive would crash (SIGBUS) rather than be ignored: -Xshare:on fails instead.
                    command.add("-Xshare:on");
                    command.add("-XX:SharedArchiveFile=" + file);
                } else if (part.equals(RECORD_AOT)) {
                    // The default mode runs without a cache it cannot use; AOTMode=on refuses to start.
                    command.add("-XX:AOTMode=on");
                    command.add("-XX:AOTCache=" + file);
                } else if (!part.startsWith(AOT_CONFIGURATION) && !part.startsWith(TRAIN)) {
                    command.add(part);
                }
            }
            return succeeds(command, file);
        }

        /** Runs {@code command} (java first) with its output discarded; a crash log goes beside {@code archive}. */
        private static boolean succeeds(List<String> command, Path archive) {
            // Not in the user's directory, where the JVM would write it.
            command = new ArrayList<>(command);
            command.add(1, "-XX:ErrorFile=" + archive.resolveSibling("hs_err_%p.log"));
            try {
                Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                p.getOutputStream().close();
                return p.waitFor() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
