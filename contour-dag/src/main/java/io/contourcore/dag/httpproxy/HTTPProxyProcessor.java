package io.contourcore.dag.httpproxy;

import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.BuildContext;
import io.contourcore.dag.kernel.ClusterDefaults;
import io.contourcore.dag.kernel.GoJson;
import io.contourcore.dag.kernel.GoText.Parsed;
import io.contourcore.dag.kernel.GoText;
import io.contourcore.dag.kernel.HostMatch;
import io.contourcore.dag.kernel.IngressClassMatcher;
import io.contourcore.dag.kernel.Lookup;
import io.contourcore.dag.kernel.Processor;
import io.contourcore.dag.kernel.RoutePolicies;
import io.contourcore.dag.status.StatusRecorder;
import io.contourcore.model.Bytes;
import io.contourcore.model.GoQuote;
import io.contourcore.model.HTTPProxy;
import io.contourcore.model.IntOrString;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.Secret;
import io.contourcore.model.Timeout;
import io.contourcore.model.config.ContourConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Upstream's HTTPProxyProcessor: turns root HTTPProxies (and the children they include) into virtual hosts, routes,
 * clusters and TCP proxies, and records every HTTPProxy's status (valid, invalid with typed errors, orphaned).
 * Invalid parts are left out or replaced with 502 (bad include) / 503 (no resolvable service) routes, as upstream does.
 *
 * <pre>{@code
 * BuildResult r = DagBuilder.build(ResourceSet.of(List.of(proxy, service)), ContourConfig.DEFAULTS);
 * r.status().get(proxy.ref()).orElseThrow().currentStatus(); // "valid"
 * }</pre>
 */
public final class HTTPProxyProcessor implements Processor {

    public static final String VALID_MESSAGE = "Valid HTTPProxy";
    public static final String ORPHANED_MESSAGE = "this HTTPProxy is not part of a delegation chain from a root HTTPProxy";
    static final String EXTENSION_API_VERSION = "projectcontour.io/v1alpha1";

    @Override
    public void run(BuildContext ctx) {
        new Build(ctx).run();
    }

    /** Where {@link #newExternalAuthorization} reports a problem: a status error's type, reason and message. */
    @FunctionalInterface
    interface AuthErrors {
        void add(String type, String reason, String message);
    }

    /**
     * Upstream's {@code NewExternalAuthorization}: the response timeout ({@code fallback} when unset), service type,
     * HTTP settings and request body of an authorization server whose extension cluster is already resolved. Null
     * after reporting the first problem.
     */
    static Dag.ExternalAuthorization newExternalAuthorization(HTTPProxy.AuthorizationServer auth, Dag.ExtensionCluster ext,
            Timeout fallback, AuthErrors errors) {
        Parsed<Timeout> timeout = GoText.parseTimeout(auth.responseTimeout());
        if (!timeout.ok()) {
            errors.add("AuthError", "AuthResponseTimeoutInvalid",
                    "Spec.Virtualhost.Authorization.ResponseTimeout is invalid: " + timeout.error());
            return null;
        }
        Dag.AuthorizationServiceType type = auth.serviceType().equals("http")
                ? Dag.AuthorizationServiceType.HTTP : Dag.AuthorizationServiceType.GRPC;
        if (auth.authPolicy() != null && !auth.authPolicy().context().isEmpty() && type == Dag.AuthorizationServiceType.HTTP) {
            errors.add("AuthError", "AuthContextForHTTP",
                    "Spec.Virtualhost.Authorization.AuthPolicy.Context are only applied to grpc service type");
            return null;
        }
        List<Dag.HeaderNameMatch> authHeaders = List.of();
        List<Dag.HeaderNameMatch> upstreamHeaders = List.of();
        String pathPrefix = "";
        if (auth.httpSettings() != null) {
            Optional<String> bad = allowedHeadersError(auth.httpSettings().allowedAuthorizationHeaders());
            if (bad.isPresent()) {
                errors.add("AuthError", "AuthBadAllowedHeader",
                        "Spec.Virtualhost.Authorization.HTTPServerSettings.AllowedAuthorizationHeaders is invalid: " + bad.get());
                return null;
            }
            authHeaders = allowedHeaders(auth.httpSettings().allowedAuthorizationHeaders());
            bad = allowedHeadersError(auth.httpSettings().allowedUpstreamHeaders());
            if (bad.isPresent()) {
                errors.add("AuthError", "AuthBadAllowedHeader",
                        "Spec.Virtualhost.Authorization.HTTPServerSettings.AllowedUpstreamHeaders is invalid: " + bad.get());
                return null;
            }
            upstreamHeaders = allowedHeaders(auth.httpSettings().allowedUpstreamHeaders());
            pathPrefix = auth.httpSettings().pathPrefix();
        }
        Dag.AuthorizationServerBufferSettings body = null;
        if (auth.withRequestBody() != null) {
            long max = auth.withRequestBody().maxRequestBytes() == 0 ? 1024 : auth.withRequestBody().maxRequestBytes();
            body = new Dag.AuthorizationServerBufferSettings((int) max, auth.withRequestBody().allowPartialMessage(),
                    auth.withRequestBody().packAsBytes());
        }
        Timeout responseTimeout = timeout.value().isSet() ? timeout.value() : fallback;
        return new Dag.ExternalAuthorization(type, authHeaders, upstreamHeaders, pathPrefix, ext, responseTimeout,
                auth.failOpen(), body);
    }

    private static Optional<String> allowedHeadersError(List<HTTPProxy.AllowedHeader> headers) {
        for (HTTPProxy.AllowedHeader h : headers) {
            int sum = (h.exact().isEmpty() ? 0 : 1) + (h.prefix().isEmpty() ? 0 : 1) + (h.suffix().isEmpty() ? 0 : 1)
                    + (h.contains().isEmpty() ? 0 : 1);
            if (sum == 0) {
                return Optional.of("one of prefix, suffix, exact or contains is required for each allowedHeader");
            }
            if (sum > 1) {
                return Optional.of("only one of prefix, suffix, exact, and contains should be set in the allowedHeader");
            }
        }
        return Optional.empty();
    }

    private static List<Dag.HeaderNameMatch> allowedHeaders(List<HTTPProxy.AllowedHeader> headers) {
        List<Dag.HeaderNameMatch> out = new ArrayList<>();
        for (HTTPProxy.AllowedHeader h : headers) {
            if (!h.exact().isEmpty()) {
                out.add(new Dag.HeaderNameMatch("exact", h.exact(), h.ignoreCase()));
            } else if (!h.prefix().isEmpty()) {
                out.add(new Dag.HeaderNameMatch("prefix", h.prefix(), h.ignoreCase()));
            } else if (!h.suffix().isEmpty()) {
                out.add(new Dag.HeaderNameMatch("suffix", h.suffix(), h.ignoreCase()));
            } else {
                out.add(new Dag.HeaderNameMatch("contains", h.contains(), h.ignoreCase()));
            }
        }
        return out;
    }

    /** The state of one run; nothing outlives it. */
    private static final class Build {
        private final BuildContext ctx;
        private final ContourConfig config;
        private final StatusRecorder status;
        private final Map<ObjectRef, HTTPProxy> proxies = new TreeMap<>();
        private final Set<ObjectRef> orphaned = new TreeSet<>();
        private final Dag.UpstreamTls upstreamTls;
        private final Duration connectTimeout;
        /** {@code globalExtAuth} as the authorization server upstream's serve makes of it; null when not configured. */
        private final HTTPProxy.AuthorizationServer globalAuth;

        Build(BuildContext ctx) {
            this.ctx = ctx;
            this.config = ctx.config();
            this.status = ctx.status();
            this.globalAuth = config.globalExtAuth() == null ? null : config.globalExtAuth().toAuthorizationServer();
            this.upstreamTls = ClusterDefaults.upstreamTls(config);
            this.connectTimeout = ClusterDefaults.connectTimeout(config);
        }

