package io.contourcore.re2j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The patched copy must be re2j 1.8 in everything but speed: every regex the project has ever been given (the golden
 * cases' inputs, the upstream corpus's CRD {@code pattern}s), RE2 syntax edge cases and generated mixes of them are
 * compiled by both, under every parser mode and {@link Pattern} flag, and must give the same parse tree, the same
 * compiled program, the same matches on sample inputs, or the same error.
 */
class Re2jDifferentialTest {

    /** One construct each; runs and mixes of them are generated below. */
    static final List<String> EDGE_CASES = List.of(
            "", "a", "ab", "abc", "/", "/foo/bar", "^/api/v[0-9]+/.*$", ".", ".*", ".+?", "a*", "a+", "a?", "a*?", "a+?",
            "a??", "a{2}", "a{2,}", "a{2,5}", "a{,5}", "a{2}?", "a{0}", "a{1000}", "a{1001}", "a{5,2}", "{", "}", "{a}",
            "x{", "x{1", "x{1,", "a|b", "a|b|c", "ab|ac|ad", "abc|abd|aef|bcx|bcy", "a|", "|a", "|", "(a)", "(a|b)",
            "((a))", "(?:a)", "(?:a|b)", "(?i)a", "(?i)abc", "(?i:a)b", "(?-i)a", "(?i-s:a.)", "(?s).", "(?m)^a$",
            "(?U)a*", "(?ims)", "(?i)(?-i)", "(?P<name>a)", "(?<name>a)", "(?P<n1>a)(?P<n2>b)", "(?P<n>a)(?P<n>b)",
            "(?P<>a)", "(?P<1a>a)", "(?P<name", "(?P=name)", "(?'n'a)", "(?#c)", "(?x)a", "(?i", "(?", "(", ")", "(()",
            "())", "[a]", "[ab]", "[a-z]", "[^a]", "[^a-z]", "[]a]", "[^]a]", "[a-]", "[-a]", "[a-b-c]", "[z-a]", "[",
            "[a", "[]", "[^]", "[[:alpha:]]", "[[:^alpha:]]", "[[:digit:][:space:]]", "[[:word:]]", "[[:foo:]]",
            "[[:alpha:]", "[[:", "[:alpha:]", "[\\d]", "[\\D]", "[\\w\\s]", "[\\pL]", "[\\p{Greek}]", "[\\P{Greek}]",
            "[\\p{Nope}]", "[a\\]]", "[\\-a]", "[.]", "[Aa]", "[Δδ]", "[kK]", "\\d", "\\D", "\\w", "\\W", "\\s", "\\S",
            "\\b", "\\B", "\\A", "\\z", "\\Z", "\\C", "\\pL", "\\PL", "\\pN", "\\p{L}", "\\p{Greek}", "\\P{Greek}",
            "\\p{^Greek}", "\\P{^Greek}", "\\p{Han}", "\\p{Any}", "\\p{Nope}", "\\p{", "\\p", "\\pX", "\\Q", "\\Qa*b\\E",
            "\\Qab", "\\Q\\E", "\\Qa\\Eb\\Qc\\E", "\\Q(\\E", "\\E", "\\.", "\\*", "\\\\", "\\", "a\\", "\\x41",
            "\\x{41}", "\\x{10FFFF}", "\\x{110000}", "\\x4", "\\x{", "\\xZZ", "\\0", "\\01", "\\012", "\\0123", "\\8",
            "\\1", "\\a", "\\f", "\\t", "\\n", "\\r", "\\v", "\\e", "\\y", "\\_", "\\-", "\\ ", "a**", "a*+", "a++",
            "a?*", "**", "*", "+", "?", "^*", "$*", "(*)", "(|a)", "(a|)", "x{2}{3}", "(a{100}){100}", "^", "$", "^$",
            "\uD83D\uDE00", "\uD83D\uDE00+", "[\uD83D\uDE00-\uD83D\uDE4F]", "αβγ", "(?i)αβγ", "(?i)ǅ", "(?i)k",
            "(?i)ſ", "ΣΑΣ", "(?i)σ", "\u0000", "a\nb", "(?s)a.b", ".\\n", "a$b", "ab*c+d?", "(ab)*", "(ab)+?c",
            "(?:ab){3}", "(?:(?:a{2}){2}){2}", "[a-c][d-f]", "[a][b][c]", "a(?:b)c", "a(?i)bc", "a(?i:b)c",
            "(?i)[a-z]+", "(?i)[^a-z]", "[^\\n]", "[\\x00-\\x{10FFFF}]", "[^\\x00-\\x{10FFFF}]", "\\Qa.b\\E+",
            "\\Q\uD83D\uDE00\\E", "/(?P<version>v[0-9]+)/(?P<rest>.*)", "^(?:https?://)?([^/]+)(/.*)?$");

