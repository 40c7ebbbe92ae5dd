package io.contourcore.dag.build;

import io.contourcore.dag.Dag;
import io.contourcore.dag.build.GoText.Parsed;
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

    /** {@code withRequestBody.maxRequestBytes} when not set ({@code +kubebuilder:default=1024}). */
    static final long DEFAULT_MAX_REQUEST_BYTES = 1024;

    /** The services that could be set up (null when not configured or not resolvable) and why others could not. */
    public record Resolved(Dag.RateLimitService rateLimitService, Dag.GlobalExternalAuthorization globalExternalAuthorization,
            List<String> errors) {
        public Resolved {
            errors = List.copyOf(errors);
        }
    }

    public static Resolved resolve(ResourceSet resources, ContourConfig config) {
        List<String> errors = new ArrayList<>();
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
                // Upstream's listener passes an unset maxRequestBytes on as 0, which Envoy rejects (it must be > 0);
                // the field's declared default, which TLS virtual hosts get, is used instead.
                long max = g.withRequestBody() == null ? 0 : g.withRequestBody().maxRequestBytes();
                Dag.AuthorizationServerBufferSettings body = g.withRequestBody() == null ? null
                        : new Dag.AuthorizationServerBufferSettings((int) (max == 0 ? DEFAULT_MAX_REQUEST_BYTES : max),
                                g.withRequestBody().allowPartialMessage(), g.withRequestBody().packAsBytes());
                auth = new Dag.GlobalExternalAuthorization(ext, g.failOpen(), body);
            }
        }
        return new Resolved(rls, auth, errors);
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
