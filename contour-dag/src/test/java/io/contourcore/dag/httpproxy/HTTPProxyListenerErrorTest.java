package io.contourcore.dag.httpproxy;

import static io.contourcore.dag.httpproxy.ProxyFixtures.errors;
import static io.contourcore.dag.httpproxy.ProxyFixtures.root;
import static io.contourcore.dag.httpproxy.ProxyFixtures.route;
import static io.contourcore.dag.httpproxy.ProxyFixtures.service;
import static io.contourcore.dag.httpproxy.ProxyFixtures.status;
import static io.contourcore.dag.httpproxy.ProxyFixtures.svc;
import static io.contourcore.dag.httpproxy.ProxyFixtures.tlsSecret;
import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.Dag;
import io.contourcore.dag.DagBuilder;
import io.contourcore.dag.kernel.Processor;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.dag.status.SubCondition;
import io.contourcore.model.HTTPProxy;
import io.contourcore.model.K8sObject;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.config.ContourConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sources find their listener by protocol, as upstream's GetSingleListener: when a listener step (a Gateway's, or
 * here a test's) leaves none or several of a protocol, an HTTPProxy gets upstream's ListenerError status and the rest
 * of the input is still built.
 */
class HTTPProxyListenerErrorTest {

    private static final Processor ONLY_HTTP = ctx -> ctx.addListener("http-80", Dag.Listener.HTTP, "0.0.0.0", 8080,
            "http-80", "", false);
    private static final Processor TWO_HTTP = ctx -> {
        ctx.addListener("http-80", Dag.Listener.HTTP, "0.0.0.0", 8080, "http-80", "", false);
        ctx.addListener("http-81", Dag.Listener.HTTP, "0.0.0.0", 8081, "http-81", "", false);
    };

    private static BuildResult build(Processor listeners, K8sObject... objects) {
        return DagBuilder.build(ResourceSet.of(List.of(objects)), ContourConfig.DEFAULTS, listeners);
    }

    private static HTTPProxy tlsRoot(String name, String fqdn) {
        HTTPProxy plain = root("default", name, fqdn, route("/", svc("home", 80)));
        HTTPProxy.VirtualHost vh = plain.spec().virtualhost();
        HTTPProxy.VirtualHost withTls = new HTTPProxy.VirtualHost(vh.fqdn(), new HTTPProxy.Tls("tls", "", "", false, null,
                false), vh.authorization(), vh.corsPolicy(), vh.rateLimitPolicy(), vh.jwtProviders(), vh.ipAllowPolicy(),
                vh.ipDenyPolicy());
        return ProxyFixtures.root("default", name, withTls, plain.spec().routes(), List.of(), null);
    }

    @Test
    void aTlsProxyWithoutAnHttpsListenerIsInvalidWithUpstreamsListenerErrorAndThePlainProxyIsStillBuilt() {
        HTTPProxy secure = tlsRoot("secure", "secure.example.com");
        HTTPProxy plain = root("default", "plain", "plain.example.com", route("/", svc("home", 80)));
        BuildResult r = build(ONLY_HTTP, secure, plain, service("default", "home", 80), tlsSecret("default", "tls"));

        assertThat(errors(r, secure)).containsExactly(
                new SubCondition("ListenerError", "ErrorIdentifyingListener", "no HTTPS listener configured"));
        assertThat(status(r, plain).currentStatus()).isEqualTo(ObjectStatus.VALID);
        assertThat(r.dag().listeners()).singleElement().satisfies(l -> {
            assertThat(l.name()).isEqualTo("http-80");
            assertThat(l.virtualHosts()).extracting(Dag.VirtualHost::name).containsExactly("plain.example.com");
        });
    }

    @Test
    void twoListenersOfOneProtocolLeaveTheProxyUnprogrammedWithUpstreamsMessage() {
        HTTPProxy plain = root("default", "plain", "plain.example.com", route("/", svc("home", 80)));
        BuildResult r = build(TWO_HTTP, plain, service("default", "home", 80));

        assertThat(errors(r, plain)).containsExactly(
                new SubCondition("ListenerError", "ErrorIdentifyingListener", "more than one HTTP listener configured"));
        assertThat(r.dag().listeners()).isEmpty();
    }
}