    private static final int[] PATTERN_FLAGS = {0, Pattern.CASE_INSENSITIVE, Pattern.DOTALL | Pattern.MULTILINE,
            Pattern.DISABLE_UNICODE_GROUPS, Pattern.LONGEST_MATCH};

    /** Parser modes beyond Pattern's own: POSIX syntax (no Perl extensions), Perl, and a literal string. */
    private static final int[] PARSER_MODES = {RE2.PERL, RE2.POSIX, RE2.LITERAL, RE2.PERL | RE2.FOLD_CASE};

    private static final List<String> INPUTS = List.of("", "a", "ab", "abc", "ABC", "aaaaaaaa", "b", "/", "/foo/bar",
            "/api/v2/users", "x\ny", "\n", "αβγ ΑΒΓ", "\uD83D\uDE00", "0123456789", " \t", "{}", "[a]", "-", "kKſ",
            "http://a.example.com/x");

    @Test
    void everyRegexCompilesToTheSameTreeProgramMatchesAndErrorsAsUpstream() throws IOException {
        Set<String> regexes = new LinkedHashSet<>(EDGE_CASES);
        regexes.addAll(scalarsUnder(root().resolve("testdata/cases")));
        regexes.addAll(patternsUnder(root().resolve("../shared/corpus").normalize()));
        regexes.addAll(generated());
        // some golden inputs hold scalars of megabytes, which upstream parses in quadratic time; long runs are below
        regexes.removeIf(r -> r.length() > 2_000);

        int errors = 0;
        for (String regex : regexes) {
            List<String> inputs = new ArrayList<>(INPUTS);
            inputs.add(regex);
            inputs.add(regex.replaceAll("[^\\p{L}\\p{N}/._-]", ""));
            for (int flags : PATTERN_FLAGS) {
                // every input without flags; what the flags change with a few
                List<String> on = flags == 0 ? inputs : List.of("", "ABC", "x\ny", "kKſ", regex);
                String upstream = Side.UPSTREAM.compiled(regex, flags, on);
                assertThat(Side.OURS.compiled(regex, flags, on)).as("%s with flags %d", regex, flags).isEqualTo(upstream);
                errors += upstream.startsWith("error") ? 1 : 0;
            }
            for (int mode : PARSER_MODES) {
                assertThat(Side.OURS.parsed(regex, mode)).as("%s in mode %d", regex, mode)
                        .isEqualTo(Side.UPSTREAM.parsed(regex, mode));
            }
        }
        // The sources must all have been found: a test over nothing would pass.
        assertThat(regexes).hasSizeGreaterThan(3_000);
        assertThat(regexes).as("the corpus's CRD patterns").contains("^([0-9]{1,5}(h|m|s|ms)){1,4}$");
        assertThat(errors).isGreaterThan(500);
    }

