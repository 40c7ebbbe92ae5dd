package io.contourcore.dag.kernel;

import io.contourcore.dag.Dag;
import io.contourcore.model.config.ContourConfig;

/**
 * The listener step without a Gateway: upstream's ListenerProcessor adds {@code ingress_http} (route configuration
 * {@code ingress_http}) and {@code ingress_https} (route configurations {@code https/<host>}, fallback
 * {@code ingress_fallbackcert}) on the configured addresses and ports. It runs before every source; a Gateway's
 * listener step will take its place when a Gateway is configured, and sources find their listener through
 * {@link BuildContext#singleListener}, so they work over either.
 *
 * <pre>{@code
 * BuildContext ctx = new BuildContext(resources, config);
 * new DefaultListeners().run(ctx);
 * ctx.singleListener(Dag.Listener.HTTP).value().name(); // "ingress_http"
 * }</pre>
 */
public final class DefaultListeners implements Processor {

    public static final String HTTP = "ingress_http";
    public static final String HTTPS = "ingress_https";

    @Override
    public void run(BuildContext ctx) {
        ContourConfig.ListenerSettings ls = ctx.config().listener();
        ctx.addListener(HTTP, Dag.Listener.HTTP, ls.httpAddress(), ls.httpPort(), "ingress_http", "", false);
        ctx.addListener(HTTPS, Dag.Listener.HTTPS, ls.httpsAddress(), ls.httpsPort(), "https", "ingress_fallbackcert", false);
    }
}
