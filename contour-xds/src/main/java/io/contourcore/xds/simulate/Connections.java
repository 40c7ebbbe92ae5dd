package io.contourcore.xds.simulate;

import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Predicate;

/** The connection half of routing: which listener takes a request, and which of its filter chains. */
final class Connections {

    private static final String TLS_INSPECTOR = "envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector";
    private static final String DOWNSTREAM_TLS = "envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext";

    private Connections() {}

    /**
     * Contour's listeners for Envoy itself (upstream's {@code envoy-admin}, and {@code stats-health} or {@code stats}
     * and {@code health}): a request names their port to reach them, but a request for a route never falls back to
     * them, or an input with no ingress listener would seem "routed to envoy-admin".
     */
    static final java.util.Set<String> OPERATIONS_LISTENERS = java.util.Set.of("envoy-admin", "stats-health", "stats", "health");

    static Optional<Listener> chooseListener(List<Listener> listeners, Trace t, Request request) {
        List<String> why = new ArrayList<>();
        OptionalInt port = request.explicitPort();
        if (port.isPresent()) {
            Optional<Listener> byPort = listeners.stream().filter(l -> port(l) == port.getAsInt()).findFirst();
            if (byPort.isPresent()) {
                why.add("the authority names port " + port.getAsInt() + ", which listener " + byPort.get().getName() + " has");
                t.step("listener", describe(byPort.get()), why);
                return byPort;
            }
            why.add("no listener has port " + port.getAsInt() + " named in the authority; choosing by scheme");
        }
        boolean tls = request.ssl();
        int[] preferred = tls ? new int[] {443, 8443} : new int[] {80, 8080};
        List<Listener> serving = listeners.stream().filter(l -> !OPERATIONS_LISTENERS.contains(l.getName())).toList();
        if (serving.isEmpty() && !listeners.isEmpty()) {
            why.add("no listener takes " + request.scheme() + " traffic"
                    + (port.isPresent() ? " on port " + port.getAsInt() : "") + ": "
                    + String.join(", ", listeners.stream().map(Connections::describe).toList())
                    + " serve Envoy's admin interface, metrics and health checks, not requests for routes");
            t.step("listener", "(none)", why);
            return Optional.empty();
        }
        List<Listener> candidates = serving.stream()
                .filter(l -> tls ? acceptsTls(l) : acceptsPlaintext(l))
                .sorted(Comparator.<Listener>comparingInt(l -> rank(port(l), preferred))
                        .thenComparingInt(Connections::port)
                        .thenComparing(Listener::getName))
                .toList();
        if (candidates.isEmpty()) {
            why.add("no listener accepts " + (tls ? "TLS (no TLS transport socket or tls_inspector)" : "plaintext HTTP (every listener expects TLS or server names)"));
            t.step("listener", "(none)", why);
            return Optional.empty();
        }
        why.add("scheme " + request.scheme() + ": listeners accepting " + (tls ? "TLS" : "plaintext") + ": "
                + String.join(", ", candidates.stream().map(Connections::describe).toList())
                + "; ports " + preferred[0] + " and " + preferred[1] + " come first");
        t.step("listener", describe(candidates.get(0)), why);
        return Optional.of(candidates.get(0));
    }

    static int rank(int port, int[] preferred) {
        for (int i = 0; i < preferred.length; i++) {
            if (preferred[i] == port) {
                return i;
            }
        }
        return preferred.length;
    }

    static int port(Listener l) {
        return l.getAddress().getSocketAddress().getPortValue();
    }

    static String describe(Listener l) {
        var sa = l.getAddress().getSocketAddress();
        return l.getName() + " (" + sa.getAddress() + ":" + sa.getPortValue() + ")";
    }

    static boolean hasTlsInspector(Listener l) {
        for (ListenerFilter f : l.getListenerFiltersList()) {
            if (f.getName().equals("envoy.filters.listener.tls_inspector")
                    || (f.hasTypedConfig() && RouteSimulator.typeName(f.getTypedConfig()).equals(TLS_INSPECTOR))) {
                return true;
            }
        }
        return false;
    }

    static boolean isTls(FilterChain c) {
        if (!c.hasTransportSocket()) {
            return false;
        }
        TransportSocket ts = c.getTransportSocket();
        return ts.getName().equals("envoy.transport_sockets.tls")
                || (ts.hasTypedConfig() && RouteSimulator.typeName(ts.getTypedConfig()).equals(DOWNSTREAM_TLS));
    }

    static List<FilterChain> allChains(Listener l) {
        List<FilterChain> all = new ArrayList<>(l.getFilterChainsList());
        if (l.hasDefaultFilterChain()) {
            all.add(l.getDefaultFilterChain());
        }
        return all;
    }

    static boolean acceptsTls(Listener l) {
        return hasTlsInspector(l) || allChains(l).stream().anyMatch(Connections::isTls);
    }

    static boolean acceptsPlaintext(Listener l) {
        return allChains(l).stream().anyMatch(c -> !isTls(c)
                && c.getFilterChainMatch().getServerNamesCount() == 0
                && !c.getFilterChainMatch().getTransportProtocol().equals("tls"));
    }

    record Chain(FilterChain chain, String label) {}

