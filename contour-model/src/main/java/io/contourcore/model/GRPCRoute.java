package io.contourcore.model;

import java.util.List;

/**
 * A {@code gateway.networking.k8s.io/v1} GRPCRoute with the API server's defaults filled in: a method or header
 * match's type is Exact, parentRefs name a {@code gateway.networking.k8s.io} Gateway, backendRefs a core Service
 * with weight 1. Filters share HTTPRoute's shape: a GRPCRoute may only use RequestHeaderModifier,
 * ResponseHeaderModifier, RequestMirror and ExtensionRef.
 *
 * <pre>{@code
 * GRPCRoute r = resources.get(Kind.GRPC_ROUTE, "apps", "echo", GRPCRoute.class).orElseThrow();
 * r.rules().get(0).matches().get(0).method(); // MethodMatch[type=Exact, service=echo.Echo, method=Ping]
 * }</pre>
 */
public record GRPCRoute(ObjectMeta metadata, List<GatewayApi.ParentRef> parentRefs, List<String> hostnames,
                        List<Rule> rules) implements K8sObject {

    /** One rule; no matches matches every gRPC request. */
    public record Rule(String name, List<Match> matches, List<HTTPRoute.Filter> filters,
                       List<GatewayApi.BackendRef> backendRefs) {
        public Rule {
            name = GatewayApi.text(name);
            matches = GatewayApi.list(matches);
            filters = GatewayApi.list(filters);
            backendRefs = GatewayApi.list(backendRefs);
        }
    }

    /**
     * One match: every part written must hold.
     *
     * @param method null when unwritten (every service and method)
     * @param headers {@code Exact} or {@code RegularExpression} header matches
     */
    public record Match(MethodMatch method, List<HTTPRoute.ValueMatch> headers) {
        public Match {
            headers = GatewayApi.list(headers);
        }
    }

    /** @param type {@code Exact} (the default) or {@code RegularExpression}; service and method {@code ""} when unwritten */
    public record MethodMatch(String type, String service, String method) {
        public MethodMatch {
            type = type == null || type.isEmpty() ? "Exact" : type;
            service = GatewayApi.text(service);
            method = GatewayApi.text(method);
        }
    }

    public GRPCRoute {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required");
        }
        parentRefs = GatewayApi.list(parentRefs);
        hostnames = GatewayApi.list(hostnames);
        rules = GatewayApi.list(rules);
    }

    @Override
    public Kind kind() {
        return Kind.GRPC_ROUTE;
    }
}
