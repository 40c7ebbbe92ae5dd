package io.contourcore.dag;

import io.contourcore.dag.gatewayapi.BackendTlsPolicies;
import io.contourcore.dag.gatewayapi.GatewayApiProcessor;
import io.contourcore.dag.gatewayapi.GatewayListeners;
import io.contourcore.dag.gatewayapi.GatewaySelection;
import io.contourcore.dag.httpproxy.ExtensionServiceProcessor;
import io.contourcore.dag.httpproxy.GlobalServices;
import io.contourcore.dag.httpproxy.HTTPProxyProcessor;
import io.contourcore.dag.ingress.IngressProcessor;
import io.contourcore.dag.ingressroute.IngressRouteProcessor;
import io.contourcore.dag.kernel.BuildContext;
import io.contourcore.dag.kernel.DefaultListeners;
import io.contourcore.dag.kernel.Processor;
import io.contourcore.dag.kernel.SecretChecks;
import io.contourcore.model.Parallel;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.config.ContourConfig;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds the DAG from objects and settings, running upstream's processors in upstream's order (the listener step,
 * Ingress, ExtensionService, IngressRoute, HTTPProxy, Gateway API: upstream's 1.x releases built IngressRoutes after Ingresses and
 * before HTTPProxies, so an HTTPProxy route replaces an IngressRoute route with the same match on a shared host), then pruning as upstream does: virtual hosts without routes, secure virtual
 * hosts without (secret and routes) or a TCP proxy, and listeners left empty. Tracing and the other global services
 * are resolved against the objects as {@code contour serve} does at start-up (see {@link BuildResult#configErrors()}).
 *
 * <p>This is the one place that knows every source: each source is a wing ({@code dag.ingress}, {@code dag.ingressroute}, {@code dag.httpproxy}, {@code dag.gatewayapi})
 * over the shared kernel ({@code dag.kernel}) and never sees another wing; {@code dag.gatewayapi} also
 * supplies the listener step when a Gateway is selected.
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

    /**
     * A build with upstream's listeners: the selected Gateway's ({@link GatewaySelection}) when there is one, else
     * {@code ingress_http} and {@code ingress_https}. With several Gateways and none named, the build has no
     * Gateway and {@link BuildResult#configErrors()} says so.
     */
    public static BuildResult build(ResourceSet resources, ContourConfig config) {
        GatewaySelection selection = GatewaySelection.select(resources, config);
        Processor listenerStep = selection.gateway().<Processor>map(GatewayListeners::new).orElseGet(DefaultListeners::new);
        return build(resources, config, listenerStep, selection);
    }

    /**
     * As {@link #build(ResourceSet, ContourConfig)}, with the TLS Secrets checked on {@code executor} beside the
     * build ({@link SecretChecks}): the same result.
     */
    public static BuildResult build(ResourceSet resources, ContourConfig config, Executor executor) {
        if (!Parallel.isParallel(executor)) {
            return build(resources, config);
        }
        SecretChecks checks = new SecretChecks();
        AtomicBoolean built = new AtomicBoolean();
        Parallel.Task<BuildResult> build = Parallel.task(() -> {
            try {
                GatewaySelection selection = GatewaySelection.select(resources, config);
                Processor listenerStep = selection.gateway().<Processor>map(GatewayListeners::new)
                        .orElseGet(DefaultListeners::new);
                return build(resources, config, listenerStep, selection, checks);
            } finally {
                built.set(true);
            }
        });
        Parallel.Task<Boolean> ahead = Parallel.task(() -> {
            checks.checkTlsAhead(resources, built::get);
            return true;
        });
        Parallel.run(executor, List.of(build, ahead));
        return build.result();
    }

    /**
     * A build whose listeners come from {@code listenerStep} instead of the configured defaults, the way a Gateway
     * defines its own. Sources that find no single listener of their protocol report it in their status.
     */
    public static BuildResult build(ResourceSet resources, ContourConfig config, Processor listenerStep) {
        return build(resources, config, listenerStep, GatewaySelection.select(resources, config));
    }

    private static BuildResult build(ResourceSet resources, ContourConfig config, Processor listenerStep,
            GatewaySelection selection) {
        return build(resources, config, listenerStep, selection, new SecretChecks());
    }

    private static BuildResult build(ResourceSet resources, ContourConfig config, Processor listenerStep,
            GatewaySelection selection, SecretChecks checks) {
        BuildContext ctx = new BuildContext(resources, config, checks);
        listenerStep.run(ctx);
        for (Processor p : sources()) {
            p.run(ctx);
        }
        new GatewayApiProcessor(selection).run(ctx);
        // Upstream's serve sets these up at start-up and refuses to run on the first failure; every failure is
        // collected here so a user fixes them in one go.
        GlobalServices.Resolved global = GlobalServices.resolve(resources, config);
        List<String> errors = new java.util.ArrayList<>(global.errors());
        if (selection.error() != null) {
            errors.add(selection.error());
        }
        return new BuildResult(new Dag(ctx.freezeListeners(), ctx.extensionClusters(), ctx.hasDynamicListeners(),
                global.tracing(), global.rateLimitService(), global.globalExternalAuthorization()), ctx.status().freeze(),
                errors, selection.notOurs(), BackendTlsPolicies.notApplied(ctx));
    }
}
