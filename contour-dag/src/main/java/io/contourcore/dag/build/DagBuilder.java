package io.contourcore.dag.build;

import io.contourcore.dag.Dag;
import io.contourcore.dag.ingress.IngressProcessor;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.config.ContourConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the DAG from objects and settings, running upstream's processors in upstream's order (listeners, Ingress,
 * ExtensionService, HTTPProxy, Gateway API), then pruning as upstream does: virtual hosts without routes, secure
 * virtual hosts without (secret and routes) or a TCP proxy, and listeners left empty. Tracing is resolved against the
 * objects as {@code contour serve} does at start-up (see {@link BuildResult#configErrors()}).
 *
 * <pre>{@code
 * BuildResult r = DagBuilder.build(ResourceSet.of(objects), ContourConfig.DEFAULTS);
 * }</pre>
 */
public final class DagBuilder {

    private DagBuilder() {}

    /** The processors after the listener step, in upstream's order. */
    static List<Processor> processors() {
        return List.of(new IngressProcessor(), new ExtensionServiceProcessor(), new HTTPProxyProcessor());
    }

    public static BuildResult build(ResourceSet resources, ContourConfig config) {
        BuildContext ctx = new BuildContext(resources, config);
        ContourConfig.ListenerSettings ls = config.listener();
        ctx.addListener(BuildContext.HTTP_LISTENER, Dag.Listener.HTTP, ls.httpAddress(), ls.httpPort(), "ingress_http", "", false);
        ctx.addListener(BuildContext.HTTPS_LISTENER, Dag.Listener.HTTPS, ls.httpsAddress(), ls.httpsPort(), "https",
                "ingress_fallbackcert", false);
        for (Processor p : processors()) {
            p.run(ctx);
        }
        List<Dag.Listener> listeners = new ArrayList<>();
        for (BuildContext.ListenerBuilder l : ctx.listeners().values()) {
            l.freeze().ifPresent(listeners::add);
        }
        listeners.sort(java.util.Comparator.comparing(Dag.Listener::name));
        // Upstream's serve sets these up at start-up and refuses to run on the first failure; every failure is
        // collected here so a user fixes them in one go.
        GlobalServices.Resolved global = GlobalServices.resolve(resources, config);
        return new BuildResult(new Dag(listeners, ctx.extensionClusters(), false, global.tracing(),
                global.rateLimitService(), global.globalExternalAuthorization()), ctx.status().freeze(), global.errors());
    }
}
