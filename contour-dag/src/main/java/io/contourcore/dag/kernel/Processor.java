package io.contourcore.dag.kernel;

/**
 * One source family's contribution to a build (Ingress, HTTPProxy, Gateway API). Processors keep no state in
 * fields: everything for one build lives in the {@link BuildContext} they are given.
 *
 * <pre>{@code
 * final class IngressProcessor implements Processor {
 *     public void run(BuildContext ctx) { ... ctx.ensureVirtualHost(...).addRoute(route); ... }
 * }
 * }</pre>
 */
public interface Processor {
    void run(BuildContext ctx);
}
