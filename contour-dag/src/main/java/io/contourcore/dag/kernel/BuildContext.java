package io.contourcore.dag.kernel;


import io.contourcore.dag.Dag;
import io.contourcore.dag.status.StatusRecorder;
import io.contourcore.model.GoQuote;
import io.contourcore.model.IntOrString;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.Secret;
import io.contourcore.model.Service;
import io.contourcore.model.TLSCertificateDelegation;
import io.contourcore.model.config.ContourConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Everything one build needs and builds: the input objects, the settings, the status recorder, the listeners with
 * their (mutable, per-build) virtual hosts, and upstream's lookups ({@code EnsureService}, TLS/CA/CRL Secrets with
 * TLSCertificateDelegation). Created by {@link DagBuilder}; processors receive it and keep nothing in fields.
 *
 * <pre>{@code
 * Lookup<Dag.Service> svc = ctx.ensureService("default", "kuard", IntOrString.of(80), 0);
 * Lookup<BuildContext.ListenerBuilder> http = ctx.singleListener(Dag.Listener.HTTP);
 * if (http.ok()) http.value().ensureVirtualHost("kuard.example.com").addRoute(route);
 * }</pre>
 */
public final class BuildContext {

    private final ResourceSet resources;
    private final ContourConfig config;
    private final StatusRecorder status = new StatusRecorder();
    private final Map<String, ListenerBuilder> listeners = new LinkedHashMap<>();
    private final Map<String, Optional<String>> tlsValidity;
    private final Map<String, Optional<String>> caValidity = new HashMap<>();
    private final Map<String, Optional<String>> crlValidity = new HashMap<>();
    private final List<Dag.ExtensionCluster> extensionClusters = new ArrayList<>();
    private boolean dynamicListeners;

    /** A build over these objects and settings, with no listeners yet: the listener step adds them first. */
    public BuildContext(ResourceSet resources, ContourConfig config) {
        this(resources, config, new SecretChecks());
    }

    /** As {@link #BuildContext(ResourceSet, ContourConfig)}, taking TLS Secrets' validity from {@code checks}. */
    public BuildContext(ResourceSet resources, ContourConfig config, SecretChecks checks) {
        this.resources = resources;
        this.config = config;
        this.tlsValidity = checks.tls();
    }

    public ResourceSet resources() {
        return resources;
    }

    public ContourConfig config() {
        return config;
    }

    public StatusRecorder status() {
        return status;
    }

    public List<Dag.ExtensionCluster> extensionClusters() {
        return extensionClusters;
    }

    // ---------------------------------------------------------------- listeners and vhosts

    /** Marks the listeners as a Gateway's (upstream's {@code HasDynamicListeners}): named per port, not ingress_http/https. */
    public void markDynamicListeners() {
        this.dynamicListeners = true;
    }

    public boolean hasDynamicListeners() {
        return dynamicListeners;
    }

    /** Adds a listener (the listener step's job); processors find it through {@link #singleListener}. */
    public ListenerBuilder addListener(String name, String protocol, String address, int port, String routeConfigName,
            String fallbackCertRouteConfigName, boolean enableWebsockets) {
        ListenerBuilder l = new ListenerBuilder(name, protocol, address, port, routeConfigName, fallbackCertRouteConfigName,
                enableWebsockets);
        listeners.put(name, l);
        return l;
    }

    public Optional<ListenerBuilder> listener(String name) {
        return Optional.ofNullable(listeners.get(name));
    }

    /**
     * Upstream's {@code GetSingleListener}: the one listener of {@code protocol} ({@code http} or {@code https}). Zero
     * or several (a Gateway may define many) is a lookup failure with upstream's text, which a source reports as its
     * status ({@code ListenerError}/{@code ErrorIdentifyingListener} for HTTPProxy), never an exception.
     */
    public Lookup<ListenerBuilder> singleListener(String protocol) {
        ListenerBuilder found = null;
        for (ListenerBuilder l : listeners.values()) {
            if (!l.protocol.equals(protocol)) {
                continue;
            }
            if (found != null) {
                return Lookup.fail("more than one " + protocol.toUpperCase(java.util.Locale.ROOT) + " listener configured");
            }
            found = l;
        }
        if (found == null) {
            return Lookup.fail("no " + protocol.toUpperCase(java.util.Locale.ROOT) + " listener configured");
        }
        return Lookup.of(found);
    }

