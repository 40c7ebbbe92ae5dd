package io.contourcore.xds.validate;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Envoy's checks on a regex it is given: it must compile under RE2 syntax, and its compiled program must stay
 * within {@code re2.max_program_size.error_level} (100 unless the runtime raises it).
 *
 * <p>The size is re2j's instruction count. RE2 compiles to byte-level instructions and re2j to rune-level ones, so
 * RE2's number is larger (Envoy reports 24 for {@code /asdf/.*}, re2j counts 10): a regex flagged here is certainly
 * refused by Envoy, one passing here may still be refused.
 */
final class Re2Check {

    /** Envoy's default for the runtime key {@code re2.max_program_size.error_level}. */
    static final int MAX_PROGRAM_SIZE = 100;

    record Problem(String rule, String message) {}

    private static final Problem OK = new Problem("", "");
    private static final int CACHE_LIMIT = 10_000;
    private static final Map<String, Problem> CACHE = new ConcurrentHashMap<>();

    private Re2Check() {}

    /** The problem with {@code regex}, or null when Envoy would accept it. */
    static Problem check(String regex) {
        Problem p = CACHE.get(regex);
        if (p == null) {
            p = compute(regex);
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear(); // a long-running server sees ever new regexes; keep the cache bounded
            }
            CACHE.put(regex, p);
        }
        return p == OK ? null : p;
    }

    private static Problem compute(String regex) {
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            return new Problem("envoy.regex.compile", "regex " + Rules.quote(regex) + " does not compile under RE2: " + e.getDescription());
        }
        int size = p.programSize();
        if (size > MAX_PROGRAM_SIZE) {
            return new Problem("envoy.regex.program_size", "regex " + Rules.quote(regex) + " RE2 program size of " + size
                    + " > max program size of " + MAX_PROGRAM_SIZE + " set for the error level threshold");
        }
        return OK;
    }
}
