package io.contourcore.model;

import java.util.List;

/**
 * A {@code gateway.networking.k8s.io/v1} HTTPRoute with the API server's defaults filled in: a rule without matches
 * matches {@code PathPrefix /}, a path match's type is PathPrefix, header and query matches are Exact, parentRefs
 * name a {@code gateway.networking.k8s.io} Gateway, backendRefs a core Service with weight 1.
 *
 * <pre>{@code
 * HTTPRoute r = resources.get(Kind.HTTP_ROUTE, "apps", "web", HTTPRoute.class).orElseThrow();
 * r.rules().get(0).matches().get(0).path(); // PathMatch[type=PathPrefix, value=/]
 * }</pre>
 */
public record HTTPRoute(ObjectMeta metadata, List<GatewayApi.ParentRef> parentRefs, List<String> hostnames,
                        List<Rule> rules) implements K8sObject {

    /**
     * One rule.
     *
     * @param timeouts null when unwritten
     * @param sessionPersistence null when unwritten
     */
    public record Rule(String name, List<Match> matches, List<Filter> filters, List<GatewayApi.BackendRef> backendRefs,
                       Timeouts timeouts, SessionPersistence sessionPersistence) {
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
     * @param path null when unwritten
     * @param method {@code ""} for any method
     */
    public record Match(PathMatch path, List<ValueMatch> headers, List<ValueMatch> queryParams, String method) {
        public Match {
            headers = GatewayApi.list(headers);
            queryParams = GatewayApi.list(queryParams);
            method = GatewayApi.text(method);
        }
    }

    /** @param type {@code Exact}, {@code PathPrefix} or {@code RegularExpression} */
    public record PathMatch(String type, String value) {
        public PathMatch {
            type = type == null || type.isEmpty() ? "PathPrefix" : type;
            value = GatewayApi.text(value);
        }
    }

    /** A header or query parameter match; {@code type} is {@code Exact} or {@code RegularExpression}. */
    public record ValueMatch(String type, String name, String value) {
        public ValueMatch {
            type = type == null || type.isEmpty() ? "Exact" : type;
            name = GatewayApi.text(name);
            value = GatewayApi.text(value);
        }
    }

    /**
     * A filter: {@code type} names which one of the other components is set (the others are null).
     *
     * <pre>{@code
     * Filter f = route.rules().get(0).filters().get(0);
     * switch (f.type()) { case "RequestRedirect" -> redirect(f.requestRedirect()); default -> { } }
     * }</pre>
     */
    public record Filter(String type, HeaderModifier requestHeaderModifier, HeaderModifier responseHeaderModifier,
                         RequestRedirect requestRedirect, URLRewrite urlRewrite, RequestMirror requestMirror,
                         GatewayApi.ObjectReference extensionRef) {
        public Filter {
            type = GatewayApi.text(type);
        }
    }

    /** Headers to set (replacing), add (appending) and remove. */
    public record HeaderModifier(List<Header> set, List<Header> add, List<String> remove) {
        public HeaderModifier {
            set = GatewayApi.list(set);
            add = GatewayApi.list(add);
            remove = GatewayApi.list(remove);
        }
    }

    public record Header(String name, String value) {
        public Header {
            name = GatewayApi.text(name);
            value = GatewayApi.text(value);
        }
    }

    /**
     * @param port 0 when unwritten
     * @param path null when unwritten
     * @param statusCode 302 unless written
     */
    public record RequestRedirect(String scheme, String hostname, PathModifier path, int port, int statusCode) {
        public RequestRedirect {
            scheme = GatewayApi.text(scheme);
            hostname = GatewayApi.text(hostname);
            port = GatewayApi.checkedPort(port, "redirect port");
        }
    }

    /** @param path null when unwritten */
    public record URLRewrite(String hostname, PathModifier path) {
        public URLRewrite {
            hostname = GatewayApi.text(hostname);
        }
    }

    /** @param type {@code ReplaceFullPath} or {@code ReplacePrefixMatch}, with the matching value set */
    public record PathModifier(String type, String replaceFullPath, String replacePrefixMatch) {
        public PathModifier {
            type = GatewayApi.text(type);
            replaceFullPath = GatewayApi.text(replaceFullPath);
            replacePrefixMatch = GatewayApi.text(replacePrefixMatch);
        }
    }

    /**
     * Mirrors requests to a backend: all of them, or {@code percent} of them, or {@code numerator/denominator}.
     *
     * @param percent null when unwritten
     * @param fraction null when unwritten
     */
    public record RequestMirror(GatewayApi.BackendRef backendRef, Integer percent, Fraction fraction) {
        public RequestMirror {
            if (backendRef == null) {
                throw new IllegalArgumentException("requestMirror.backendRef is required");
            }
        }
    }

    /** @param denominator 100 unless written */
    public record Fraction(int numerator, int denominator) {}

    /** Durations as written (Gateway API duration strings), {@code ""} when unwritten. */
    public record Timeouts(String request, String backendRequest) {
        public Timeouts {
            request = GatewayApi.text(request);
            backendRequest = GatewayApi.text(backendRequest);
        }
    }

    /** @param type {@code Cookie} unless written; {@code cookieLifetimeType} {@code Session} unless written */
    public record SessionPersistence(String sessionName, String absoluteTimeout, String idleTimeout, String type,
                                     String cookieLifetimeType) {
        public SessionPersistence {
            sessionName = GatewayApi.text(sessionName);
            absoluteTimeout = GatewayApi.text(absoluteTimeout);
            idleTimeout = GatewayApi.text(idleTimeout);
            type = type == null || type.isEmpty() ? "Cookie" : type;
            cookieLifetimeType = GatewayApi.text(cookieLifetimeType);
        }
    }

    public HTTPRoute {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required");
        }
        parentRefs = GatewayApi.list(parentRefs);
        hostnames = GatewayApi.list(hostnames);
        rules = GatewayApi.list(rules);
    }

    @Override
    public Kind kind() {
        return Kind.HTTP_ROUTE;
    }
}
