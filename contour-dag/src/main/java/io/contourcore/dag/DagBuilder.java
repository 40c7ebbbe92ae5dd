package io.contourcore.dag;

import io.contourcore.dag.httpproxy.ExtensionServiceProcessor;
import io.contourcore.dag.httpproxy.GlobalServices;
import io.contourcore.dag.httpproxy.HTTPProxyProcessor;
import io.contourcore.dag.ingress.IngressProcessor;
import io.contourcore.dag.ingressroute.IngressRouteProcessor;
import io.contourcore.dag.kernel.BuildContext;
import io.contourcore.dag.kernel.DefaultListeners;
import io.contourcore.dag.kernel.Processor;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.config.ContourConfig;
import java.util.List;

/**
 * Builds the DAG from objects and settings, running upstream's processors in upstream's order (the listener step,
 * Ingress, ExtensionService, IngressRoute, HTTPProxy: upstream's 1.x releases built IngressRoutes after Ingresses and
 * before HTTPProxies, so an HTTPProxy route replaces an IngressRoute route with the same match on a shared host), then pruning as upstream does: virtual hosts without routes, secure virtual
 * hosts without (secret and routes) or a TCP proxy, and listeners left empty. Tracing and the other global services
 * are resolved against the objects as {@code contour serve} does at start-up (see {@link BuildResult#configErrors()}).
 *
 * <p>This is the one place that knows every source: each source is a wing ({@code dag.ingress}, {@code dag.ingressroute}, {@code dag.httpproxy})
 * over the shared kernel ({@code dag.kernel}) and never sees another wing.
 *
 * <pre>{@code
 * BuildResult r = DagBuilder.build(ResourceSet.of(objects), ContourConfig.DEFAULTS);
 * }</pre>
 */
public final class DagBuilder {

    private DagBuilder() {}

    /** The sources after the listener step, in upstream's order. */
    static List<Processor> sources() {
        return List.of(new IngressProcessor(), new ExtensionServiceProcessor(), new IngressRouteProcessor(), new HTTPProxyProcessor());
    }

    public static BuildResult build(ResourceSet resources, ContourConfig config) {
        return build(resources, config, new DefaultListeners());
    }

    /**
     * A build whose listeners come from {@code listenerStep} instead of the configured defaults, the way a Gateway
     * defines its own. Sources that find no single listener of their protocol report it in their status.
     */
    public static BuildResult build(ResourceSet resources, ContourConfig config, Processor listenerStep) {
        BuildContext ctx = new BuildContext(resources, config);
        listenerStep.run(ctx);
        for (Processor p : sources()) {
            p.run(ctx);
        }
        // Upstream's serve sets these up at start-up and refuses to run on the first failure; every failure is
        // collected here so a user fixes them in one go.
        GlobalServices.Resolved global = GlobalServices.resolve(resources, config);
        return new BuildResult(new Dag(ctx.freezeListeners(), ctx.extensionClusters(), false, global.tracing(),
                global.rateLimitService(), global.globalExternalAuthorization()), ctx.status().freeze(), global.errors());
    }
}
