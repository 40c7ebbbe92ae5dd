package io.contourcore.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContourConfigTest {

    @Test
    void aBuilderFromTheDefaultsWithNothingChangedBuildsTheDefaults() {
        assertThat(ContourConfig.DEFAULTS.toBuilder().build()).isEqualTo(ContourConfig.DEFAULTS);
    }

    @Test
    void theBuilderChangesOnlyThePartsItIsGiven() {
        ContourConfig.Tracing tracing = ContourConfig.Tracing.of(new ContourConfig.NamespacedName("projectcontour", "otel"));
        ContourConfig c = ContourConfig.DEFAULTS.toBuilder()
                .ingressClassNames(List.of("internal"))
                .rootNamespaces(List.of("apps"))
                .clusterDomain("corp.internal")
                .enableExternalNameService(true)
                .tracing(tracing)
                .build();
        assertThat(c.ingressClassNames()).containsExactly("internal");
        assertThat(c.rootNamespaces()).containsExactly("apps");
        assertThat(c.clusterDomain()).isEqualTo("corp.internal");
        assertThat(c.enableExternalNameService()).isTrue();
        assertThat(c.tracing()).isEqualTo(tracing);
        assertThat(c.timeouts()).isEqualTo(ContourConfig.DEFAULTS.timeouts());
        assertThat(c.listener()).isEqualTo(ContourConfig.DEFAULTS.listener());
        assertThat(c.toBuilder().tracing(null).build().tracing()).isNull();
    }

    @Test
    void theBuiltSettingsAreValidatedAndCopiedAsTheConstructorDoes() {
        List<String> names = new ArrayList<>(List.of("internal"));
        ContourConfig c = ContourConfig.DEFAULTS.toBuilder().ingressClassNames(names).clusterDomain("").compression(null).build();
        names.add("external");
        assertThat(c.ingressClassNames()).containsExactly("internal");
        assertThat(c.clusterDomain()).isEqualTo("cluster.local");
        assertThat(c.compression()).isEqualTo("gzip");
        assertThatThrownBy(() -> ContourConfig.DEFAULTS.toBuilder().timeouts(null).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
