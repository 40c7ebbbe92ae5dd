package io.contourcore.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Hostile variants of well-formed manifests for the fuzz run: mutations of the YAML text (odd bytes, cut, repeated
 * or re-indented lines, extreme numbers, deep flow nesting) and of the parsed tree (a value of another type, a key
 * dropped or copied to another map, huge, empty and odd strings, regex metacharacters, a subtree from another
 * input). Everything comes from the {@link Random} given, so a seed and an iteration number name one input.
 *
 * <pre>{@code
 * InputMutator m = new InputMutator(seedTexts);
 * InputMutator.Mutant x = m.mutate(new Random(17));   // x.text() is the input, x.steps() what was done to it
 * }</pre>
 */
final class InputMutator {

    /** One mutated input and the mutations that made it, in order. */
    record Mutant(String seedName, String text, List<String> steps) {}

    /** A seed input: where it came from and its text. */
    record Seed(String name, String text) {}

    /** Strings that have broken parsers, escapers, validators and route matchers elsewhere. */
    static final List<String> ODD_STRINGS = List.of(
            "", " ", "\t", "\r\n", "a\r\nb: c", "line\nbreak", "nul\0byte", "\0", "\u2028\u2029", "\uFEFFbom",
            "\u202Eevil", "e\u0301", "\uD83D\uDE00", "\uFFFF", "%", "%%", "%{x}", "${HOME}", "../../etc/passwd",
            "/", "//", "/a/../b", "/a?b", "/a#b", "*", "*.", "*.example.com", "-", ".", "~", "null", "true", "NaN",
            "0x7f000001", "127.0.0.1", "::1", "[::1]:80", "fe80::1%eth0", "a" + ".b".repeat(200),
            "(a{100}){100}", "^(a+)+$", "[", "\\", "\\\\", "(?i)x", ".*", "[^/]+", "a|b", "{}", "[]", "&anchor",
            "*alias", "!!binary AAAA", "'", "\"", "#", ": ", "- ", "? ", "|", ">", "@", "`", "\u0000\u0001\u001f",
            "Host", ":authority", "x-forwarded-for", "UPPER_CASE", "\u00e9t\u00e9.example.com", "xn--");

    /** Short fragments spliced into an existing string, so the rest of the value stays plausible. */
    static final List<String> FRAGMENTS = List.of("?", "#", "//", "/", "\r\n", "\n", "\0", "\t", " ", "*", ".",
            "..", "{", "}", "(", ")", "[", "\\", "%", "$", "|", ":", ";", ",", "=", "\"", "'", "\u00e9", "\uD83D\uDE00",
            "\u200B", "A", "-", "_", "~", "@", "a".repeat(17_000));

    static final List<Object> EXTREME_NUMBERS = List.of(0, -1, 1, 65535, 65536, 2147483647, -2147483648,
            2147483648L, 4294967295L, 4294967296L, Long.MAX_VALUE, Long.MIN_VALUE, 1e308, -1e308, 1.5, 0.0001,
            new java.math.BigInteger("99999999999999999999999999"));

    private final List<Seed> seeds;

