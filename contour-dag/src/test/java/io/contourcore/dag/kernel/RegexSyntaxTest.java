package io.contourcore.dag.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegexSyntaxTest {

    @Test
    void nestedRepeatCountsMayNotMultiplyPastOneThousandAsGoAndRe2Rule() {
        assertThat(RegexSyntax.error("/(a{100}){100}")).contains("error parsing regexp: invalid repeat count: `{100}`");
        assertThat(RegexSyntax.error("((a{10}){10}){11}")).contains("error parsing regexp: invalid repeat count: `{11}`");
        assertThat(RegexSyntax.error("(?:(?:a{2,}){2}){501}")).isPresent();
        assertThat(RegexSyntax.error("(x|(a{11})){100}")).contains("error parsing regexp: invalid repeat count: `{100}`");
    }

    @Test
    void productsUpToOneThousandAndRepeatsThatHideWhatTheyHoldAreAccepted() {
        assertThat(RegexSyntax.error("/(a{10}){100}")).isEmpty();
        assertThat(RegexSyntax.error("(a{1000})")).isEmpty();
        assertThat(RegexSyntax.error("((a{100}){0}){1000}")).isEmpty();
        assertThat(RegexSyntax.error("(a*){1000}(b+){1000}")).isEmpty();
        assertThat(RegexSyntax.error("(a{100})(b{100}){10}")).isEmpty();
    }

    @Test
    void bracesThatAreNotRepeatsAndEscapedOrClassedOperatorsCountForNothing() {
        assertThat(RegexSyntax.error("[(a{100}]{100}")).isEmpty();
        assertThat(RegexSyntax.error("\\(a{100}\\){100}")).isEmpty();
        assertThat(RegexSyntax.error("\\Q(a{100})\\E{100}")).isEmpty();
        assertThat(RegexSyntax.error("(a{,5}){1000}")).isEmpty();
        assertThat(RegexSyntax.error("(?i)(a{100}){10}")).isEmpty();
        assertThat(RegexSyntax.error("(?i:(a{100}){11})")).isPresent();
    }

    @Test
    void re2jsOwnSyntaxErrorsKeepGosText() {
        assertThat(RegexSyntax.error("a{1001}")).contains("error parsing regexp: invalid repeat count: `{1001}`");
        assertThat(RegexSyntax.error("(a")).get().asString().startsWith("error parsing regexp: missing closing )");
    }

    /**
     * The check every regex from a user goes through (status conditions, {@code contour validate}) does work linear
     * in the regex's length: re2j's own parser took 5 seconds on 50,000 {@code (a)} and minutes on a
     * 1.2-million-character literal. Work is the bytes the checking thread allocates, which quadratic copying
     * inflates as it inflates time but which does not depend on the machine's load: four times the regex may
     * allocate at most eight times as much. The timeout is a ceiling so that a quadratic version fails, not hangs.
     */
    @Test
    void aLongRegexOfAnyConstructIsCheckedInWorkLinearInItsLength() {
        allocatedChecking("(a)".repeat(1_000));
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (String atom : List.of("a", "(a)", "(a|b)", "[a]", "\\d", "(?:a)", "a{2}", "\\Qa\\E")) {
                long small = allocatedChecking("/" + atom.repeat(25_000));
                long large = allocatedChecking("/" + atom.repeat(100_000));
                assertThat(large).as("%s: 100k vs 25k atoms: %d vs %d bytes", atom, large, small).isLessThan(8 * small);
            }
        });
    }

    /** Bytes this thread allocates checking {@code regex} (the HotSpot counter; the JDKs we build on have it). */
    private static long allocatedChecking(String regex) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(id);
        assertThat(RegexSyntax.error(regex)).as(regex.substring(0, 20)).isEmpty();
        return bean.getThreadAllocatedBytes(id) - before;
    }
}
