package io.contourcore.xds.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.xds.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way: printing ({@code render}) builds on translation, and translation reads settings, not
 * the YAML loader. Checked on the compiled classes, whose constant pools name every class a class uses (imports,
 * fully qualified names and nested classes alike), so the rule holds however a reference is written.
 */
class TranslateDependenciesTest {

    private static final List<String> FORBIDDEN = List.of("io/contourcore/xds/render/", "io/contourcore/model/yaml/");

    @Test
    void theTranslationClassesReferenceNothingOfRenderNorOfTheYamlLoader() throws Exception {
        Map<String, List<String>> found = new TreeMap<>();
        List<String> scanned = new ArrayList<>();
        withClasses(ClusterTranslator.class, root -> {
            Path dir = root.resolve("io/contourcore/xds/translate");
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(".class")).sorted().forEach(f -> {
                    scanned.add(f.getFileName().toString());
                    List<String> refs = forbiddenReferences(read(f));
                    if (!refs.isEmpty()) {
                        found.put(f.getFileName().toString(), refs);
                    }
                });
            }
        });
        assertThat(scanned).as("the translate classes were found").contains("ClusterTranslator.class", "RouteTranslator.class",
                "ListenerTranslator.class", "EnvoyApiPatches.class");
        assertThat(found).as("translate classes naming render or model.yaml classes").isEmpty();
    }

    @Test
    void theCheckFindsAReferenceWhereThereIsOne() throws Exception {
        // The engine hands its translation to the static-bootstrap printer, so it must be caught.
        List<String> refs = new ArrayList<>();
        withClasses(Engine.class, root -> refs.addAll(forbiddenReferences(read(root.resolve("io/contourcore/xds/Engine.class")))));
        assertThat(refs).contains("io/contourcore/xds/render/StaticBootstrap");
    }

    /** The forbidden class names in a class file's bytes (its constant pool holds them as plain ASCII). */
    static List<String> forbiddenReferences(byte[] classFile) {
        String text = new String(classFile, StandardCharsets.ISO_8859_1);
        TreeSet<String> out = new TreeSet<>();
        for (String prefix : FORBIDDEN) {
            for (int i = text.indexOf(prefix); i >= 0; i = text.indexOf(prefix, i + 1)) {
                int end = i + prefix.length();
                while (end < text.length() && (Character.isJavaIdentifierPart(text.charAt(end)) || text.charAt(end) == '/')
                        && text.charAt(end) != '$' && text.charAt(end) > ' ') {
                    end++;
                }
                out.add(text.substring(i, end));
            }
        }
        return List.copyOf(out);
    }

    private interface ClassesAction {
        void run(Path root) throws IOException;
    }

    /** Runs {@code action} on the root of the classes directory or jar {@code type} was loaded from. */
    private static void withClasses(Class<?> type, ClassesAction action) throws IOException, URISyntaxException {
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            action.run(location);
            return;
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            action.run(jar.getPath("/"));
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
