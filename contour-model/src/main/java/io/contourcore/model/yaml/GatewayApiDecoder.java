package io.contourcore.model.yaml;

import static io.contourcore.model.yaml.CrdFields.str;

import io.contourcore.model.BackendTLSPolicy;
import io.contourcore.model.GRPCRoute;
import io.contourcore.model.Gateway;
import io.contourcore.model.GatewayApi;
import io.contourcore.model.GatewayClass;
import io.contourcore.model.HTTPRoute;
import io.contourcore.model.K8sObject;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.ReferenceGrant;
import io.contourcore.model.TCPRoute;
import io.contourcore.model.TLSRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Gateway API kinds ({@code gateway.networking.k8s.io}, v1.3.0): the object is admitted first as the API server
 * would ({@link GatewayAdmission}: the CRD's schema, its defaults, its CEL rules, every violation located at its
 * field), then read from the defaulted value, so the records hold what the API server would have stored.
 *
 * <pre>{@code
 * HTTPRoute r = (HTTPRoute) GatewayApiDecoder.forKind(Kind.HTTP_ROUTE).decode(metadata, object);
 * }</pre>
 */
final class GatewayApiDecoder implements ObjectDecoder {

    private static final GatewayApiDecoder GATEWAY_CLASS = new GatewayApiDecoder(Kind.GATEWAY_CLASS);
    private static final GatewayApiDecoder GATEWAY = new GatewayApiDecoder(Kind.GATEWAY);
    private static final GatewayApiDecoder HTTP_ROUTE = new GatewayApiDecoder(Kind.HTTP_ROUTE);
    private static final GatewayApiDecoder REFERENCE_GRANT = new GatewayApiDecoder(Kind.REFERENCE_GRANT);

    private static final GatewayApiDecoder GRPC_ROUTE = new GatewayApiDecoder(Kind.GRPC_ROUTE);
    private static final GatewayApiDecoder TLS_ROUTE = new GatewayApiDecoder(Kind.TLS_ROUTE);
    private static final GatewayApiDecoder TCP_ROUTE = new GatewayApiDecoder(Kind.TCP_ROUTE);
    private static final GatewayApiDecoder BACKEND_TLS_POLICY = new GatewayApiDecoder(Kind.BACKEND_TLS_POLICY);

    private final Kind kind;

    private GatewayApiDecoder(Kind kind) {
        this.kind = kind;
    }

    /** The decoder of a Gateway API kind, or null for a kind of another group. */
    static GatewayApiDecoder forKind(Kind kind) {
        return switch (kind) {
            case GATEWAY_CLASS -> GATEWAY_CLASS;
            case GATEWAY -> GATEWAY;
            case HTTP_ROUTE -> HTTP_ROUTE;
            case REFERENCE_GRANT -> REFERENCE_GRANT;
            case GRPC_ROUTE -> GRPC_ROUTE;
            case TLS_ROUTE -> TLS_ROUTE;
            case TCP_ROUTE -> TCP_ROUTE;
            case BACKEND_TLS_POLICY -> BACKEND_TLS_POLICY;
            default -> null;
        };
    }

    @Override
    public K8sObject decode(ObjectMeta metadata, Field object) {
        Field apiVersion = object.get("apiVersion");
        String written = apiVersion.string();
        String version = written == null ? kind.versions().get(0) : written.substring(written.lastIndexOf('/') + 1);
        if (!GatewayAdmission.serves(kind, version)) {
            apiVersion.error(kind.kindName() + " " + written + " is not served by the Gateway API v1.3.0 CRDs; use "
                    + kind.apiVersion());
            return null;
        }
        int before = object.errorsSoFar();
        Field written_spec = object.get("spec");
        Field spec = written_spec.with(GatewayAdmission.admit(kind, version, written_spec));
        if (object.errorsSoFar() > before) {
            return null;
        }
        return switch (kind) {
            case GATEWAY_CLASS -> new GatewayClass(metadata, str(spec.get("controllerName")),
                    reference(spec.get("parametersRef")), str(spec.get("description")));
            case GATEWAY -> gateway(metadata, spec, object.get("status"));
            case HTTP_ROUTE -> httpRoute(metadata, spec);
            case REFERENCE_GRANT -> new ReferenceGrant(metadata,
                    each(spec.get("from"), f -> new ReferenceGrant.From(str(f.get("group")), str(f.get("kind")), str(f.get("namespace")))),
                    each(spec.get("to"), t -> new ReferenceGrant.To(str(t.get("group")), str(t.get("kind")), str(t.get("name")))));
            case GRPC_ROUTE -> grpcRoute(metadata, spec);
            case TLS_ROUTE -> new TLSRoute(metadata, parentRefs(spec.get("parentRefs")), spec.get("hostnames").stringList(),
                    streamRules(spec.get("rules")));
            case TCP_ROUTE -> new TCPRoute(metadata, parentRefs(spec.get("parentRefs")), streamRules(spec.get("rules")));
            case BACKEND_TLS_POLICY -> backendTlsPolicy(metadata, spec);
            default -> throw new IllegalStateException("no Gateway API decoder for " + kind);
        };
    }

