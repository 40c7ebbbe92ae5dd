package io.contourcore.model.yaml;

import static io.contourcore.model.yaml.CrdFields.flag;
import static io.contourcore.model.yaml.CrdFields.int32;
import static io.contourcore.model.yaml.CrdFields.int64;
import static io.contourcore.model.yaml.CrdFields.matching;
import static io.contourcore.model.yaml.CrdFields.nonEmpty;
import static io.contourcore.model.yaml.CrdFields.nonEmptyItems;
import static io.contourcore.model.yaml.CrdFields.num;
import static io.contourcore.model.yaml.CrdFields.oneOf;
import static io.contourcore.model.yaml.CrdFields.requirePresent;
import static io.contourcore.model.yaml.CrdFields.required;
import static io.contourcore.model.yaml.CrdFields.str;

import io.contourcore.model.HTTPProxy;
import io.contourcore.model.K8sObject;
import io.contourcore.model.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code projectcontour.io/v1} HTTPProxy: every block of the v1 spec, with the API server's defaults filled in
 * ({@code retryPolicy.count} 1, {@code authorization.serviceType} grpc, {@code requestRedirectPolicy.statusCode} 302,
 * {@code expectMatch} true, slow start aggression 1.0 and minimum weight 10%, {@code allowCrossSchemeRedirect} Never,
 * {@code withRequestBody.maxRequestBytes} 1024) and the CRD schema's checks: types, required fields, ranges, enums and
 * validation rules here, patterns and the rest through {@link HTTPProxy#schemaViolations()}, located at the field.
 *
 * <pre>{@code
 * HTTPProxy p = (HTTPProxy) HTTPProxyDecoder.INSTANCE.decode(metadata, object);
 * }</pre>
 */
final class HTTPProxyDecoder implements ObjectDecoder {

    static final HTTPProxyDecoder INSTANCE = new HTTPProxyDecoder();

    private static final Pattern AGGRESSION = Pattern.compile("^([0-9]+([.][0-9]+)?|[.][0-9]+)$");
    private static final List<String> RETRY_ON = List.of("5xx", "gateway-error", "reset", "reset-before-request",
            "connect-failure", "envoy-ratelimited", "retriable-4xx", "refused-stream", "retriable-status-codes",
            "retriable-headers", "http3-post-connect-failure", "cancelled", "deadline-exceeded", "internal",
            "resource-exhausted", "unavailable");
    private static final List<Long> REDIRECT_CODES = List.of(301L, 302L, 303L, 307L, 308L);

    @Override
    public K8sObject decode(ObjectMeta metadata, Field object) {
        Field spec = object.get("spec");
        Field vhField = spec.get("virtualhost");
        HTTPProxy.VirtualHost vh = vhField.present() ? virtualHost(vhField) : null;
        List<HTTPProxy.Route> routes = new ArrayList<>();
        for (Field r : spec.get("routes").items()) {
            routes.add(route(r));
        }
        List<HTTPProxy.Include> includes = new ArrayList<>();
        for (Field i : spec.get("includes").items()) {
            includes.add(new HTTPProxy.Include(str(i.get("name")), str(i.get("namespace")), conditions(i.get("conditions"))));
        }
        Field tcpField = spec.get("tcpproxy");
        HTTPProxy.TcpProxy tcp = tcpField.present() ? tcpProxy(tcpField) : null;
        HTTPProxy proxy = new HTTPProxy(metadata,
                new HTTPProxy.Spec(vh, routes, tcp, includes, str(spec.get("ingressClassName"))));
        boolean fqdnMissing = vhField.present() && !vhField.get("fqdn").present();
        for (String line : proxy.schemaViolations()) {
            if (!(fqdnMissing && line.startsWith("spec.virtualhost.fqdn:"))) {
                object.errorAtPath(line);
            }
        }
        if (tcp != null) {
            tcpServiceViolations(metadata, tcp).forEach(object::errorAtPath);
        }
        return proxy;
    }

    /**
     * The CRD gives tcpproxy services the same schema as route services (header and cookie patterns included), while
     * {@link HTTPProxy#schemaViolations()} checks only their protocol and weight; the route checks are run on them
     * here. Lines it already reports come out identical and are reported once.
     */
    private static List<String> tcpServiceViolations(ObjectMeta metadata, HTTPProxy.TcpProxy tcp) {
        String routePrefix = "spec.routes[0].services[";
        HTTPProxy probe = new HTTPProxy(metadata, new HTTPProxy.Spec(null,
                List.of(HTTPProxy.Route.to(List.of(), tcp.services())), null, List.of(), ""));
        List<String> out = new ArrayList<>();
        for (String line : probe.schemaViolations()) {
            if (line.startsWith(routePrefix)) {
                out.add("spec.tcpproxy.services[" + line.substring(routePrefix.length()));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- virtual host

    private static HTTPProxy.VirtualHost virtualHost(Field f) {
        requirePresent(f.get("fqdn"));
        Field tls = f.get("tls");
        Field auth = f.get("authorization");
        Field cors = f.get("corsPolicy");
        List<HTTPProxy.JwtProvider> jwt = new ArrayList<>();
        for (Field p : f.get("jwtProviders").items()) {
            jwt.add(jwtProvider(p));
        }
        return new HTTPProxy.VirtualHost(str(f.get("fqdn")),
                tls.present() ? tls(tls) : null,
                auth.present() ? authorization(auth) : null,
                cors.present() ? cors(cors) : null,
                rateLimitPolicy(f.get("rateLimitPolicy")),
                jwt,
                ipFilters(f.get("ipAllowPolicy"), false),
                ipFilters(f.get("ipDenyPolicy"), false));
    }

    private static HTTPProxy.Tls tls(Field f) {
        Field cv = f.get("clientValidation");
        HTTPProxy.DownstreamValidation validation = null;
        if (cv.present()) {
            Field fwd = cv.get("forwardClientCertificate");
            HTTPProxy.ClientCertificateDetails details = fwd.present()
                    ? new HTTPProxy.ClientCertificateDetails(flag(fwd.get("subject")), flag(fwd.get("cert")),
                            flag(fwd.get("chain")), flag(fwd.get("dns")), flag(fwd.get("uri")))
                    : null;
            validation = new HTTPProxy.DownstreamValidation(nonEmpty(cv.get("caSecret")),
                    flag(cv.get("skipClientCertValidation")), details, nonEmpty(cv.get("crlSecret")),
                    flag(cv.get("crlOnlyVerifyLeafCert")), flag(cv.get("optionalClientCertificate")));
        }
        return new HTTPProxy.Tls(str(f.get("secretName")), str(f.get("minimumProtocolVersion")),
                str(f.get("maximumProtocolVersion")), flag(f.get("passthrough")), validation,
                flag(f.get("enableFallbackCertificate")));
    }

    private static HTTPProxy.AuthorizationServer authorization(Field f) {
        Field ref = f.get("extensionRef");
        HTTPProxy.ExtensionServiceReference extensionRef = ref.present()
                ? new HTTPProxy.ExtensionServiceReference(nonEmpty(ref.get("apiVersion")), nonEmpty(ref.get("namespace")),
                        nonEmpty(ref.get("name")))
                : null;
        String serviceType = oneOf(f.get("serviceType"), "http", "grpc");
        if (serviceType.isEmpty()) {
            serviceType = "grpc";
        }
        Field http = f.get("httpSettings");
        HTTPProxy.HttpAuthorizationServerSettings settings = null;
        if (http.present()) {
            if (!serviceType.equals("http")) {
                f.error("httpSettings can only be set when serviceType is 'http'");
            }
            settings = new HTTPProxy.HttpAuthorizationServerSettings(str(http.get("pathPrefix")),
                    allowedHeaders(http.get("allowedAuthorizationHeaders")), allowedHeaders(http.get("allowedUpstreamHeaders")));
        }
        Field body = f.get("withRequestBody");
        HTTPProxy.AuthorizationServerBufferSettings buffer = body.present()
                ? new HTTPProxy.AuthorizationServerBufferSettings(num(body.get("maxRequestBytes"), 1024, 1, Integer.MAX_VALUE),
                        flag(body.get("allowPartialMessage")), flag(body.get("packAsBytes")))
                : null;
        return new HTTPProxy.AuthorizationServer(extensionRef, serviceType, settings, authPolicy(f.get("authPolicy")),
                str(f.get("responseTimeout")), flag(f.get("failOpen")), buffer);
    }

    private static List<HTTPProxy.AllowedHeader> allowedHeaders(Field f) {
        List<HTTPProxy.AllowedHeader> out = new ArrayList<>();
        for (Field h : f.items()) {
            int set = 0;
            for (String k : List.of("exact", "prefix", "suffix", "contains")) {
                set += h.get(k).present() ? 1 : 0;
            }
            if (set != 1) {
                h.error("only one of prefix, suffix, exact, and contains should be set in the allowedHeader");
            }
            out.add(new HTTPProxy.AllowedHeader(str(h.get("exact")), str(h.get("prefix")), str(h.get("suffix")),
                    str(h.get("contains")), flag(h.get("ignoreCase"))));
        }
        return out;
    }

    private static HTTPProxy.AuthorizationPolicy authPolicy(Field f) {
        if (!f.present()) {
            return null;
        }
        return new HTTPProxy.AuthorizationPolicy(flag(f.get("disabled")), f.get("context").stringMap());
    }

    private static HTTPProxy.CorsPolicy cors(Field f) {
        requirePresent(f.get("allowOrigin"));
        requirePresent(f.get("allowMethods"));
        return new HTTPProxy.CorsPolicy(flag(f.get("allowCredentials")),
                stringsMin1(f.get("allowOrigin")), stringsMin1(f.get("allowMethods")),
                stringsMin1(f.get("allowHeaders")), stringsMin1(f.get("exposeHeaders")),
                str(f.get("maxAge")), flag(f.get("allowPrivateNetwork")));
    }

    private static List<String> stringsMin1(Field f) {
        nonEmptyItems(f);
        return f.stringList();
    }

    private static HTTPProxy.JwtProvider jwtProvider(Field f) {
        String name = required(f.get("name"));
        Field remote = f.get("remoteJWKS");
        Field local = f.get("localJWKS");
        if (remote.present() == local.present()) {
            f.error("exactly one of remoteJWKS or localJWKS must be set");
        }
        HTTPProxy.RemoteJwks remoteJwks = null;
        if (remote.present()) {
            remoteJwks = new HTTPProxy.RemoteJwks(required(remote.get("uri")),
                    CrdFields.upstreamValidation(remote.get("validation")),
                    matching(remote.get("timeout"), CrdFields.DURATION_ONLY),
                    matching(remote.get("cacheDuration"), CrdFields.DURATION_ONLY),
                    oneOf(remote.get("dnsLookupFamily"), "auto", "v4", "v6"));
        }
        HTTPProxy.LocalJwks localJwks = local.present()
                ? new HTTPProxy.LocalJwks(required(local.get("secretName")), required(local.get("key")))
                : null;
        return new HTTPProxy.JwtProvider(name, flag(f.get("default")), str(f.get("issuer")),
                f.get("audiences").stringList(), remoteJwks, localJwks, flag(f.get("forwardJWT")));
    }

    /** {@code source} is enum-checked here for routes; the virtual host's are among the schema violations. */
    private static List<HTTPProxy.IpFilterPolicy> ipFilters(Field f, boolean checkSource) {
        List<HTTPProxy.IpFilterPolicy> out = new ArrayList<>();
        for (Field p : f.items()) {
            if (checkSource) {
                requirePresent(p.get("source"));
            }
            requirePresent(p.get("cidr"));
            String source = checkSource ? oneOf(p.get("source"), "Peer", "Remote") : str(p.get("source"));
            out.add(new HTTPProxy.IpFilterPolicy(source, str(p.get("cidr"))));
        }
        return out;
    }

    // ---------------------------------------------------------------- rate limits

    private static HTTPProxy.RateLimitPolicy rateLimitPolicy(Field f) {
        if (!f.present()) {
            return null;
        }
        Field local = f.get("local");
        HTTPProxy.LocalRateLimitPolicy localPolicy = null;
        if (local.present()) {
            requirePresent(local.get("requests"));
            requirePresent(local.get("unit"));
            List<HTTPProxy.HeaderValue> add = new ArrayList<>();
            for (Field h : local.get("responseHeadersToAdd").items()) {
                add.add(new HTTPProxy.HeaderValue(required(h.get("name")), required(h.get("value"))));
            }
            localPolicy = new HTTPProxy.LocalRateLimitPolicy(num(local.get("requests"), 0, 1, Integer.MAX_VALUE),
                    oneOf(local.get("unit"), "second", "minute", "hour"), int32(local.get("burst")),
                    num(local.get("responseStatusCode"), 0, 400, 599), add);
        }
        Field global = f.get("global");
        HTTPProxy.GlobalRateLimitPolicy globalPolicy = null;
        if (global.present()) {
            List<HTTPProxy.RateLimitDescriptor> descriptors = new ArrayList<>();
            for (Field d : nonEmptyItems(global.get("descriptors"))) {
                requirePresent(d.get("entries"));
                List<HTTPProxy.RateLimitDescriptorEntry> entries = new ArrayList<>();
                for (Field e : nonEmptyItems(d.get("entries"))) {
                    entries.add(descriptorEntry(e));
                }
                descriptors.add(new HTTPProxy.RateLimitDescriptor(entries));
            }
            globalPolicy = new HTTPProxy.GlobalRateLimitPolicy(flag(global.get("disabled")), descriptors);
        }
        return new HTTPProxy.RateLimitPolicy(localPolicy, globalPolicy);
    }

    private static HTTPProxy.RateLimitDescriptorEntry descriptorEntry(Field e) {
        Field generic = e.get("genericKey");
        Field header = e.get("requestHeader");
        Field match = e.get("requestHeaderValueMatch");
        HTTPProxy.RequestHeaderValueMatchDescriptor matchDescriptor = null;
        if (match.present()) {
            List<HTTPProxy.HeaderMatchCondition> headers = new ArrayList<>();
            for (Field h : nonEmptyItems(match.get("headers"))) {
                headers.add(headerCondition(h, true));
            }
            Boolean expect = match.get("expectMatch").bool();
            matchDescriptor = new HTTPProxy.RequestHeaderValueMatchDescriptor(headers, expect == null || expect,
                    required(match.get("value")));
        }
        Field remote = e.get("remoteAddress");
        if (remote.present()) {
            remote.members(); // a map ({}) is the only shape the schema accepts
        }
        return new HTTPProxy.RateLimitDescriptorEntry(
                generic.present() ? new HTTPProxy.GenericKeyDescriptor(str(generic.get("key")), required(generic.get("value"))) : null,
                header.present() ? new HTTPProxy.RequestHeaderDescriptor(required(header.get("headerName")),
                        required(header.get("descriptorKey"))) : null,
                matchDescriptor,
                e.node() instanceof Node.MapNode m && m.get("remoteAddress") != null);
    }

    // ---------------------------------------------------------------- routes

    private static HTTPProxy.Route route(Field f) {
        List<HTTPProxy.Service> services = new ArrayList<>();
        for (Field s : f.get("services").items()) {
            services.add(service(s));
        }
        List<HTTPProxy.CookieRewritePolicy> cookies = cookieRewrites(f.get("cookieRewritePolicies"));
        return new HTTPProxy.Route(conditions(f.get("conditions")), services, flag(f.get("enableWebsockets")),
                flag(f.get("permitInsecure")), authPolicy(f.get("authPolicy")), timeoutPolicy(f.get("timeoutPolicy")),
                retryPolicy(f.get("retryPolicy")), healthCheck(f.get("healthCheckPolicy")),
                CrdFields.loadBalancerPolicy(f.get("loadBalancerPolicy")), pathRewrite(f.get("pathRewritePolicy")),
                headersPolicy(f.get("requestHeadersPolicy")), headersPolicy(f.get("responseHeadersPolicy")), cookies,
                rateLimitPolicy(f.get("rateLimitPolicy")), redirect(f.get("requestRedirectPolicy")),
                directResponse(f.get("directResponsePolicy")), internalRedirect(f.get("internalRedirectPolicy")),
                jwtVerification(f.get("jwtVerificationPolicy")), ipFilters(f.get("ipAllowPolicy"), true),
                ipFilters(f.get("ipDenyPolicy"), true));
    }

    private static List<HTTPProxy.MatchCondition> conditions(Field f) {
        List<HTTPProxy.MatchCondition> out = new ArrayList<>();
        for (Field c : f.items()) {
            Field header = c.get("header");
            Field query = c.get("queryParameter");
            HTTPProxy.QueryParameterMatchCondition q = null;
            if (query.present()) {
                q = new HTTPProxy.QueryParameterMatchCondition(required(query.get("name")), str(query.get("exact")),
                        str(query.get("prefix")), str(query.get("suffix")), str(query.get("regex")),
                        str(query.get("contains")), flag(query.get("ignoreCase")), flag(query.get("present")));
            }
            out.add(new HTTPProxy.MatchCondition(str(c.get("prefix")), str(c.get("exact")), str(c.get("regex")),
                    header.present() ? headerCondition(header, false) : null, q));
        }
        return out;
    }

    /** A header condition; {@code checkName} when the schema violations do not already cover its name. */
    private static HTTPProxy.HeaderMatchCondition headerCondition(Field h, boolean checkName) {
        String name = checkName ? required(h.get("name")) : str(h.get("name"));
        return new HTTPProxy.HeaderMatchCondition(name, flag(h.get("present")), flag(h.get("notpresent")),
                str(h.get("contains")), str(h.get("notcontains")), flag(h.get("ignoreCase")), str(h.get("exact")),
                str(h.get("notexact")), str(h.get("regex")), flag(h.get("treatMissingAsEmpty")));
    }

    private static HTTPProxy.Service service(Field s) {
        requirePresent(s.get("name"));
        Field port = s.get("port");
        requirePresent(port);
        Field slow = s.get("slowStartPolicy");
        HTTPProxy.SlowStartPolicy slowStart = null;
        if (slow.present()) {
            requirePresent(slow.get("window"));
            String aggression = aggression(slow.get("aggression"));
            slowStart = new HTTPProxy.SlowStartPolicy(matching(slow.get("window"), CrdFields.DURATION_ONLY),
                    aggression, num(slow.get("minWeightPercent"), 10, 0, 100));
        }
        return new HTTPProxy.Service(str(s.get("name")), (int) num(port, 0, 1, 65536),
                (int) num(s.get("healthPort"), 0, 1, 65535), s.get("protocol").string(), int64(s.get("weight")),
                CrdFields.upstreamValidation(s.get("validation")), flag(s.get("mirror")),
                headersPolicy(s.get("requestHeadersPolicy")), headersPolicy(s.get("responseHeadersPolicy")),
                cookieRewrites(s.get("cookieRewritePolicies")), slowStart);
    }

    /** The schema types aggression as a string; a bare YAML number is kept as written, as kubectl would send it. */
    private static String aggression(Field f) {
        if (!f.present()) {
            return "1.0";
        }
        String text = f.node() instanceof Node.ScalarNode sc
                && (sc.type() == Node.ScalarType.INT || sc.type() == Node.ScalarType.FLOAT) ? sc.text() : f.string();
        if (text == null) {
            return "1.0";
        }
        if (!AGGRESSION.matcher(text).matches()) {
            f.error("invalid value " + Node.quote(text) + ": should match '" + AGGRESSION.pattern() + "'");
        }
        return text;
    }

    private static HTTPProxy.HeadersPolicy headersPolicy(Field f) {
        if (!f.present()) {
            return null;
        }
        List<HTTPProxy.HeaderValue> set = new ArrayList<>();
        for (Field h : f.get("set").items()) {
            set.add(new HTTPProxy.HeaderValue(str(h.get("name")), str(h.get("value"))));
        }
        return new HTTPProxy.HeadersPolicy(set, f.get("remove").stringList());
    }

    private static List<HTTPProxy.CookieRewritePolicy> cookieRewrites(Field f) {
        List<HTTPProxy.CookieRewritePolicy> out = new ArrayList<>();
        for (Field c : f.items()) {
            out.add(new HTTPProxy.CookieRewritePolicy(str(c.get("name")), nestedValue(c.get("pathRewrite")),
                    nestedValue(c.get("domainRewrite")), c.get("secure").bool(), c.get("sameSite").string()));
        }
        return out;
    }

    private static String nestedValue(Field f) {
        if (!f.present()) {
            return null;
        }
        Field value = f.get("value");
        if (!value.present()) {
            value.missing();
            return null;
        }
        String s = value.string();
        if (s != null && s.length() > 4096) {
            value.error("may not be more than 4096 bytes long");
        }
        return s;
    }

    private static HTTPProxy.TimeoutPolicy timeoutPolicy(Field f) {
        return CrdFields.timeoutPolicy(f);
    }

    private static HTTPProxy.RetryPolicy retryPolicy(Field f) {
        if (!f.present()) {
            return null;
        }
        Long count = f.get("count").integer();
        List<String> retryOn = new ArrayList<>();
        for (Field r : f.get("retryOn").items()) {
            String s = r.oneOf(RETRY_ON);
            if (s != null) {
                retryOn.add(s);
            }
        }
        List<Long> codes = new ArrayList<>();
        for (Field c : f.get("retriableStatusCodes").items()) {
            if (c.present()) {
                codes.add(num(c, 0, 0, 4294967295L));
            }
        }
        return new HTTPProxy.RetryPolicy(count == null ? 1 : count, str(f.get("perTryTimeout")), retryOn, codes);
    }

    private static HTTPProxy.HttpHealthCheckPolicy healthCheck(Field f) {
        if (!f.present()) {
            return null;
        }
        requirePresent(f.get("path"));
        List<HTTPProxy.HttpStatusRange> statuses = new ArrayList<>();
        for (Field s : f.get("expectedStatuses").items()) {
            requirePresent(s.get("start"));
            requirePresent(s.get("end"));
            statuses.add(new HTTPProxy.HttpStatusRange(num(s.get("start"), 0, 100, 599), num(s.get("end"), 0, 101, 600)));
        }
        return new HTTPProxy.HttpHealthCheckPolicy(str(f.get("path")), str(f.get("host")), int64(f.get("intervalSeconds")),
                int64(f.get("timeoutSeconds")), num(f.get("unhealthyThresholdCount"), 0, 0, Long.MAX_VALUE),
                num(f.get("healthyThresholdCount"), 0, 0, Long.MAX_VALUE), statuses);
    }

    private static HTTPProxy.PathRewritePolicy pathRewrite(Field f) {
        if (!f.present()) {
            return null;
        }
        List<HTTPProxy.ReplacePrefix> out = new ArrayList<>();
        for (Field r : f.get("replacePrefix").items()) {
            out.add(new HTTPProxy.ReplacePrefix(nonEmpty(r.get("prefix")), required(r.get("replacement"))));
        }
        return new HTTPProxy.PathRewritePolicy(out);
    }

    private static HTTPProxy.RequestRedirectPolicy redirect(Field f) {
        if (!f.present()) {
            return null;
        }
        // Ranges and enums are among the schema violations; the types are checked here.
        Long port = f.get("port").integer();
        Long status = f.get("statusCode").integer();
        return new HTTPProxy.RequestRedirectPolicy(f.get("scheme").string(), f.get("hostname").string(),
                port == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, port)),
                status == null ? Integer.valueOf(302) : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, status)),
                f.get("path").string(), f.get("prefix").string());
    }

    private static HTTPProxy.DirectResponsePolicy directResponse(Field f) {
        if (!f.present()) {
            return null;
        }
        requirePresent(f.get("statusCode"));
        Long code = f.get("statusCode").integer();
        int status = code == null ? 200 : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, code));
        return new HTTPProxy.DirectResponsePolicy(status, str(f.get("body")));
    }

    private static HTTPProxy.InternalRedirectPolicy internalRedirect(Field f) {
        if (!f.present()) {
            return null;
        }
        List<Integer> codes = new ArrayList<>();
        for (Field c : f.get("redirectResponseCodes").items()) {
            Long v = c.integer();
            if (v != null) {
                if (REDIRECT_CODES.contains(v)) {
                    codes.add(v.intValue());
                } else {
                    c.error("unsupported value " + v + ": supported values: 301, 302, 303, 307, 308");
                }
            }
        }
        String cross = f.get("allowCrossSchemeRedirect").string();
        return new HTTPProxy.InternalRedirectPolicy(num(f.get("maxInternalRedirects"), 0, 0, Integer.MAX_VALUE), codes,
                cross == null ? "Never" : cross, flag(f.get("denyRepeatedRouteRedirect")));
    }

    private static HTTPProxy.JwtVerificationPolicy jwtVerification(Field f) {
        if (!f.present()) {
            return null;
        }
        return new HTTPProxy.JwtVerificationPolicy(str(f.get("require")), flag(f.get("disabled")));
    }

    // ---------------------------------------------------------------- tcpproxy

    private static HTTPProxy.TcpProxy tcpProxy(Field f) {
        List<HTTPProxy.Service> services = new ArrayList<>();
        for (Field s : f.get("services").items()) {
            services.add(service(s));
        }
        Field hc = f.get("healthCheckPolicy");
        HTTPProxy.TcpHealthCheckPolicy health = hc.present()
                ? new HTTPProxy.TcpHealthCheckPolicy(int64(hc.get("intervalSeconds")), int64(hc.get("timeoutSeconds")),
                        int32(hc.get("unhealthyThresholdCount")), int32(hc.get("healthyThresholdCount")))
                : null;
        return new HTTPProxy.TcpProxy(CrdFields.loadBalancerPolicy(f.get("loadBalancerPolicy")), services,
                tcpInclude(f.get("include")), tcpInclude(f.get("includes")), health);
    }

    private static HTTPProxy.TcpProxyInclude tcpInclude(Field f) {
        if (!f.present()) {
            return null;
        }
        return new HTTPProxy.TcpProxyInclude(required(f.get("name")), str(f.get("namespace")));
    }
}
