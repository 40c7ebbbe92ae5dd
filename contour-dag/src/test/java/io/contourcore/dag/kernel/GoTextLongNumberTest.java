package io.contourcore.dag.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** Go's ParseFloat grammar checked in linear time: a long number is a number, not a StackOverflowError. */
class GoTextLongNumberTest {

    @Test
    void aHundredThousandDigitNumberParsesWithoutOverflowingTheStack() {
        assertThatCode(() -> GoText.parseFloat("1".repeat(100_000))).doesNotThrowAnyException();
        assertThatCode(() -> GoText.parseFloat("1_".repeat(50_000) + "1")).doesNotThrowAnyException();
        assertThat(GoText.parseFloat("1_".repeat(50_000))).isEmpty();
    }
}
