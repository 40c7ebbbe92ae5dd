package io.contourcore.dag.gatewayapi;

import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.BuildContext;
import io.contourcore.dag.kernel.Processor;
import io.contourcore.dag.status.StatusCondition;
import io.contourcore.model.Gateway;
import io.contourcore.model.config.ContourConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The listener step with a Gateway (upstream's ListenerProcessor over {@code gatewayapi.ValidateListeners}): one DAG
 * listener per port the valid Gateway listeners use, named {@code <protocol>-<port>} ({@code http-80},
 * {@code https-443}, {@code tcp-9000}), on the container port {@link #toContainerPort} gives, on the configured HTTP
 * or HTTPS address, with websockets on; the DAG then has dynamic listeners. Route configurations are named after the
 * listener: {@code http-80}, {@code https-443/<host>}, {@code https-443/fallbackcert}.
 *
 * <pre>{@code
 * GatewayListeners.Validation v = GatewayListeners.validate(gateway.listeners());
 * v.dagListenerNames().get("http");   // "http-80"
 * GatewayListeners.toContainerPort(80); // 8080
 * }</pre>
 */
public final class GatewayListeners implements Processor {

    /** Upstream's {@code ContourHTTPSProtocolType}: TLS by HTTPProxy or Ingress on a Gateway port. */
    public static final String CONTOUR_HTTPS = "projectcontour.io/https";

    private static final Set<String> COMPATIBLE_TLS = Set.of("HTTPS", "TLS", CONTOUR_HTTPS);

    private final Gateway gateway;

    public GatewayListeners(Gateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void run(BuildContext ctx) {
        ContourConfig.ListenerSettings ls = ctx.config().listener();
        ctx.markDynamicListeners();
        for (Port p : validate(gateway.listeners()).ports()) {
            String address = p.protocol().equals(Dag.Listener.HTTPS) ? ls.httpsAddress() : ls.httpAddress();
            ctx.addListener(p.name(), p.protocol(), address, p.containerPort(), "", "", true);
        }
    }

    /** One port the Gateway listens on: the DAG listener's name, the Gateway port, Envoy's port, the protocol. */
    public record Port(String name, int port, int containerPort, String protocol) {}

    /** A condition a listener gets from validation. */
    public record Invalid(String type, String status, String reason, String message) {}

    /**
     * What {@link #validate} finds (upstream's {@code ValidateListenersResult}).
     *
     * @param dagListenerNames Gateway listener name to DAG listener name, for valid listeners
     * @param ports the DAG listeners, in the order first met
     * @param invalid Gateway listener name to its condition, for invalid listeners
     */
    public record Validation(Map<String, String> dagListenerNames, List<Port> ports, Map<String, Invalid> invalid) {
        public Validation {
            dagListenerNames = Map.copyOf(dagListenerNames);
            ports = List.copyOf(ports);
            invalid = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(invalid));
        }
    }

    /**
     * Upstream's ValidateListeners: a listener with an invalid hostname is not Programmed ({@code Invalid}), one
     * with a protocol other than HTTP, HTTPS, TLS, TCP and {@code projectcontour.io/https} not Accepted
     * ({@code UnsupportedProtocol}); a later listener whose container port collides with an earlier one's on
     * another port is not Accepted ({@code PortUnavailable}); on one port, protocols must be compatible and
     * hostnames distinct, else the later listener is {@code Conflicted} ({@code ProtocolConflict},
     * {@code HostnameConflict}).
     */
    public static Validation validate(List<Gateway.Listener> listeners) {
        Map<String, String> names = new LinkedHashMap<>();
        List<Port> ports = new ArrayList<>();
        Map<String, Invalid> invalid = new LinkedHashMap<>();
        for (int i = 0; i < listeners.size(); i++) {
            Gateway.Listener l = listeners.get(i);
            if (!l.hostname().isEmpty()) {
                String err = hostnameError(l.hostname());
                if (err != null) {
                    invalid.put(l.name(), new Invalid(StatusCondition.PROGRAMMED, StatusCondition.FALSE, "Invalid", err));
                    continue;
                }
            }
            switch (l.protocol()) {
                case "HTTP", "HTTPS", "TLS", "TCP", CONTOUR_HTTPS -> { }
                default -> {
                    invalid.put(l.name(), new Invalid(StatusCondition.ACCEPTED, StatusCondition.FALSE, "UnsupportedProtocol",
                            "Listener protocol \"" + l.protocol()
                                    + "\" is unsupported, must be one of HTTP, HTTPS, TLS, TCP or projectcontour.io/https"));
                    continue;
                }
            }
            Invalid conflict = conflict(listeners, i);
            if (conflict != null) {
                invalid.put(l.name(), conflict);
                continue;
            }
            String protocol = switch (l.protocol()) {
                case "HTTP" -> Dag.Listener.HTTP;
                case "TCP" -> "tcp";
                default -> Dag.Listener.HTTPS;
            };
            String name = protocol + "-" + l.port();
            names.put(l.name(), name);
            if (ports.stream().noneMatch(p -> p.name().equals(name))) {
                ports.add(new Port(name, l.port(), toContainerPort(l.port()), protocol));
            }
        }
        return new Validation(names, ports, invalid);
    }

    /** The first earlier listener this one conflicts with, as its condition; null when none. */
    private static Invalid conflict(List<Gateway.Listener> listeners, int i) {
        Gateway.Listener l = listeners.get(i);
        for (int j = 0; j < i; j++) {
            Gateway.Listener other = listeners.get(j);
            if (l.port() != other.port()) {
                if (toContainerPort(l.port()) == toContainerPort(other.port())) {
                    return new Invalid(StatusCondition.ACCEPTED, StatusCondition.FALSE, "PortUnavailable",
                            "Listener port conflicts with a previous Listener's port");
                }
                continue;
            }
            boolean compatible = switch (l.protocol()) {
                case "HTTP" -> other.protocol().equals("HTTP");
                case "TCP" -> other.protocol().equals("TCP");
                default -> !COMPATIBLE_TLS.contains(l.protocol()) || COMPATIBLE_TLS.contains(other.protocol());
            };
            if (!compatible) {
                return new Invalid(StatusCondition.CONFLICTED, StatusCondition.TRUE, "ProtocolConflict",
                        "All Listener protocols for a given port must be compatible");
            }
            if (l.hostname().equals(other.hostname())) {
                return new Invalid(StatusCondition.CONFLICTED, StatusCondition.TRUE, "HostnameConflict",
                        "All Listener hostnames for a given port must be unique");
            }
        }
        return null;
    }

    /**
     * Upstream's toContainerPort: Envoy cannot bind ports 1-1023, so a Gateway port {@code p} is served on
     * {@code p + 8000}, wrapped past 65535, and moved up by 1023 when it lands on a privileged port.
     */
    public static int toContainerPort(int port) {
        int c = port + 8000;
        if (c > 65535) {
            c -= 65535;
        }
        if (c <= 1023) {
            c += 1023;
        }
        return c;
    }

    private static final String SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(SUBDOMAIN);
    private static final Pattern WILDCARD_SUBDOMAIN = Pattern.compile("\\*\\." + SUBDOMAIN);
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    /**
     * Upstream's {@code IsValidHostname}: null for a DNS subdomain or a wildcard one, else upstream's message, the
     * Kubernetes validation texts in Go's list brackets.
     */
    public static String hostnameError(String hostname) {
        if (isIp(hostname)) {
            return "invalid hostname \"" + hostname + "\": must be a DNS name, not an IP address";
        }
        List<String> errs = new ArrayList<>();
        if (hostname.length() > 253) {
            errs.add("must be no more than 253 characters");
        }
        if (hostname.contains("*")) {
            if (!WILDCARD_SUBDOMAIN.matcher(hostname).matches()) {
                errs.add("a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must "
                        + "consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character "
                        + "(e.g. '*.example.com', regex used for validation is '\\*\\." + SUBDOMAIN + "')");
            }
        } else if (!DNS1123_SUBDOMAIN.matcher(hostname).matches()) {
            errs.add("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
                    + "must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '"
                    + SUBDOMAIN + "')");
        }
        return errs.isEmpty() ? null : "invalid hostname \"" + hostname + "\": [" + String.join(" ", errs) + "]";
    }

    /** Go's net.ParseIP: dotted IPv4 with each part at most 255, or an IPv6 address (which holds a colon). */
    private static boolean isIp(String s) {
        java.util.regex.Matcher m = IPV4.matcher(s);
        if (m.matches()) {
            for (int g = 1; g <= 4; g++) {
                if (Integer.parseInt(m.group(g)) > 255 || (m.group(g).length() > 1 && m.group(g).startsWith("0"))) {
                    return false;
                }
            }
            return true;
        }
        if (!s.contains(":") || !s.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            return java.net.InetAddress.getByName(s) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