    /**
     * The listeners as the DAG holds them, after upstream's pruning (see {@link ListenerBuilder}), sorted by name.
     * Ends the build: call it once, after every processor ran.
     */
    public List<Dag.Listener> freezeListeners() {
        List<Dag.Listener> out = new ArrayList<>();
        for (ListenerBuilder l : listeners.values()) {
            l.freeze().ifPresent(out::add);
        }
        out.sort(java.util.Comparator.comparing(Dag.Listener::name));
        return List.copyOf(out);
    }

    /** A listener being built. */
    public static final class ListenerBuilder {
        final String name;
        final String protocol;
        final String address;
        final int port;
        final String routeConfigName;
        final String fallbackCertRouteConfigName;
        final boolean enableWebsockets;
        final Map<String, VhostBuilder> vhosts = new LinkedHashMap<>();
        final Map<String, SecureVhostBuilder> secureVhosts = new LinkedHashMap<>();
        private Dag.TcpProxy tcpProxy;

        ListenerBuilder(String name, String protocol, String address, int port, String routeConfigName,
                String fallbackCertRouteConfigName, boolean enableWebsockets) {
            this.name = name;
            this.protocol = protocol;
            this.address = address;
            this.port = port;
            this.routeConfigName = routeConfigName;
            this.fallbackCertRouteConfigName = fallbackCertRouteConfigName;
            this.enableWebsockets = enableWebsockets;
        }

        public String name() {
            return name;
        }

        public String protocol() {
            return protocol;
        }

        public void tcpProxy(Dag.TcpProxy p) {
            this.tcpProxy = p;
        }

        /** Upstream's EnsureVirtualHost: the insecure vhost for {@code host}, created on first use. */
        public VhostBuilder ensureVirtualHost(String host) {
            return vhosts.computeIfAbsent(host, VhostBuilder::new);
        }

        /** Upstream's EnsureSecureVirtualHost. */
        public SecureVhostBuilder ensureSecureVirtualHost(String host) {
            return secureVhosts.computeIfAbsent(host, SecureVhostBuilder::new);
        }

        public Optional<VhostBuilder> virtualHost(String host) {
            return Optional.ofNullable(vhosts.get(host));
        }

        public Optional<SecureVhostBuilder> secureVirtualHost(String host) {
            return Optional.ofNullable(secureVhosts.get(host));
        }

        /** Upstream's pruning: vhosts need routes; secure vhosts need (secret and routes) or a TCP proxy. */
        Optional<Dag.Listener> freeze() {
            List<Dag.VirtualHost> vh = vhosts.values().stream()
                    .map(VhostBuilder::freeze)
                    .filter(v -> !v.routes().isEmpty())
                    .sorted(java.util.Comparator.comparing(Dag.VirtualHost::name))
                    .toList();
            List<Dag.SecureVirtualHost> svh = secureVhosts.values().stream()
                    .map(SecureVhostBuilder::freezeSecure)
                    .filter(s -> (s.secret() != null && !s.virtualHost().routes().isEmpty()) || s.tcpProxy() != null)
                    .sorted(java.util.Comparator.comparing(Dag.SecureVirtualHost::name))
                    .toList();
            if (vh.isEmpty() && svh.isEmpty() && tcpProxy == null) {
                return Optional.empty();
            }
            return Optional.of(new Dag.Listener(name, protocol, address, port, routeConfigName, fallbackCertRouteConfigName,
                    vh, svh, tcpProxy, enableWebsockets));
        }
    }

    /** A virtual host being built. Routes with equal {@link Dag.RouteKey}s replace each other, as upstream's map does. */
    public static class VhostBuilder {
        private final String name;
        private final Map<Dag.RouteKey, Dag.Route> routes = new LinkedHashMap<>();
        private Dag.CorsPolicy corsPolicy;
        private Dag.RateLimitPolicy rateLimitPolicy;
        private boolean ipFilterAllow;
        private List<Dag.IpFilterRule> ipFilterRules = List.of();