    private static Gateway gateway(ObjectMeta metadata, Field spec, Field status) {
        List<Gateway.Listener> listeners = each(spec.get("listeners"), l -> {
            Field tls = l.get("tls");
            Field allowed = l.get("allowedRoutes");
            Field namespaces = allowed.get("namespaces");
            Gateway.AllowedRoutes routes = new Gateway.AllowedRoutes(
                    new Gateway.RouteNamespaces(str(namespaces.get("from")), selector(namespaces.get("selector"))),
                    each(allowed.get("kinds"), k -> new Gateway.RouteGroupKind(str(k.get("group")), str(k.get("kind")))));
            return new Gateway.Listener(str(l.get("name")), str(l.get("hostname")), number(l.get("port")),
                    str(l.get("protocol")),
                    tls.present() ? new Gateway.Tls(str(tls.get("mode")), each(tls.get("certificateRefs"), GatewayApiDecoder::reference),
                            tls.get("options").stringMap()) : null,
                    routes);
        });
        Field infra = spec.get("infrastructure");
        return new Gateway(metadata, str(spec.get("gatewayClassName")), listeners,
                each(spec.get("addresses"), a -> new Gateway.Address(str(a.get("type")), str(a.get("value")))),
                infra.present() ? new Gateway.Infrastructure(infra.get("labels").stringMap(),
                        infra.get("annotations").stringMap(), reference(infra.get("parametersRef"))) : null,
                each(status.get("addresses"), a -> new Gateway.Address(str(a.get("type")), str(a.get("value")))));
    }

    private static HTTPRoute httpRoute(ObjectMeta metadata, Field spec) {
        List<HTTPRoute.Rule> rules = each(spec.get("rules"), r -> {
            Field timeouts = r.get("timeouts");
            Field sp = r.get("sessionPersistence");
            return new HTTPRoute.Rule(str(r.get("name")),
                    each(r.get("matches"), m -> {
                        Field path = m.get("path");
                        return new HTTPRoute.Match(
                                path.present() ? new HTTPRoute.PathMatch(str(path.get("type")), str(path.get("value"))) : null,
                                each(m.get("headers"), GatewayApiDecoder::valueMatch),
                                each(m.get("queryParams"), GatewayApiDecoder::valueMatch),
                                str(m.get("method")));
                    }),
                    each(r.get("filters"), GatewayApiDecoder::filter),
                    each(r.get("backendRefs"), GatewayApiDecoder::backendRef),
                    timeouts.present() ? new HTTPRoute.Timeouts(str(timeouts.get("request")), str(timeouts.get("backendRequest"))) : null,
                    sp.present() ? new HTTPRoute.SessionPersistence(str(sp.get("sessionName")), str(sp.get("absoluteTimeout")),
                            str(sp.get("idleTimeout")), str(sp.get("type")), str(sp.get("cookieConfig").get("lifetimeType"))) : null);
        });
        return new HTTPRoute(metadata, parentRefs(spec.get("parentRefs")), spec.get("hostnames").stringList(), rules);
    }

    private static GRPCRoute grpcRoute(ObjectMeta metadata, Field spec) {
        List<GRPCRoute.Rule> rules = each(spec.get("rules"), r -> new GRPCRoute.Rule(str(r.get("name")),
                each(r.get("matches"), m -> {
                    Field method = m.get("method");
                    return new GRPCRoute.Match(
                            method.present() ? new GRPCRoute.MethodMatch(str(method.get("type")), str(method.get("service")),
                                    str(method.get("method"))) : null,
                            each(m.get("headers"), GatewayApiDecoder::valueMatch));
                }),
                each(r.get("filters"), GatewayApiDecoder::filter),
                each(r.get("backendRefs"), GatewayApiDecoder::backendRef)));
        return new GRPCRoute(metadata, parentRefs(spec.get("parentRefs")), spec.get("hostnames").stringList(), rules);
    }

    private static List<TLSRoute.StreamRule> streamRules(Field rules) {
        return each(rules, r -> new TLSRoute.StreamRule(str(r.get("name")), each(r.get("backendRefs"), GatewayApiDecoder::backendRef)));
    }

