package io.contourcore.dag.ingress;

import static io.contourcore.dag.ingress.Fixtures.backend;
import static io.contourcore.dag.ingress.Fixtures.ingress;
import static io.contourcore.dag.ingress.Fixtures.kuard;
import static io.contourcore.dag.ingress.Fixtures.meta;
import static io.contourcore.dag.ingress.Fixtures.path;
import static io.contourcore.dag.ingress.Fixtures.rule;
import static io.contourcore.dag.ingress.Fixtures.status;
import static io.contourcore.dag.ingress.Fixtures.tls;
import static io.contourcore.dag.ingress.Fixtures.tlsSecret;
import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.Dag;
import io.contourcore.dag.DagBuilder;
import io.contourcore.dag.kernel.Processor;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.dag.status.SubCondition;
import io.contourcore.model.Ingress;
import io.contourcore.model.K8sObject;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.config.ContourConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where upstream's Ingress processor only logs "error identifying listener", the Ingress gets a ListenerError in its
 * status (beyond upstream) and is left out exactly where upstream leaves it out.
 */
class IngressListenerErrorTest {

    private static BuildResult build(Processor listeners, K8sObject... objects) {
        return DagBuilder.build(ResourceSet.of(List.of(objects)), ContourConfig.DEFAULTS, listeners);
    }

    @Test
    void anIngressWithoutAnHttpListenerSaysWhyItsRuleIsNotServed() {
        Ingress ing = ingress(meta("default", "kuard"), rule("kuard.example.com", path("/", "Prefix", backend("kuard", 8080))));
        BuildResult r = build(ctx -> ctx.addListener("tls-443", Dag.Listener.HTTPS, "0.0.0.0", 8443, "https", "", false),
                ing, kuard());

        ObjectStatus s = status(r, ing);
        assertThat(s.currentStatus()).isEqualTo(ObjectStatus.INVALID);
        assertThat(s.conditions().get(0).errors()).containsExactly(new SubCondition("ListenerError", "ErrorIdentifyingListener",
                "spec.rules[0].http.paths[0]: no HTTP listener configured; the rest of this rule is skipped"));
        assertThat(r.dag().listeners()).isEmpty();
    }

    @Test
    void anIngressWithTlsAndNoHttpsListenerKeepsItsPlainRoutesAndReportsTheListener() {
        Ingress ing = ingress(meta("default", "kuard"), List.of(tls("tls", "kuard.example.com")),
                rule("kuard.example.com", path("/", "Prefix", backend("kuard", 8080))));
        Ingress later = ingress(meta("default", "later"), List.of(tls("tls", "later.example.com")),
                rule("later.example.com", path("/", "Prefix", backend("kuard", 8080))));
        BuildResult r = build(ctx -> ctx.addListener("http-80", Dag.Listener.HTTP, "0.0.0.0", 8080, "http-80", "", false),
                ing, later, kuard(), tlsSecret("default", "tls"));

        assertThat(status(r, ing).conditions().get(0).errors()).extracting(SubCondition::type, SubCondition::reason)
                .contains(org.assertj.core.groups.Tuple.tuple("ListenerError", "ErrorIdentifyingListener"));
        assertThat(status(r, later).conditions().get(0).errors()).extracting(SubCondition::message)
                .contains("spec.tls was not processed: no HTTPS listener configured");
        assertThat(r.dag().listeners()).singleElement().satisfies(l -> assertThat(l.virtualHosts())
                .extracting(Dag.VirtualHost::name).containsExactly("kuard.example.com", "later.example.com"));
    }
}