        VhostBuilder(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public VhostBuilder addRoute(Dag.Route r) {
            routes.put(r.key(), r);
            return this;
        }

        /** Upstream's HasConflictRoute: a route with the same conditions from the same kind of source exists. */
        public boolean hasConflictRoute(Dag.Route r) {
            Dag.Route existing = routes.get(r.key());
            return existing != null && existing.source() != null && r.source() != null
                    && existing.source().kind() == r.source().kind();
        }

        public List<Dag.Route> routes() {
            return List.copyOf(routes.values());
        }

        public void corsPolicy(Dag.CorsPolicy p) {
            this.corsPolicy = p;
        }

        public void rateLimitPolicy(Dag.RateLimitPolicy p) {
            this.rateLimitPolicy = p;
        }

        public void ipFilter(boolean allow, List<Dag.IpFilterRule> rules) {
            this.ipFilterAllow = allow;
            this.ipFilterRules = List.copyOf(rules);
        }

        Dag.VirtualHost freeze() {
            return new Dag.VirtualHost(name, List.copyOf(routes.values()), corsPolicy, rateLimitPolicy, ipFilterAllow, ipFilterRules);
        }
    }

    /** A secure virtual host being built. */
    public static final class SecureVhostBuilder extends VhostBuilder {
        private String minTlsVersion = "";
        private String maxTlsVersion = "";
        private Dag.Secret secret;
        private Dag.Secret fallbackCertificate;
        private Dag.TcpProxy tcpProxy;
        private Dag.PeerValidationContext downstreamValidation;
        private Dag.ExternalAuthorization externalAuthorization;
        private List<Dag.JwtProvider> jwtProviders = List.of();

        SecureVhostBuilder(String name) {
            super(name);
        }

        public SecureVhostBuilder tlsVersions(String min, String max) {
            this.minTlsVersion = min;
            this.maxTlsVersion = max;
            return this;
        }

        public SecureVhostBuilder secret(Dag.Secret s) {
            this.secret = s;
            return this;
        }

        public Dag.Secret secret() {
            return secret;
        }

        public SecureVhostBuilder fallbackCertificate(Dag.Secret s) {
            this.fallbackCertificate = s;
            return this;
        }

        public SecureVhostBuilder tcpProxy(Dag.TcpProxy p) {
            this.tcpProxy = p;
            return this;
        }

        public SecureVhostBuilder downstreamValidation(Dag.PeerValidationContext v) {
            this.downstreamValidation = v;
            return this;
        }

        public SecureVhostBuilder externalAuthorization(Dag.ExternalAuthorization a) {
            this.externalAuthorization = a;
            return this;
        }

        public SecureVhostBuilder jwtProviders(List<Dag.JwtProvider> p) {
            this.jwtProviders = List.copyOf(p);
            return this;
        }

        Dag.SecureVirtualHost freezeSecure() {
            return new Dag.SecureVirtualHost(super.freeze(), minTlsVersion, maxTlsVersion, secret, fallbackCertificate,
                    tcpProxy, downstreamValidation, externalAuthorization, jwtProviders);
        }
    }

    // ---------------------------------------------------------------- services

    /**
     * Upstream's EnsureService: the Service port matching {@code port} by number or name (TCP only), its protocol
     * from appProtocol or the upstream-protocol annotations, circuit breakers from annotations, and ExternalName
     * rules. {@code healthPort} 0 means the service port itself.
     */
    public Lookup<Dag.Service> ensureService(String namespace, String name, IntOrString port, int healthPort) {
        Lookup<PortMatch> p = lookupServicePort(namespace, name, port);
        if (!p.ok()) {
            return Lookup.fail(p.error());
        }
        Service svc = p.value().service;
        Service.Port svcPort = p.value().port;
        Service.Port health = svcPort;
        if (healthPort != 0 && (!port.isInt() || healthPort != port.intValue())) {
            Lookup<PortMatch> hp = lookupServicePort(namespace, name, IntOrString.of(healthPort));
            if (!hp.ok()) {
                return Lookup.fail(hp.error());
            }
            health = hp.value().port;
        }
        Optional<String> en = externalNameError(svc);
        if (en.isPresent()) {
            return Lookup.fail(en.get());
        }
        Dag.WeightedService w = new Dag.WeightedService(1, namespace, name, toDag(svcPort), toDag(health));
        return Lookup.of(new Dag.Service(w, upstreamProtocol(svc, svcPort), circuitBreakers(svc),
                svc.isExternalName() ? svc.externalName() : ""));
    }

