package io.contourcore.dag.gatewayapi;

import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.BuildContext;
import io.contourcore.dag.kernel.Lookup;
import io.contourcore.dag.kernel.Processor;
import io.contourcore.dag.status.ParentRef;
import io.contourcore.dag.status.StatusCondition;
import io.contourcore.dag.status.StatusRecorder;
import io.contourcore.model.GRPCRoute;
import io.contourcore.model.Gateway;
import io.contourcore.model.GatewayApi;
import io.contourcore.model.GatewayClass;
import io.contourcore.model.HTTPRoute;
import io.contourcore.model.K8sObject;
import io.contourcore.model.Kind;
import io.contourcore.model.Namespace;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.TCPRoute;
import io.contourcore.model.TLSRoute;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Gateway API source (upstream's GatewayAPIProcessor, run last): the GatewayClass statuses, then for the
 * selected Gateway its conditions (Accepted; Programmed, or {@code AddressNotAssigned} when it asks for addresses,
 * which only a load balancer in a cluster assigns), each listener's validation, route kinds, namespaces and
 * certificate ({@link ListenerInfo}), and each HTTPRoute's attachment per parentRef: which listeners it selects
 * (sectionName and port), which of them allow it, the hostnames it shares with each, and then its rules
 * ({@link HTTPRouteRules}). Routes are taken in upstream's order: creation time (not in offline input, so all
 * equal), then namespace/name.
 *
 * <pre>{@code
 * GatewaySelection s = GatewaySelection.select(resources, config);
 * new GatewayApiProcessor(s).run(ctx);
 * }</pre>
 */
public final class GatewayApiProcessor implements Processor {

    private static final String KIND_GATEWAY = "Gateway";
    private static final List<String> ROUTE_KINDS = List.of("HTTPRoute", "TLSRoute", "GRPCRoute", "TCPRoute");

    private final GatewaySelection selection;

    public GatewayApiProcessor(GatewaySelection selection) {
        this.selection = selection;
    }

    @Override
    public void run(BuildContext ctx) {
        StatusRecorder rec = ctx.status();
        for (GatewaySelection.ClassVerdict v : selection.acceptedClasses()) {
            StatusRecorder.GatewayClassEntry e = rec.gatewayClass(v.gatewayClass().ref(), v.gatewayClass().metadata().generation());
            if (!v.accepted()) {
                e.setCondition(StatusCondition.ACCEPTED, StatusCondition.FALSE, StatusRecorder.OLDER_GATEWAY_CLASS_EXISTS_REASON,
                        StatusRecorder.OLDER_GATEWAY_CLASS_EXISTS_MESSAGE);
            }
        }
        if (selection.gateway().isEmpty()) {
            return;
        }
        Gateway gateway = selection.gateway().get();
        GatewayClass gatewayClass = selection.gatewayClass().orElseThrow();
        rec.gatewayController(gatewayClass.controllerName());
        StatusRecorder.GatewayEntry gw = rec.gateway(gateway.ref(), gateway.metadata().generation())
                .gatewayClassName(gateway.gatewayClassName());
        for (Gateway.Listener l : gateway.listeners()) {
            gw.listener(l.name()); // listed in the Gateway's order
        }

        // Hand-written input has no status.addresses, so a Gateway asking for addresses has none assigned there; an
        // exported or live Gateway carries what the cluster assigned.
        boolean addressNotAssigned = !gateway.addressAssigned();
        gateway.statusAddresses().forEach(a -> gw.address(a.type(), a.value()));

        GatewayListeners.Validation validation = GatewayListeners.validate(gateway.listeners());
        validation.invalid().forEach((name, c) -> gw.listener(name).addCondition(c.type(), c.status(), c.reason(), c.message()));

        List<ListenerInfo> listeners = new ArrayList<>();
        for (Gateway.Listener l : gateway.listeners()) {
            listeners.add(computeListener(ctx, gateway, l, gw.listener(l.name()), validation));
        }

        // Every route kind, in upstream's order of kinds (HTTP, TLS, gRPC, TCP); within a kind oldest first, then by
        // namespace/name, as upstream sorts HTTPRoutes and GRPCRoutes: of two conflicting rules the older route's
        // wins. (Upstream walks TLSRoutes and TCPRoutes in map order; the same order serves them deterministically.)
        for (Kind kind : List.of(Kind.HTTP_ROUTE, Kind.TLS_ROUTE, Kind.GRPC_ROUTE, Kind.TCP_ROUTE)) {
            List<K8sObject> routes = new ArrayList<>(ctx.resources().all(kind, K8sObject.class));
            routes.sort(Comparator.comparing(K8sObject::metadata, ObjectMeta.OLDEST_FIRST)
                    .thenComparing((K8sObject r) -> r.namespace() + "/" + r.name()));
            for (K8sObject route : routes) {
                processRoute(ctx, gateway, gw, route, addressNotAssigned, listeners);
            }
        }

        if (addressNotAssigned) {
            gw.addCondition(StatusCondition.PROGRAMMED, StatusCondition.FALSE, "AddressNotAssigned",
                    "None of the addresses in Spec.Addresses have been assigned to the Gateway");
        }
    }