    InputMutator(List<Seed> seeds) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seed inputs");
        }
        this.seeds = List.copyOf(seeds);
    }

    /** One to three mutations of one seed, mixing tree and text mutations. */
    Mutant mutate(Random random) {
        Seed seed = seeds.get(random.nextInt(seeds.size()));
        String text = seed.text();
        List<String> steps = new ArrayList<>();
        // Mostly one mutation, mostly of the tree: most text mutations break the YAML, and a mutant the loader
        // refuses (exit 2) never reaches the engine.
        int n = random.nextInt(4) == 0 ? 2 + random.nextInt(2) : 1;
        for (int i = 0; i < n; i++) {
            if (random.nextInt(10) < 7) {
                String tree = treeMutation(text, random, steps);
                if (tree != null) {
                    text = tree;
                    continue;
                }
            }
            text = textMutation(text, random, steps);
        }
        return new Mutant(seed.name(), text, List.copyOf(steps));
    }

    // ---- text ----

    private String textMutation(String text, Random random, List<String> steps) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int at = random.nextInt(lines.size());
        switch (random.nextInt(9)) {
            case 0 -> {
                String odd = pick(ODD_STRINGS, random);
                int pos = random.nextInt(text.length() + 1);
                steps.add("insert " + quoted(odd) + " at offset " + pos);
                return text.substring(0, pos) + odd + text.substring(pos);
            }
            case 1 -> {
                steps.add("delete line " + (at + 1));
                lines.remove(at);
            }
            case 2 -> {
                steps.add("duplicate line " + (at + 1) + " (a duplicate key or list item)");
                lines.add(at, lines.get(at));
            }
            case 3 -> {
                int pos = random.nextInt(text.length() + 1);
                steps.add("cut at offset " + pos);
                return text.substring(0, pos);
            }
            case 4 -> {
                boolean deeper = random.nextBoolean();
                steps.add((deeper ? "indent" : "dedent") + " line " + (at + 1));
                String l = lines.get(at);
                lines.set(at, deeper ? "  " + l : l.startsWith("  ") ? l.substring(2) : l.stripLeading());
            }
            case 5 -> {
                String number = String.valueOf(pick(EXTREME_NUMBERS, random));
                String replaced = text.replaceFirst("(?<=: )\\d+\\b", number);
                steps.add("first number becomes " + number);
                return replaced;
            }
            case 6 -> {
                int depth = random.nextBoolean() ? 150 : 3000;
                boolean map = random.nextBoolean();
                String nest = map ? "{a: ".repeat(depth) + "1" + "}".repeat(depth)
                        : "[".repeat(depth) + "1" + "]".repeat(depth);
                steps.add("value of line " + (at + 1) + " nested " + depth + " deep in " + (map ? "maps" : "lists"));
                lines.set(at, lines.get(at).replaceFirst(":( .*)?$", ": " + nest));
            }
            case 7 -> {
                steps.add("the whole input twice (duplicate objects)");
                return text + "\n---\n" + text;
            }
            default -> {
                char c = (char) random.nextInt(0x80);
                int pos = random.nextInt(text.length() + 1);
                steps.add("insert control or ASCII char " + (int) c + " at offset " + pos);
                return text.substring(0, pos) + c + text.substring(pos);
            }
        }
        return String.join("\n", lines);
    }

    // ---- tree ----

    private static Yaml yaml() {
        LoaderOptions load = new LoaderOptions();
        load.setAllowDuplicateKeys(false); // a text with duplicate keys gets text mutations (snakeyaml would log)
        load.setMaxAliasesForCollections(50);
        load.setCodePointLimit(16 << 20);
        DumperOptions dump = new DumperOptions();
        dump.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        dump.setSplitLines(false);
        return new Yaml(new SafeConstructor(load), new Representer(dump), dump, load);
    }

    /** A tree mutation of a random document, or null when the text does not parse as YAML (text mutations then). */
    private String treeMutation(String text, Random random, List<String> steps) {
        List<Object> docs = new ArrayList<>();
        try {
            for (Object d : yaml().loadAll(text)) {
                docs.add(d);
            }
        } catch (RuntimeException | StackOverflowError notYaml) {
            return null;
        }
        List<Object> containers = new ArrayList<>();
        for (Object d : docs) {
            collect(d, containers, 0);
        }
        if (containers.isEmpty()) {
            return null;
        }
        Object target = pick(containers, random);
        if (target instanceof Map<?, ?> raw) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> map = (Map<Object, Object>) raw;
            if (map.isEmpty()) {
                return null;
            }
            Object key = pick(new ArrayList<>(map.keySet()), random);
            switch (random.nextInt(4)) {
                case 0 -> {
                    steps.add("drop key " + key);
                    map.remove(key);
                }
                case 1 -> {
                    Object other = pick(containers, random);
                    if (other instanceof Map<?, ?> o) {
                        @SuppressWarnings("unchecked")
                        Map<Object, Object> into = (Map<Object, Object>) o;
                        steps.add("copy key " + key + " into another map");
                        into.put(key, deepCopy(map.get(key)));
                    } else {
                        steps.add("drop key " + key);
                        map.remove(key);
                    }
                }
                default -> {
                    Object value = replacement(map.get(key), random, steps, String.valueOf(key));
                    map.put(key, value);
                }
            }
        } else if (target instanceof List<?> raw && !raw.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) raw;
            int i = random.nextInt(list.size());
            switch (random.nextInt(3)) {
                case 0 -> {
                    steps.add("duplicate list item " + i);
                    list.add(i, deepCopy(list.get(i)));
                }
                case 1 -> {
                    steps.add("drop list item " + i);
                    list.remove(i);
                }
                default -> list.set(i, replacement(list.get(i), random, steps, "item " + i));
            }
        } else {
            return null;
        }
        try {
            return yaml().dumpAll(docs.iterator());
        } catch (RuntimeException | StackOverflowError cannotDump) {
            return null;
        }
    }

    private static void collect(Object node, List<Object> out, int depth) {
        if (depth > 60) {
            return;
        }
        if (node instanceof Map<?, ?> m) {
            out.add(m);
            m.values().forEach(v -> collect(v, out, depth + 1));
        } else if (node instanceof List<?> l) {
            out.add(l);
            l.forEach(v -> collect(v, out, depth + 1));
        }
    }

    /** What a value becomes: another type, an odd or huge string, an extreme number, a seed's subtree. */
    private Object replacement(Object old, Random random, List<String> steps, String where) {
        if (old instanceof String s && random.nextBoolean()) {
            String f = pick(FRAGMENTS, random);
            int at = random.nextInt(s.length() + 1);
            steps.add(where + " gets " + quoted(f) + " spliced in at " + at);
            return s.substring(0, at) + f + s.substring(at);
        }
        switch (random.nextInt(8)) {
            case 0 -> {
                String odd = pick(ODD_STRINGS, random);
                steps.add(where + " = " + quoted(odd));
                return odd;
            }
            case 1 -> {
                Object n = pick(EXTREME_NUMBERS, random);
                steps.add(where + " = " + n);
                return n;
            }
            case 2 -> {
                int size = random.nextBoolean() ? 5_000 : 100_000;
                String unit = pick(List.of("a", "/", "ab.", "\u00e9", "(a)", "x-"), random);
                steps.add(where + " = " + quoted(unit) + " repeated to " + size + " chars");
                return unit.repeat(size / unit.length());
            }
            case 3 -> {
                Object flipped = switch (random.nextInt(6)) {
                    case 0 -> new LinkedHashMap<>(Map.of("k", "v"));
                    case 1 -> new ArrayList<>(List.of("v"));
                    case 2 -> Boolean.TRUE;
                    case 3 -> null;
                    case 4 -> String.valueOf(old);
                    default -> 42;
                };
                steps.add(where + " flips type to " + (flipped == null ? "null" : flipped.getClass().getSimpleName()));
                return flipped;
            }
            case 4 -> {
                steps.add(where + " = empty " + (old instanceof List ? "list" : old instanceof Map ? "map" : "string"));
                return old instanceof List ? new ArrayList<>() : old instanceof Map ? new LinkedHashMap<>() : "";
            }
            case 5 -> {
                Object nested = "x";
                int depth = 20 + random.nextInt(80);
                for (int i = 0; i < depth; i++) {
                    nested = random.nextBoolean() ? new ArrayList<>(List.of(nested))
                            : new LinkedHashMap<>(Map.of("n", nested));
                }
                steps.add(where + " nested " + depth + " deep");
                return nested;
            }
            case 6 -> {
                Seed donor = seeds.get(random.nextInt(seeds.size()));
                List<Object> parts = new ArrayList<>();
                try {
                    for (Object d : yaml().loadAll(donor.text())) {
                        collect(d, parts, 0);
                    }
                } catch (RuntimeException e) {
                    return old;
                }
                if (parts.isEmpty()) {
                    return old;
                }
                steps.add(where + " = a subtree of " + donor.name());
                return pick(parts, random);
            }
            default -> {
                String s = String.valueOf(old) + pick(ODD_STRINGS, random);
                steps.add(where + " gains a suffix: " + quoted(s));
                return s;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Object deepCopy(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> c = new LinkedHashMap<>();
            m.forEach((k, v) -> c.put(k, deepCopy(v)));
            return c;
        }
        if (o instanceof List<?> l) {
            List<Object> c = new ArrayList<>();
            l.forEach(v -> c.add(deepCopy(v)));
            return c;
        }
        return o;
    }

    private static <T> T pick(List<T> from, Random random) {
        return from.get(random.nextInt(from.size()));
    }

    /** A string as Java would write it, short: steps are read by people. */
    static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().limit(60).forEach(c -> {
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append(s.length() > 60 ? "...\"" : "\"").toString();
    }
}
