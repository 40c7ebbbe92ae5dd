package io.contourcore.dag.ingress;

import static io.contourcore.dag.ingress.Fixtures.backend;
import static io.contourcore.dag.ingress.Fixtures.build;
import static io.contourcore.dag.ingress.Fixtures.kuard;
import static io.contourcore.dag.ingress.Fixtures.meta;
import static io.contourcore.dag.ingress.Fixtures.path;
import static io.contourcore.dag.ingress.Fixtures.rule;
import static io.contourcore.dag.ingress.Fixtures.status;
import static io.contourcore.dag.ingress.Fixtures.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.model.Ingress;
import io.contourcore.model.IngressClass;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.config.ContourConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Ingresses this Contour serves, and what the others' status says. */
class IngressClassTest {

    private static Ingress classed(String host, String specClass, String... annotations) {
        ObjectMeta m = meta("default", host.replace('.', '-'), annotations);
        return new Ingress(m, new Ingress.Spec(specClass, null, List.of(),
                List.of(rule(host, path("/", "", backend("kuard", "http"))))));
    }

    private static boolean served(ContourConfig c, Ingress ing) {
        return vhost(build(c, ing, kuard()), ing.spec().rules().get(0).host()).isPresent();
    }

    @Test
    void withNoClassConfiguredAnEmptyOrContourClassIsServed() {
        assertThat(served(ContourConfig.DEFAULTS, classed("a.com", null))).isTrue();
        assertThat(served(ContourConfig.DEFAULTS, classed("a.com", "contour"))).isTrue();
        assertThat(served(ContourConfig.DEFAULTS, classed("a.com", null, "kubernetes.io/ingress.class", "contour"))).isTrue();
        assertThat(served(ContourConfig.DEFAULTS, classed("a.com", "nginx"))).isFalse();
    }

    @Test
    void anAnnotationWinsOverTheSpecField() {
        assertThat(served(ContourConfig.DEFAULTS, classed("a.com", "contour", "kubernetes.io/ingress.class", "nginx"))).isFalse();
        assertThat(served(ContourConfig.DEFAULTS, classed("a.com", "nginx", "projectcontour.io/ingress.class", "contour"))).isTrue();
    }

    @Test
    void theContourAnnotationWinsOverTheKubernetesOneEvenWhenEmpty() {
        assertThat(served(ContourConfig.DEFAULTS, classed("a.com", null, "projectcontour.io/ingress.class", "contour",
                "kubernetes.io/ingress.class", "nginx"))).isTrue();
        // present but empty: the kubernetes.io annotation is not read and the spec field decides
        assertThat(served(ContourConfig.DEFAULTS, classed("a.com", null, "projectcontour.io/ingress.class", "",
                "kubernetes.io/ingress.class", "nginx"))).isTrue();
        assertThat(served(ContourConfig.DEFAULTS, classed("a.com", "nginx", "projectcontour.io/ingress.class", "",
                "kubernetes.io/ingress.class", "contour"))).isFalse();
    }

    @Test
    void configuredClassesMustBeNamedExactly() {
        ContourConfig c = ContourConfig.DEFAULTS.toBuilder().ingressClassNames(List.of("internal", "external")).build();
        assertThat(served(c, classed("a.com", "external"))).isTrue();
        assertThat(served(c, classed("a.com", null, "kubernetes.io/ingress.class", "internal"))).isTrue();
        assertThat(served(c, classed("a.com", null))).isFalse();
        assertThat(served(c, classed("a.com", "contour"))).isFalse();
    }

    @Test
    void anIngressOfAnotherClassIsListedAsIgnoredAndNamesItsController() {
        Ingress ing = classed("a.com", "nginx");
        IngressClass nginx = new IngressClass(ObjectMeta.of("", "nginx"), "k8s.io/ingress-nginx", false);
        BuildResult r = build(ing, kuard(), nginx);
        ObjectStatus s = status(r, ing);
        assertThat(s.currentStatus()).isEqualTo(ObjectStatus.IGNORED);
        assertThat(s.isProblem()).isFalse();
        assertThat(s.fqdn()).isEqualTo("a.com");
        assertThat(s.description()).isEqualTo("ingress class \"nginx\" does not match this Contour (contour); "
                + "IngressClass \"nginx\" is handled by controller \"k8s.io/ingress-nginx\"");
        assertThat(status(build(ing, kuard()), ing).description())
                .isEqualTo("ingress class \"nginx\" does not match this Contour (contour); no IngressClass \"nginx\" is in the input");
    }

    @Test
    void anAnnotatedClassIsReportedWithoutIngressClassDetails() {
        Ingress ing = classed("a.com", null, "kubernetes.io/ingress.class", "nginx");
        assertThat(status(build(ing, kuard()), ing).description())
                .isEqualTo("ingress class \"nginx\" does not match this Contour (contour)");
    }

    @Test
    void anIngressWithoutAClassIsIgnoredWhenClassesAreConfiguredAndTheDefaultClassIsExplained() {
        ContourConfig c = ContourConfig.DEFAULTS.toBuilder().ingressClassNames(List.of("internal")).build();
        Ingress ing = classed("a.com", null);
        IngressClass def = new IngressClass(ObjectMeta.of("", "internal"), "projectcontour.io/ingress-controller", true);
        assertThat(status(build(c, ing, kuard(), def), ing).description()).isEqualTo(
                "no ingress class set, which does not match this Contour (internal); IngressClass \"internal\" is marked as "
                        + "the default class, but only the API server applies that, when an Ingress is created");
    }
}