        void run() {
            for (HTTPProxy p : ctx.resources().all(Kind.HTTP_PROXY, HTTPProxy.class)) {
                if (IngressClassMatcher.matches(p.metadata(), p.spec().ingressClassName(), config.ingressClassNames())) {
                    proxies.put(p.ref(), p);
                } else {
                    StatusRecorder.Entry e = status.forObject(p.ref(), VALID_MESSAGE).ignored(ignoredReason(p));
                    if (p.spec().virtualhost() != null) {
                        e.vhost(p.spec().virtualhost().fqdn());
                        if (p.spec().virtualhost().tls() != null) {
                            e.tlsSecret(p.spec().virtualhost().tls().secretName());
                        }
                    }
                }
            }
            for (HTTPProxy p : validProxies()) {
                computeProxy(p);
            }
            for (ObjectRef ref : orphaned) {
                status.forObject(ref, VALID_MESSAGE).addError("Orphaned", "Orphaned", ORPHANED_MESSAGE);
            }
        }

        /** Worded as the Ingress processor words it, so {@code contour status} reads the same for both kinds. */
        private String ignoredReason(HTTPProxy p) {
            return IngressClassMatcher.notOursReason(p.metadata(), p.spec().ingressClassName(), config.ingressClassNames());
        }

        /** Children first (so an include can clear their orphan mark), then roots whose fqdn is unique. */
        private List<HTTPProxy> validProxies() {
            List<HTTPProxy> valid = new ArrayList<>();
            Map<String, List<HTTPProxy>> byFqdn = new TreeMap<>();
            for (HTTPProxy p : proxies.values()) {
                if (p.spec().virtualhost() == null) {
                    valid.add(p);
                } else {
                    byFqdn.computeIfAbsent(p.spec().virtualhost().fqdn().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(p);
                }
            }
            for (Map.Entry<String, List<HTTPProxy>> e : byFqdn.entrySet()) {
                if (e.getValue().size() == 1) {
                    valid.add(e.getValue().get(0));
                    continue;
                }
                List<String> names = e.getValue().stream().map(p -> p.namespace() + "/" + p.name()).sorted().toList();
                String msg = "fqdn " + GoQuote.q(e.getKey()) + " is used in multiple HTTPProxies: " + String.join(", ", names);
                for (HTTPProxy p : e.getValue()) {
                    status.forObject(p.ref(), VALID_MESSAGE).vhost(e.getKey()).addError("VirtualHostError", "DuplicateVhost", msg);
                }
            }
            return valid;
        }

        private boolean rootAllowed(String namespace) {
            return config.rootNamespaces().isEmpty() || config.rootNamespaces().contains(namespace);
        }

        // ---------------------------------------------------------------- roots

        private void computeProxy(HTTPProxy proxy) {
            StatusRecorder.Entry cond = status.forObject(proxy.ref(), VALID_MESSAGE);
            HTTPProxy.VirtualHost vh = proxy.spec().virtualhost();
            if (vh == null) {
                orphaned.add(proxy.ref());
                return;
            }
            String host = vh.fqdn();
            if (host.isBlank()) {
                cond.addError("VirtualHostError", "FQDNNotSpecified", "Spec.VirtualHost.Fqdn must be specified");
                return;
            }
            cond.vhost(host);
            if (vh.tls() != null) {
                cond.tlsSecret(vh.tls().secretName());
            }
            if (!rootAllowed(proxy.namespace())) {
                cond.addError("RootNamespaceError", "RootProxyNotAllowedInNamespace", "root HTTPProxy cannot be defined in this namespace");
                return;
            }
            HTTPProxy.Spec spec = proxy.spec();
            if (spec.routes().isEmpty() && spec.includes().isEmpty() && spec.tcpproxy() == null) {
                cond.addError("SpecError", "NothingDefined", "HTTPProxy.Spec must have at least one Route, Include, or a TCPProxy");
                return;
            }
            if (!vh.jwtProviders().isEmpty() && (vh.tls() == null || vh.tls().secretName().isEmpty())) {
                cond.addError("JWTVerificationError", "JWTVerificationNotPermitted",
                        "Spec.VirtualHost.JWTProviders can only be defined for root HTTPProxies that terminate TLS");
                return;
            }
            if (vh.tls() == null && vh.authorization() != null && !vh.authorization().extensionRef().name().isEmpty()) {
                cond.addError("AuthError", "AuthNotPermitted",
                        "Spec.VirtualHost.Authorization.ExtensionServiceRef can only be defined for root HTTPProxies that terminate TLS");
                return;
            }
            if (!vh.ipAllowPolicy().isEmpty() && !vh.ipDenyPolicy().isEmpty()) {
                cond.addError("IPFilterError", "IncompatibleIPAddressFilters",
                        "Spec.VirtualHost.IPAllowFilterPolicy and Spec.VirtualHost.IPDepnyFilterPolicy cannot both be defined.");
                return;
            }

            boolean tlsEnabled = false;
            String defaultJwtProvider = "";
            HTTPProxy.Tls tls = vh.tls();
            if (tls != null) {
                if (tls.passthrough() && tls.enableFallbackCertificate()) {
                    cond.addError("TLSError", "TLSIncompatibleFeatures",
                            "Spec.VirtualHost.TLS: both Passthrough and enableFallbackCertificate were specified");
                }
                if (!tls.secretName().isBlank() && tls.passthrough()) {
                    cond.addError("TLSError", "TLSConfigNotValid", "Spec.VirtualHost.TLS: both Passthrough and SecretName were specified");
                    return;
                }
                if (tls.secretName().isBlank() && !tls.passthrough()) {
                    cond.addError("TLSError", "TLSConfigNotValid",
                            "Spec.VirtualHost.TLS: neither Passthrough nor SecretName were specified");
                    return;
                }
                if (tls.passthrough() && tls.clientValidation() != null) {
                    cond.addError("TLSError", "TLSIncompatibleFeatures",
                            "Spec.VirtualHost.TLS passthrough cannot be combined with tls.clientValidation");
                    return;
                }
                tlsEnabled = true;
                if (!tls.passthrough()) {
                    Optional<String> jwt = secureVirtualHost(cond, proxy, host);
                    if (jwt.isEmpty()) {
                        return;
                    }
                    defaultJwtProvider = jwt.get();
                }
            }

            if (spec.tcpproxy() != null) {
                if (!tlsEnabled) {
                    cond.addError("TCPProxyError", "TLSMustBeConfigured",
                            "Spec.TCPProxy requires that either Spec.TLS.Passthrough or Spec.TLS.SecretName be set");
                    return;
                }
                if (!tcpProxy(cond, proxy, new ArrayList<>(), host)) {
                    return;
                }
            }

            List<Dag.Route.Builder> routes = computeRoutes(cond, proxy, proxy, List.of(), List.of(), tlsEnabled, defaultJwtProvider);

            Optional<BuildContext.ListenerBuilder> http = listener(cond, Dag.Listener.HTTP);
            if (http.isEmpty()) {
                return;
            }
            BuildContext.VhostBuilder insecure = http.get().ensureVirtualHost(host);
            Parsed<Dag.CorsPolicy> cors = ProxyPolicies.corsPolicy(vh.corsPolicy());
            if (!cors.ok()) {
                cond.addError("CORSError", "PolicyDidNotParse", "Spec.VirtualHost.CORSPolicy: " + cors.error());
                return;
            }
            insecure.corsPolicy(cors.value());
            Parsed<Dag.RateLimitPolicy> rlp = virtualHostRateLimitPolicy(vh, cond);
            if (!rlp.ok()) {
                return;
            }
            insecure.rateLimitPolicy(rlp.value());
            if (globalAuth != null && !disablesAuthorization(vh)) {
                // Upstream only checks the global server here: a problem marks the proxy invalid, yet its plain-HTTP
                // routes stay programmed.
                externalAuthorization(globalAuth, cond, proxy);
            }
            ProxyPolicies.IpFilters ip = ProxyPolicies.ipFilterRules(vh.ipAllowPolicy(), vh.ipDenyPolicy(), cond);
            if (!ip.ok()) {
                cond.addError("IPFilterError", "IPFilterPolicyNotValid",
                        "Spec.VirtualHost.IPAllowFilterPolicy or Spec.VirtualHost.IPDenyFilterPolicy is invalid: " + ip.error());
                return;
            }
            insecure.ipFilter(ip.allow(), ip.rules());
            List<Dag.Route> frozen = routes.stream().map(Dag.Route.Builder::build).toList();
            frozen.forEach(insecure::addRoute);

            if (tlsEnabled && spec.tcpproxy() == null) {
                Optional<BuildContext.ListenerBuilder> https = listener(cond, Dag.Listener.HTTPS);
                if (https.isEmpty()) {
                    return;
                }
                BuildContext.SecureVhostBuilder secure = https.get().ensureSecureVirtualHost(host);
                secure.corsPolicy(cors.value());
                secure.rateLimitPolicy(rlp.value());
                ProxyPolicies.IpFilters sip = ProxyPolicies.ipFilterRules(vh.ipAllowPolicy(), vh.ipDenyPolicy(), cond);
                secure.ipFilter(sip.allow(), sip.rules());
                frozen.forEach(secure::addRoute);
                for (Dag.Route r : frozen) {
                    if (r.jwtProvider().isEmpty()) {
                        continue;
                    }
                    boolean found = secureJwtProviders(secure).stream().anyMatch(p -> p.name().equals(r.jwtProvider()));
                    if (!found) {
                        cond.addError("JWTVerificationError", "JWTProviderNotDefined",
                                "Route references an undefined JWT provider " + GoQuote.q(r.jwtProvider()));
                        return;
                    }
                }
            }
        }

        private final Map<String, List<Dag.JwtProvider>> jwtProvidersByHost = new HashMap<>();

        /** The one listener of {@code protocol}, or upstream's ListenerError on the proxy. */
        private Optional<BuildContext.ListenerBuilder> listener(StatusRecorder.Entry cond, String protocol) {
            Lookup<BuildContext.ListenerBuilder> l = ctx.singleListener(protocol);
            if (!l.ok()) {
                cond.addError("ListenerError", "ErrorIdentifyingListener", l.error());
                return Optional.empty();
            }
            return Optional.of(l.value());
        }

        private List<Dag.JwtProvider> secureJwtProviders(BuildContext.SecureVhostBuilder secure) {
            return jwtProvidersByHost.getOrDefault(secure.name(), List.of());
        }

        /**
         * TLS termination for a root: the secret, versions, fallback certificate, client validation, authorization and
         * JWT providers. Returns the default JWT provider name ("" for none), or empty when the proxy is invalid.
         */
        private Optional<String> secureVirtualHost(StatusRecorder.Entry cond, HTTPProxy proxy, String host) {
            HTTPProxy.VirtualHost vh = proxy.spec().virtualhost();
            HTTPProxy.Tls tls = vh.tls();
            String[] secretName = BuildContext.namespacedName(tls.secretName(), proxy.namespace());
            Lookup<Dag.Secret> sec = ctx.lookupTlsSecret(secretName[0], secretName[1], proxy.namespace());
            if (!sec.ok()) {
                if (sec.delegationNotPermitted()) {
                    cond.addError("TLSError", "DelegationNotPermitted",
                            "Spec.VirtualHost.TLS Secret " + GoQuote.q(tls.secretName()) + " certificate delegation not permitted");
                } else {
                    cond.addError("TLSError", "SecretNotValid",
                            "Spec.VirtualHost.TLS Secret " + GoQuote.q(tls.secretName()) + " is invalid: " + sec.error());
                }
                return Optional.empty();
            }
            Optional<BuildContext.ListenerBuilder> https = listener(cond, Dag.Listener.HTTPS);
            if (https.isEmpty()) {
                return Optional.empty();
            }
            String min = ClusterDefaults.tlsVersion(tls.minimumProtocolVersion(), "1.2");
            String max = ClusterDefaults.tlsVersion(tls.maximumProtocolVersion(), "1.3");
            if (max.compareTo(min) < 0) {
                cond.addError("TLSError", "TLSConfigNotValid",
                        "Spec.Virtualhost.TLS the minimum protocol version is greater than the maximum protocol version");
                return Optional.empty();
            }
            BuildContext.SecureVhostBuilder svh = https.get().ensureSecureVirtualHost(host);
            svh.secret(sec.value());
            svh.tlsVersions(min, max);

            if (tls.enableFallbackCertificate() && tls.clientValidation() != null) {
                cond.addError("TLSError", "TLSIncompatibleFeatures", "Spec.Virtualhost.TLS fallback & client validation are incompatible");
                return Optional.empty();
            }
            if (tls.enableFallbackCertificate() && vh.authorization() != null) {
                cond.addError("TLSError", "TLSIncompatibleFeatures", "Spec.Virtualhost.TLS fallback & client authorization are incompatible");
                return Optional.empty();
            }
            if (tls.enableFallbackCertificate() && !vh.jwtProviders().isEmpty()) {
                cond.addError("TLSError", "TLSIncompatibleFeatures", "Spec.Virtualhost.TLS fallback & JWT providers are incompatible");
                return Optional.empty();
            }
            if (tls.enableFallbackCertificate()) {
                ContourConfig.NamespacedName fb = config.tls().fallbackCertificate();
                if (!fb.isSet()) {
                    cond.addError("TLSError", "FallbackNotPresent", "Spec.Virtualhost.TLS enabled fallback but the fallback "
                            + "Certificate Secret is not configured in Contour configuration file");
                    return Optional.empty();
                }
                String fbName = fb.namespace() + "/" + fb.name();
                Lookup<Dag.Secret> fsec = ctx.lookupTlsSecret(fb.namespace(), fb.name(), proxy.namespace());
                if (!fsec.ok()) {
                    if (fsec.delegationNotPermitted()) {
                        cond.addError("TLSError", "FallbackNotDelegated", "Spec.VirtualHost.TLS Secret " + GoQuote.q(fbName)
                                + " is not configured for certificate delegation");
                    } else {
                        cond.addError("TLSError", "FallbackNotValid", "Spec.Virtualhost.TLS Secret " + GoQuote.q(fbName)
                                + " fallback certificate is invalid: " + fsec.error());
                    }
                    return Optional.empty();
                }
                svh.fallbackCertificate(fsec.value());
            }

            HTTPProxy.DownstreamValidation cv = tls.clientValidation();
            if (cv != null) {
                List<Dag.Secret> cas = List.of();
                Dag.Secret crl = null;
                if (!cv.caSecret().isEmpty()) {
                    String[] ca = BuildContext.namespacedName(cv.caSecret(), proxy.namespace());
                    Lookup<Dag.Secret> caSec = ctx.lookupCaSecret(ca[0], ca[1], proxy.namespace());
                    if (!caSec.ok()) {
                        if (caSec.delegationNotPermitted()) {
                            cond.addError("TLSError", "DelegationNotPermitted", "Spec.VirtualHost.TLS CA Secret "
                                    + GoQuote.q(cv.caSecret()) + " is invalid: " + caSec.error());
                        } else {
                            cond.addError("TLSError", "ClientValidationInvalid", "Spec.VirtualHost.TLS client validation is invalid: "
                                    + "invalid CA Secret " + GoQuote.q(ca[0] + "/" + ca[1]) + ": " + caSec.error());
                        }
                        return Optional.empty();
                    }
                    cas = List.of(caSec.value());
                } else if (!cv.skipClientCertValidation()) {
                    cond.addError("TLSError", "ClientValidationInvalid",
                            "Spec.VirtualHost.TLS client validation is invalid: CA Secret must be specified");
                }
                if (!cv.crlSecret().isEmpty()) {
                    String[] c = BuildContext.namespacedName(cv.crlSecret(), proxy.namespace());
                    Lookup<Dag.Secret> crlSec = ctx.lookupCrlSecret(c[0], c[1], proxy.namespace());
                    if (!crlSec.ok()) {
                        if (crlSec.delegationNotPermitted()) {
                            cond.addError("TLSError", "DelegationNotPermitted", "Spec.VirtualHost.TLS CRL Secret "
                                    + GoQuote.q(cv.crlSecret()) + " is invalid: " + crlSec.error());
                        } else {
                            cond.addError("TLSError", "ClientValidationInvalid", "Spec.VirtualHost.TLS client validation is invalid: "
                                    + "invalid CRL Secret " + GoQuote.q(c[0] + "/" + c[1]) + ": " + crlSec.error());
                        }
                        return Optional.empty();
                    }
                    crl = crlSec.value();
                }
                HTTPProxy.ClientCertificateDetails f = cv.forwardClientCertificate();
                svh.downstreamValidation(new Dag.PeerValidationContext(cas, List.of(), cv.skipClientCertValidation(),
                        f == null ? null : new Dag.ClientCertificateDetails(f.subject(), f.cert(), f.chain(), f.dns(), f.uri()),
                        crl, crl != null && cv.crlOnlyVerifyLeafCert(), cv.optionalClientCertificate()));
            }

            if (vh.authorization() != null && !vh.authorization().extensionRef().name().isEmpty()) {
                Dag.ExternalAuthorization auth = externalAuthorization(vh.authorization(), cond, proxy);
                if (auth == null) {
                    return Optional.empty();
                }
                svh.externalAuthorization(auth);
            } else if (globalAuth != null) {
                // Upstream applies the global server even where the virtual host's authPolicy disables it: the
                // filter is there and every route carries the disabled per-route setting.
                Dag.ExternalAuthorization auth = externalAuthorization(globalAuth, cond, proxy);
                if (auth == null) {
                    return Optional.empty();
                }
                svh.externalAuthorization(auth);
            }

            return jwtProviders(cond, proxy, svh, host);
        }

        private Optional<String> jwtProviders(StatusRecorder.Entry cond, HTTPProxy proxy, BuildContext.SecureVhostBuilder svh,
                String host) {
            String defaultProvider = "";
            Set<String> names = new HashSet<>();
            List<Dag.JwtProvider> providers = new ArrayList<>();
            for (HTTPProxy.JwtProvider p : proxy.spec().virtualhost().jwtProviders()) {
                if (!names.add(p.name())) {
                    cond.addError("JWTVerificationError", "DuplicateProviderName",
                            "Spec.VirtualHost.JWTProviders is invalid: duplicate name " + p.name());
                    return Optional.empty();
                }
                if (p.isDefault()) {
                    if (!defaultProvider.isEmpty()) {
                        cond.addError("JWTVerificationError", "MultipleDefaultProvidersSpecified",
                                "Spec.VirtualHost.JWTProviders is invalid: at most one provider can be set as the default");
                        return Optional.empty();
                    }
                    defaultProvider = p.name();
                }
                String remote = p.remoteJWKS().uri();
                String local = p.localJWKS().secretName();
                if (!remote.isEmpty() && !local.isEmpty()) {
                    cond.addError("JWTVerificationError", "JWKSSourceConflict", "Spec.VirtualHost.JWTProviders for provider "
                            + GoQuote.q(p.name()) + " is invalid: at most one of remoteJWKS or localJWKS may be set");
                    return Optional.empty();
                }
                if (remote.isEmpty() && local.isEmpty()) {
                    cond.addError("JWTVerificationError", "JWKSSourceMissing", "Spec.VirtualHost.JWTProviders for provider "
                            + GoQuote.q(p.name()) + " is invalid: exactly one of remoteJWKS or localJWKS must be set");
                    return Optional.empty();
                }
                if (!local.isEmpty()) {
                    Parsed<Bytes> jwks = lookupJwks(proxy.namespace(), local, p.localJWKS().key());
                    if (!jwks.ok()) {
                        cond.addError("JWTVerificationError", "LocalJWKSInvalid", "Spec.VirtualHost.JWTProviders.LocalJWKS for provider "
                                + GoQuote.q(p.name()) + " is invalid: " + jwks.error());
                        return Optional.empty();
                    }
                    providers.add(new Dag.JwtProvider(p.name(), p.issuer(), p.audiences(), null, jwks.value(), p.forwardJWT(),
                            p.isDefault()));
                    continue;
                }
                Dag.RemoteJwks rj = remoteJwks(cond, proxy, p.remoteJWKS());
                if (rj == null) {
                    return Optional.empty();
                }
                providers.add(new Dag.JwtProvider(p.name(), p.issuer(), p.audiences(), rj, null, p.forwardJWT(), p.isDefault()));
            }
            svh.jwtProviders(providers);
            jwtProvidersByHost.put(host, providers);
            return Optional.of(defaultProvider);
        }

        private Dag.RemoteJwks remoteJwks(StatusRecorder.Entry cond, HTTPProxy proxy, HTTPProxy.RemoteJwks r) {
            Parsed<GoText.Url> url = GoText.parseUrl(r.uri());
            if (!url.ok()) {
                cond.addError("JWTVerificationError", "RemoteJWKSURIInvalid", "Spec.VirtualHost.JWTProviders.RemoteJWKS.URI is invalid: "
                        + url.error());
                return null;
            }
            String scheme = url.value().scheme();
            if (!scheme.equals("http") && !scheme.equals("https")) {
                cond.addError("JWTVerificationError", "RemoteJWKSSchemeInvalid", "Spec.VirtualHost.JWTProviders.RemoteJWKS.URI has "
                        + "invalid scheme " + GoQuote.q(scheme) + ", must be http or https");
                return null;
            }
            Dag.PeerValidationContext uv = null;
            if (r.validation() != null) {
                if (scheme.equals("http")) {
                    cond.addError("JWTVerificationError", "RemoteJWKSUpstreamValidationInvalid",
                            "Spec.VirtualHost.JWTProviders.RemoteJWKS.UpstreamValidation must not be specified when URI scheme is http.");
                    return null;
                }
                String[] ca = BuildContext.namespacedName(r.validation().caSecret(), proxy.namespace());
                Lookup<Dag.PeerValidationContext> l = ctx.lookupUpstreamValidation(ca, r.validation().subjectName(), r.validation().subjectNames(), proxy.namespace());
                if (!l.ok()) {
                    if (l.delegationNotPermitted()) {
                        cond.addError("JWTVerificationError", "RemoteJWKSCACertificateNotDelegated",
                                "Spec.VirtualHost.JWTProviders.RemoteJWKS.UpstreamValidation.CACertificate Secret "
                                        + GoQuote.q(ca[0] + "/" + ca[1]) + " is not configured for certificate delegation");
                    } else {
                        cond.addError("JWTVerificationError", "RemoteJWKSUpstreamValidationInvalid",
                                "Spec.VirtualHost.JWTProviders.RemoteJWKS.UpstreamValidation is invalid: " + l.error());
                    }
                    return null;
                }
                uv = l.value();
            }
            Duration timeout = Duration.ofSeconds(1);
            if (!r.timeout().isEmpty()) {
                Parsed<Duration> t = GoText.parseDuration(r.timeout());
                if (!t.ok()) {
                    cond.addError("JWTVerificationError", "RemoteJWKSTimeoutInvalid",
                            "Spec.VirtualHost.JWTProviders.RemoteJWKS.Timeout is invalid: " + t.error());
                    return null;
                }
                timeout = t.value();
            }
            Duration cache = null;
            if (!r.cacheDuration().isEmpty()) {
                Parsed<Duration> t = GoText.parseDuration(r.cacheDuration());
                if (!t.ok()) {
                    cond.addError("JWTVerificationError", "RemoteJWKSCacheDurationInvalid",
                            "Spec.VirtualHost.JWTProviders.RemoteJWKS.CacheDuration is invalid: " + t.error());
                    return null;
                }
                cache = t.value();
            }
            int port;
            if (!url.value().port().isEmpty()) {
                try {
                    port = Integer.parseInt(url.value().port());
                } catch (NumberFormatException e) {
                    cond.addError("JWTVerificationError", "RemoteJWKSPortInvalid",
                            "Spec.VirtualHost.JWTProviders.RemoteJWKS.URI has an invalid port: strconv.Atoi: parsing "
                                    + GoQuote.q(url.value().port()) + ": value out of range");
                    return null;
                }
            } else {
                port = scheme.equals("http") ? 80 : 443;
            }
            String family = switch (r.dnsLookupFamily()) {
                case "auto", "v4", "v6", "all" -> r.dnsLookupFamily();
                case "" -> config.cluster().dnsLookupFamily();
                default -> null;
            };
            if (family == null) {
                cond.addError("JWTVerificationError", "RemoteJWKSDNSLookupFamilyInvalid",
                        "Spec.VirtualHost.JWTProviders.RemoteJWKS.DNSLookupFamily has an invalid value "
                                + GoQuote.q(r.dnsLookupFamily()) + ", must be auto, all, v4 or v6");
                return null;
            }
            return new Dag.RemoteJwks(r.uri(), timeout,
                    new Dag.DnsNameCluster(url.value().hostname(), scheme, port, family, uv, upstreamTls), cache);
        }

        /** Upstream's LookupJWKSFromSecret: an Opaque Secret in the proxy's namespace holding a JWKS under {@code key}. */
        private Parsed<Bytes> lookupJwks(String namespace, String name, String key) {
            Optional<Secret> s = ctx.secretNamespaceWatched(namespace)
                    ? ctx.resources().get(Kind.SECRET, namespace, name, Secret.class) : Optional.empty();
            if (s.isEmpty()) {
                return Parsed.err("Secret not found");
            }
            if (!s.get().type().equals(Secret.TYPE_OPAQUE)) {
                return Parsed.err("secret type is not " + GoQuote.q(Secret.TYPE_OPAQUE));
            }
            Bytes data = s.get().data(key);
            if (data == null || data.isEmpty()) {
                return Parsed.err("missing " + GoQuote.q(key) + " key or empty value");
            }
            Optional<String> err = GoJson.jwksError(data.asUtf8());
            return err.isPresent() ? Parsed.err(err.get()) : Parsed.ok(data);
        }

        /** Upstream's {@code VirtualHost.DisableAuthorization}: only the virtual host's own authPolicy can say so. */
        private static boolean disablesAuthorization(HTTPProxy.VirtualHost vh) {
            return vh.authorization() != null && vh.authorization().authPolicy() != null
                    && vh.authorization().authPolicy().disabled();
        }

        /**
         * Upstream's {@code computeVirtualHostRateLimitPolicy}: the virtual host's own global policy wins; otherwise
         * the rate limit service's {@code defaultGlobalRateLimitPolicy} applies unless the virtual host opts out with
         * {@code rateLimitPolicy.global.disabled}. An error is recorded on {@code cond}.
         */
        private Parsed<Dag.RateLimitPolicy> virtualHostRateLimitPolicy(HTTPProxy.VirtualHost vh, StatusRecorder.Entry cond) {
            Parsed<Dag.RateLimitPolicy> rlp = ProxyPolicies.rateLimitPolicy(vh.rateLimitPolicy());
            if (!rlp.ok()) {
                cond.addError("VirtualHostError", "RateLimitPolicyNotValid", "Spec.VirtualHost.RateLimitPolicy is invalid: " + rlp.error());
                return rlp;
            }
            if (rlp.value() != null && rlp.value().global() != null) {
                return rlp;
            }
            boolean optedOut = vh.rateLimitPolicy() != null && vh.rateLimitPolicy().global() != null
                    && vh.rateLimitPolicy().global().disabled();
            ContourConfig.RateLimitService rls = config.rateLimitService();
            if (rls == null || rls.defaultGlobalRateLimitPolicy() == null || optedOut) {
                return rlp;
            }
            Parsed<Dag.GlobalRateLimitPolicy> global = ProxyPolicies.globalRateLimitPolicy(rls.defaultGlobalRateLimitPolicy());
            if (!global.ok()) {
                cond.addError("VirtualHostError", "RateLimitPolicyNotValid", "Default Global RateLimit Policy is invalid: " + global.error());
                return Parsed.err(global.error());
            }
            Dag.LocalRateLimitPolicy local = rlp.value() == null ? null : rlp.value().local();
            return Parsed.ok(new Dag.RateLimitPolicy(local, global.value()));
        }

        private Dag.ExternalAuthorization externalAuthorization(HTTPProxy.AuthorizationServer auth, StatusRecorder.Entry cond,
                HTTPProxy proxy) {
            HTTPProxy.ExtensionServiceReference ref = auth.extensionRef();
            String apiVersion = ref.apiVersion().isEmpty() ? EXTENSION_API_VERSION : ref.apiVersion();
            if (!apiVersion.equals(EXTENSION_API_VERSION)) {
                cond.addError("AuthError", "AuthBadResourceVersion",
                        "Spec.Virtualhost.Authorization.extensionRef specifies an unsupported resource version " + GoQuote.q(apiVersion));
                return null;
            }
            String ns = ref.namespace().isEmpty() ? proxy.namespace() : ref.namespace();
            String clusterName = ExtensionServiceProcessor.clusterName(ns, ref.name());
            Dag.ExtensionCluster ext = ctx.extensionClusters().stream().filter(c -> c.name().equals(clusterName)).findFirst().orElse(null);
            if (ext == null) {
                cond.addError("AuthError", "ExtensionServiceNotFound", "Spec.Virtualhost.Authorization.ServiceRef extension service "
                        + GoQuote.q(ns + "/" + ref.name()) + " not found");
                return null;
            }
            Timeout fallback = ext.routeTimeoutPolicy() == null ? Timeout.UNSET : ext.routeTimeoutPolicy().responseTimeout();
            return newExternalAuthorization(auth, ext, fallback, cond::addError);
        }

        // ---------------------------------------------------------------- routes

        private List<Dag.Route.Builder> computeRoutes(StatusRecorder.Entry cond, HTTPProxy root, HTTPProxy proxy,
                List<HTTPProxy.MatchCondition> conditions, List<HTTPProxy> visited, boolean enforceTls, String defaultJwt) {
            for (HTTPProxy v : visited) {
                if (v.ref().equals(proxy.ref())) {
                    List<String> path = new ArrayList<>();
                    visited.forEach(x -> path.add(x.namespace() + "/" + x.name()));
                    path.add(proxy.namespace() + "/" + proxy.name());
                    cond.addError("IncludeError", "IncludeCreatesCycle", "include creates an include cycle: " + String.join(" -> ", path));
                    return List.of();
                }
            }
            List<HTTPProxy> nowVisited = new ArrayList<>(visited);
            nowVisited.add(proxy);
            List<Dag.Route.Builder> routes = new ArrayList<>();

            Map<String, List<ProxyConditions.Aggregate>> seen = ProxyConditions.newSeen();
            for (HTTPProxy.Include inc : proxy.spec().includes()) {
                String ns = inc.namespace().isEmpty() ? proxy.namespace() : inc.namespace();
                Optional<String> err = ProxyConditions.includeConditionsError(inc.conditions());
                if (err.isEmpty()) {
                    err = ProxyConditions.pathConditionsError(inc.conditions());
                }
                if (err.isPresent()) {
                    cond.addError("IncludeError", "PathMatchConditionsNotValid", "include: " + err.get());
                    continue;
                }
                err = ProxyConditions.headerConditionsError(inc.conditions());
                if (err.isPresent()) {
                    cond.addError("RouteError", "HeaderMatchConditionsNotValid", err.get());
                    continue;
                }
                err = ProxyConditions.queryConditionsError(inc.conditions());
                if (err.isPresent()) {
                    cond.addError("RouteError", "QueryParameterMatchConditionsNotValid", err.get());
                    continue;
                }
                if (ProxyConditions.includeConditionsDuplicate(inc.conditions(), seen)) {
                    cond.addError("IncludeError", "DuplicateMatchConditions", "duplicate conditions defined on an include");
                    continue;
                }
                HTTPProxy included = proxies.get(new ObjectRef(Kind.HTTP_PROXY, ns, inc.name()));
                if (included == null) {
                    cond.addError("IncludeError", "IncludeNotFound", "include " + ns + "/" + inc.name() + " not found");
                    badGatewayRoute(routes, inc.conditions(), proxy);
                    continue;
                }
                if (included.spec().virtualhost() != null) {
                    cond.addError("IncludeError", "RootIncludesRoot", "root httpproxy cannot include another root httpproxy ("
                            + included.namespace() + "/" + included.name() + ")");
                    badGatewayRoute(routes, inc.conditions(), proxy);
                    continue;
                }
                StatusRecorder.Entry incCond = status.forObject(included.ref(), VALID_MESSAGE);
                List<HTTPProxy.MatchCondition> merged = new ArrayList<>(conditions);
                merged.addAll(inc.conditions());
                routes.addAll(computeRoutes(incCond, root, included, merged, nowVisited, enforceTls, defaultJwt));
                orphaned.remove(included.ref());
            }

            Map<String, String> dynamic = new LinkedHashMap<>();
            dynamic.put("CONTOUR_NAMESPACE", proxy.namespace());

            for (HTTPProxy.Route route : proxy.spec().routes()) {
                Dag.Route.Builder r = computeRoute(cond, root, proxy, route, conditions, enforceTls, defaultJwt, dynamic);
                if (r == null) {
                    return List.of();
                }
                routes.add(r);
            }
            return RoutePolicies.expandPrefixMatches(routes);
        }

        private void badGatewayRoute(List<Dag.Route.Builder> routes, List<HTTPProxy.MatchCondition> conds, HTTPProxy proxy) {
            if (conds.isEmpty()) {
                return;
            }
            Dag.Route.Builder r = Dag.Route.builder(ProxyConditions.mergePath(conds), proxy.ref());
            r.headerMatches(ProxyConditions.mergeHeaders(conds));
            r.queryParamMatches(ProxyConditions.mergeQueryParams(conds));
            r.directResponse(new Dag.DirectResponse(502, ""));
            routes.add(r);
        }

        /** One route, or null when the proxy's routes are all dropped (upstream returns no routes then). */
        private Dag.Route.Builder computeRoute(StatusRecorder.Entry cond, HTTPProxy root, HTTPProxy proxy, HTTPProxy.Route route,
                List<HTTPProxy.MatchCondition> conditions, boolean enforceTls, String defaultJwt, Map<String, String> dynamic) {
            int actions = (route.services().isEmpty() ? 0 : 1) + (route.requestRedirectPolicy() == null ? 0 : 1)
                    + (route.directResponsePolicy() == null ? 0 : 1);
            if (actions != 1) {
                cond.addError("RouteError", "RouteActionCountNotValid",
                        "must set exactly one of route.services or route.requestRedirectPolicy or route.directResponsePolicy");
                return null;
            }
            Optional<String> err = ProxyConditions.pathConditionsError(route.conditions());
            if (err.isPresent()) {
                cond.addError("RouteError", "PathMatchConditionsNotValid", "route: " + err.get());
                return null;
            }
            List<HTTPProxy.MatchCondition> all = new ArrayList<>(conditions);
            all.addAll(route.conditions());
            err = ProxyConditions.headerConditionsError(all);
            if (err.isPresent()) {
                cond.addError("RouteError", "HeaderMatchConditionsNotValid", err.get());
                return null;
            }
            err = ProxyConditions.queryConditionsError(all);
            if (err.isPresent()) {
                cond.addError("RouteError", "QueryParameterMatchConditionsNotValid", err.get());
                return null;
            }
            Parsed<Dag.HeadersPolicy> reqHp = ProxyPolicies.headersPolicyRoute(route.requestHeadersPolicy(), true, dynamic);
            if (!reqHp.ok()) {
                cond.addError("RouteError", "RequestHeadersPolicyInvalid", reqHp.error() + " on request headers");
                return null;
            }
            Parsed<Dag.HeadersPolicy> respHp = ProxyPolicies.headersPolicyRoute(route.responseHeadersPolicy(), false, dynamic);
            if (!respHp.ok()) {
                cond.addError("RouteError", "ResponseHeaderPolicyInvalid", respHp.error() + " on response headers");
                return null;
            }
            Parsed<List<Dag.CookieRewritePolicy>> cookies = ProxyPolicies.cookieRewritePolicies(route.cookieRewritePolicies());
            if (!cookies.ok()) {
                cond.addError("RouteError", "CookieRewritePoliciesInvalid", cookies.error() + " on route cookie rewrite rules");
                return null;
            }
            Parsed<ProxyPolicies.Timeouts> timeouts = ProxyPolicies.timeoutPolicy(route.timeoutPolicy(), connectTimeout);
            if (!timeouts.ok()) {
                cond.addError("RouteError", "TimeoutPolicyNotValid", "route.timeoutPolicy failed to parse: " + timeouts.error());
                return null;
            }
            Parsed<Dag.RateLimitPolicy> rlp = ProxyPolicies.rateLimitPolicy(route.rateLimitPolicy());
            if (!rlp.ok()) {
                cond.addError("RouteError", "RateLimitPolicyNotValid", "route.rateLimitPolicy is invalid: " + rlp.error());
                return null;
            }
            ProxyPolicies.HashPolicies hash = ProxyPolicies.requestHashPolicies(route.loadBalancerPolicy(), cond);
            Parsed<Dag.Redirect> redirect = ProxyPolicies.redirectPolicy(route.requestRedirectPolicy());
            if (!redirect.ok()) {
                cond.addError("RouteError", "RequestRedirectPolicy", "route.requestRedirectPolicy is invalid: " + redirect.error());
                return null;
            }

            Dag.Route.Builder r = Dag.Route.builder(ProxyConditions.mergePath(all), proxy.ref());
            r.headerMatches(ProxyConditions.mergeHeaders(all));
            r.queryParamMatches(ProxyConditions.mergeQueryParams(all));
            r.websocket(route.enableWebsockets());
            r.httpsUpgrade(enforceTls && !(route.permitInsecure() && !config.disablePermitInsecure()));
            r.timeoutPolicy(timeouts.value().route());
            r.retryPolicy(ProxyPolicies.retryPolicy(route.retryPolicy()));
            r.requestHeadersPolicy(reqHp.value());
            r.responseHeadersPolicy(respHp.value());
            r.cookieRewritePolicies(cookies.value());
            r.rateLimitPolicy(rlp.value());
            r.rateLimitPerRoute(ProxyPolicies.rateLimitPerRoute(route.rateLimitPolicy()));
            r.requestHashPolicies(hash.policies());
            r.redirect(redirect.value());
            r.directResponse(ProxyPolicies.directResponsePolicy(route.directResponsePolicy()));
            r.internalRedirectPolicy(ProxyPolicies.internalRedirectPolicy(route.internalRedirectPolicy()));

            HTTPProxy.AuthorizationServer rootAuth = root.spec().virtualhost().authorization();
            if (rootAuth != null || globalAuth != null) {
                // Precedence: route authPolicy, then the virtual host's authorization, then the global one.
                boolean disabled = globalAuth != null && globalAuth.authPolicy() != null && globalAuth.authPolicy().disabled();
                if (rootAuth != null) {
                    disabled = disablesAuthorization(root.spec().virtualhost());
                }
                if (route.authPolicy() != null) {
                    disabled = route.authPolicy().disabled();
                }
                r.authDisabled(disabled);
                HTTPProxy.AuthorizationServer outer = rootAuth != null ? rootAuth : globalAuth;
                Map<String, String> context = new TreeMap<>();
                if (outer.authPolicy() != null) {
                    context.putAll(outer.authPolicy().context());
                }
                if (route.authPolicy() != null) {
                    context.putAll(route.authPolicy().context());
                }
                r.authContext(context);
            }

            if (route.pathRewritePolicy() != null && !route.pathRewritePolicy().replacePrefix().isEmpty()) {
                List<HTTPProxy.ReplacePrefix> replacements = route.pathRewritePolicy().replacePrefix();
                if (!(r.pathMatch() instanceof Dag.PrefixMatch routing)) {
                    cond.addError("PrefixReplaceError", "MustHavePrefix", "cannot specify prefix replacements without a prefix condition");
                    return null;
                }
                Optional<String[]> bad = ProxyPolicies.prefixReplacementsError(replacements);
                if (bad.isPresent()) {
                    cond.addError("PrefixReplaceError", bad.get()[0], bad.get()[1]);
                    return null;
                }
                for (HTTPProxy.ReplacePrefix p : replacements) {
                    if (!p.prefix().isEmpty() && routing.prefix().equals(p.prefix())) {
                        r.pathRewritePolicy(new Dag.PathRewritePolicy(p.replacement(), "", ""));
                        break;
                    }
                }
                if (r.pathRewritePolicy() == null) {
                    for (HTTPProxy.ReplacePrefix p : replacements) {
                        if (p.prefix().isEmpty()) {
                            r.pathRewritePolicy(new Dag.PathRewritePolicy(p.replacement(), "", ""));
                            break;
                        }
                    }
                }
            }

            Parsed<Dag.HttpHealthCheckPolicy> health = ProxyPolicies.httpHealthCheckPolicy(route.healthCheckPolicy());
            if (!health.ok()) {
                cond.addError("RouteError", "HealthCheckPolicyInvalid", health.error());
                return null;
            }

            long weightSum = 0;
            for (HTTPProxy.Service service : route.services()) {
                if (service.port() < 1 || service.port() > 65535) {
                    cond.addError("ServiceError", "ServicePortInvalid", "service " + GoQuote.q(service.name())
                            + ": port must be in the range 1-65535");
                    return null;
                }
                int healthPort = health.value() != null && service.healthPort() > 0 ? service.healthPort() : service.port();
                Lookup<Dag.Service> s = ctx.ensureService(proxy.namespace(), service.name(), IntOrString.of(service.port()), healthPort);
                if (!s.ok()) {
                    cond.addError("ServiceError", "ServiceUnresolvedReference", "Spec.Routes unresolved service reference: " + s.error());
                    continue;
                }
                Dag.Service svc = ClusterDefaults.withGlobalCircuitBreakers(s.value(), config);
                Optional<String> protocol = protocol(service, svc);
                if (protocol.isEmpty()) {
                    cond.addError("ServiceError", "UnsupportedProtocol", "unsupported protocol: " + service.protocol());
                    return null;
                }
                Dag.PeerValidationContext uv = null;
                if ((protocol.get().equals("tls") || protocol.get().equals("h2")) && service.validation() != null) {
                    uv = serviceValidation(cond, proxy, service);
                    if (uv == null) {
                        return null;
                    }
                }
                dynamic.put("CONTOUR_SERVICE_NAME", service.name());
                dynamic.put("CONTOUR_SERVICE_PORT", Integer.toString(service.port()));
                Parsed<Dag.HeadersPolicy> sReq = ProxyPolicies.headersPolicyService(config.requestHeaders(),
                        service.requestHeadersPolicy(), true, dynamic);
                if (!sReq.ok()) {
                    cond.addError("ServiceError", "RequestHeadersPolicyInvalid", sReq.error() + " on request headers");
                    return null;
                }
                Parsed<Dag.HeadersPolicy> sResp = ProxyPolicies.headersPolicyService(config.responseHeaders(),
                        service.responseHeadersPolicy(), false, dynamic);
                if (!sResp.ok()) {
                    cond.addError("ServiceError", "ResponseHeadersPolicyInvalid", sResp.error() + " on response headers");
                    return null;
                }
                Parsed<List<Dag.CookieRewritePolicy>> sCookies = ProxyPolicies.cookieRewritePolicies(service.cookieRewritePolicies());
                if (!sCookies.ok()) {
                    cond.addError("RouteError", "CookieRewritePoliciesInvalid", sCookies.error() + " on service cookie rewrite rules");
                    return null;
                }
                Lookup<Dag.Secret> clientCert = ctx.envoyClientCertificate();
                if (clientCert != null && !clientCert.ok()) {
                    cond.addError("TLSError", "SecretNotValid", clientCert.error());
                    return null;
                }
                Dag.SlowStartConfig slowStart = null;
                if (service.slowStartPolicy() != null) {
                    String lb = hash.strategy();
                    if (!lb.isEmpty() && !lb.equals(ProxyPolicies.LB_ROUND_ROBIN) && !lb.equals(ProxyPolicies.LB_WEIGHTED_LEAST_REQUEST)) {
                        cond.addError("ServiceError", "SlowStartInvalid",
                                "slow start is only supported with RoundRobin or WeightedLeastRequest load balancer strategy");
                        return null;
                    }
                    Parsed<Dag.SlowStartConfig> ss = ProxyPolicies.slowStartConfig(service.slowStartPolicy());
                    if (!ss.ok()) {
                        cond.addError("ServiceError", "SlowStartInvalid", ss.error() + " on slow start");
                        return null;
                    }
                    slowStart = ss.value();
                }
                // uint32(service.Weight) as upstream: a weight past 4,294,967,295 wraps around
                Dag.Cluster c = Dag.Cluster.builder(svc).weight((int) service.weight())
                        .protocol(protocol.get()).upstreamValidation(uv).loadBalancerPolicy(hash.strategy())
                        .healthCheck(health.value(), null).headersPolicies(sReq.value(), sResp.value())
                        .cookieRewritePolicies(sCookies.value()).sni(sni(reqHp.value(), sReq.value(), svc))
                        .dnsLookupFamily(config.cluster().dnsLookupFamily())
                        .clientCertificate(clientCert == null ? null : clientCert.value())
                        .timeoutPolicy(timeouts.value().cluster()).slowStartConfig(slowStart)
                        .connectionLimits(config.cluster().maxRequestsPerConnection(), config.cluster().perConnectionBufferLimitBytes())
                        .upstreamTls(upstreamTls).build();
                if (service.mirror() && r.hasMirrors()) {
                    cond.addError("ServiceError", "OnlyOneMirror", "only one service per route may be nominated as mirror");
                    return null;
                }
                if (service.mirror()) {
                    r.addMirrorPolicy(new Dag.MirrorPolicy(c, service.weight() == 0 ? 100 : service.weight()));
                } else {
                    r.addCluster(c);
                    weightSum += Integer.toUnsignedLong(c.weight());
                }
            }
            Optional<String> weights = RoutePolicies.weightSumError(weightSum);
            if (weights.isPresent()) {
                cond.addError("ServiceError", "WeightsInvalid", weights.get());
                return null;
            }
            if (!r.hasClusters() && route.requestRedirectPolicy() == null && route.directResponsePolicy() == null) {
                r.directResponse(new Dag.DirectResponse(503, ""));
            }
            String rootFqdn = root.spec().virtualhost().fqdn();
            if (rootFqdn.startsWith("*.")) {
                r.addHeaderMatch(HostMatch.wildcardDomainHeaderMatch(rootFqdn));
            }
            HTTPProxy.JwtVerificationPolicy jwt = route.jwtVerificationPolicy();
            if (jwt != null && !jwt.require().isEmpty() && jwt.disabled()) {
                cond.addError("JWTVerificationError", "InvalidJWTVerificationPolicy",
                        "route's JWT verification policy cannot specify both require and disabled");
                return null;
            } else if (jwt != null && !jwt.require().isEmpty()) {
                r.jwtProvider(jwt.require());
            } else if (jwt != null && jwt.disabled()) {
                r.jwtProvider("");
            } else {
                r.jwtProvider(defaultJwt);
            }
            ProxyPolicies.IpFilters ip = ProxyPolicies.ipFilterRules(route.ipAllowPolicy(), route.ipDenyPolicy(), cond);
            if (!ip.ok()) {
                return null;
            }
            r.ipFilter(ip.allow(), ip.rules());
            return r;
        }

        private Dag.PeerValidationContext serviceValidation(StatusRecorder.Entry cond, HTTPProxy proxy, HTTPProxy.Service service) {
            String[] ca = BuildContext.namespacedName(service.validation().caSecret(), proxy.namespace());
            Lookup<Dag.PeerValidationContext> l = ctx.lookupUpstreamValidation(ca, service.validation().subjectName(), service.validation().subjectNames(), proxy.namespace());
            if (!l.ok()) {
                if (l.delegationNotPermitted()) {
                    cond.addError("TLSError", "CACertificateNotDelegated", "service.UpstreamValidation.CACertificate Secret "
                            + GoQuote.q(ca[0] + "/" + ca[1]) + " is not configured for certificate delegation");
                } else {
                    cond.addError("ServiceError", "TLSUpstreamValidation", "Service [" + service.name() + ":" + service.port()
                            + "] TLS upstream validation policy error: " + l.error());
                }
                return null;
            }
            return l.value();
        }


        // ---------------------------------------------------------------- tcpproxy

        private boolean tcpProxy(StatusRecorder.Entry cond, HTTPProxy proxy, List<HTTPProxy> visited, String host) {
            HTTPProxy.TcpProxy tcp = proxy.spec().tcpproxy();
            if (tcp == null) {
                return true;
            }
            visited.add(proxy);
            HTTPProxy.TcpProxyInclude include = tcp.include() != null ? tcp.include() : tcp.includes();
            if (!tcp.services().isEmpty() && include != null) {
                cond.addError("TCPProxyError", "NoServicesAndInclude", "cannot specify services and include in the same httpproxy");
                return false;
            }
            String lb = ProxyPolicies.loadBalancerPolicy(tcp.loadBalancerPolicy());
            if (lb.equals(ProxyPolicies.LB_COOKIE) || lb.equals(ProxyPolicies.LB_REQUEST_HASH)) {
                cond.addWarning("TCPProxyError", "IgnoredField", "ignoring field \"Spec.TCPProxy.LoadBalancerPolicy\"; " + lb
                        + " load balancer policy is not supported for TCPProxies");
                lb = "";
            }
            if (!tcp.services().isEmpty()) {
                List<Dag.Cluster> clusters = new ArrayList<>();
                Dag.TcpHealthCheckPolicy health = ProxyPolicies.tcpHealthCheckPolicy(tcp.healthCheckPolicy());
                for (HTTPProxy.Service service : tcp.services()) {
                    int healthPort = health != null && service.healthPort() > 0 ? service.healthPort() : service.port();
                    Lookup<Dag.Service> s = ctx.ensureService(proxy.namespace(), service.name(), IntOrString.of(service.port()), healthPort);
                    if (!s.ok()) {
                        cond.addError("TCPProxyError", "ServiceUnresolvedReference", "Spec.TCPProxy unresolved service reference: " + s.error());
                        return false;
                    }
                    Optional<String> protocol = protocol(service, s.value());
                    if (protocol.isEmpty()) {
                        cond.addError("ServiceError", "UnsupportedProtocol", "unsupported protocol: " + service.protocol());
                        return false;
                    }
                    Dag.PeerValidationContext uv = null;
                    if ((protocol.get().equals("tls") || protocol.get().equals("h2")) && service.validation() != null) {
                        uv = serviceValidation(cond, proxy, service);
                        if (uv == null) {
                            return false;
                        }
                    }
                    Lookup<Dag.Secret> clientCert = ctx.envoyClientCertificate();
                    if (clientCert != null && !clientCert.ok()) {
                        cond.addError("TLSError", "SecretNotValid", clientCert.error());
                        return false;
                    }
                    clusters.add(Dag.Cluster.builder(s.value()).weight((int) service.weight())
                            .protocol(protocol.get()).upstreamValidation(uv).loadBalancerPolicy(lb).healthCheck(null, health)
                            .sni(s.value().externalName()).clientCertificate(clientCert == null ? null : clientCert.value())
                            .timeoutPolicy(new Dag.ClusterTimeoutPolicy(Timeout.UNSET, connectTimeout)).upstreamTls(upstreamTls)
                            .build());
                }
                Optional<BuildContext.ListenerBuilder> https = listener(cond, Dag.Listener.HTTPS);
                if (https.isEmpty()) {
                    return false;
                }
                https.get().ensureSecureVirtualHost(host).tcpProxy(new Dag.TcpProxy(clusters));
                return true;
            }
            if (include == null) {
                cond.addError("TCPProxyError", "NothingDefined", "either services or inclusion must be specified");
                return false;
            }
            String ns = include.namespace().isEmpty() ? proxy.namespace() : include.namespace();
            HTTPProxy dest = proxies.get(new ObjectRef(Kind.HTTP_PROXY, ns, include.name()));
            if (dest == null) {
                cond.addError("TCPProxyIncludeError", "IncludeNotFound", "include " + ns + "/" + include.name() + " not found");
                return false;
            }
            if (dest.spec().virtualhost() != null) {
                cond.addError("TCPProxyIncludeError", "RootIncludesRoot", "root httpproxy cannot include another root httpproxy ("
                        + dest.namespace() + "/" + dest.name() + ")");
                return false;
            }
            orphaned.remove(dest.ref());
            for (HTTPProxy v : visited) {
                if (v.ref().equals(dest.ref())) {
                    List<String> path = new ArrayList<>();
                    visited.forEach(x -> path.add(x.namespace() + "/" + x.name()));
                    path.add(dest.namespace() + "/" + dest.name());
                    cond.addError("TCPProxyIncludeError", "IncludeCreatesCycle", "include creates a cycle: " + String.join(" -> ", path));
                    return false;
                }
            }
            return tcpProxy(status.forObject(dest.ref(), VALID_MESSAGE), dest, visited, host);
        }

        // ---------------------------------------------------------------- helpers

        /** The protocol written on the service (h2, h2c, tls), else the Service's; empty for an unsupported value. */
        private static Optional<String> protocol(HTTPProxy.Service service, Dag.Service s) {
            if (service.protocol() == null) {
                return Optional.of(s.protocol());
            }
            return switch (service.protocol()) {
                case "h2", "h2c", "tls" -> Optional.of(service.protocol());
                default -> Optional.empty();
            };
        }

        /** A service's Host rewrite, then the route's, then the ExternalName. */
        private static String sni(Dag.HeadersPolicy route, Dag.HeadersPolicy cluster, Dag.Service s) {
            if (cluster != null && !cluster.hostRewrite().isEmpty()) {
                return cluster.hostRewrite();
            }
            if (route != null && !route.hostRewrite().isEmpty()) {
                return route.hostRewrite();
            }
            return s.externalName();
        }
    }
}
