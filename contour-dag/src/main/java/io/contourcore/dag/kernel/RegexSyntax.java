package io.contourcore.dag.kernel;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The syntax check a regex must pass for Go's regexp (upstream's check) and RE2 (Envoy's): re2j's parser, plus the
 * rule re2j lacks, that repeat counts nested inside each other may not multiply past 1,000 ({@code (a{100}){100}}
 * asks for 10,000 copies of {@code a}; Go says {@code invalid repeat count}, RE2 {@code bad repetition operator}).
 * The DAG uses it for status conditions and {@code contour validate} for its findings: one rule, one place.
 *
 * <pre>{@code
 * RegexSyntax.error("/(a{100}){100}"); // Optional["error parsing regexp: invalid repeat count: `{100}`"]
 * RegexSyntax.error("/v[0-9]+");       // Optional.empty
 * }</pre>
 */
public final class RegexSyntax {

    private RegexSyntax() {}

    /** Go's and RE2's limit on one repeat count and on the product of nested ones. */
    public static final int MAX_REPEAT = 1000;

    private static final Pattern REPEAT = Pattern.compile("\\{(\\d+)(,(\\d*))?}\\??");

    /** Go's error text for {@code regex}, or empty when Go and RE2 both accept it. */
    public static Optional<String> error(String regex) {
        try {
            io.contourcore.re2j.Pattern.compile(regex); // contour-re2j: linear in the regex's length
        } catch (io.contourcore.re2j.PatternSyntaxException e) {
            return Optional.of(e.getMessage());
        }
        return nestedRepeat(regex).map(op -> "error parsing regexp: invalid repeat count: `" + op + "`");
    }

    /**
     * For a regex re2j has already accepted: the first repeat operator (as written, e.g. {@code {100}}) whose count
     * times the counts nested in what it repeats passes {@link #MAX_REPEAT}, or empty. A {@code {0}} repeat hides
     * what it holds, as in Go's {@code repeatIsValid}; {@code *}, {@code +} and {@code ?} count as nothing.
     */
    public static Optional<String> nestedRepeat(String regex) {
        // Per open group: the largest nesting product among the atoms finished in it, and that of its last atom
        // (what a following operator repeats, replaced by the repeat's product; 0 when there is none).
        Deque<long[]> groups = new ArrayDeque<>();
        long[] top = {1, 0};
        int i = 0;
        int n = regex.length();
        while (i < n) {
            char c = regex.charAt(i);
            switch (c) {
                case '(' -> {
                    int flagsEnd = flagsOnly(regex, i);
                    if (flagsEnd > 0) {
                        i = flagsEnd;
                        continue;
                    }
                    groups.push(top);
                    top = new long[] {1, 0};
                    i++;
                    continue;
                }
                case ')' -> {
                    long inner = Math.max(top[0], top[1]);
                    top = groups.isEmpty() ? new long[] {1, 0} : groups.pop();
                    atom(top, inner);
                    i++;
                    continue;
                }
                case '|' -> {
                    top[0] = Math.max(top[0], top[1]);
                    top[1] = 0;
                    i++;
                    continue;
                }
                case '[' -> {
                    i = classEnd(regex, i);
                    atom(top, 1);
                    continue;
                }
                case '\\' -> {
                    i = escapeEnd(regex, i);
                    atom(top, 1);
                    continue;
                }
                case '*', '+', '?' -> {
                    i++;
                    if (i < n && regex.charAt(i) == '?') {
                        i++; // non-greedy
                    }
                    continue;
                }
                case '{' -> {
                    Matcher m = REPEAT.matcher(regex).region(i, n);
                    if (m.lookingAt() && top[1] > 0) {
                        long min = count(m.group(1));
                        long max = m.group(2) == null ? min : m.group(3).isEmpty() ? -1 : count(m.group(3));
                        long times = max < 0 ? min : max;
                        long product = times == 0 ? 1 : Math.min(times * top[1], Long.MAX_VALUE / 2048);
                        if (times > 0 && product > MAX_REPEAT) {
                            return Optional.of(m.group());
                        }
                        top[1] = product;
                        i = m.end();
                        continue;
                    }
                    atom(top, 1);
                    i++;
                    continue;
                }
                default -> {
                    atom(top, 1);
                    i++;
                }
            }
        }
        return Optional.empty();
    }

    /** A new atom starts: the previous last atom is finished. */
    private static void atom(long[] group, long product) {
        group[0] = Math.max(group[0], group[1]);
        group[1] = product;
    }

    private static long count(String digits) {
        return digits.length() > 7 ? Long.MAX_VALUE / 2048 : Long.parseLong(digits);
    }

    /** The index after a {@code (?flags)} group that only sets flags, or -1 when {@code (} opens a real group. */
    private static int flagsOnly(String re, int open) {
        if (open + 1 >= re.length() || re.charAt(open + 1) != '?') {
            return -1;
        }
        for (int j = open + 2; j < re.length(); j++) {
            char c = re.charAt(j);
            if (c == ')') {
                return j + 1;
            }
            if (!Character.isLetter(c) && c != '-') {
                return -1;
            }
        }
        return -1;
    }

    /** The index after a character class starting at {@code open}; a {@code ]} right after {@code [} or {@code [^} is literal. */
    private static int classEnd(String re, int open) {
        int j = open + 1;
        if (j < re.length() && re.charAt(j) == '^') {
            j++;
        }
        if (j < re.length() && re.charAt(j) == ']') {
            j++;
        }
        while (j < re.length()) {
            char c = re.charAt(j);
            if (c == '\\') {
                j = escapeEnd(re, j);
                continue;
            }
            if (c == '[' && j + 1 < re.length() && re.charAt(j + 1) == ':') {
                int close = re.indexOf(":]", j + 2);
                if (close > 0) {
                    j = close + 2;
                    continue;
                }
            }
            if (c == ']') {
                return j + 1;
            }
            j++;
        }
        return j;
    }

    /** The index after an escape starting at {@code backslash}: {@code \Q...\E}, {@code \p{..}}, {@code \x{..}} included. */
    private static int escapeEnd(String re, int backslash) {
        int j = backslash + 1;
        if (j >= re.length()) {
            return j;
        }
        char c = re.charAt(j);
        if (c == 'Q') {
            int end = re.indexOf("\\E", j + 1);
            return end < 0 ? re.length() : end + 2;
        }
        if ((c == 'p' || c == 'P' || c == 'x') && j + 1 < re.length() && re.charAt(j + 1) == '{') {
            int close = re.indexOf('}', j + 2);
            return close < 0 ? re.length() : close + 1;
        }
        if (c == 'x') {
            return Math.min(re.length(), j + 3);
        }
        if (c == 'p' || c == 'P') {
            return Math.min(re.length(), j + 2);
        }
        return j + 1;
    }
}
