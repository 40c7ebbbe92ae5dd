package io.contourcore.dag.kernel;

import static org.assertj.core.api.Assertions.assertThat;

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
}