    // ---------------------------------------------------------------- listeners

    private static ListenerInfo computeListener(BuildContext ctx, Gateway gateway, Gateway.Listener l,
            StatusRecorder.ListenerEntry status, GatewayListeners.Validation validation) {
        String dagName = validation.dagListenerNames().get(l.name());
        List<String> kinds = routeKinds(l, status);
        List<Kind> allowed = kinds.stream().map(GatewayApiProcessor::routeKind).toList();
        status.supportedKinds(allowed.toArray(Kind[]::new));

        GatewayApi.LabelSelector selector = null;
        Gateway.RouteNamespaces ns = l.allowedRoutes().namespaces();
        if (ns.from().equals("Selector")) {
            if (ns.selector() == null) {
                return invalid(status, l, dagName, allowed, null,
                        "Listener.AllowedRoutes.Namespaces.Selector is required when Listener.AllowedRoutes.Namespaces.From is set to \"Selector\".");
            }
            if (ns.selector().matchLabels().isEmpty() && ns.selector().matchExpressions().isEmpty()) {
                return invalid(status, l, dagName, allowed, null,
                        "Listener.AllowedRoutes.Namespaces.Selector must specify at least one MatchLabel or MatchExpression.");
            }
            String err = LabelSelectors.error(ns.selector());
            if (err != null) {
                return invalid(status, l, dagName, allowed, null, "Error parsing Listener.AllowedRoutes.Namespaces.Selector: " + err + ".");
            }
            selector = ns.selector();
        }
        if (validation.invalid().containsKey(l.name())) {
            return new ListenerInfo(l, dagName, allowed, selector, null, false);
        }

        Dag.Secret secret = null;
        switch (l.protocol()) {
            case "HTTPS" -> {
                if (l.tls() == null) {
                    return invalid(status, l, dagName, allowed, selector, "Listener.TLS is required when protocol is \"HTTPS\".");
                }
                if (!l.tls().mode().equals("Terminate")) {
                    return invalid(status, l, dagName, allowed, selector,
                            "Listener.TLS.Mode must be \"Terminate\" when protocol is \"HTTPS\".");
                }
                secret = resolveListenerSecret(ctx, gateway, l.tls().certificateRefs(), status);
                if (secret == null) {
                    return new ListenerInfo(l, dagName, allowed, selector, null, false);
                }
            }
            case "TLS" -> {
                if (l.tls() == null) {
                    return invalid(status, l, dagName, allowed, selector, "Listener.TLS is required when protocol is \"TLS\".");
                }
                switch (l.tls().mode()) {
                    case "Terminate" -> {
                        secret = resolveListenerSecret(ctx, gateway, l.tls().certificateRefs(), status);
                        if (secret == null) {
                            return new ListenerInfo(l, dagName, allowed, selector, null, false);
                        }
                    }
                    case "Passthrough" -> {
                        if (!l.tls().certificateRefs().isEmpty()) {
                            return invalid(status, l, dagName, allowed, selector,
                                    "Listener.TLS.CertificateRefs cannot be defined when Listener.TLS.Mode is \"Passthrough\".");
                        }
                    }
                    default -> {
                        return invalid(status, l, dagName, allowed, selector,
                                "Listener.TLS.Mode must be \"Terminate\" or \"Passthrough\".");
                    }
                }
            }
            default -> { }
        }
        return new ListenerInfo(l, dagName, allowed, selector, secret, true);
    }