    /**
     * Envoy's filter chain match, level by level as its lookup tree does (no backtracking): destination port, then
     * server name (exact, then the longest wildcard {@code *.suffix}, then chains without names), then transport
     * protocol, then application protocols; the listener's default chain when nothing is left.
     */
    static Optional<Chain> chooseChain(Trace t, Listener l, Request request) {
        List<String> why = new ArrayList<>();
        boolean tlsSeen = request.ssl() && (hasTlsInspector(l) || l.getFilterChainsList().stream().anyMatch(Connections::isTls));
        String sni = tlsSeen ? request.host() : "";
        String transport = tlsSeen ? "tls" : "raw_buffer";
        List<String> alpn = tlsSeen ? List.of("h2", "http/1.1") : List.of();
        why.add("connection: " + (sni.isEmpty() ? "no server name" : "server name " + sni) + ", transport " + transport
                + (alpn.isEmpty() ? "" : ", ALPN " + String.join(",", alpn)));
        List<Integer> cands = new ArrayList<>();
        for (int i = 0; i < l.getFilterChainsCount(); i++) {
            cands.add(i);
        }
        Function<Integer, FilterChainMatch> m = i -> l.getFilterChains(i).getFilterChainMatch();
        int port = port(l);

        cands = narrow(cands, i -> m.apply(i).hasDestinationPort() && m.apply(i).getDestinationPort().getValue() == port,
                i -> !m.apply(i).hasDestinationPort());

        if (!sni.isEmpty()) {
            List<Integer> exact = cands.stream().filter(i -> m.apply(i).getServerNamesList().stream()
                    .anyMatch(n -> n.equalsIgnoreCase(sni))).toList();
            if (!exact.isEmpty()) {
                why.add("server name " + sni + " matches a chain's server_names exactly");
                cands = exact;
            } else {
                List<Integer> wild = List.of();
                for (int dot = sni.indexOf('.'); dot >= 0 && wild.isEmpty(); dot = sni.indexOf('.', dot + 1)) {
                    String w = "*" + sni.substring(dot);
                    wild = cands.stream().filter(i -> m.apply(i).getServerNamesList().stream().anyMatch(n -> n.equalsIgnoreCase(w))).toList();
                    if (!wild.isEmpty()) {
                        why.add("server name " + sni + " matches wildcard server name " + w);
                    }
                }
                if (!wild.isEmpty()) {
                    cands = wild;
                } else {
                    cands = cands.stream().filter(i -> m.apply(i).getServerNamesCount() == 0).toList();
                    why.add("no chain names server " + sni + "; chains without server_names remain: " + cands.size());
                }
            }
        } else {
            cands = cands.stream().filter(i -> m.apply(i).getServerNamesCount() == 0).toList();
        }

        cands = narrow(cands, i -> m.apply(i).getTransportProtocol().equals(transport),
                i -> m.apply(i).getTransportProtocol().isEmpty());

        List<Integer> beforeAlpn = cands;
        List<Integer> byAlpn = List.of();
        for (String p : alpn) {
            byAlpn = beforeAlpn.stream().filter(i -> m.apply(i).getApplicationProtocolsList().contains(p)).toList();
            if (!byAlpn.isEmpty()) {
                break;
            }
        }
        cands = !byAlpn.isEmpty() ? byAlpn : beforeAlpn.stream().filter(i -> m.apply(i).getApplicationProtocolsCount() == 0).toList();

        if (cands.isEmpty()) {
            if (l.hasDefaultFilterChain()) {
                why.add("no filter chain matches; the listener's default_filter_chain takes the connection");
                String label = l.getDefaultFilterChain().getName().isEmpty() ? "default_filter_chain" : l.getDefaultFilterChain().getName();
                t.step("filter chain", label, why);
                return Optional.of(new Chain(l.getDefaultFilterChain(), label));
            }
            why.add("no filter chain of " + l.getName() + " matches and it has no default_filter_chain: Envoy closes the connection");
            t.step("filter chain", "(none)", why);
            return Optional.empty();
        }
        if (cands.size() > 1) {
            why.add(cands.size() + " chains match equally (Envoy rejects such listeners); taking the first");
        }
        int i = cands.get(0);
        String label = chainLabel(l.getFilterChains(i), i);
        if (request.ssl() != isTls(l.getFilterChains(i)) && !l.getFilterChains(i).getFilterChainMatch().getTransportProtocol().equals("tls")
                && l.getFilterChains(i).getFilterChainMatch().getServerNamesCount() == 0) {
            why.add(request.ssl()
                    ? "the request is TLS but this chain has no TLS transport socket: a real client's handshake would fail"
                    : "the request is plaintext but this chain expects TLS: a real client would be refused");
        }
        t.step("filter chain", label, why);
        return Optional.of(new Chain(l.getFilterChains(i), label));
    }

    static List<Integer> narrow(List<Integer> cands, Predicate<Integer> specific,
            Predicate<Integer> unset) {
        List<Integer> s = cands.stream().filter(specific).toList();
        return !s.isEmpty() ? s : cands.stream().filter(unset).toList();
    }

    static String chainLabel(FilterChain c, int index) {
        StringBuilder sb = new StringBuilder(c.getName().isEmpty() ? "#" + index : c.getName() + " (#" + index + ")");
        FilterChainMatch m = c.getFilterChainMatch();
        if (m.getServerNamesCount() > 0) {
            sb.append(" server_names [").append(String.join(", ", m.getServerNamesList())).append(']');
        }
        if (!m.getTransportProtocol().isEmpty()) {
            sb.append(" transport_protocol ").append(m.getTransportProtocol());
        }
        if (isTls(c)) {
            sb.append(" (TLS)");
        }
        return sb.toString();
    }

}