    /** A Service and the port of it a backend named. */
    public record PortMatch(Service service, Service.Port port) {}

    /**
     * Upstream's {@code LookupService}: the Service's TCP port matching {@code port} by number or by name, with
     * upstream's texts ({@code service "ns/name" not found}, {@code unsupported service protocol "UDP"},
     * {@code port "http" on service "ns/name" not matched}).
     */
    public Lookup<PortMatch> lookupServicePort(String namespace, String name, IntOrString port) {
        Optional<Service> svc = resources.get(Kind.SERVICE, namespace, name, Service.class);
        String meta = namespace + "/" + name;
        if (svc.isEmpty()) {
            return Lookup.fail("service " + GoQuote.q(meta) + " not found");
        }
        for (Service.Port p : svc.get().ports()) {
            boolean byNumber = port.isInt() ? p.port() == port.intValue() : false;
            boolean byName = port.toString().equals(p.name());
            if (byNumber || byName) {
                if (p.protocol().equals("TCP")) {
                    return Lookup.of(new PortMatch(svc.get(), p));
                }
                return Lookup.fail("unsupported service protocol " + GoQuote.q(p.protocol()));
            }
        }
        return Lookup.fail("port " + GoQuote.q(port.toString()) + " on service " + GoQuote.q(meta) + " not matched");
    }

    /** A Service port as the DAG holds it. */
    public static Dag.ServicePort toDag(Service.Port p) {
        return new Dag.ServicePort(p.name(), p.port(), p.protocol(), p.appProtocol());
    }

    private Optional<String> externalNameError(Service svc) {
        if (!svc.isExternalName() || svc.externalName().isEmpty()) {
            return Optional.empty();
        }
        String id = svc.namespace() + "/" + svc.name();
        if (!config.enableExternalNameService()) {
            return Optional.of(id + " is an ExternalName service, these are not currently enabled. "
                    + "See the config.enableExternalNameService config file setting");
        }
        // Upstream refuses three names; a resolver reads many more spellings of a local address (127.1, 0x7f000001,
        // ip6-localhost), and each would give Envoy a STRICT_DNS cluster onto the node itself or its admin listener.
        String name = svc.externalName();
        if (ResolverNames.isLoopbackName(name)) {
            return Optional.of(id + " is an ExternalName service that points to localhost, this is not allowed");
        }
        if (ResolverNames.address(name).filter(ResolverNames::isLocalAddress).isPresent()) {
            return Optional.of(id + " is an ExternalName service that points to a loopback, link-local or "
                    + "unspecified IP address, this is not allowed");
        }
        return Optional.empty();
    }

    /** appProtocol wins over the {@code projectcontour.io/upstream-protocol.*} annotations. */
    static String upstreamProtocol(Service svc, Service.Port port) {
        if (!port.appProtocol().isEmpty()) {
            return switch (port.appProtocol()) {
                case "kubernetes.io/h2c" -> "h2c";
                case "https" -> "tls";
                default -> "";
            };
        }
        Map<String, String> up = null;
        for (int i = 0; i < UPSTREAM_PROTOCOLS.size(); i++) {
            String proto = UPSTREAM_PROTOCOLS.get(i);
            String ports = svc.metadata().annotation(UPSTREAM_PROTOCOL_ANNOTATIONS.get(i));
            if (ports == null) {
                continue;
            }
            if (up == null) {
                up = new HashMap<>();
            }
            for (String v : ports.split(",", -1)) {
                String p = v.trim();
                if (!p.isEmpty()) {
                    up.put(p, proto);
                }
            }
        }
        if (up == null) {
            return "";
        }
        String proto = up.getOrDefault(port.name(), "");
        if (proto.isEmpty()) {
            proto = up.getOrDefault(Integer.toString(port.port()), "");
        }
        return proto;
    }

