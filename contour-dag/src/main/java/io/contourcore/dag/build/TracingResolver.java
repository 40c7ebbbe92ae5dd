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
import java.util.Optional;

/**
 * Upstream's {@code setupTracingService} ({@code cmd/contour/serve.go}): the {@code tracing} settings plus the
 * collector's ExtensionService become the tracing every HTTP connection manager gets. As upstream, the ExtensionService
 * only has to exist (it is read, not validated: an invalid one leaves tracing pointing at a cluster that is not
 * programmed), its response timeout becomes the gRPC timeout and its {@code validation.subjectName} the authority;
 * a missing one, or a response timeout that does not parse, is an error {@code contour serve} refuses to start with.
 */
final class TracingResolver {

    private TracingResolver() {}

    /** Either the tracing (null when not configured) or the error upstream would stop with. */
    record Resolved(Dag.Tracing tracing, String error) {}

    static Resolved resolve(ContourConfig config, ResourceSet resources) {
        ContourConfig.Tracing t = config.tracing();
        if (t == null) {
            return new Resolved(null, null);
        }
        String namespace = t.extensionService().namespace();
        String name = t.extensionService().name();
        String key = namespace + "/" + name;
        Optional<ExtensionService> found = resources.get(Kind.EXTENSION_SERVICE, namespace, name, ExtensionService.class);
        if (found.isEmpty()) {
            // The text of the Kubernetes API's NotFound error, as upstream wraps it.
            return new Resolved(null, "error getting extension service " + key + ": extensionservices.projectcontour.io "
                    + GoQuote.q(name) + " not found");
        }
        ExtensionService.Spec spec = found.get().spec();
        Timeout timeout = Timeout.UNSET;
        if (spec.timeoutPolicy() != null) {
            Parsed<Timeout> p = GoText.parseTimeout(spec.timeoutPolicy().response());
            if (!p.ok()) {
                return new Resolved(null, "error parsing extension service " + key + " response timeout: " + p.error());
            }
            timeout = p.value();
        }
        String sni = spec.validation() == null ? "" : spec.validation().subjectName();
        List<Dag.CustomTag> tags = new ArrayList<>();
        if (t.includePodDetail()) {
            // Envoy reads these from its own environment: the pod's HOSTNAME and the CONTOUR_NAMESPACE Contour's
            // deployment sets.
            tags.add(new Dag.CustomTag("podName", "", "HOSTNAME", ""));
            tags.add(new Dag.CustomTag("podNamespace", "", "CONTOUR_NAMESPACE", ""));
        }
        for (ContourConfig.CustomTag c : t.customTags()) {
            tags.add(new Dag.CustomTag(c.tagName(), c.literal(), "", c.requestHeaderName()));
        }
        return new Resolved(new Dag.Tracing(namespace, name, sni, timeout, t.serviceName(), t.overallSampling(),
                t.maxPathTagLength(), tags), null);
    }
}