    private static BackendTLSPolicy backendTlsPolicy(ObjectMeta metadata, Field spec) {
        Field v = spec.get("validation");
        return new BackendTLSPolicy(metadata,
                each(spec.get("targetRefs"), t -> new BackendTLSPolicy.TargetRef(str(t.get("group")), str(t.get("kind")),
                        str(t.get("name")), str(t.get("sectionName")))),
                new BackendTLSPolicy.Validation(each(v.get("caCertificateRefs"), GatewayApiDecoder::reference),
                        str(v.get("wellKnownCACertificates")), str(v.get("hostname")),
                        each(v.get("subjectAltNames"), a -> new BackendTLSPolicy.SubjectAltName(str(a.get("type")),
                                str(a.get("hostname")), str(a.get("uri"))))),
                spec.get("options").stringMap());
    }

    static List<GatewayApi.ParentRef> parentRefs(Field f) {
        return each(f, p -> new GatewayApi.ParentRef(str(p.get("group")), str(p.get("kind")), str(p.get("namespace")),
                str(p.get("name")), str(p.get("sectionName")), number(p.get("port"))));
    }

    private static HTTPRoute.ValueMatch valueMatch(Field m) {
        return new HTTPRoute.ValueMatch(str(m.get("type")), str(m.get("name")), str(m.get("value")));
    }

    static GatewayApi.BackendRef backendRef(Field b) {
        return new GatewayApi.BackendRef(str(b.get("group")), str(b.get("kind")), str(b.get("namespace")),
                str(b.get("name")), number(b.get("port")), b.get("weight").present() ? number(b.get("weight")) : 1,
                each(b.get("filters"), GatewayApiDecoder::filter));
    }

    private static HTTPRoute.Filter filter(Field f) {
        Field redirect = f.get("requestRedirect");
        Field rewrite = f.get("urlRewrite");
        Field mirror = f.get("requestMirror");
        Field fraction = mirror.get("fraction");
        return new HTTPRoute.Filter(str(f.get("type")),
                headerModifier(f.get("requestHeaderModifier")),
                headerModifier(f.get("responseHeaderModifier")),
                redirect.present() ? new HTTPRoute.RequestRedirect(str(redirect.get("scheme")), str(redirect.get("hostname")),
                        pathModifier(redirect.get("path")), number(redirect.get("port")), number(redirect.get("statusCode"))) : null,
                rewrite.present() ? new HTTPRoute.URLRewrite(str(rewrite.get("hostname")), pathModifier(rewrite.get("path"))) : null,
                mirror.present() ? new HTTPRoute.RequestMirror(backendRef(mirror.get("backendRef")),
                        mirror.get("percent").present() ? number(mirror.get("percent")) : null,
                        fraction.present() ? new HTTPRoute.Fraction(number(fraction.get("numerator")),
                                number(fraction.get("denominator"))) : null) : null,
                reference(f.get("extensionRef")));
    }

    private static HTTPRoute.HeaderModifier headerModifier(Field f) {
        if (!f.present()) {
            return null;
        }
        Function<Field, HTTPRoute.Header> header = h -> new HTTPRoute.Header(str(h.get("name")), str(h.get("value")));
        return new HTTPRoute.HeaderModifier(each(f.get("set"), header), each(f.get("add"), header), f.get("remove").stringList());
    }

    private static HTTPRoute.PathModifier pathModifier(Field f) {
        return f.present() ? new HTTPRoute.PathModifier(str(f.get("type")), str(f.get("replaceFullPath")),
                str(f.get("replacePrefixMatch"))) : null;
    }

    private static GatewayApi.ObjectReference reference(Field f) {
        return f.present() ? new GatewayApi.ObjectReference(str(f.get("group")), str(f.get("kind")),
                str(f.get("namespace")), str(f.get("name"))) : null;
    }

    private static GatewayApi.LabelSelector selector(Field f) {
        return f.present() ? new GatewayApi.LabelSelector(f.get("matchLabels").stringMap(),
                each(f.get("matchExpressions"), e -> new GatewayApi.Requirement(str(e.get("key")), str(e.get("operator")),
                        e.get("values").stringList()))) : null;
    }

    /** An integer admission has already checked; 0 when unwritten. */
    private static int number(Field f) {
        Long v = f.integer();
        return v == null ? 0 : v.intValue();
    }

    private static <T> List<T> each(Field list, Function<Field, T> item) {
        List<T> out = new ArrayList<>();
        for (Field f : list.items()) {
            out.add(item.apply(f));
        }
        return out;
    }
}
