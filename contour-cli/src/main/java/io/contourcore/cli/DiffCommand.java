package io.contourcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.contourcore.cli.RouteCommand.BadInput;
import io.contourcore.dag.status.Status;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.xds.Engine;
import io.contourcore.xds.render.ProtoText;
import io.contourcore.xds.render.XdsDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code contour diff OLD NEW}: what a change to the inputs does to the Envoy configuration and to the status, one
 * unified diff per resource, as {@code kubectl diff} shows a change before it is applied.
 *
 * <pre>{@code
 * contour diff git:main:manifests/ manifests/ -R      # exit 0 same, 1 different, 2 error
 * }</pre>
 */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = {
            "Show what a change to the inputs does to the Envoy configuration and to the status.",
            "",
            "Renders OLD and NEW (as 'contour render --format xds' does, with the same input flags) and prints one "
                    + "unified diff per xDS resource that differs (a/TYPE/NAME, TYPE listeners, routes, clusters, "
                    + "endpoints or secrets) and per object status (a/status/KIND/NAMESPACE/NAME). Secret data shows "
                    + "as its sha256.",
            "",
            "OLD and NEW are each a file, a directory (-R descends), '-', or git:REV:PATH (PATH as it is at REV in "
                    + "the git work tree --repo). git:REV alone means the other side's PATH at REV.",
            "",
            "Exit: 0 the same, 1 different, 2 bad input or usage (as kubectl diff), 3 internal error.",
            "Example: contour diff git:HEAD:testdata/examples/quickstart.yaml testdata/examples/quickstart.yaml"
        })
public final class DiffCommand implements Callable<Integer> {

