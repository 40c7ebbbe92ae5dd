package io.contourcore.dag.httpproxy;

import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.BuildContext;
import io.contourcore.dag.kernel.ClusterDefaults;
import io.contourcore.dag.kernel.GoText.Parsed;
import io.contourcore.dag.kernel.Lookup;
import io.contourcore.dag.kernel.Processor;
import io.contourcore.dag.status.StatusRecorder;
import io.contourcore.model.ExtensionService;
import io.contourcore.model.GoQuote;
import io.contourcore.model.HTTPProxy;
import io.contourcore.model.IntOrString;
import io.contourcore.model.Kind;
import io.contourcore.model.Service;
import io.contourcore.model.config.ContourConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's ExtensionServiceProcessor: each valid ExtensionService becomes an extension cluster named
 * {@code extension/<namespace>/<name>} that HTTPProxy authorization can point at, and every ExtensionService gets a
 * {@code Valid} condition ("Valid ExtensionService" or errors).
 *
 * <pre>{@code
 * BuildResult r = DagBuilder.build(ResourceSet.of(List.of(ext, service)), ContourConfig.DEFAULTS);
 * r.dag().extensionClusters().get(0).name(); // "extension/auth/authz"
 * }</pre>
 */
public final class ExtensionServiceProcessor implements Processor {

    public static final String VALID_MESSAGE = "Valid ExtensionService";

    /** The cluster name of the ExtensionService {@code namespace/name}. */
    public static String clusterName(String namespace, String name) {
        return "extension/" + namespace + "/" + name;
    }

    @Override
    public void run(BuildContext ctx) {
        for (ExtensionService e : ctx.resources().all(Kind.EXTENSION_SERVICE, ExtensionService.class)) {
            StatusRecorder.Entry cond = ctx.status().forObject(e.ref(), VALID_MESSAGE);
            Dag.ExtensionCluster cluster = build(ctx, e, cond);
            if (cluster != null && !cond.hasErrors()) {
                ctx.extensionClusters().add(cluster);
            }
        }
    }

