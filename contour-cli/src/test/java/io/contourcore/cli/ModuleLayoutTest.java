package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What embedders rely on beyond the code: one BOM that pins every published module, and a stable module name in
 * every jar. The published modules are the reactor's {@code contour-*} directories other than the BOM itself.
 */
class ModuleLayoutTest {

    private static final Pattern MODULE_NAME = Pattern.compile("io\\.contourcore(\\.[a-z][a-z0-9]*)+");

    @Test
    void theBomPinsEveryPublishedModuleAtTheParentsVersionAndNothingElse() throws Exception {
        Document parent = pom(root().resolve("pom.xml"));
        Document bom = pom(root().resolve("contour-core-bom/pom.xml"));
        List<String> published = new ArrayList<>();
        for (String module : texts(parent.getDocumentElement(), "modules", "module")) {
            if (module.startsWith("contour-") && !module.equals("contour-core-bom")) {
                published.add(module);
            }
        }

        assertThat(published).contains("contour-re2j", "contour-model", "contour-dag", "contour-xds", "contour-serve", "contour-cli");
        assertThat(child(bom.getDocumentElement(), "parent"))
                .as("the BOM must not inherit the parent's third-party versions").isNull();
        assertThat(text(bom.getDocumentElement(), "version")).isEqualTo(text(parent.getDocumentElement(), "version"));
        Element managed = child(child(bom.getDocumentElement(), "dependencyManagement"), "dependencies");
        Map<String, String> pinned = new LinkedHashMap<>();
        for (Element d : children(managed, "dependency")) {
            assertThat(text(d, "groupId")).isEqualTo("io.contourcore");
            pinned.put(text(d, "artifactId"), text(d, "version"));
        }
        assertThat(pinned.keySet()).containsExactlyInAnyOrderElementsOf(published);
        assertThat(pinned.values()).containsOnly("${project.version}");
    }

    @Test
    void everyJarModuleSetsADistinctAutomaticModuleName() throws Exception {
        Document parent = pom(root().resolve("pom.xml"));
        Map<String, String> names = new LinkedHashMap<>();
        for (String module : texts(parent.getDocumentElement(), "modules", "module")) {
            Element project = pom(root().resolve(module).resolve("pom.xml")).getDocumentElement();
            if (!"pom".equals(text(project, "packaging"))) {
                names.put(module, text(child(project, "properties"), "module.name"));
            }
        }

        assertThat(names).containsEntry("contour-re2j", "io.contourcore.re2j")
                .containsEntry("contour-model", "io.contourcore.model")
                .containsEntry("contour-dag", "io.contourcore.dag")
                .containsEntry("contour-xds", "io.contourcore.xds")
                .containsEntry("contour-serve", "io.contourcore.serve")
                .containsEntry("contour-cli", "io.contourcore.cli");
        assertThat(names.values()).allMatch(n -> n != null && MODULE_NAME.matcher(n).matches()).doesNotHaveDuplicates();
    }

    /**
     * Reads the manifests of the jars the reactor put on this classpath. Under {@code ./mvnw verify} (what CI runs)
     * the upstream modules are packaged before the CLI's tests, so they are jars here; a run that stops at
     * {@code test} has their class folders instead, and this test is skipped.
     */
    @Test
    void theUpstreamJarsOnThisClasspathCarryTheirAutomaticModuleName() throws IOException {
        Pattern jar = Pattern.compile("(contour-(re2j|model|dag|xds|serve))-[^/\\\\]*?(-tests)?\\.jar");
        Map<String, String> found = new LinkedHashMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Matcher m = jar.matcher(Path.of(entry).getFileName().toString());
            if (m.matches()) {
                try (JarFile j = new JarFile(entry)) {
                    String name = j.getManifest() == null ? null
                            : j.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
                    found.put(m.group(1) + (m.group(3) == null ? "" : m.group(3)), String.valueOf(name));
                }
            }
        }
        assumeFalse(found.isEmpty(), "the upstream modules are class folders here (no package phase ran)");

        assertThat(found).containsEntry("contour-re2j", "io.contourcore.re2j")
                .containsEntry("contour-model", "io.contourcore.model")
                .containsEntry("contour-dag", "io.contourcore.dag")
                .containsEntry("contour-xds", "io.contourcore.xds")
                .containsEntry("contour-serve", "io.contourcore.serve")
                // the test-jar must not claim the main jar's module name
                .containsEntry("contour-xds-tests", "null");
    }

    private static Document pom(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    private static List<String> texts(Element project, String list, String item) {
        List<String> out = new ArrayList<>();
        for (Element e : children(child(project, list), item)) {
            out.add(e.getTextContent().trim());
        }
        return out;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    private static Element child(Element parent, String name) {
        List<Element> all = children(parent, name);
        return all.isEmpty() ? null : all.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Path root() {
        return GoldenCasesTest.root();
    }
}