    private static ListenerInfo invalid(StatusRecorder.ListenerEntry status, Gateway.Listener l, String dagName,
            List<Kind> allowed, GatewayApi.LabelSelector selector, String message) {
        status.addCondition(StatusCondition.PROGRAMMED, StatusCondition.FALSE, "Invalid", message);
        return new ListenerInfo(l, dagName, allowed, selector, null, false);
    }

    /** Upstream's getListenerRouteKinds: the protocol's defaults, or the allowed kinds this controller serves. */
    private static List<String> routeKinds(Gateway.Listener l, StatusRecorder.ListenerEntry status) {
        if (l.allowedRoutes().kinds().isEmpty()) {
            switch (l.protocol()) {
                case "HTTP", "HTTPS" -> {
                    return List.of("HTTPRoute", "GRPCRoute");
                }
                case "TLS" -> {
                    return List.of("TLSRoute", "TCPRoute");
                }
                case "TCP" -> {
                    return List.of("TCPRoute");
                }
                default -> { }
            }
        }
        List<String> out = new ArrayList<>();
        for (Gateway.RouteGroupKind k : l.allowedRoutes().kinds()) {
            String msg = null;
            if (!k.group().equals(GatewayApi.GROUP)) {
                msg = "Group \"" + k.group() + "\" is not supported, group must be \"" + GatewayApi.GROUP + "\"";
            } else if (!ROUTE_KINDS.contains(k.kind())) {
                msg = "Kind \"" + k.kind() + "\" is not supported, kind must be \"HTTPRoute\", \"TLSRoute\", \"GRPCRoute\" or \"TCPRoute\"";
            } else if (k.kind().equals("TLSRoute") && !l.protocol().equals("TLS")) {
                msg = "TLSRoutes are incompatible with listener protocol \"" + l.protocol() + "\"";
            } else if (k.kind().equals("TCPRoute") && !l.protocol().equals("TCP") && !l.protocol().equals("TLS")) {
                msg = "TCPRoutes are incompatible with listener protocol \"" + l.protocol() + "\"";
            }
            if (msg != null) {
                status.addCondition(StatusCondition.RESOLVED_REFS, StatusCondition.FALSE, "InvalidRouteKinds", msg);
                continue;
            }
            out.add(k.kind());
        }
        return out;
    }

    private static Kind routeKind(String kind) {
        return switch (kind) {
            case "HTTPRoute" -> Kind.HTTP_ROUTE;
            case "GRPCRoute" -> Kind.GRPC_ROUTE;
            case "TLSRoute" -> Kind.TLS_ROUTE;
            case "TCPRoute" -> Kind.TCP_ROUTE;
            default -> throw new IllegalArgumentException("not a route kind: " + kind);
        };
    }