    /** The protocols of the {@code projectcontour.io/upstream-protocol.*} annotations, and those annotations' keys. */
    private static final List<String> UPSTREAM_PROTOCOLS = List.of("h2", "h2c", "tls");
    private static final List<String> UPSTREAM_PROTOCOL_ANNOTATIONS =
            UPSTREAM_PROTOCOLS.stream().map(p -> "projectcontour.io/upstream-protocol." + p).toList();

    /**
     * The circuit-breaker annotations' keys, in {@link Dag.CircuitBreakers}' order: made once rather than for each
     * of a Service's ports at every route that names it (~16 MB of strings at TLS-heavy 10k).
     */
    private static final List<String> CIRCUIT_BREAKER_ANNOTATIONS = Stream.of("max-connections",
            "max-pending-requests", "max-requests", "max-retries", "per-host-max-connections")
            .map(k -> "projectcontour.io/" + k).toList();

    static Dag.CircuitBreakers circuitBreakers(Service svc) {
        Function<String, Long> u32 = key -> {
            String v = svc.metadata().annotation(key);
            if (v == null || v.isEmpty() || !v.chars().allMatch(Character::isDigit) || v.length() > 10) {
                return 0L;
            }
            long l = Long.parseLong(v);
            return l > 0xffffffffL ? 0L : l;
        };
        List<String> keys = CIRCUIT_BREAKER_ANNOTATIONS;
        return new Dag.CircuitBreakers(u32.apply(keys.get(0)), u32.apply(keys.get(1)), u32.apply(keys.get(2)),
                u32.apply(keys.get(3)), u32.apply(keys.get(4)));
    }

    // ---------------------------------------------------------------- secrets

