package io.contourcore.model.yaml;

import static io.contourcore.model.yaml.CrdFields.flag;
import static io.contourcore.model.yaml.CrdFields.int32;
import static io.contourcore.model.yaml.CrdFields.int64;
import static io.contourcore.model.yaml.CrdFields.num;
import static io.contourcore.model.yaml.CrdFields.requirePresent;
import static io.contourcore.model.yaml.CrdFields.str;

import io.contourcore.model.HttpText;
import io.contourcore.model.IngressRoute;
import io.contourcore.model.K8sObject;
import io.contourcore.model.ObjectMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code contour.heptio.com/v1beta1} IngressRoute with the checks of its CRD's OpenAPI schema (Contour release-1.5):
 * types, {@code spec} required, {@code virtualhost.fqdn}, {@code routes[].match}, {@code services[].name} and
 * {@code port}, {@code healthCheck.path}, {@code validation.caSecret} and {@code subjectName}, {@code delegate.name}
 * required, and {@code minimum: 0} on weights, retry counts and health-check thresholds. Everything else (a port out
 * of range, a blank fqdn, a path that leaves its parent's prefix) is upstream's status, not bad input.
 *
 * <pre>{@code
 * IngressRoute ir = (IngressRoute) IngressRouteDecoder.INSTANCE.decode(metadata, object);
 * }</pre>
 */
final class IngressRouteDecoder implements ObjectDecoder {

    static final IngressRouteDecoder INSTANCE = new IngressRouteDecoder();

    @Override
    public K8sObject decode(ObjectMeta metadata, Field object) {
        Field spec = object.get("spec");
        requirePresent(spec);
        if (!spec.present()) {
            return null;
        }
        Field vhField = spec.get("virtualhost");
        IngressRoute.VirtualHost vh = vhField.present() ? virtualHost(vhField) : null;
        List<IngressRoute.Route> routes = new ArrayList<>();
        for (Field r : spec.get("routes").items()) {
            routes.add(route(r));
        }
        Field tcp = spec.get("tcpproxy");
        IngressRoute.TcpProxy tcpProxy = tcp.present()
                ? new IngressRoute.TcpProxy(services(tcp.get("services")), delegate(tcp.get("delegate"))) : null;
        return new IngressRoute(metadata, new IngressRoute.Spec(vh, routes, tcpProxy));
    }

    private static IngressRoute.VirtualHost virtualHost(Field f) {
        requirePresent(f.get("fqdn"));
        Field tls = f.get("tls");
        return new IngressRoute.VirtualHost(httpText(f.get("fqdn"), HttpText.Use.HEADER_VALUE), tls.present()
                ? new IngressRoute.Tls(str(tls.get("secretName")), str(tls.get("minimumProtocolVersion")),
                        flag(tls.get("passthrough")))
                : null);
    }

    private static IngressRoute.Route route(Field f) {
        requirePresent(f.get("match"));
        Field timeout = f.get("timeoutPolicy");
        Field retry = f.get("retryPolicy");
        return new IngressRoute.Route(httpText(f.get("match"), HttpText.Use.PATH), services(f.get("services")),
                delegate(f.get("delegate")), flag(f.get("enableWebsockets")), flag(f.get("permitInsecure")),
                httpText(f.get("prefixRewrite"), HttpText.Use.PATH),
                timeout.present() ? new IngressRoute.TimeoutPolicy(str(timeout.get("request"))) : null,
                retry.present() ? new IngressRoute.RetryPolicy(num(retry.get("count"), 0, 0, Long.MAX_VALUE),
                        str(retry.get("perTryTimeout"))) : null);
    }

    private static List<IngressRoute.Service> services(Field f) {
        List<IngressRoute.Service> out = new ArrayList<>();
        for (Field s : f.items()) {
            requirePresent(s.get("name"));
            requirePresent(s.get("port"));
            Field hc = s.get("healthCheck");
            IngressRoute.HealthCheck health = null;
            if (hc.present()) {
                requirePresent(hc.get("path"));
                health = new IngressRoute.HealthCheck(httpText(hc.get("path"), HttpText.Use.PATH),
                        httpText(hc.get("host"), HttpText.Use.HEADER_VALUE), int64(hc.get("intervalSeconds")),
                        int64(hc.get("timeoutSeconds")), num(hc.get("unhealthyThresholdCount"), 0, 0, Long.MAX_VALUE),
                        num(hc.get("healthyThresholdCount"), 0, 0, Long.MAX_VALUE));
            }
            Field v = s.get("validation");
            IngressRoute.UpstreamValidation validation = null;
            if (v.present()) {
                requirePresent(v.get("caSecret"));
                requirePresent(v.get("subjectName"));
                validation = new IngressRoute.UpstreamValidation(str(v.get("caSecret")), str(v.get("subjectName")));
            }
            out.add(new IngressRoute.Service(str(s.get("name")), (int) int32(s.get("port")),
                    num(s.get("weight"), 0, 0, Long.MAX_VALUE), str(s.get("strategy")), health, validation));
        }
        return out;
    }

    /**
     * A string that reaches Envoy as a host, path or header: the IngressRoute-era CRD puts no pattern on it, but
     * Envoy refuses CR, LF and NUL there (the fqdn becomes a virtual host's domain, matched as the Host header), and
     * one such route configuration would be refused whole. Bad input at the field, as for HTTPProxy and Ingress.
     */
    private static String httpText(Field f, HttpText.Use use) {
        String s = str(f);
        HttpText.violation(s, use).ifPresent(why -> f.error("Invalid value: " + why));
        return s;
    }

    private static IngressRoute.Delegate delegate(Field f) {
        if (!f.present()) {
            return null;
        }
        requirePresent(f.get("name"));
        return new IngressRoute.Delegate(str(f.get("name")), str(f.get("namespace")));
    }
}