    /**
     * Upstream's resolveListenerSecret: exactly one certificateRef, to a core Secret, in the Gateway's namespace or
     * granted by a ReferenceGrant, that is a valid TLS certificate. TLSCertificateDelegation does not apply.
     */
    private static Dag.Secret resolveListenerSecret(BuildContext ctx, Gateway gateway, List<GatewayApi.ObjectReference> refs,
            StatusRecorder.ListenerEntry status) {
        if (refs.size() != 1) {
            status.addCondition(StatusCondition.PROGRAMMED, StatusCondition.FALSE, "Invalid",
                    "Listener.TLS.CertificateRefs must contain exactly one entry");
            return null;
        }
        GatewayApi.ObjectReference ref = refs.get(0);
        if (!ref.group().isEmpty() || !ref.kind().equals("Secret")) {
            status.addCondition(StatusCondition.RESOLVED_REFS, StatusCondition.FALSE, "InvalidCertificateRef",
                    "Spec.VirtualHost.TLS.CertificateRefs \"" + ref.name() + "\" must contain a reference to a core.Secret");
            return null;
        }
        if (!ref.namespace().isEmpty() && !ref.namespace().equals(gateway.namespace())
                && !ReferenceGrants.permits(ctx.resources(),
                        new ReferenceGrants.From(GatewayApi.GROUP, KIND_GATEWAY, gateway.namespace()),
                        new ReferenceGrants.To("", "Secret", ref.namespace(), ref.name()))) {
            status.addCondition(StatusCondition.RESOLVED_REFS, StatusCondition.FALSE, "RefNotPermitted",
                    "Spec.VirtualHost.TLS.CertificateRefs \"" + ref.name()
                            + "\" namespace must match the Gateway's namespace or be covered by a ReferenceGrant");
            return null;
        }
        String ns = ref.namespace().isEmpty() ? gateway.namespace() : ref.namespace();
        Lookup<Dag.Secret> s = ctx.lookupTlsSecretInsecure(ns, ref.name());
        if (!s.ok()) {
            status.addCondition(StatusCondition.RESOLVED_REFS, StatusCondition.FALSE, "InvalidCertificateRef",
                    "Spec.VirtualHost.TLS.CertificateRefs \"" + ref.name() + "\" referent is invalid: " + s.error());
            return null;
        }
        return s.value();
    }

    // ---------------------------------------------------------------- routes

