package io.contourcore.xds.validate;

import io.contourcore.dag.kernel.RegexSyntax;
import io.contourcore.re2j.Pattern;
import io.contourcore.re2j.PatternSyntaxException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Envoy's checks on a regex it is given: it must compile under RE2 syntax (re2j's parser and the nested-repeat
 * rule of {@link RegexSyntax}, shared with the DAG's status checks), and its compiled program must stay
 * within {@code re2.max_program_size.error_level} (100 unless the runtime raises it).
 *
 * <p>RE2's program size cannot be computed here exactly: RE2 compiles to byte-level instructions and flattens its
 * alternations, re2j compiles to rune-level ones and keeps them, so re2j's own count is sometimes above RE2's (many
 * alternatives) and sometimes far below it (Envoy reports 24 for {@code /asdf/.*}, re2j counts 10). A finding here
 * must never be wrong, since the render pipeline treats one as our bug, so the size used is a lower bound of RE2's:
 * one instruction for each character or class the program consumes (RE2 needs at least one byte range for each),
 * two for each capture group, one to match and RE2's fail instruction. A regex over it is certainly refused by
 * Envoy; one under it may still be.
 */
final class Re2Check {

    /** Envoy's default for the runtime key {@code re2.max_program_size.error_level}. */
    static final int MAX_PROGRAM_SIZE = 100;

    record Problem(String rule, String message) {}

    /** What compiling a regex gave: a syntax problem, or the program-size lower bound (-1 when unknown). */
    private record Compiled(Problem syntax, int size) {}

    private static final int CACHE_LIMIT = 10_000;
    private static final Map<String, Compiled> CACHE = new ConcurrentHashMap<>();

    private Re2Check() {}

    /** The problem with {@code regex} under Envoy's default limit, or null when Envoy would accept it. */
    static Problem check(String regex) {
        return check(regex, MAX_PROGRAM_SIZE);
    }

    /** The problem with {@code regex} when the runtime sets {@code re2.max_program_size.error_level} to {@code limit}. */
    static Problem check(String regex, long limit) {
        Compiled c = CACHE.get(regex);
        if (c == null) {
            c = compile(regex);
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear(); // a long-running server sees ever new regexes; keep the cache bounded
            }
            CACHE.put(regex, c);
        }
        if (c.syntax() != null) {
            return c.syntax();
        }
        if (c.size() > limit) {
            return new Problem("envoy.regex.program_size", "regex " + Rules.quote(regex) + " RE2 program size of at least "
                    + c.size() + " > max program size of " + limit + " set for the error level threshold");
        }
        return null;
    }

    /** The lower bound of RE2's program size described above, or -1 if re2j's program cannot be read. */
    static int lowerBound(Pattern p) {
        return ProgramReader.AVAILABLE ? ProgramReader.lowerBound(p) : -1;
    }

    /**
     * Reads re2j's compiled program, which re2j keeps package-private. Pinned to re2j 1.8 by a test; if a later
     * version moves things, the size check is skipped rather than guessed.
     */
    private static final class ProgramReader {
        static final boolean AVAILABLE;
        private static java.lang.reflect.Method re2;
        private static java.lang.reflect.Field prog;
        private static java.lang.reflect.Field inst;
        private static java.lang.reflect.Field instSize;
        private static java.lang.reflect.Field op;
        private static java.lang.reflect.Method isRuneOp;
        private static int capture;

        static {
            boolean ok;
            try {
                re2 = Pattern.class.getDeclaredMethod("re2");
                re2.setAccessible(true);
                Class<?> re2Class = re2.getReturnType();
                prog = re2Class.getDeclaredField("prog");
                prog.setAccessible(true);
                Class<?> progClass = prog.getType();
                inst = progClass.getDeclaredField("inst");
                inst.setAccessible(true);
                instSize = progClass.getDeclaredField("instSize");
                instSize.setAccessible(true);
                Class<?> instClass = inst.getType().getComponentType();
                op = instClass.getDeclaredField("op");
                op.setAccessible(true);
                isRuneOp = instClass.getDeclaredMethod("isRuneOp", int.class);
                isRuneOp.setAccessible(true);
                capture = constant(instClass, "CAPTURE");
                ok = true;
            } catch (ReflectiveOperationException | RuntimeException e) {
                ok = false;
            }
            AVAILABLE = ok;
        }

        private static int constant(Class<?> c, String name) throws ReflectiveOperationException {
            java.lang.reflect.Field f = c.getDeclaredField(name);
            f.setAccessible(true);
            return f.getInt(null);
        }

        static int lowerBound(Pattern p) {
            try {
                Object program = prog.get(re2.invoke(p));
                Object[] insts = (Object[]) inst.get(program);
                int n = instSize.getInt(program);
                int consuming = 0;
                int captures = 0;
                for (int i = 0; i < n; i++) {
                    int code = op.getInt(insts[i]);
                    if ((Boolean) isRuneOp.invoke(null, code)) {
                        consuming++;
                    } else if (code == capture) {
                        captures++;
                    }
                }
                return consuming + captures + 1 + 1;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return -1;
            }
        }
    }

    private static Compiled compile(String regex) {
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            return new Compiled(new Problem("envoy.regex.compile", "regex " + Rules.quote(regex)
                    + " does not compile under RE2: " + e.getDescription()), -1);
        }
        java.util.Optional<String> nested = RegexSyntax.nestedRepeat(regex);
        if (nested.isPresent()) {
            return new Compiled(new Problem("envoy.regex.compile", "regex " + Rules.quote(regex)
                    + " does not compile under RE2: bad repetition operator: " + nested.get()
                    + " (nested repeat counts multiply past " + RegexSyntax.MAX_REPEAT + ")"), -1);
        }
        return new Compiled(null, lowerBound(p));
    }
}
