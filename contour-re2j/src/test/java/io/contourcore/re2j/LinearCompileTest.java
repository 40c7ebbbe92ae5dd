package io.contourcore.re2j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A regex compiles in work linear in its length, whatever it is made of. Upstream re2j copied the rest of the regex at
 * every {@code (?}, {@code [}, {@code \p} and {@code \Q} it looked at, and copied a literal run whole at each literal
 * it added: 50,000 {@code (a)} took 5 to 8 seconds, a 1.2-million-character literal more than three minutes.
 *
 * <p>The work is measured as the bytes the compiling thread allocates, which quadratic copying inflates just as it
 * inflates time but which does not depend on what else the machine is doing: four times the regex may allocate at
 * most eight times as much (quadratic work allocates sixteen times as much). The timeout is only a ceiling so that a
 * quadratic version fails in a minute rather than hangs.
 */
class LinearCompileTest {

    /** Atoms each of which once cost a copy of the rest of the regex, or of the literal run before it. */
    static final List<String> ATOMS = List.of("a", "(a)", "(a|b)", "[a]", "\\d", "(?:a)", "(?i)a", "(?P<n%d>a)",
            "\\Qa\\E", "[[:alpha:]]", "\\pL", "\\p{Greek}", "[Aa]", "a(?:b)");

    @Test
    void fourTimesTheAtomsCostAtMostEightTimesTheWork() {
        allocatedCompiling(run("(a)", 1_000)); // class loading and the first compilations out of the measurement
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (String atom : ATOMS) {
                long small = allocatedCompiling(run(atom, 12_500));
                long large = allocatedCompiling(run(atom, 50_000));
                assertThat(large).as("%s: 50k vs 12.5k atoms: %d vs %d bytes", atom, large, small).isLessThan(8 * small);
            }
        });
    }

    @Test
    void aQuotedRunIsLinearToo() {
        long small = allocatedCompiling("\\Q" + "a".repeat(100_000) + "\\E");
        long large = allocatedCompiling("\\Q" + "a".repeat(400_000) + "\\E");
        assertThat(large).as("%d vs %d bytes", large, small).isLessThan(8 * small);
    }

    static String run(String atom, int n) {
        StringBuilder b = new StringBuilder(atom.length() * n + 8);
        for (int i = 0; i < n; i++) {
            b.append(atom.contains("%d") ? atom.formatted(i) : atom);
        }
        return b.toString();
    }

    /** Bytes this thread allocates compiling {@code regex} (the HotSpot counter; the JDKs we build on have it). */
    static long allocatedCompiling(String regex) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(id);
        Pattern.compile(regex);
        return bean.getThreadAllocatedBytes(id) - before;
    }
}
