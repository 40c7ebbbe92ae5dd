package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.contourcore.model.Kind;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * One test per folder under {@code testdata/cases/convert/<case>/}: {@code input.yaml} goes through
 * {@code contour convert --no-check}, and what it writes must be {@code expected/converted.yaml} and what it says on
 * stderr {@code expected/stderr.txt}, byte for byte. {@code -Dgolden.update=true} rewrites them and then fails on
 * purpose, as GoldenCasesTest does. The check is off because it needs the IngressRoute side rendered; the corpus
 * test runs it.
 */
class ConvertCasesTest {

    static Path convertCases() {
        return GoldenCasesTest.casesDir().resolve("convert");
    }

    static List<Path> cases() throws IOException {
        try (Stream<Path> s = Files.list(convertCases())) {
            return s.filter(p -> Files.isRegularFile(p.resolve("input.yaml"))).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyConversionCaseConvertsAsExpected() throws IOException {
        List<String> updated = new ArrayList<>();
        Stream<DynamicTest> tests = cases().stream().map(dir -> DynamicTest.dynamicTest(
                dir.getFileName().toString(), () -> check(dir, updated)));
        if (!GoldenCasesTest.UPDATE) {
            return tests;
        }
        return Stream.concat(tests, Stream.of(DynamicTest.dynamicTest("conversion files were rewritten", () ->
                fail("-Dgolden.update=true rewrote " + updated.size() + " file(s); read the diff (git diff testdata/), "
                        + "then run again without it: " + updated))));
    }

    private static void check(Path dir, List<String> updated) throws IOException {
        Path input = dir.resolve("input.yaml");
        Cli.Run r = Cli.run("convert", "--no-check", input.toString());
        assertThat(r.exit()).as("exit code; stderr:%n%s", r.err()).isZero();
        Map<String, String> produced = new LinkedHashMap<>();
        produced.put("converted.yaml", r.out());
        produced.put("stderr.txt", r.err().replace(dir + "/", ""));
        if (!GoldenCasesTest.expectFiles(dir, produced, updated)) {
            return;
        }
        // What convert writes is input the loader takes whole, with no IngressRoute or legacy kind left in it.
        LoadResult back = ManifestLoader.parse("converted.yaml", r.out(), "default");
        assertThat(back.errors()).as("the converted objects load").isEmpty();
        assertThat(r.out()).doesNotContain("contour.heptio.com");
        assertThat(back.resources().all()).noneMatch(o -> o.kind() == Kind.INGRESS_ROUTE);
    }

    @Test
    void thereIsAConversionCaseForEachMapping() throws IOException {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(15);
    }
}