    private static void processRoute(BuildContext ctx, Gateway gateway, StatusRecorder.GatewayEntry gw, K8sObject route,
            boolean gatewayNotProgrammed, List<ListenerInfo> listeners) {
        StatusRecorder.RouteEntry status = ctx.status().route(route.ref(), route.metadata().generation());
        // gw-part2: the parts every route kind shares; TCPRoutes have no hostnames
        Kind kind = route.kind();
        List<GatewayApi.ParentRef> parentRefs = switch (kind) {
            case HTTP_ROUTE -> ((HTTPRoute) route).parentRefs();
            case GRPC_ROUTE -> ((GRPCRoute) route).parentRefs();
            case TLS_ROUTE -> ((TLSRoute) route).parentRefs();
            case TCP_ROUTE -> ((TCPRoute) route).parentRefs();
            default -> throw new IllegalArgumentException("not a route kind: " + kind);
        };
        List<String> hostnames = switch (kind) {
            case HTTP_ROUTE -> ((HTTPRoute) route).hostnames();
            case GRPC_ROUTE -> ((GRPCRoute) route).hostnames();
            case TLS_ROUTE -> ((TLSRoute) route).hostnames();
            default -> List.of();
        };
        for (GatewayApi.ParentRef parentRef : parentRefs) {
            if (!GatewaySelection.isRefTo(parentRef, gateway)) {
                continue;
            }
            StatusRecorder.ParentEntry parent = status.parent(statusRef(parentRef));
            if (gatewayNotProgrammed) {
                parent.addCondition(StatusCondition.ACCEPTED, StatusCondition.FALSE, "InvalidGateway", "Invalid Gateway").asRecorded();
                continue;
            }
            Map<String, ListenerInfo> allowed = listenersFor(ctx, gateway, gw, parentRef, kind, route.namespace(), listeners, parent);
            if (allowed.isEmpty()) {
                resolveRouteRefs(ctx, route, parent); // gw-part2: upstream's resolveRouteRefs
            }

            List<String> otherHostnames = new ArrayList<>();
            for (ListenerInfo l : listeners) {
                if (!allowed.containsKey(l.name()) && !l.listener().hostname().isEmpty()) {
                    otherHostnames.add(l.listener().hostname());
                }
            }
            int hostCount = 0;
            for (ListenerInfo l : allowed.values()) {
                Set<String> hosts = Set.of();
                if (kind != Kind.TCP_ROUTE) {
                    List<String> errors = new ArrayList<>();
                    hosts = computeHosts(hostnames, l.listener().hostname(), otherHostnames, errors);
                    for (String e : errors) {
                        parent.addCondition(StatusCondition.RESOLVED_REFS, StatusCondition.FALSE, "Degraded", e);
                    }
                    if (hosts.isEmpty()) {
                        continue;
                    }
                }
                // gw-part2: dispatched by kind where upstream's processRoute switches on the route's type
                switch (kind) {
                    case HTTP_ROUTE -> HTTPRouteRules.compute(ctx, (HTTPRoute) route, parent, parentRef, l, hosts);
                    case TLS_ROUTE -> StreamRouteRules.computeTls(ctx, (TLSRoute) route, parent, l, hosts);
                    case GRPC_ROUTE -> GRPCRouteRules.compute(ctx, (GRPCRoute) route, parent, l, hosts);
                    case TCP_ROUTE -> StreamRouteRules.computeTcp(ctx, (TCPRoute) route, parent, l);
                    default -> throw new IllegalArgumentException("not a route kind: " + kind);
                }
                hostCount += hosts.size();
            }
            if (kind != Kind.TCP_ROUTE && hostCount == 0 && !parent.hasCondition(StatusCondition.ACCEPTED)) {
                parent.addCondition(StatusCondition.ACCEPTED, StatusCondition.FALSE, "NoMatchingListenerHostname",
                        "No intersecting hostnames were found between the listener and the route.");
            }
        }
    }

    /** gw-part2: upstream's resolveRouteRefs, by kind: a route no listener of the parent takes still has its refs checked. */
    private static void resolveRouteRefs(BuildContext ctx, K8sObject route, StatusRecorder.ParentEntry parent) {
        switch (route.kind()) {
            case HTTP_ROUTE -> HTTPRouteRules.resolveRefs(ctx, (HTTPRoute) route, parent);
            case GRPC_ROUTE -> GRPCRouteRules.resolveRefs(ctx, (GRPCRoute) route, parent);
            case TLS_ROUTE -> StreamRouteRules.resolveRefs(ctx, "TLSRoute", route.namespace(), ((TLSRoute) route).rules(), parent);
            default -> { } // upstream checks no TCPRoute refs here
        }
    }

    private static ParentRef statusRef(GatewayApi.ParentRef p) {
        return new ParentRef(p.group(), p.kind(), p.namespace(), p.name(), p.sectionName(), p.port());
    }

    /**
     * Upstream's getListenersForRouteParentRef: the listeners the parentRef selects (its sectionName and port, each
     * when given, must match), those of them that allow the route's kind and namespace (each counted as an attached
     * route, ready or not), and of those the ready ones. None selected and ready is {@code NoMatchingParent}; none
     * allowing the route is {@code NotAllowedByListeners}.
     */
    private static Map<String, ListenerInfo> listenersFor(BuildContext ctx, Gateway gateway, StatusRecorder.GatewayEntry gw,
            GatewayApi.ParentRef parentRef, Kind routeKind, String routeNamespace, List<ListenerInfo> listeners,
            StatusRecorder.ParentEntry parent) {
        Map<String, ListenerInfo> allowed = new LinkedHashMap<>();
        int ready = 0;
        for (ListenerInfo l : listeners) {
            if (!parentRef.sectionName().isEmpty() && !parentRef.sectionName().equals(l.name())) {
                continue;
            }
            if (parentRef.port() != 0 && parentRef.port() != l.listener().port()) {
                continue;
            }
            if (l.ready()) {
                ready++;
            }
            if (!l.allowsKind(routeKind) || !namespaceMatches(ctx, gateway, l, routeNamespace)) {
                continue;
            }
            gw.listener(l.name()).attachRoute();
            if (l.ready()) {
                allowed.put(l.name(), l);
            }
        }
        if (ready == 0) {
            parent.addCondition(StatusCondition.ACCEPTED, StatusCondition.FALSE, "NoMatchingParent", "No listeners match this parent ref");
            return Map.of();
        }
        if (allowed.isEmpty()) {
            parent.addCondition(StatusCondition.ACCEPTED, StatusCondition.FALSE, "NotAllowedByListeners",
                    "No listeners included by this parent ref allowed this attachment.");
        }
        return allowed;
    }

