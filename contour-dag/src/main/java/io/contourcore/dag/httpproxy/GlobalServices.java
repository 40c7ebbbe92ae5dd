package io.contourcore.dag.httpproxy;

import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.GoText.Parsed;
import io.contourcore.dag.kernel.GoText;
import io.contourcore.model.ExtensionService;
import io.contourcore.model.GoQuote;
import io.contourcore.model.Kind;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.Timeout;
import io.contourcore.model.config.ContourConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The global rate limit service and global external authorization as {@code contour serve} sets them up at startup
 * ({@code setupRateLimitService}, {@code setupGlobalExternalAuthentication}): each names an ExtensionService that
 * must exist and whose response timeout must parse, or upstream refuses to start. The errors are upstream's words;
 * a shell that meets them should refuse the input as upstream refuses to run.
 *
 * <pre>{@code
 * GlobalServices.Resolved g = GlobalServices.resolve(resources, config);
 * if (!g.errors().isEmpty()) { ... } // e.g. error getting extension service projectcontour/ratelimit: ...
 * g.rateLimitService();               // null when rateLimitService is not configured
 * }</pre>
 */
public final class GlobalServices {

    private GlobalServices() {}


    /** The services that could be set up (null when not configured or not resolvable) and why others could not. */
    public record Resolved(Dag.Tracing tracing, Dag.RateLimitService rateLimitService,
            Dag.GlobalExternalAuthorization globalExternalAuthorization, List<String> errors) {
        public Resolved {
            errors = List.copyOf(errors);
        }
    }

    /** Upstream's start-up order: tracing, the rate limit service, then global external authorization. */
    public static Resolved resolve(ResourceSet resources, ContourConfig config) {
        List<String> errors = new ArrayList<>();
        Dag.Tracing tracing = null;
        ContourConfig.Tracing t = config.tracing();
        if (t != null) {
            Dag.ExtensionServiceConfig ext = extensionService(resources, t.extensionService(), errors);
            if (ext != null) {
                tracing = tracing(t, ext);
            }
        }
        Dag.RateLimitService rls = null;
        ContourConfig.RateLimitService r = config.rateLimitService();
        if (r != null) {
            Dag.ExtensionServiceConfig ext = extensionService(resources, r.extensionService(), errors);
            if (ext != null) {
                rls = new Dag.RateLimitService(ext, r.domain(), r.failOpen(), r.enableXRateLimitHeaders(),
                        r.enableResourceExhaustedCode());
            }
        }
        Dag.GlobalExternalAuthorization auth = null;
        ContourConfig.GlobalExternalAuthorization g = config.globalExtAuth();
        if (g != null) {
            Dag.ExtensionServiceConfig ext = extensionService(resources, g.extensionService(), errors);
            if (ext != null) {
                auth = globalExternalAuthorization(g, ext, errors);
            }
        }
        return new Resolved(tracing, rls, auth, errors);
    }

    /**
     * Upstream's {@code setupGlobalExternalAuthentication} after the lookup: the server checked as an HTTPProxy's
     * would be ({@code NewExternalAuthorization}; its first problem stops the start), pointed at the extension
     * cluster by name. The listener's filter takes the ExtensionService's own response timeout.
     */
    private static Dag.GlobalExternalAuthorization globalExternalAuthorization(ContourConfig.GlobalExternalAuthorization g,
            Dag.ExtensionServiceConfig ext, List<String> errors) {
        Dag.ExtensionCluster cluster = new Dag.ExtensionCluster(
                ExtensionServiceProcessor.clusterName(ext.namespace(), ext.name()), List.of(), "", null, "", null, null,
                ext.sni(), null, null, null);
        List<String> problems = new ArrayList<>();
        Dag.ExternalAuthorization checked = HTTPProxyProcessor.newExternalAuthorization(g.toAuthorizationServer(), cluster,
                ext.timeout(), (type, reason, message) -> problems.add(message));
        if (checked == null) {
            errors.add(problems.get(0));
            return null;
        }
        Dag.ExternalAuthorization listener = new Dag.ExternalAuthorization(checked.serviceApiType(),
                checked.httpAllowedAuthorizationHeaders(), checked.httpAllowedUpstreamHeaders(), checked.httpPathPrefix(),
                cluster, ext.timeout(), checked.failOpen(), checked.withRequestBody());
        return new Dag.GlobalExternalAuthorization(ext, listener);
    }

    /**
     * Upstream's {@code setupTracingService}: the collector only has to exist (an invalid one leaves tracing pointing
     * at a cluster that is not programmed); pod details are read by Envoy from its own environment, the pod's
     * {@code HOSTNAME} and the {@code CONTOUR_NAMESPACE} Contour's deployment sets.
     */
    private static Dag.Tracing tracing(ContourConfig.Tracing t, Dag.ExtensionServiceConfig ext) {
        List<Dag.CustomTag> tags = new ArrayList<>();
        if (t.includePodDetail()) {
            tags.add(new Dag.CustomTag("podName", "", "HOSTNAME", ""));
            tags.add(new Dag.CustomTag("podNamespace", "", "CONTOUR_NAMESPACE", ""));
        }
        for (ContourConfig.CustomTag c : t.customTags()) {
            tags.add(new Dag.CustomTag(c.tagName(), c.literal(), "", c.requestHeaderName()));
        }
        return new Dag.Tracing(ext, t.serviceName(), t.overallSampling(), t.maxPathTagLength(), tags);
    }

    /** Upstream's {@code getExtensionSvcConfig}: the object itself, not its cluster, so an invalid one still resolves. */
    private static Dag.ExtensionServiceConfig extensionService(ResourceSet resources, ContourConfig.NamespacedName ref,
            List<String> errors) {
        String key = ref.namespace() + "/" + ref.name();
        ExtensionService ext = resources.get(Kind.EXTENSION_SERVICE, ref.namespace(), ref.name(), ExtensionService.class)
                .orElse(null);
        if (ext == null) {
            errors.add("error getting extension service " + key + ": extensionservices.projectcontour.io "
                    + GoQuote.q(ref.name()) + " not found");
            return null;
        }
        Timeout timeout = Timeout.UNSET;
        if (ext.spec().timeoutPolicy() != null) {
            Parsed<Timeout> t = GoText.parseTimeout(ext.spec().timeoutPolicy().response());
            if (!t.ok()) {
                errors.add("error parsing extension service " + key + " response timeout: " + t.error());
                return null;
            }
            timeout = t.value();
        }
        String sni = ext.spec().validation() == null ? "" : ext.spec().validation().subjectName();
        return new Dag.ExtensionServiceConfig(ref.namespace(), ref.name(), timeout, sni);
    }
}
