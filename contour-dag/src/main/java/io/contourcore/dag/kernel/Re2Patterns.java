package io.contourcore.dag.kernel;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * re2j's {@link Pattern#compile(String, int)} in time linear in the length of the regex, with the same pattern and
 * the same errors.
 *
 * <pre>{@code
 * Pattern p = Re2Patterns.compile("/" + "a".repeat(1_000_000), 0);   // milliseconds, not minutes
 * }</pre>
 *
 * <p>re2j's parser merges each literal it reads into the literal before it by copying both into a new array, so a
 * run of n literals ({@code aaaa}, {@code (?:a)(?:a)}, {@code [a][a]}, {@code \Qaaaa\E}) costs n²/2 copies: 140,000
 * characters took seven seconds and 1.2 million more than three minutes. Go's parser, which upstream uses, appends
 * in amortised constant time. Here every 64th atom (a literal, class, escape, {@code .} or group) gets a repeat of
 * exactly once, {@code {1}} ({@code \E{1}\Q} inside a quoted run), which cannot change what the regex means: only
 * after an atom, never before another repetition, never inside a class, an escape, a group's header or a repeat
 * count. The merges stop at the repeat, and re2j's simplifier turns {@code x{1}} back into {@code x}. An error is
 * reported with the regex as written.
 *
 * <p>Not covered: re2j also copies the rest of the regex at every {@code (}, {@code [} and {@code \} it reads (to
 * look for {@code (?}, {@code [:} and {@code \Q}), so a regex with a hundred thousand of those is still slow.
 */
public final class Re2Patterns {

    /** Atoms between two empty groups: merges cost up to this many copies each. */
    private static final int RUN = 64;
    /**
     * Literals of a quoted run between two splits: each split costs a copy of the rest of the regex (re2j looks
     * ahead for {@code \Q} by copying it), so they are fewer, trading n²/1,024 copies for n·1,024.
     */
    private static final int QUOTED_RUN = 1024;
    private static final String ONCE = "{1}";
    private static final String QUOTED_ONCE = "\\E{1}\\Q";

    private Re2Patterns() {}

    /** Compiles {@code regex} as {@code Pattern.compile(regex, flags)} would. */
    public static Pattern compile(String regex, int flags) {
        Split s = split(regex);
        if (s.inserted.isEmpty()) {
            return Pattern.compile(regex, flags);
        }
        try {
            return Pattern.compile(s.text, flags);
        } catch (PatternSyntaxException e) {
            throw new PatternSyntaxException(e.getDescription(), s.original(e.getPattern()));
        }
    }

    /** Compiles {@code regex} as {@code Pattern.compile(regex)} would. */
    public static Pattern compile(String regex) {
        return compile(regex, 0);
    }

    /** The regex with empty groups put in, and where (start, length) each one is in the new text. */
    private record Split(String text, List<int[]> inserted) {

        /** {@code fragment} of the new text (as re2j quotes it in an error) with the groups taken out again. */
        String original(String fragment) {
            int at = fragment == null ? -1 : text.indexOf(fragment);
            if (at < 0) {
                return fragment;
            }
            StringBuilder b = new StringBuilder(fragment.length());
            int i = at;
            int end = at + fragment.length();
            for (int[] g : inserted) {
                if (g[0] + g[1] <= i) {
                    continue;
                }
                if (g[0] >= end) {
                    break;
                }
                b.append(text, i, Math.max(i, g[0]));
                i = Math.max(i, g[0] + g[1]);
            }
            if (i < end) {
                b.append(text, i, end);
            }
            return b.toString();
        }
    }

    private static Split split(String re) {
        List<int[]> inserted = new ArrayList<>();
        if (re.length() <= RUN) {
            return new Split(re, inserted);
        }
        StringBuilder out = new StringBuilder(re.length() + re.length() / 16);
        int n = re.length();
        int i = 0;
        int atoms = 0;
        boolean repeatable = false; // whether the last token is an atom a repetition may follow
        while (i < n) {
            if (atoms >= RUN && repeatable && notBeforeRepetition(re, i)) {
                inserted.add(new int[] {out.length(), ONCE.length()});
                out.append(ONCE);
                atoms = 0;
            }
            char c = re.charAt(i);
            int next;
            if (c == '\\' && i + 1 < n && re.charAt(i + 1) == 'Q') {
                // A quoted run: its characters are literals, split as \E{1}\Q between two of them.
                int close = re.indexOf("\\E", i + 2);
                int stop = close < 0 ? n : close;
                out.append(re, i, i + 2);
                int j = i + 2;
                int run = 0;
                while (j < stop) {
                    int width = Character.charCount(re.codePointAt(j));
                    if (run >= QUOTED_RUN) {
                        inserted.add(new int[] {out.length(), QUOTED_ONCE.length()});
                        out.append(QUOTED_ONCE);
                        run = 0;
                    }
                    out.append(re, j, Math.min(stop, j + width));
                    j += width;
                    run++;
                }
                next = close < 0 ? n : close + 2;
                out.append(re, stop, next);
                repeatable = run > 0;
                i = next;
                atoms++;
                continue;
            }
            switch (c) {
                case '\\' -> {
                    next = escapeEnd(re, i);
                    repeatable = i + 1 < n && "bBAz".indexOf(re.charAt(i + 1)) < 0;
                }
                case '[' -> {
                    next = classEnd(re, i);
                    repeatable = true;
                }
                case '(' -> {
                    next = groupHeaderEnd(re, i);
                    repeatable = false;
                }
                case '{' -> {
                    next = repeatEnd(re, i);
                    repeatable = false;
                }
                case '*', '+', '?', '|', '^', '$' -> {
                    next = i + 1;
                    repeatable = false;
                }
                default -> {
                    next = i + Character.charCount(re.codePointAt(i));
                    repeatable = true; // a literal, '.', or ')' closing a group
                }
            }
            out.append(re, i, next);
            i = next;
            atoms++;
        }
        return new Split(out.toString(), inserted);
    }

    /** Whether {@code re[i]} is not a repetition operator, which would then apply to the inserted one. */
    private static boolean notBeforeRepetition(String re, int i) {
        char c = re.charAt(i);
        return c != '*' && c != '+' && c != '?' && c != '{';
    }

    /** The end of the escape sequence at {@code i} ({@code \x41}, {@code \x{41}}, {@code \pL}, {@code \p{Greek}}, {@code \012}). */
    private static int escapeEnd(String re, int i) {
        int n = re.length();
        if (i + 1 >= n) {
            return n;
        }
        char c = re.charAt(i + 1);
        int j = i + 2;
        switch (c) {
            case 'p', 'P', 'x' -> {
                if (j < n && re.charAt(j) == '{') {
                    int close = re.indexOf('}', j);
                    return close < 0 ? n : close + 1;
                }
                int width = c == 'x' ? 2 : 1;
                return Math.min(n, j + width);
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    while (j < n && j < i + 4 && re.charAt(j) >= '0' && re.charAt(j) <= '7') {
                        j++;
                    }
                    return j;
                }
                return Math.min(n, i + 1 + Character.charCount(re.codePointAt(i + 1)));
            }
        }
    }

    /** The end of the character class at {@code i}, or the end of the regex when it is not closed. */
    private static int classEnd(String re, int i) {
        int n = re.length();
        int j = i + 1;
        if (j < n && re.charAt(j) == '^') {
            j++;
        }
        if (j < n && re.charAt(j) == ']') {
            j++; // a ] first in a class is a literal
        }
        while (j < n) {
            char c = re.charAt(j);
            if (c == ']') {
                return j + 1;
            }
            if (c == '\\') {
                j = escapeEnd(re, j);
            } else if (c == '[' && j + 1 < n && re.charAt(j + 1) == ':') {
                int close = re.indexOf(":]", j + 2);
                j = close < 0 ? j + 1 : close + 2;
            } else {
                j++;
            }
        }
        return n;
    }

    /** The end of a group's opening ({@code (}, {@code (?i)}, {@code (?i:}, {@code (?P<name>}). */
    private static int groupHeaderEnd(String re, int i) {
        int n = re.length();
        if (i + 1 >= n || re.charAt(i + 1) != '?') {
            return i + 1;
        }
        int j = i + 2;
        boolean named = j < n && (re.charAt(j) == '<' || re.charAt(j) == 'P');
        while (j < n) {
            char c = re.charAt(j);
            if (named ? c == '>' : c == ')' || c == ':') {
                return j + 1;
            }
            j++;
        }
        return n;
    }

    /** The end of a repeat count {@code {n}}, {@code {n,}}, {@code {n,m}}, or of a literal {@code {}. */
    private static int repeatEnd(String re, int i) {
        int n = re.length();
        int j = i + 1;
        while (j < n && (Character.isDigit(re.charAt(j)) || re.charAt(j) == ',')) {
            j++;
        }
        return j < n && re.charAt(j) == '}' ? j + 1 : i + 1;
    }
}
