package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.Dag;
import io.contourcore.dag.BuildResult;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.dag.status.StatusSet;
import io.contourcore.model.HTTPProxy;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.xds.Engine;
import io.contourcore.serve.Metrics;
import io.contourcore.xds.Translation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServeMetricsTest {

    static HTTPProxy root(String ns, String name, String fqdn) {
        return new HTTPProxy(ObjectMeta.of(ns, name), new HTTPProxy.Spec(HTTPProxy.VirtualHost.of(fqdn), List.of(),
                null, List.of(), ""));
    }

    static ObjectStatus status(String ns, String name, String s) {
        return new ObjectStatus(new ObjectRef(Kind.HTTP_PROXY, ns, name), s, "", "", "", List.of());
    }

    @Test
    void httpProxyGaugesFollowUpstreamsLabelsAndReplaceEarlierSeries() {
        HTTPProxy good = root("apps", "good", "good.example.com");
        HTTPProxy bad = root("apps", "bad", "bad.example.com");
        HTTPProxy child = new HTTPProxy(ObjectMeta.of("team", "child"), null);
        ResourceSet resources = ResourceSet.of(List.of(good, bad, child));
        StatusSet statuses = new StatusSet(Map.of(
                good.ref(), status("apps", "good", ObjectStatus.VALID),
                bad.ref(), status("apps", "bad", ObjectStatus.INVALID),
                child.ref(), status("team", "child", ObjectStatus.ORPHANED)));
        Engine.Result result = new Engine.Result(resources, ContourConfig.DEFAULTS,
                new BuildResult(Dag.EMPTY, statuses), Translation.EMPTY);
        Metrics metrics = new Metrics();
        metrics.set(Metrics.HTTPPROXY, Map.of("namespace", "gone"), 4);

        ServeCommand.recordObjects(metrics, result);

        assertThat(metrics.exposition()).contains(
                "contour_httpproxy{namespace=\"apps\"} 2\n",
                "contour_httpproxy{namespace=\"team\"} 1\n",
                "contour_httpproxy_root{namespace=\"apps\"} 2\n",
                "contour_httpproxy_valid{namespace=\"apps\",vhost=\"good.example.com\"} 1\n",
                "contour_httpproxy_invalid{namespace=\"apps\",vhost=\"bad.example.com\"} 1\n",
                "contour_httpproxy_orphaned{namespace=\"team\"} 1\n",
                "contour_dag_cache_object{kind=\"HTTPProxy\"} 3\n",
                "contour_objects{kind=\"HTTPProxy\",status=\"invalid\"} 1\n",
                "contour_objects{kind=\"HTTPProxy\",status=\"orphaned\"} 1\n",
                "contour_objects{kind=\"HTTPProxy\",status=\"valid\"} 1\n")
                .doesNotContain("namespace=\"gone\"", "contour_httpproxy_root{namespace=\"team\"}");
    }

    @Test
    void theObjectsGaugeCountsGatewayApiStatusesByKindAndStatusToo() {
        io.contourcore.dag.status.StatusRecorder rec = new io.contourcore.dag.status.StatusRecorder();
        rec.gateway(new ObjectRef(Kind.GATEWAY, "infra", "gw"), 1).listener("http");
        rec.route(new ObjectRef(Kind.HTTP_ROUTE, "default", "web"), 1)
                .parent(io.contourcore.dag.status.ParentRef.gateway("infra", "gw"))
                .addCondition("Accepted", "False", "NotAllowedByListeners", "not allowed");
        Engine.Result result = new Engine.Result(ResourceSet.of(List.of()), ContourConfig.DEFAULTS,
                new BuildResult(Dag.EMPTY, rec.freeze()), Translation.EMPTY);
        Metrics metrics = new Metrics();

        ServeCommand.recordObjects(metrics, result);

        assertThat(metrics.exposition()).contains(
                "contour_objects{kind=\"Gateway\",status=\"valid\"} 1\n",
                "contour_objects{kind=\"HTTPRoute\",status=\"invalid\"} 1\n");
    }
}