    private static final List<String> SECTIONS = XdsDocument.SECTIONS;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** OLD and NEW are its two positional paths; its other flags apply to both sides. */
    @Mixin
    InputOptions input = new InputOptions();

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".",
            description = "The git work tree git:REV:PATH is read from (default: the current directory).")
    Path repo;

    InputStream stdin = System.in;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (input.positional.size() != 2 || !input.files.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "expected two inputs, OLD and NEW, got " + (input.positional.size() + input.files.size()));
        }
        String oldArg = input.positional.get(0);
        String newArg = input.positional.get(1);
        List<Path> temps = new ArrayList<>();
        try {
            Optional<ContourConfig> config = input.config(err);
            if (config.isEmpty()) {
                return 2;
            }
            Optional<Map<String, Object>> before = side(oldArg, newArg, config.get(), temps, err);
            if (before.isEmpty()) {
                return 2;
            }
            Optional<Map<String, Object>> after = side(newArg, oldArg, config.get(), temps, err);
            if (after.isEmpty()) {
                return 2;
            }
            boolean different = false;
            TreeSet<String> names = new TreeSet<>(before.get().keySet());
            names.addAll(after.get().keySet());
            for (String name : names) {
                Object was = before.get().get(name);
                Object is = after.get().get(name);
                if (java.util.Objects.equals(was, is)) {
                    continue; // most resources are unchanged: only those that differ are turned into text
                }
                String a = was == null ? "" : text(name, was);
                String b = is == null ? "" : text(name, is);
                String d = LineDiff.unified(before.get().containsKey(name) ? "a/" + name : "/dev/null", a,
                        after.get().containsKey(name) ? "b/" + name : "/dev/null", b);
                if (!d.isEmpty()) {
                    different = true;
                    out.print(d);
                }
            }
            out.flush();
            return different ? 1 : 0;
        } catch (BadInput e) {
            err.println("contour diff: " + e.getMessage());
            err.flush();
            return 2;
        } finally {
            temps.forEach(DiffCommand::deleteTree);
        }
    }

    /**
     * One side rendered: its resources (protos) and statuses (their status -o yaml trees), by {@code TYPE/NAME}, or
     * empty after printing why it could not be read.
     */
    private Optional<Map<String, Object>> side(String arg, String other, ContourConfig config, List<Path> temps,
            PrintWriter err) throws BadInput {
        String path = arg;
        String tempPrefix = null;
        String label = arg;
        if (arg.startsWith("git:")) {
            GitRef ref = gitRef(arg, other);
            Path dir = Files.isDirectory(repo) ? materialize(ref, temps) : null;
            if (dir == null) {
                throw new BadInput(repo + ": not a directory");
            }
            path = dir.resolve(ref.path()).toString();
            tempPrefix = dir + java.io.File.separator;
            label = "git:" + ref.rev() + ":";
        }
        // Load problems name the file as the user wrote it, not the temporary copy of a git revision.
        StringWriter captured = new StringWriter();
        PrintWriter diag = tempPrefix == null ? err : new PrintWriter(captured);
        List<String> saved = input.positional;
        Optional<LoadResult> loaded;
        try {
            input.positional = List.of(path);
            loaded = input.load(arg.equals("-") ? stdin : InputStream.nullInputStream(), diag);
        } finally {
            input.positional = saved;
        }
        if (tempPrefix != null) {
            diag.flush();
            err.print(captured.toString().replace(tempPrefix, label));
            err.flush();
        }
        if (loaded.isEmpty()) {
            return Optional.empty();
        }
        Engine.Result result = Engine.run(loaded.get().resources(), config);
        if (!input.settingsApply(result, err)) {
            return Optional.empty();
        }
        Map<String, Object> items = new TreeMap<>();
        Map<String, List<? extends Message>> sections = XdsDocument.sections(result.xds());
        for (String section : SECTIONS) {
            for (Message m : sections.get(section)) {
                items.put(section + "/" + name(m), m);
            }
        }
        for (Status s : result.status().statuses()) {
            // the status as status -o yaml shows it, so that what compares equal prints equal
            items.put("status/" + s.ref().kind().kindName() + "/" + s.ref().namespacedName(), StatusView.tree(List.of(s)).get(0));
        }
        return Optional.of(items);
    }

    /** A resource or status as YAML, secret data hidden. */
    private static String text(String name, Object item) {
        if (item instanceof Message m) {
            JsonNode tree = ProtoText.toTree(m);
            return ProtoText.toYaml(name.startsWith("secrets/") ? hideSecretData(tree) : tree);
        }
        return ProtoText.toYaml((JsonNode) item);
    }

    /** A resource's name: {@code cluster_name} for a ClusterLoadAssignment, {@code name} for the others. */
    private static String name(Message m) {
        Descriptors.FieldDescriptor f = m.getDescriptorForType().findFieldByName("name");
        if (f == null) {
            f = m.getDescriptorForType().findFieldByName("cluster_name");
        }
        return f == null ? "" : String.valueOf(m.getField(f));
    }

    /** Inline key and certificate bytes replaced by their sha256, so a diff never prints a private key. */
    static JsonNode hideSecretData(JsonNode tree) {
        JsonNode copy = tree.deepCopy();
        hide(copy);
        return copy;
    }

    private static void hide(JsonNode node) {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            List<String> secret = new ArrayList<>();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual() && (e.getKey().equals("inline_bytes") || e.getKey().equals("inline_string"))) {
                    secret.add(e.getKey());
                } else {
                    hide(e.getValue());
                }
            }
            for (String k : secret) {
                o.put(k, "sha256:" + sha256(o.get(k).asText()));
            }
        } else if (node != null && node.isArray()) {
            node.forEach(DiffCommand::hide);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- git -----------------------------------------------------------------------------------------------------

    /** {@code git:REV:PATH}, PATH relative to the work tree; {@code git:REV} takes the other side's path. */
    record GitRef(String rev, String path) {}

    private GitRef gitRef(String arg, String other) throws BadInput {
        String rest = arg.substring("git:".length());
        int colon = rest.indexOf(':');
        String rev = colon < 0 ? rest : rest.substring(0, colon);
        String path = colon < 0 ? null : rest.substring(colon + 1);
        if (rev.isEmpty()) {
            throw new BadInput(arg + ": expected git:REV:PATH or git:REV");
        }
        if (path == null) {
            if (other.startsWith("git:") || other.equals("-")) {
                throw new BadInput(arg + ": git:REV without a PATH takes the other side's path, but that is " + other);
            }
            path = repo.toAbsolutePath().normalize().relativize(Path.of(other).toAbsolutePath().normalize()).toString();
        }
        if (path.isEmpty()) {
            path = ".";
        }
        return new GitRef(rev, path);
    }

    /**
     * The files under {@code ref.path()} at {@code ref.rev()}, copied into a new temporary directory at the same
     * relative paths; the directory is returned (and deleted by {@link #call()} when done).
     */
    private Path materialize(GitRef ref, List<Path> temps) throws BadInput {
        String listing = git(List.of("ls-tree", "-r", "--name-only", ref.rev(), "--", ref.path()), ref);
        List<String> files = listing.lines().filter(l -> !l.isBlank()).toList();
        if (files.isEmpty()) {
            throw new BadInput("git:" + ref.rev() + ":" + ref.path() + ": no such path at that revision");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("contour-diff-");
        } catch (IOException e) {
            throw new BadInput("cannot make a temporary directory: " + e.getMessage());
        }
        temps.add(dir);
        for (String f : files) {
            String text = git(List.of("show", ref.rev() + ":./" + f), ref);
            Path target = dir.resolve(f).normalize();
            if (!target.startsWith(dir)) {
                throw new BadInput("git:" + ref.rev() + ":" + f + ": a path outside the work tree");
            }
            try {
                Files.createDirectories(target.getParent());
                Files.writeString(target, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new BadInput("cannot copy git:" + ref.rev() + ":" + f + ": " + e.getMessage());
            }
        }
        return dir;
    }

    /** {@code git ARGS} in the work tree; its standard output, or why it failed. */
    private String git(List<String> args, GitRef ref) throws BadInput {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString()));
        cmd.addAll(args);
        try {
            Path errFile = Files.createTempFile("contour-diff-git-", ".err");
            try {
                Process p = new ProcessBuilder(cmd).redirectError(errFile.toFile()).start();
                p.getOutputStream().close();
                byte[] bytes = p.getInputStream().readAllBytes();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new BadInput("git " + String.join(" ", args) + ": no answer in 60 seconds");
                }
                if (p.exitValue() != 0) {
                    String why = Files.readString(errFile).strip();
                    throw new BadInput("git:" + ref.rev() + ":" + ref.path() + ": " + (why.isEmpty() ? "git failed" : why));
                }
                return new String(bytes, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(errFile);
            }
        } catch (IOException e) {
            throw new BadInput("cannot run git: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInput("interrupted while running git");
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a leftover temporary file; nothing else to do
                }
            });
        } catch (IOException ignored) {
            // the directory is already gone
        }
    }
}