    /** Whether a Secret in {@code secretNamespace} may be used from {@code targetNamespace}. */
    public boolean delegationPermitted(String secretNamespace, String secretName, String targetNamespace) {
        if (secretNamespace.equals(targetNamespace)) {
            return true;
        }
        // Upstream honoured the legacy contour.heptio.com kind beside the current one while it read IngressRoutes, for
        // every source alike; with no legacy objects in the input this is the current rule.
        for (Kind kind : List.of(Kind.TLS_CERTIFICATE_DELEGATION, Kind.LEGACY_TLS_CERTIFICATE_DELEGATION)) {
            for (TLSCertificateDelegation d : resources.all(kind, TLSCertificateDelegation.class)) {
                if (!d.namespace().equals(secretNamespace)) {
                    continue;
                }
                for (TLSCertificateDelegation.Delegation del : d.delegations()) {
                    List<String> targets = del.targetNamespaces();
                    boolean all = targets.size() == 1 && targets.get(0).equals("*");
                    if ((all || targets.contains(targetNamespace)) && del.secretName().equals(secretName)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** {@code name} or {@code namespace/name} (a Secret reference), the namespace defaulting to {@code defaultNamespace}. */
    public static String[] namespacedName(String s, String defaultNamespace) {
        int slash = s.indexOf('/');
        String ns = slash < 0 ? "" : s.substring(0, slash);
        String name = slash < 0 ? s : s.substring(slash + 1);
        return new String[] {ns.isEmpty() ? defaultNamespace : ns, name};
    }

    /**
     * Upstream's LookupUpstreamValidation: the CA Secret {@code ca} ({namespace, name}, with delegation to
     * {@code targetNamespace}) and the subject names a backend's certificate must carry; {@code subjectNames}, when
     * given, must start with {@code subjectName}.
     */
    public Lookup<Dag.PeerValidationContext> lookupUpstreamValidation(String[] ca, String subjectName, List<String> subjectNames,
            String targetNamespace) {
        Lookup<Dag.Secret> caSec = lookupCaSecret(ca[0], ca[1], targetNamespace);
        if (!caSec.ok()) {
            if (caSec.delegationNotPermitted()) {
                return Lookup.notDelegated();
            }
            return Lookup.fail("invalid CA Secret " + GoQuote.q(ca[0] + "/" + ca[1]) + ": " + caSec.error());
        }
        if (subjectName.isEmpty()) {
            return Lookup.fail("missing subject alternative name");
        }
        List<String> names;
        if (subjectNames.isEmpty()) {
            names = List.of(subjectName);
        } else {
            if (!subjectName.equals(subjectNames.get(0))) {
                return Lookup.fail("first entry of SubjectNames (" + subjectNames.get(0) + ") does not match SubjectName ("
                        + subjectName + ")");
            }
            names = subjectNames;
        }
        return Lookup.of(new Dag.PeerValidationContext(List.of(caSec.value()), names, false, null, null, false, false));
    }

    /** Upstream's LookupTLSSecret: delegation first, then existence ("Secret not found"), then validity. */
    public Lookup<Dag.Secret> lookupTlsSecret(String namespace, String name, String targetNamespace) {
        if (!delegationPermitted(namespace, name, targetNamespace)) {
            return Lookup.notDelegated();
        }
        return lookupTlsSecretInsecure(namespace, name);
    }

    /**
     * The client certificate Envoy presents to backends ({@code tls.envoy-client-certificate}): null when none is
     * configured, otherwise the Secret or a failure worded as upstream's status message.
     */
    public Lookup<Dag.Secret> envoyClientCertificate() {
        ContourConfig.NamespacedName cc = config.tls().envoyClientCertificate();
        if (!cc.isSet()) {
            return null;
        }
        Lookup<Dag.Secret> s = lookupTlsSecretInsecure(cc.namespace(), cc.name());
        return s.ok() ? s : Lookup.fail("tls.envoy-client-certificate Secret " + GoQuote.q(cc.namespace() + "/" + cc.name())
                + " is invalid: " + s.error());
    }

    /** A TLS Secret with no delegation check (configured fallback and client certificates). */
    public Lookup<Dag.Secret> lookupTlsSecretInsecure(String namespace, String name) {
        return lookupValidated(namespace, name, tlsValidity, SecretValidation::tlsSecretError);
    }

    public Lookup<Dag.Secret> lookupCaSecret(String namespace, String name, String targetNamespace) {
        if (!delegationPermitted(namespace, name, targetNamespace)) {
            return Lookup.notDelegated();
        }
        return lookupValidated(namespace, name, caValidity, SecretValidation::caSecretError);
    }

    public Lookup<Dag.Secret> lookupCrlSecret(String namespace, String name, String targetNamespace) {
        if (!delegationPermitted(namespace, name, targetNamespace)) {
            return Lookup.notDelegated();
        }
        return lookupValidated(namespace, name, crlValidity, SecretValidation::crlSecretError);
    }

    /**
     * Whether upstream would see Secrets of this namespace: with root namespaces configured, its Secret informer only
     * watches the root namespaces plus the fallback and client certificate namespaces.
     */
    public boolean secretNamespaceWatched(String namespace) {
        if (config.rootNamespaces().isEmpty()) {
            return true;
        }
        return config.rootNamespaces().contains(namespace)
                || (config.tls().fallbackCertificate().isSet() && config.tls().fallbackCertificate().namespace().equals(namespace))
                || (config.tls().envoyClientCertificate().isSet()
                        && config.tls().envoyClientCertificate().namespace().equals(namespace));
    }

    private Lookup<Dag.Secret> lookupValidated(String namespace, String name, Map<String, Optional<String>> memo,
            Function<Secret, Optional<String>> check) {
        Optional<Secret> s = secretNamespaceWatched(namespace)
                ? resources.get(Kind.SECRET, namespace, name, Secret.class) : Optional.empty();
        if (s.isEmpty()) {
            return Lookup.fail("Secret not found");
        }
        Optional<String> err = memo.computeIfAbsent(namespace + "/" + name, k -> check.apply(s.get()));
        if (err.isPresent()) {
            return Lookup.fail(err.get());
        }
        return Lookup.of(new Dag.Secret(new ObjectRef(Kind.SECRET, namespace, name), s.get().data()));
    }
}
