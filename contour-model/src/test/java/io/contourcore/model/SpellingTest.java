package io.contourcore.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpellingTest {

    @Test
    void aNameAFewEditsAwayIsSuggestedIgnoringCase() {
        assertThat(Spelling.nearest("retryPolcy", List.of("timeoutPolicy", "retryPolicy"))).isEqualTo("retryPolicy");
        assertThat(Spelling.nearest("KUARDE", List.of("kuard", "web"))).isEqualTo("kuard");
    }

    @Test
    void nothingIsSuggestedWhenEveryCandidateIsFarOrThereIsNone() {
        assertThat(Spelling.nearest("database", List.of("kuard", "web"))).isNull();
        assertThat(Spelling.nearest("kuard", List.of())).isNull();
    }

    @Test
    void theDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(Spelling.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Spelling.distance("", "abc")).isEqualTo(3);
        assertThat(Spelling.distance("same", "same")).isZero();
    }
}
