package io.contourcore.dag.kernel;

import io.contourcore.dag.Dag;

/**
 * Upstream's {@code wildcardDomainHeaderMatch}: Envoy's {@code *.example.com} domain also matches several labels, so a
 * route under a wildcard host also requires the {@code :authority} header to be one DNS label followed by the rest of
 * the name (and maybe a port). Ingress rules and HTTPProxy roots with wildcard fqdns both add it.
 *
 * <pre>{@code
 * HostMatch.wildcardDomainHeaderMatch("*.foo.io").value(); // ^[a-z0-9]([-a-z0-9]*[a-z0-9])?\.foo\.io(:[0-9]+)?
 * }</pre>
 */
public final class HostMatch {

    private HostMatch() {}

    private static final String SINGLE_DNS_LABEL_WILDCARD = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String IGNORE_PORT = "(:[0-9]+)?";

    /** The {@code :authority} match for a wildcard host {@code *.rest}. */
    public static Dag.HeaderMatch wildcardDomainHeaderMatch(String wildcardHost) {
        return new Dag.HeaderMatch(":authority", SINGLE_DNS_LABEL_WILDCARD + GoText.quoteMeta(wildcardHost.substring(1))
                + IGNORE_PORT, Dag.HeaderMatchType.REGEX, false, false, false);
    }
}