    /**
     * Upstream's namespaceMatches: All, Same (the Gateway's namespace), or Selector over the route namespace's
     * labels; a namespace that is not in the input is let through, as upstream lets through one not in its cache.
     */
    private static boolean namespaceMatches(BuildContext ctx, Gateway gateway, ListenerInfo l, String routeNamespace) {
        switch (l.listener().allowedRoutes().namespaces().from()) {
            case "All" -> {
                return true;
            }
            case "Same" -> {
                return gateway.namespace().equals(routeNamespace);
            }
            case "Selector" -> {
                Optional<Namespace> ns = ctx.resources().get(Kind.NAMESPACE, "", routeNamespace, Namespace.class);
                if (ns.isPresent() && l.namespaceSelector() != null) {
                    return LabelSelectors.matches(l.namespaceSelector(), ns.get().metadata().labels());
                }
                return true;
            }
            default -> {
                return true;
            }
        }
    }

    /**
     * Upstream's computeHosts: the hostnames a route serves on a listener. No route hostnames: the listener's, or
     * {@code *}. Otherwise each valid route hostname that equals the listener's, or matches its wildcard, or whose
     * wildcard matches the listener's (then the listener's), leaving out those another listener's hostname claims
     * more specifically. Invalid route hostnames are reported in {@code errors}.
     */
    static Set<String> computeHosts(List<String> routeHostnames, String listenerHostname, List<String> otherListenerHosts,
            List<String> errors) {
        if (routeHostnames.isEmpty()) {
            return Set.of(listenerHostname.isEmpty() ? "*" : listenerHostname);
        }
        Set<String> out = new LinkedHashSet<>();
        for (String h : routeHostnames) {
            String err = GatewayListeners.hostnameError(h);
            if (err != null) {
                errors.add(err);
                continue;
            }
            if (listenerHostname.isEmpty()) {
                if (!otherIntersection(h, listenerHostname, otherListenerHosts)) {
                    out.add(h);
                }
            } else if (listenerHostname.equals(h)) {
                out.add(h);
            } else if (listenerHostname.startsWith("*")) {
                if (matchesWildcard(h, listenerHostname) && !otherIntersection(h, listenerHostname, otherListenerHosts)) {
                    out.add(h);
                }
            } else if (h.startsWith("*")) {
                if (matchesWildcard(listenerHostname, h)) {
                    out.add(listenerHostname);
                }
            }
        }
        return out;
    }

    private static boolean otherIntersection(String routeHostname, String listenerHostname, List<String> others) {
        for (String other : others) {
            if (routeHostname.equals(other)) {
                return true;
            }
            if (other.startsWith("*") && matchesWildcard(routeHostname, other) && other.length() > listenerHostname.length()) {
                return true;
            }
        }
        return false;
    }

    /** The hostname ends with the wildcard's suffix and has at least one character more. */
    private static boolean matchesWildcard(String hostname, String wildcard) {
        String suffix = wildcard.substring(1);
        return hostname.endsWith(suffix) && hostname.length() > suffix.length();
    }
}
