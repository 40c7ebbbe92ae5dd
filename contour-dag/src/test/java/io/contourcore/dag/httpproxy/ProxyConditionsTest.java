package io.contourcore.dag.httpproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.Dag;
import io.contourcore.model.HTTPProxy.MatchCondition;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyConditionsTest {

    @Test
    void anIncludePrefixEndingInASlashJoinsARoutePrefixStartingWithOneWithASingleSlash() {
        assertThat(ProxyConditions.mergePath(List.of(MatchCondition.prefix("/api/"), MatchCondition.prefix("/v1"))))
                .isEqualTo(new Dag.PrefixMatch("/api/v1", Dag.PrefixType.STRING));
    }

    @Test
    void everyRunOfSlashesInTheMergedPathBecomesOneSlash() {
        assertThat(ProxyConditions.mergePath(List.of(MatchCondition.prefix("//a//"), MatchCondition.exact("///b/c//"))))
                .isEqualTo(new Dag.ExactMatch("/a/b/c/"));
    }

    @Test
    void noPathConditionsMatchEverything() {
        assertThat(ProxyConditions.mergePath(List.of())).isEqualTo(new Dag.PrefixMatch("/", Dag.PrefixType.STRING));
    }
}