    private static Dag.ExtensionCluster build(BuildContext ctx, ExtensionService ext, StatusRecorder.Entry cond) {
        ContourConfig config = ctx.config();
        ExtensionService.Spec spec = ext.spec();
        Parsed<ProxyPolicies.Timeouts> timeouts = ProxyPolicies.timeoutPolicy(spec.timeoutPolicy(), ClusterDefaults.connectTimeout(config));
        if (!timeouts.ok()) {
            cond.addError("SpecError", "TimeoutPolicyNotValid", "spec.timeoutPolicy failed to parse: " + timeouts.error());
        }
        Dag.Secret clientCert = null;
        ContourConfig.NamespacedName cc = config.tls().envoyClientCertificate();
        if (cc.isSet()) {
            Lookup<Dag.Secret> s = ctx.lookupTlsSecretInsecure(cc.namespace(), cc.name());
            if (!s.ok()) {
                cond.addError("TLSError", "SecretNotValid", "tls.envoy-client-certificate Secret "
                        + GoQuote.q(cc.namespace() + "/" + cc.name()) + " is invalid: " + s.error());
            } else {
                clientCert = s.value();
            }
        }
        ContourConfig.CircuitBreakers g = config.cluster().circuitBreakers();
        Dag.CircuitBreakers breakers = new Dag.CircuitBreakers(g.maxConnections(), g.maxPendingRequests(), g.maxRequests(),
                g.maxRetries(), g.perHostMaxConnections());
        if (spec.circuitBreakerPolicy() != null) {
            ExtensionService.CircuitBreakers c = spec.circuitBreakerPolicy();
            breakers = new Dag.CircuitBreakers(c.maxConnections(), c.maxPendingRequests(), c.maxRequests(), c.maxRetries(),
                    c.perHostMaxConnections());
        }
        String lb = ProxyPolicies.loadBalancerPolicy(spec.loadBalancerPolicy());
        if (lb.equals(ProxyPolicies.LB_COOKIE) || lb.equals(ProxyPolicies.LB_REQUEST_HASH)) {
            cond.addWarning("SpecError", "IgnoredField", "ignoring field \".Spec.LoadBalancerPolicy\"; " + lb
                    + " load balancer policy is not supported for ExtensionClusters");
            lb = "";
        }
        if (spec.timeoutPolicy() != null && !spec.timeoutPolicy().idle().isEmpty()) {
            cond.addWarning("SpecError", "IgnoredField",
                    "ignoring field \".Spec.TimeoutPolicy.Idle\"; idle timeouts are not supported for ExtensionClusters");
        }
        String protocol = spec.protocol() == null || spec.protocol().isEmpty() ? "h2" : spec.protocol();
        Dag.PeerValidationContext uv = null;
        String sni = "";
        HTTPProxy.UpstreamValidation v = spec.validation();
        if (v != null) {
            String[] ca = BuildContext.namespacedName(v.caSecret(), ext.namespace());
            Lookup<Dag.Secret> caSec = ctx.lookupCaSecret(ca[0], ca[1], ext.namespace());
            Optional<String> err = Optional.empty();
            List<String> names = List.of();
            if (caSec.delegationNotPermitted()) {
                cond.addError("TLSError", "CACertificateNotDelegated", "service.UpstreamValidation.CACertificate Secret "
                        + GoQuote.q(ca[0] + "/" + ca[1]) + " is not configured for certificate delegation");
                return null;
            } else if (!caSec.ok()) {
                err = Optional.of("invalid CA Secret " + GoQuote.q(ca[0] + "/" + ca[1]) + ": " + caSec.error());
            } else if (v.subjectName().isEmpty()) {
                err = Optional.of("missing subject alternative name");
            } else if (v.subjectNames().isEmpty()) {
                names = List.of(v.subjectName());
            } else if (!v.subjectName().equals(v.subjectNames().get(0))) {
                err = Optional.of("first entry of SubjectNames (" + v.subjectNames().get(0) + ") does not match SubjectName ("
                        + v.subjectName() + ")");
            } else {
                names = v.subjectNames();
            }
            if (err.isPresent()) {
                cond.addError("SpecError", "TLSUpstreamValidation", "TLS upstream validation policy error: " + err.get());
                return null;
            }
            uv = new Dag.PeerValidationContext(List.of(caSec.value()), names, false, null, null, false, false);
            sni = names.get(0);
            if (!protocol.equals("h2")) {
                cond.addError("SpecError", "InconsistentProtocol", "upstream TLS validation not supported for "
                        + GoQuote.q(protocol) + " protocol");
            }
        }
        List<Dag.WeightedService> upstreams = new ArrayList<>();
        for (ExtensionService.Target t : spec.services()) {
            String id = ext.namespace() + "/" + t.name();
            Lookup<BuildContext.PortMatch> port = ctx.lookupServicePort(ext.namespace(), t.name(), IntOrString.of(t.port()));
            if (!port.ok()) {
                cond.addError("ServiceError", "ServiceUnresolvedReference", "unresolved service " + GoQuote.q(id) + ": " + port.error());
                continue;
            }
            if (!port.value().service().externalName().isEmpty()) {
                cond.addError("ServiceError", "UnsupportedServiceType", "Service " + GoQuote.q(id) + " is of unsupported type "
                        + GoQuote.q("ExternalName") + ".");
                continue;
            }
            Dag.ServicePort p = BuildContext.toDag(port.value().port());
            upstreams.add(new Dag.WeightedService((int) Math.min(t.weight(), 0xffffffffL), ext.namespace(), t.name(), p, p));
        }
        ProxyPolicies.Timeouts t = timeouts.ok() ? timeouts.value()
                : new ProxyPolicies.Timeouts(Dag.RouteTimeoutPolicy.NONE, Dag.ClusterTimeoutPolicy.NONE);
        // contour serve gives the ExtensionService processor no upstream TLS settings, so none are set here either
        return new Dag.ExtensionCluster(clusterName(ext.namespace(), ext.name()), upstreams, protocol, uv, lb, t.route(), t.cluster(),
                sni, clientCert, null, breakers);
    }


}