    /** Long runs that make the patched parser extend literals over many steps, across groups, classes and flags. */
    @Test
    void longRunsOfEveryConstructCompileAsUpstream() {
        for (String piece : List.of("a", "(a)", "(a|b)", "[a]", "[Aa]", "\\d", "(?:a)", "(?:ab)c", "a(?i)b(?-i)",
                "\\Qab\\E", "\\Qa\\E(?:b)", "[[:alpha:]]", "\\pL", "\\p{Greek}", "(?i)k", "x{1}", "ab*", "[a-]",
                "\uD83D\uDE00", "a|", "(?P<n%d>a)", "\\x41(?:\\x{42})")) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 600; i++) {
                b.append(piece.contains("%d") ? piece.formatted(i) : piece);
            }
            String regex = b.toString();
            // short inputs: matching is not what changed, and an NFA with 600 groups is slow on long ones
            List<String> inputs = List.of("", "a".repeat(40), "ab".repeat(20), "AB".repeat(20), regex.substring(0, 40));
            assertThat(Side.OURS.compiled(regex, 0, inputs)).as(piece).isEqualTo(Side.UPSTREAM.compiled(regex, 0, inputs));
            for (int mode : PARSER_MODES) {
                assertThat(Side.OURS.parsed(regex, mode)).as(piece).isEqualTo(Side.UPSTREAM.parsed(regex, mode));
            }
        }
    }

    /** Pairs and triples of edge cases, which put each construct next to every other (a fixed seed: reproducible). */
    private static List<String> generated() {
        Random random = new Random(17);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            StringBuilder b = new StringBuilder();
            int parts = 2 + random.nextInt(3);
            for (int p = 0; p < parts; p++) {
                b.append(EDGE_CASES.get(random.nextInt(EDGE_CASES.size())));
            }
            out.add(b.toString());
        }
        return out;
    }

    /** Every scalar value in the YAML files under {@code dir}: most are not regexes, and both sides must agree anyway. */
    private static Set<String> scalarsUnder(Path dir) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        for (String line : yamlLines(dir)) {
            java.util.regex.Matcher m = SCALAR.matcher(line);
            if (m.matches()) {
                out.add(unquote(m.group(1).strip()));
            }
        }
        return out;
    }

    /** The {@code pattern:} values of the corpus's CRDs (the API server checks them with Go's regexp). */
    private static Set<String> patternsUnder(Path dir) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        for (String line : yamlLines(dir)) {
            java.util.regex.Matcher m = PATTERN.matcher(line);
            if (m.matches()) {
                out.add(unquote(m.group(1).strip()));
            }
        }
        return out;
    }

    private static final java.util.regex.Pattern SCALAR =
            java.util.regex.Pattern.compile("\\s*(?:-\\s+)?(?:[\\w./-]+:\\s+)?(\\S.*)");
    private static final java.util.regex.Pattern PATTERN = java.util.regex.Pattern.compile("\\s*pattern:\\s+(\\S.*)");

    private static List<String> yamlLines(Path dir) throws IOException {
        assertThat(dir).as("regex sources").isDirectory();
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).toList()) {
                // some golden inputs hold invalid UTF-8 on purpose: decoded with replacement characters
                lines.addAll(new String(Files.readAllBytes(f), StandardCharsets.UTF_8).lines().toList());
            }
        }
        return lines;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
            return s.substring(1, s.length() - 1).replace("''", "'");
        }
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1).replace("\\\\", "\\").replace("\\\"", "\"");
        }
        return s;
    }

    private static Path root() {
        String root = System.getProperty("contour.root");
        return Path.of(root == null ? ".." : root).toAbsolutePath().normalize();
    }

    /** One of the two re2j copies, driven by reflection so that the same code describes both. */
    private enum Side {
        UPSTREAM("com.google.re2j"),
        OURS("io.contourcore.re2j");

        private final Method compile;
        private final Method matcher;
        private final Method re2;
        private final Method parse;
        private final Method find;
        private final Method matches;
        private final Method start;
        private final Method end;
        private final Method groupCount;
        private final Method group;
        private final Method namedGroups;
        private final java.lang.reflect.Field prog;
        private final java.lang.reflect.Field prefix;
        private final java.lang.reflect.Field prefixComplete;
        private final java.lang.reflect.Field cond;

        Side(String pkg) {
            try {
                Class<?> pattern = Class.forName(pkg + ".Pattern");
                Class<?> matcherClass = Class.forName(pkg + ".Matcher");
                Class<?> re2Class = Class.forName(pkg + ".RE2");
                compile = pattern.getMethod("compile", String.class, int.class);
                matcher = pattern.getMethod("matcher", CharSequence.class);
                namedGroups = pattern.getMethod("namedGroups");
                re2 = accessible(pattern.getDeclaredMethod("re2"));
                parse = accessible(Class.forName(pkg + ".Parser").getDeclaredMethod("parse", String.class, int.class));
                find = matcherClass.getMethod("find");
                matches = matcherClass.getMethod("matches");
                start = matcherClass.getMethod("start");
                end = matcherClass.getMethod("end");
                groupCount = matcherClass.getMethod("groupCount");
                group = matcherClass.getMethod("group", int.class);
                prog = accessible(re2Class.getDeclaredField("prog"));
                prefix = accessible(re2Class.getDeclaredField("prefix"));
                prefixComplete = accessible(re2Class.getDeclaredField("prefixComplete"));
                cond = accessible(re2Class.getDeclaredField("cond"));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The compiled program, prefix, named groups and first match of each input; or the error. */
        String compiled(String regex, int flags, List<String> inputs) {
            Object p;
            try {
                p = compile.invoke(null, regex, flags);
            } catch (InvocationTargetException e) {
                return "error " + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            try {
                Object r = re2.invoke(p);
                StringBuilder b = new StringBuilder();
                b.append(prog.get(r)).append(" prefix=").append(prefix.get(r)).append(' ').append(prefixComplete.get(r))
                        .append(" cond=").append(cond.get(r)).append(" names=").append(namedGroups.invoke(p)).append('\n');
                for (String input : inputs) {
                    Object m = matcher.invoke(p, input);
                    b.append(matches.invoke(m));
                    if ((Boolean) find.invoke(m)) {
                        b.append(' ').append(start.invoke(m)).append('-').append(end.invoke(m));
                        for (int g = 0; g <= (Integer) groupCount.invoke(m); g++) {
                            b.append(" [").append(group.invoke(m, g)).append(']');
                        }
                    }
                    b.append('\n');
                }
                return b.toString();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The parse tree as re2j prints it, or the error. */
        String parsed(String regex, int mode) {
            try {
                return String.valueOf(parse.invoke(null, regex, mode));
            } catch (InvocationTargetException e) {
                return "error " + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        private static <T extends java.lang.reflect.AccessibleObject> T accessible(T member) {
            member.setAccessible(true);
            return member;
        }
    }
}
