package io.contourcore.dag.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class Re2PatternsTest {

    /** Pieces that each exercise one construct the splitter must step over whole; repeated past one run of atoms. */
    private static final List<String> PIECES = List.of(
            "a", "ab*", "a+?", "x{2}", "x{2,3}", "[a-c]", "[]a]", "[^]a]", "[[:alpha:]]", "\\.", "\\x41", "\\x{41}",
            "\\pL", "\\p{Greek}", "\\PL", "\\012", "\\0", "(?i)a", "(?i:ab)", "(?P<n%d>ab)", "(?:a|b)", "\\Qa*b\\E",
            "\uD83D\uDE00", "^", "$", ".", "|", "{", "}", "\\d", "\\b");

    private static final List<String> BROKEN = List.of("(", ")", "*", "a**", "[", "x{1001}", "\\8", "(?P<>a)", "\\p{Nope}");

    @Test
    void compilesEveryConstructAsRe2jDoesAndMatchesTheSame() {
        for (String piece : PIECES) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                b.append(piece.contains("%d") ? piece.formatted(i) : piece);
            }
            String regex = b.toString();
            Pattern mine = Re2Patterns.compile(regex);
            Pattern theirs = Pattern.compile(regex);
            for (String input : List.of("", "a", "ab".repeat(200), "A".repeat(200), "abc".repeat(300), "x".repeat(400),
                    ".".repeat(200), "\uD83D\uDE00".repeat(200), "{".repeat(200), "\u03b1".repeat(200))) {
                assertThat(mine.matcher(input).find()).as("%s on %s", piece, input).isEqualTo(theirs.matcher(input).find());
                assertThat(mine.matcher(input).matches()).as("%s on %s", piece, input).isEqualTo(theirs.matcher(input).matches());
            }
        }
    }

    @Test
    void aBrokenRegexGivesRe2jsErrorAboutTheRegexAsWritten() {
        for (String broken : BROKEN) {
            for (String regex : List.of("a".repeat(300) + "|" + broken, broken + "|" + "b".repeat(300),
                    "a".repeat(150) + "|" + broken + "|" + "b".repeat(150))) {
                PatternSyntaxException theirs = catchThrowableOfType(PatternSyntaxException.class, () -> Pattern.compile(regex));
                PatternSyntaxException mine = catchThrowableOfType(PatternSyntaxException.class, () -> Re2Patterns.compile(regex));
                assertThat(theirs).as(regex).isNotNull();
                assertThat(mine).as(regex).isNotNull();
                assertThat(mine.getMessage()).isEqualTo(theirs.getMessage());
            }
        }
    }

    /**
     * re2j merged each literal into the run before it by copying both: 140,000 characters took seven seconds
     * ({@code .} is not a literal, and shows the base line). The work is measured as the bytes the compiling thread
     * allocates, which quadratic copying inflates just as it inflates time, but which does not depend on what else
     * the machine is doing: four times the regex may allocate at most eight times as much. The timeout is a
     * generous ceiling so that a quadratic version fails in seconds rather than minutes.
     */
    @Test
    void aLongRunOfLiteralsCompilesInWorkLinearInItsLength() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (String atom : List.of("a", ".")) {
                long small = allocatedCompiling("/" + atom.repeat(50_000));
                long large = allocatedCompiling("/" + atom.repeat(200_000));
                assertThat(large).as("%s: 200k vs 50k characters: %d vs %d bytes", atom, large, small).isLessThan(8 * small);
            }
            long quoted = allocatedCompiling("/\\Q" + "a".repeat(50_000) + "\\E");
            long quotedLarge = allocatedCompiling("/\\Q" + "a".repeat(200_000) + "\\E");
            assertThat(quotedLarge).as("quoted: %d vs %d bytes", quotedLarge, quoted).isLessThan(8 * quoted);
        });
    }

    /** Bytes this thread allocates compiling {@code regex} (the HotSpot counter; the JDKs we build on have it). */
    static long allocatedCompiling(String regex) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(id);
        Re2Patterns.compile(regex);
        return bean.getThreadAllocatedBytes(id) - before;
    }
}
