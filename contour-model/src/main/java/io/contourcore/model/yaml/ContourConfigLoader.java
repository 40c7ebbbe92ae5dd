package io.contourcore.model.yaml;

import io.contourcore.model.GoDuration;
import io.contourcore.model.HTTPProxy;
import io.contourcore.model.Location;
import io.contourcore.model.Timeout;
import io.contourcore.model.config.AccessLogFormats;
import io.contourcore.model.config.ContourConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads upstream Contour's configuration file ({@code contour.yaml}, {@code pkg/config} {@code Parameters}) onto
 * {@link ContourConfig#DEFAULTS}: the same keys, strictness (an unknown key is an error, as upstream decodes with
 * known fields only) and validation as {@code contour serve --config-path}. Keys that do not change translation
 * (kubeconfig, metrics, leader election, ...) are checked and otherwise ignored.
 *
 * <pre>{@code
 * ConfigResult r = ContourConfigLoader.parse("contour.yaml", "timeouts:\n  connect-timeout: 5s\n");
 * r.config().timeouts().connectTimeout(); // 5s
 * }</pre>
 */
public final class ContourConfigLoader {

    private ContourConfigLoader() {}

    private static final Pattern HEADER_NAME = Pattern.compile("[-A-Za-z0-9]+");
    private static final Set<String> TLS_CIPHERS = Set.of(
            "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-ECDSA-AES128-GCM-SHA256",
            "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA", "AES128-GCM-SHA256",
            "AES128-SHA", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES256-SHA",
            "ECDHE-RSA-AES256-SHA", "AES256-GCM-SHA384", "AES256-SHA");
    private static final Set<String> ECDH_CURVES = Set.of("X25519", "P-256", "P-384", "P-521", "X25519MLKEM768", "MLKEM1024");
    private static final long UINT32_MAX = 4_294_967_295L;

    /** Reads a configuration file; an unreadable file is a problem at {@code FILE:1:1}. */
    public static ConfigResult read(Path file) {
        String name = file.toString();
        try {
            if (Files.size(file) > Limits.DEFAULT.maxBytes()) {
                return cannotRead(name, "file is larger than " + Limits.DEFAULT.maxBytes() + " bytes");
            }
            return parse(name, Utf8.decode(name, Files.readAllBytes(file)));
        } catch (Utf8.Malformed e) {
            return new ConfigResult(ContourConfig.DEFAULTS, List.of(new Problem(e.at, "", "cannot read: " + e.getMessage())));
        } catch (NoSuchFileException e) {
            return cannotRead(name, "no such file or directory");
        } catch (IOException e) {
            return cannotRead(name, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** Reads configuration text; {@code sourceName} names it in problems. Pure. */
    public static ConfigResult parse(String sourceName, String text) {
        List<Problem> syntax = new ArrayList<>();
        List<Node> docs = ManifestLoader.isJson(sourceName, text)
                ? JsonTree.read(sourceName, text, Limits.DEFAULT, syntax)
                : YamlTree.read(sourceName, text, Limits.DEFAULT, syntax);
        if (!syntax.isEmpty()) {
            return new ConfigResult(ContourConfig.DEFAULTS, syntax);
        }
        if (docs.isEmpty()) {
            // Upstream decodes the first document only, and an empty file means the defaults.
            return new ConfigResult(ContourConfig.DEFAULTS, List.of());
        }
        Report report = new Report();
        Node root = docs.get(0);
        if (!(root instanceof Node.MapNode)) {
            report.error(root.location(), "expected a map of settings, got " + root.describe());
            return new ConfigResult(ContourConfig.DEFAULTS, report.errors);
        }
        ContourConfig config = new Reader(report).read(Field.root(report, root));
        List<Problem> errors = new ArrayList<>(report.errors);
        errors.sort(java.util.Comparator.comparingInt((Problem p) -> p.location().line())
                .thenComparingInt(p -> p.location().column()));
        return new ConfigResult(config, errors);
    }

    private static ConfigResult cannotRead(String name, String why) {
        return new ConfigResult(ContourConfig.DEFAULTS, List.of(new Problem(Location.of(name), "", "cannot read: " + why)));
    }

    /** One read of one file. */
    private static final class Reader {
        private final Report report;

        Reader(Report report) {
            this.report = report;
        }

        ContourConfig read(Field root) {
            ContourConfig d = ContourConfig.DEFAULTS;
            known(root, "config.Parameters", "debug", "incluster", "kubeconfig", "kubernetesClientQPS",
                    "kubernetesClientBurst", "server", "gateway", "ingress-status-address", "accesslog-format",
                    "accesslog-format-string", "json-fields", "accesslog-level", "tls", "disablePermitInsecure",
                    "disableAllowChunkedLength", "disableMergeSlashes", "compression", "serverHeaderTransformation",
                    "enableExternalNameService", "timeouts", "policy", "envoy-service-namespace", "envoy-service-name",
                    "default-http-versions", "cluster", "network", "listener", "rateLimitService", "globalExtAuth",
                    "metrics", "tracing", "featureFlags", "omEnforcedHealthListener", "runtime-settings");

            // Settings that do not change translation: type-checked, then ignored.
            root.get("debug").bool();
            root.get("incluster").bool();
            text(root.get("kubeconfig"));
            number(root.get("kubernetesClientQPS"));
            root.get("kubernetesClientBurst").integer();
            known(root.get("server"), "config.ServerParameters");
            ContourConfig.GatewaySettings gateway = gateway(root.get("gateway"), d.gateway());
            text(root.get("ingress-status-address"));
            text(root.get("envoy-service-namespace"));
            text(root.get("envoy-service-name"));
            metrics(root.get("metrics"));
            ContourConfig.Tracing tracing = tracing(root.get("tracing"));
            ContourConfig.RateLimitService rateLimit = rateLimitService(root.get("rateLimitService"));
            ContourConfig.GlobalExternalAuthorization extAuth = globalExtAuth(root.get("globalExtAuth"));
            textList(root.get("featureFlags"));
            Field om = root.get("omEnforcedHealthListener");
            known(om, "config.OMEnforcedHealthListenerConfig", "address", "port");
            text(om.get("address"));
            om.get("port").integer();

            ContourConfig.AccessLog accessLog = accessLog(root, d.accessLog());
            ContourConfig.Tls tls = tls(root.get("tls"), d.tls());
            ContourConfig.Timeouts timeouts = timeouts(root.get("timeouts"), d.timeouts());

            Field policy = root.get("policy");
            known(policy, "config.PolicyParameters", "request-headers", "response-headers", "applyToIngress");
            ContourConfig.HeaderPolicy requestHeaders = headers(policy.get("request-headers"), d.requestHeaders());
            ContourConfig.HeaderPolicy responseHeaders = headers(policy.get("response-headers"), d.responseHeaders());
            boolean applyToIngress = orElse(policy.get("applyToIngress").bool(), d.policyApplyToIngress());

            String serverHeader = oneOf(root.get("serverHeaderTransformation"),
                    List.of("overwrite", "append_if_absent", "pass_through"), "invalid server header transformation");

            List<String> httpVersions = d.defaultHttpVersions();
            Field versionsField = root.get("default-http-versions");
            if (versionsField.present()) {
                httpVersions = new ArrayList<>();
                for (Field v : versionsField.items()) {
                    String s = text(v);
                    if (s == null) {
                        continue;
                    }
                    // Upstream lowercases before validating, so "HTTP/2" is accepted.
                    String lower = s.toLowerCase(Locale.ROOT);
                    if (!lower.equals("http/1.1") && !lower.equals("http/2")) {
                        v.error("invalid HTTP version " + Node.quote(lower));
                    } else {
                        httpVersions.add(lower);
                    }
                }
            }

            Field compressionField = root.get("compression");
            known(compressionField, "config.CompressionParameters", "algorithm");
            String compression = oneOf(compressionField.get("algorithm"), List.of("gzip", "brotli", "zstd", "disabled"),
                    "invalid compression type");

            Map<String, String> runtime = d.runtimeSettings();
            Field runtimeField = root.get("runtime-settings");
            if (runtimeField.present()) {
                runtime = new java.util.TreeMap<>();
                for (Map.Entry<String, Field> e : runtimeField.members().entrySet()) {
                    String v = text(e.getValue());
                    runtime.put(e.getKey(), v == null ? "" : v);
                }
            }

            return new ContourConfig(
                    d.ingressClassNames(),
                    d.rootNamespaces(),
                    d.clusterDomain(),
                    orElse(root.get("enableExternalNameService").bool(), d.enableExternalNameService()),
                    orElse(root.get("disablePermitInsecure").bool(), d.disablePermitInsecure()),
                    orElse(root.get("disableAllowChunkedLength").bool(), d.disableAllowChunkedLength()),
                    orElse(root.get("disableMergeSlashes").bool(), d.disableMergeSlashes()),
                    serverHeader == null ? d.serverHeaderTransformation() : serverHeader,
                    httpVersions,
                    accessLog,
                    tls,
                    timeouts,
                    requestHeaders,
                    responseHeaders,
                    applyToIngress,
                    cluster(root.get("cluster"), d.cluster()),
                    network(root.get("network"), d.network()),
                    listener(root.get("listener"), d.listener()),
                    compression == null || compression.isEmpty() ? d.compression() : compression,
                    runtime,
                    tracing,
                    rateLimit,
                    extAuth,
                    gateway);
        }

        private ContourConfig.AccessLog accessLog(Field root, ContourConfig.AccessLog d) {
            String format = oneOf(root.get("accesslog-format"), List.of("envoy", "json"), "invalid access log format");
            Field formatStringField = root.get("accesslog-format-string");
            String formatString = text(formatStringField);
            if (formatString != null) {
                String why = AccessLogFormats.checkFormatString(formatString);
                if (why != null) {
                    formatStringField.error(why);
                }
            }
            Field fieldsField = root.get("json-fields");
            List<String> jsonFields = d.jsonFields();
            if (fieldsField.present()) {
                jsonFields = textList(fieldsField);
                String why = AccessLogFormats.checkJsonFields(jsonFields);
                if (why != null) {
                    fieldsField.error(why);
                }
            }
            String level = oneOf(root.get("accesslog-level"), List.of("info", "error", "critical", "disabled"),
                    "invalid access log level");
            return new ContourConfig.AccessLog(
                    format == null ? d.format() : format,
                    formatString == null ? d.formatString() : formatString,
                    jsonFields,
                    level == null ? d.level() : level);
        }

        private ContourConfig.Tls tls(Field t, ContourConfig.Tls d) {
            known(t, "config.TLSParameters", "minimum-protocol-version", "maximum-protocol-version", "cipher-suites",
                    "ecdh-curves", "fallback-certificate", "envoy-client-certificate", "fingerprint");
            Protocol p = protocol(t, d.minimumProtocolVersion(), d.maximumProtocolVersion(), d.cipherSuites(), d.ecdhCurves());
            Field fingerprint = t.get("fingerprint");
            known(fingerprint, "config.TLSFingerprint", "ja3", "ja4");
            boolean ja3 = orElse(fingerprint.get("ja3").bool(), false);
            Field ja4 = fingerprint.get("ja4");
            if (orElse(ja4.bool(), false)) {
                // Upstream main sets the TLS inspector's enable_ja4_fingerprinting; the Envoy API this build is compiled
                // against (java-control-plane 1.0.49) has no such field, so the setting could only be dropped.
                ja4.error("JA4 fingerprinting is not supported: the Envoy API of this build has no "
                        + "enable_ja4_fingerprinting field (JA3 is)");
            }
            return new ContourConfig.Tls(p.min, p.max, p.ciphers, p.curves,
                    namespacedName(t.get("fallback-certificate"), "invalid TLS fallback certificate", d.fallbackCertificate()),
                    namespacedName(t.get("envoy-client-certificate"), "invalid TLS client certificate", d.envoyClientCertificate()),
                    ja3);
        }

        private record Protocol(String min, String max, List<String> ciphers, List<String> curves) {}

        /** {@code config.ProtocolParameters}, shared by listener TLS and upstream TLS. */
        private Protocol protocol(Field t, String dMin, String dMax, List<String> dCiphers, List<String> dCurves) {
            Field minField = t.get("minimum-protocol-version");
            Field maxField = t.get("maximum-protocol-version");
            String min = orElse(text(minField), dMin);
            String max = orElse(text(maxField), dMax);
            boolean versionsOk = true;
            if (!min.isEmpty() && !min.equals("1.2") && !min.equals("1.3")) {
                minField.error("invalid TLS minimum protocol version: " + Node.quote(min));
                versionsOk = false;
            }
            if (!max.isEmpty() && !max.equals("1.2") && !max.equals("1.3")) {
                maxField.error("invalid TLS maximum protocol version: " + Node.quote(max));
                versionsOk = false;
            }
            if (versionsOk && (max.isEmpty() ? "1.3" : max).compareTo(min.isEmpty() ? "1.2" : min) < 0) {
                maxField.error("the minimum TLS protocol version is greater than the maximum TLS protocol version");
            }
            List<String> ciphers = dCiphers;
            Field ciphersField = t.get("cipher-suites");
            if (ciphersField.present()) {
                ciphers = textList(ciphersField);
                List<String> invalid = ciphers.stream().filter(c -> !validCipher(c)).toList();
                if (!invalid.isEmpty()) {
                    ciphersField.error("invalid cipher suites " + goList(invalid));
                }
            }
            List<String> curves = dCurves;
            Field curvesField = t.get("ecdh-curves");
            if (curvesField.present()) {
                curves = textList(curvesField);
                List<String> invalid = curves.stream().filter(c -> !ECDH_CURVES.contains(c)).toList();
                if (!invalid.isEmpty()) {
                    curvesField.error("invalid ECDH curves " + goList(invalid));
                }
            }
            return new Protocol(min, max, ciphers, curves);
        }

        private static boolean validCipher(String spec) {
            if (spec.startsWith("[") && spec.endsWith("]")) {
                return Arrays.stream(spec.substring(1, spec.length() - 1).split("\\|", -1)).allMatch(TLS_CIPHERS::contains);
            }
            return TLS_CIPHERS.contains(spec);
        }

        private ContourConfig.NamespacedName namespacedName(Field f, String what, ContourConfig.NamespacedName d) {
            known(f, "config.NamespacedName", "name", "namespace");
            if (!f.present()) {
                return d;
            }
            String name = orElse(text(f.get("name")), "");
            String namespace = orElse(text(f.get("namespace")), "");
            if (name.isBlank() && namespace.isBlank()) {
                return ContourConfig.NamespacedName.NONE;
            }
            if (namespace.isBlank()) {
                f.error(what + ": namespace must be defined");
            } else if (name.isBlank()) {
                f.error(what + ": name must be defined");
            }
            return new ContourConfig.NamespacedName(namespace, name);
        }

        private ContourConfig.Timeouts timeouts(Field t, ContourConfig.Timeouts d) {
            known(t, "config.TimeoutParameters", "request-timeout", "connection-idle-timeout", "stream-idle-timeout",
                    "max-connection-duration", "delayed-close-timeout", "connection-shutdown-grace-period",
                    "connect-timeout");
            return new ContourConfig.Timeouts(
                    timeout(t.get("request-timeout"), "invalid request timeout", true, d.requestTimeout()),
                    timeout(t.get("connection-idle-timeout"), "connection idle timeout", true, d.connectionIdleTimeout()),
                    timeout(t.get("stream-idle-timeout"), "stream idle timeout", true, d.streamIdleTimeout()),
                    timeout(t.get("max-connection-duration"), "max connection duration", true, d.maxConnectionDuration()),
                    timeout(t.get("delayed-close-timeout"), "delayed close timeout", true, d.delayedCloseTimeout()),
                    timeout(t.get("connection-shutdown-grace-period"), "connection shutdown grace period", true,
                            d.connectionShutdownGracePeriod()),
                    timeout(t.get("connect-timeout"), "connect timeout", false, d.connectTimeout()));
        }

        /**
         * A timeout as upstream reads it: "" keeps the default, infinity/infinite disables (where allowed), a Go
         * duration sets it, and a zero duration means the default (upstream's {@code timeout.Parse}).
         */
        private Timeout timeout(Field f, String what, boolean infinityAllowed, Timeout d) {
            String s = text(f);
            if (s == null) {
                return d;
            }
            if (s.isEmpty()) {
                return d;
            }
            if (infinityAllowed && (s.equals("infinity") || s.equals("infinite"))) {
                return Timeout.DISABLED;
            }
            Duration parsed = GoDuration.parse(s).orElse(null);
            if (parsed == null) {
                f.error(what + " " + Node.quote(s) + ": " + goDurationError(s));
                return d;
            }
            if (parsed.isNegative()) {
                f.error(what + " " + Node.quote(s) + ": must not be negative");
                return d;
            }
            return parsed.isZero() ? Timeout.UNSET : Timeout.of(parsed);
        }

        private ContourConfig.HeaderPolicy headers(Field h, ContourConfig.HeaderPolicy d) {
            known(h, "config.HeadersPolicy", "set", "remove");
            if (!h.present()) {
                return d;
            }
            Map<String, Field> setFields = h.get("set").members();
            Map<String, String> set = new java.util.LinkedHashMap<>();
            setFields.forEach((k, v) -> {
                if (!HEADER_NAME.matcher(k).matches()) {
                    v.error(invalidHeader(k));
                }
                String value = text(v);
                set.put(k, value == null ? "" : value);
            });
            List<Field> removeFields = h.get("remove").items();
            List<String> remove = new ArrayList<>();
            for (Field r : removeFields) {
                String name = text(r);
                if (name == null) {
                    continue;
                }
                if (!HEADER_NAME.matcher(name).matches()) {
                    r.error(invalidHeader(name));
                }
                remove.add(name);
            }
            return new ContourConfig.HeaderPolicy(set, remove);
        }

        private static String invalidHeader(String name) {
            return "invalid header name " + Node.quote(name) + ": [a valid HTTP header must consist of alphanumeric "
                    + "characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')]";
        }

        private ContourConfig.ClusterSettings cluster(Field c, ContourConfig.ClusterSettings d) {
            known(c, "config.ClusterParameters", "dns-lookup-family", "max-requests-per-connection",
                    "per-connection-buffer-limit-bytes", "circuit-breakers", "upstream-tls");
            String family = oneOf(c.get("dns-lookup-family"), List.of("auto", "v4", "v6", "all"),
                    "invalid cluster DNS lookup family");
            Integer maxRequests = atLeastOne(c.get("max-requests-per-connection"),
                    "invalid max connections per request value %d set on cluster, minimum value is 1");
            Integer bufferLimit = atLeastOne(c.get("per-connection-buffer-limit-bytes"),
                    "invalid per connections buffer limit bytes value %d set on cluster, minimum value is 1");
            Field cb = c.get("circuit-breakers");
            known(cb, "v1alpha1.CircuitBreakers", "max-connections", "max-pending-requests", "max-requests",
                    "max-retries", "per-host-max-connections");
            ContourConfig.CircuitBreakers breakers = d.circuitBreakers();
            if (cb.present()) {
                breakers = new ContourConfig.CircuitBreakers(
                        orElse(uint32(cb.get("max-connections")), 0),
                        orElse(uint32(cb.get("max-pending-requests")), 0),
                        orElse(uint32(cb.get("max-requests")), 0),
                        orElse(uint32(cb.get("max-retries")), 0),
                        orElse(uint32(cb.get("per-host-max-connections")), 0));
            }
            Field up = c.get("upstream-tls");
            known(up, "config.ProtocolParameters", "minimum-protocol-version", "maximum-protocol-version",
                    "cipher-suites", "ecdh-curves");
            Protocol p = protocol(up, d.upstreamTlsMinimumProtocolVersion(), d.upstreamTlsMaximumProtocolVersion(),
                    d.upstreamTlsCipherSuites(), List.of());
            return new ContourConfig.ClusterSettings(
                    family == null ? d.dnsLookupFamily() : family,
                    orElse(maxRequests, d.maxRequestsPerConnection()),
                    orElse(bufferLimit, d.perConnectionBufferLimitBytes()),
                    breakers, p.min, p.max, p.ciphers);
        }

        private ContourConfig.Network network(Field n, ContourConfig.Network d) {
            known(n, "config.NetworkParameters", "num-trusted-hops", "admin-port", "strip-trailing-host-dot");
            Integer hops = uint32(n.get("num-trusted-hops"));
            Field portField = n.get("admin-port");
            Integer adminPort = portField.present() ? portField.integer(0, 65535) : null;
            Boolean strip = n.get("strip-trailing-host-dot").bool();
            return new ContourConfig.Network(orElse(hops, d.numTrustedHops()), orElse(adminPort, d.adminPort()),
                    orElse(strip, d.stripTrailingHostDot()));
        }

        private ContourConfig.ListenerSettings listener(Field l, ContourConfig.ListenerSettings d) {
            known(l, "config.ListenerParameters", "connection-balancer", "max-requests-per-connection",
                    "per-connection-buffer-limit-bytes", "socket-options", "max-requests-per-io-cycle",
                    "http2-max-concurrent-streams", "max-connections-per-listener",
                    "max-connections-to-accept-per-socket-event");
            Field balancerField = l.get("connection-balancer");
            String balancer = text(balancerField);
            if (balancer != null && !balancer.isEmpty() && !balancer.equals("exact")) {
                balancerField.error("invalid listener connection balancer value " + Node.quote(balancer)
                        + ", only 'exact' connection balancing is supported for now");
                balancer = null;
            }
            Integer maxRequests = atLeastOne(l.get("max-requests-per-connection"),
                    "invalid max connections per request value %d set on listener, minimum value is 1");
            Integer bufferLimit = atLeastOne(l.get("per-connection-buffer-limit-bytes"),
                    "invalid per connections buffer limit bytes value %d set on listener, minimum value is 1");
            Integer perIoCycle = atLeastOne(l.get("max-requests-per-io-cycle"),
                    "invalid max connections per IO cycle value %d set on listener, minimum value is 1");
            Integer streams = atLeastOne(l.get("http2-max-concurrent-streams"),
                    "invalid max HTTP/2 concurrent streams value %d set on listener, minimum value is 1");
            Integer maxConnections = atLeastOne(l.get("max-connections-per-listener"),
                    "invalid max connections per listener value %d set on listener, minimum value is 1");
            Field accept = l.get("max-connections-to-accept-per-socket-event");
            Integer acceptPerEvent = uint32(accept);
            if (acceptPerEvent != null && acceptPerEvent == 0) {
                accept.error("max-connections-to-accept-per-socket-event must be greater than 0");
            }
            Field so = l.get("socket-options");
            known(so, "config.SocketOptions", "tos", "traffic-class");
            Integer tos = byteOption(so.get("tos"), "invalid listener IPv4 TOS value %d, must be in the range 0-255");
            Integer trafficClass = byteOption(so.get("traffic-class"),
                    "invalid listener IPv6 TrafficClass value %d, must be in the range 0-255");
            return new ContourConfig.ListenerSettings(d.useProxyProtocol(),
                    balancer == null ? d.connectionBalancer() : balancer,
                    orElse(maxRequests, d.maxRequestsPerConnection()),
                    orElse(bufferLimit, d.perConnectionBufferLimitBytes()),
                    orElse(tos, d.socketTos()),
                    orElse(trafficClass, d.socketTrafficClass()),
                    orElse(perIoCycle, d.maxRequestsPerIoCycle()),
                    orElse(streams, d.http2MaxConcurrentStreams()),
                    orElse(maxConnections, d.maxConnectionsPerListener()),
                    d.httpAddress(), d.httpPort(), d.httpAccessLog(), d.httpsAddress(), d.httpsPort(), d.httpsAccessLog(),
                    d.statsAddress(), d.statsPort(), d.healthAddress(), d.healthPort());
        }

        private ContourConfig.GatewaySettings gateway(Field g, ContourConfig.GatewaySettings d) {
            known(g, "config.GatewayParameters", "gatewayRef");
            if (!g.present()) {
                return d;
            }
            Field ref = g.get("gatewayRef");
            known(ref, "config.NamespacedName", "name", "namespace");
            String name = orElse(text(ref.get("name")), "");
            String namespace = orElse(text(ref.get("namespace")), "");
            if (name.isEmpty() || namespace.isEmpty()) {
                g.error("invalid Gateway parameters specified: gateway ref namespace and name must be provided");
                return d;
            }
            return d.withGatewayRef(new ContourConfig.NamespacedName(namespace, name));
        }

        private void metrics(Field m) {
            known(m, "config.MetricsParameters", "contour", "envoy");
            for (String which : List.of("contour", "envoy")) {
                Field s = m.get(which);
                known(s, "config.MetricsServerParameters", "address", "port", "server-certificate-path",
                        "server-key-path", "ca-certificate-path");
                text(s.get("address"));
                s.get("port").integer();
                String cert = orElse(text(s.get("server-certificate-path")), "");
                String key = orElse(text(s.get("server-key-path")), "");
                String ca = orElse(text(s.get("ca-certificate-path")), "");
                if (cert.isEmpty() != key.isEmpty()) {
                    s.error("you must supply at least server-certificate-path and server-key-path or none of them");
                } else if (!ca.isEmpty() && cert.isEmpty()) {
                    s.error("you must supply also server-certificate-path and server-key-path if setting ca-certificate-path");
                }
            }
        }

        /**
         * {@code config.Tracing} with upstream's {@code Validate()} and the defaults {@code contour serve} applies;
         * null when the key is absent (no tracing).
         */
        private ContourConfig.Tracing tracing(Field t) {
            known(t, "config.Tracing", "includePodDetail", "serviceName", "overallSampling", "maxPathTagLength",
                    "customTags", "extensionService");
            if (!t.present() || !(t.node() instanceof Node.MapNode)) {
                return null;
            }
            boolean ok = true;
            Boolean podDetail = t.get("includePodDetail").bool();
            String serviceName = text(t.get("serviceName"));
            Field samplingField = t.get("overallSampling");
            double sampling = overallSampling(text(samplingField));
            if (!(sampling >= 0 && sampling <= 100)) {
                // Upstream passes this on and Envoy then refuses every listener (Percent is 0..100).
                samplingField.error("invalid tracing overall sampling " + Node.quote(text(samplingField))
                        + ": must be between 0 and 100");
                ok = false;
            }
            Integer maxPathTagLength = uint32(t.get("maxPathTagLength"));
            Field extField = t.get("extensionService");
            ContourConfig.NamespacedName ext = null;
            if (orElse(text(extField), "").isEmpty()) {
                (extField.present() ? extField : t).error("tracing.extensionService must be defined");
            } else {
                ext = extensionServiceRef(extField);
            }
            ok &= ext != null;
            List<ContourConfig.CustomTag> tags = new ArrayList<>();
            Set<String> tagNames = new LinkedHashSet<>();
            for (Field tag : t.get("customTags").items()) {
                known(tag, "config.CustomTag", "tagName", "literal", "requestHeaderName");
                String name = orElse(text(tag.get("tagName")), "");
                String literal = orElse(text(tag.get("literal")), "");
                String header = orElse(text(tag.get("requestHeaderName")), "");
                if (name.isEmpty()) {
                    tag.error("tracing.customTag.tagName must be defined");
                    ok = false;
                    continue;
                }
                if (!tagNames.add(name)) {
                    tag.error("tagName " + name + " is duplicate");
                    ok = false;
                    continue;
                }
                if (literal.isEmpty() == header.isEmpty()) {
                    tag.error("must set exactly one of Literal or RequestHeaderName");
                    ok = false;
                    continue;
                }
                tags.add(new ContourConfig.CustomTag(name, literal, header));
            }
            if (!ok) {
                return null;
            }
            return new ContourConfig.Tracing(orElse(podDetail, true),
                    orElse(serviceName, ContourConfig.Tracing.DEFAULT_SERVICE_NAME),
                    sampling,
                    orElse(maxPathTagLength, ContourConfig.Tracing.DEFAULT_MAX_PATH_TAG_LENGTH),
                    tags,
                    ext);
        }

        private ContourConfig.RateLimitService rateLimitService(Field r) {
            known(r, "config.RateLimitService", "extensionService", "domain", "failOpen", "enableXRateLimitHeaders",
                    "enableResourceExhaustedCode", "defaultGlobalRateLimitPolicy");
            ContourConfig.NamespacedName ext = extensionServiceRef(r.get("extensionService"));
            String domain = orElse(text(r.get("domain")), "");
            boolean failOpen = orElse(r.get("failOpen").bool(), false);
            boolean headers = orElse(r.get("enableXRateLimitHeaders").bool(), false);
            boolean exhausted = orElse(r.get("enableResourceExhaustedCode").bool(), false);
            HTTPProxy.GlobalRateLimitPolicy policy = globalRateLimitPolicy(r.get("defaultGlobalRateLimitPolicy"));
            // Upstream's serve only builds a rate limit service when an extension service is named.
            if (ext == null) {
                return null;
            }
            if (domain.isEmpty()) {
                // Upstream accepts this and programs a ratelimit filter that Envoy rejects (domain has min_len 1).
                Field domainField = r.get("domain");
                (domainField.present() ? domainField : r).error("domain must be set: Envoy's ratelimit filter refuses an "
                        + "empty domain");
                return null;
            }
            return new ContourConfig.RateLimitService(ext, domain, failOpen, headers, exhausted, policy);
        }

        private ContourConfig.GlobalExternalAuthorization globalExtAuth(Field g) {
            known(g, "config.GlobalExternalAuthorization", "extensionService", "serviceType", "httpSettings", "authPolicy",
                    "responseTimeout", "failOpen", "withRequestBody");
            ContourConfig.NamespacedName ext = extensionServiceRef(g.get("extensionService"));
            String serviceType = orElse(text(g.get("serviceType")), "");
            HTTPProxy.HttpAuthorizationServerSettings httpSettings = httpSettings(g.get("httpSettings"));
            Field policyField = g.get("authPolicy");
            known(policyField, "config.GlobalAuthorizationPolicy", "disabled", "context");
            HTTPProxy.AuthorizationPolicy policy = null;
            if (policyField.present() && policyField.node() instanceof Node.MapNode) {
                boolean disabled = orElse(policyField.get("disabled").bool(), false);
                Field contextField = policyField.get("context");
                Map<String, String> context = new java.util.TreeMap<>();
                contextField.members().forEach((k, v) -> context.put(k, orElse(text(v), "")));
                policy = new HTTPProxy.AuthorizationPolicy(disabled, context);
            }
            String responseTimeout = orElse(text(g.get("responseTimeout")), "");
            boolean failOpen = orElse(g.get("failOpen").bool(), false);
            Field body = g.get("withRequestBody");
            known(body, "config.GlobalAuthorizationServerBufferSettings", "maxRequestBytes", "allowPartialMessage",
                    "packAsBytes");
            HTTPProxy.AuthorizationServerBufferSettings buffer = null;
            if (body.present() && body.node() instanceof Node.MapNode) {
                buffer = new HTTPProxy.AuthorizationServerBufferSettings(
                        orElse(uint32(body.get("maxRequestBytes")), 0),
                        orElse(body.get("allowPartialMessage").bool(), false),
                        orElse(body.get("packAsBytes").bool(), false));
            }
            return ext == null ? null
                    : new ContourConfig.GlobalExternalAuthorization(ext, serviceType, httpSettings, policy, responseTimeout,
                            failOpen, buffer);
        }

        /**
         * {@code globalExtAuth.httpSettings}: upstream's Go type has no yaml names, so its decoder takes the lower-cased
         * field names ({@code pathprefix}, {@code allowedauthorizationheaders}, {@code ignorecase}, ...).
         */
        private HTTPProxy.HttpAuthorizationServerSettings httpSettings(Field h) {
            known(h, "v1.HTTPAuthorizationServerSettings", "pathprefix", "allowedauthorizationheaders", "allowedupstreamheaders");
            if (!isMap(h)) {
                return null;
            }
            return new HTTPProxy.HttpAuthorizationServerSettings(text(h.get("pathprefix")),
                    allowedHeaders(h.get("allowedauthorizationheaders")), allowedHeaders(h.get("allowedupstreamheaders")));
        }

        private List<HTTPProxy.AllowedHeader> allowedHeaders(Field list) {
            List<HTTPProxy.AllowedHeader> out = new ArrayList<>();
            for (Field a : list.items()) {
                known(a, "v1.HTTPAuthorizationServerAllowedHeaders", "exact", "prefix", "suffix", "contains", "ignorecase");
                if (isMap(a)) {
                    out.add(new HTTPProxy.AllowedHeader(text(a.get("exact")), text(a.get("prefix")), text(a.get("suffix")),
                            text(a.get("contains")), orElse(a.get("ignorecase").bool(), false)));
                }
            }
            return out;
        }

        /**
         * An {@code extensionService} reference, read as upstream's {@code k8s.NamespacedNameFrom}: {@code ns/name},
         * or {@code name} in namespace {@code default}. Empty means not configured (null). A reference no
         * ExtensionService could have (empty name, a second {@code /}) is reported here instead of when it is looked up.
         */
        private static ContourConfig.NamespacedName extensionServiceRef(Field f) {
            String s = text(f);
            if (s == null || s.isEmpty()) {
                return null;
            }
            int slash = s.indexOf('/');
            String namespace = slash < 0 ? "" : s.substring(0, slash);
            String name = slash < 0 ? s : s.substring(slash + 1);
            if (name.isEmpty() || name.contains("/")) {
                f.error("invalid extension service reference " + Node.quote(s) + ": expected <namespace>/<name>");
                return null;
            }
            return new ContourConfig.NamespacedName(namespace.isEmpty() ? "default" : namespace, name);
        }

        /**
         * {@code defaultGlobalRateLimitPolicy}, decoded as upstream's YAML decoder decodes the Go type: the descriptor
         * types carry camelCase yaml names, but {@code HeaderMatchCondition} has none, so its keys are the lower-cased
         * field names ({@code notpresent}, {@code ignorecase}, {@code treatmissingasempty}), and nothing fills in the
         * CRD's defaults ({@code expectMatch} stays false when not written).
         */
        private HTTPProxy.GlobalRateLimitPolicy globalRateLimitPolicy(Field p) {
            known(p, "v1.GlobalRateLimitPolicy", "disabled", "descriptors");
            if (!p.present() || !(p.node() instanceof Node.MapNode)) {
                return null;
            }
            boolean disabled = orElse(p.get("disabled").bool(), false);
            List<HTTPProxy.RateLimitDescriptor> descriptors = new ArrayList<>();
            for (Field d : p.get("descriptors").items()) {
                known(d, "v1.RateLimitDescriptor", "entries");
                List<HTTPProxy.RateLimitDescriptorEntry> entries = new ArrayList<>();
                for (Field e : d.get("entries").items()) {
                    known(e, "v1.RateLimitDescriptorEntry", "genericKey", "requestHeader", "requestHeaderValueMatch",
                            "remoteAddress");
                    entries.add(descriptorEntry(e));
                }
                descriptors.add(new HTTPProxy.RateLimitDescriptor(entries));
            }
            return new HTTPProxy.GlobalRateLimitPolicy(disabled, descriptors);
        }

        private HTTPProxy.RateLimitDescriptorEntry descriptorEntry(Field e) {
            HTTPProxy.GenericKeyDescriptor generic = null;
            Field g = e.get("genericKey");
            known(g, "v1.GenericKeyDescriptor", "key", "value");
            if (isMap(g)) {
                generic = new HTTPProxy.GenericKeyDescriptor(text(g.get("key")), text(g.get("value")));
            }
            HTTPProxy.RequestHeaderDescriptor header = null;
            Field h = e.get("requestHeader");
            known(h, "v1.RequestHeaderDescriptor", "headerName", "descriptorKey");
            if (isMap(h)) {
                header = new HTTPProxy.RequestHeaderDescriptor(text(h.get("headerName")), text(h.get("descriptorKey")));
            }
            HTTPProxy.RequestHeaderValueMatchDescriptor match = null;
            Field m = e.get("requestHeaderValueMatch");
            known(m, "v1.RequestHeaderValueMatchDescriptor", "headers", "expectMatch", "value");
            if (isMap(m)) {
                List<HTTPProxy.HeaderMatchCondition> headers = new ArrayList<>();
                for (Field c : m.get("headers").items()) {
                    known(c, "v1.HeaderMatchCondition", "name", "present", "notpresent", "contains", "notcontains",
                            "ignorecase", "exact", "notexact", "regex", "treatmissingasempty");
                    if (!isMap(c)) {
                        continue;
                    }
                    headers.add(new HTTPProxy.HeaderMatchCondition(text(c.get("name")),
                            orElse(c.get("present").bool(), false), orElse(c.get("notpresent").bool(), false),
                            text(c.get("contains")), text(c.get("notcontains")), orElse(c.get("ignorecase").bool(), false),
                            text(c.get("exact")), text(c.get("notexact")), text(c.get("regex")),
                            orElse(c.get("treatmissingasempty").bool(), false)));
                }
                match = new HTTPProxy.RequestHeaderValueMatchDescriptor(headers,
                        orElse(m.get("expectMatch").bool(), false), text(m.get("value")));
            }
            Field remote = e.get("remoteAddress");
            known(remote, "v1.RemoteAddressDescriptor");
            return new HTTPProxy.RateLimitDescriptorEntry(generic, header, match, isMap(remote));
        }

        private static boolean isMap(Field f) {
            return f.present() && f.node() instanceof Node.MapNode;
        }

        /** Reports keys of map {@code f} that upstream's Go type does not have, as its strict decoder does. */
        private void known(Field f, String goType, String... keys) {
            if (!f.present() || !(f.node() instanceof Node.MapNode m)) {
                f.members(); // reports a value that is not a map
                return;
            }
            Set<String> allowed = Set.of(keys);
            for (Node.Entry e : m.entries().values()) {
                if (!allowed.contains(e.key())) {
                    report.error(e.keyLocation(), "field " + e.key() + " not found in type " + goType);
                }
            }
        }

        /**
         * A string setting. Like upstream's YAML decoder, any scalar is taken as its text ({@code 5} for a string
         * field is "5"); lists and maps are reported.
         */
        private static String text(Field f) {
            if (!f.present()) {
                return null;
            }
            if (f.node() instanceof Node.ScalarNode s) {
                return s.text();
            }
            return f.string();
        }

        private static List<String> textList(Field f) {
            List<String> out = new ArrayList<>();
            for (Field item : f.items()) {
                String s = text(item);
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        }

        private static Double number(Field f) {
            if (f.present() && f.node() instanceof Node.ScalarNode s
                    && (s.type() == Node.ScalarType.INT || s.type() == Node.ScalarType.FLOAT)) {
                try {
                    return Double.parseDouble(s.text().replace("_", ""));
                } catch (NumberFormatException e) {
                    f.error("expected a number, got " + s.describe());
                    return null;
                }
            }
            if (f.present()) {
                f.error("expected a number, got " + f.node().describe());
            }
            return null;
        }

        private static String oneOf(Field f, List<String> allowed, String what) {
            String s = text(f);
            if (s == null || s.isEmpty()) {
                return null;
            }
            if (!allowed.contains(s)) {
                f.error(what + " " + Node.quote(s));
                return null;
            }
            return s;
        }

        /** A Go uint32 that Contour stores in a Java int: values above 2^31-1 are refused as unreasonable. */
        private static Integer uint32(Field f) {
            if (!f.present()) {
                return null;
            }
            Long v = f.integer();
            if (v == null) {
                return null;
            }
            if (v < 0 || v > UINT32_MAX) {
                f.error("cannot unmarshal !!int `" + v + "` into uint32");
                return null;
            }
            if (v > Integer.MAX_VALUE) {
                f.error("must be at most " + Integer.MAX_VALUE + ", got " + v);
                return null;
            }
            return v.intValue();
        }

        private static Integer atLeastOne(Field f, String message) {
            Integer v = uint32(f);
            if (v != null && v < 1) {
                f.error(String.format(message, v));
                return null;
            }
            return v;
        }

        private static Integer byteOption(Field f, String message) {
            if (!f.present()) {
                return null;
            }
            Long v = f.integer();
            if (v == null) {
                return null;
            }
            if (v < 0 || v > 255) {
                f.error(String.format(message, v));
                return null;
            }
            return v.intValue();
        }

        private static <T> T orElse(T value, T fallback) {
            return value == null ? fallback : value;
        }

        private static final Pattern GO_DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
        private static final Pattern GO_HEX = Pattern.compile("[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)[pP][+-]?\\d+");
        private static final Pattern GO_INF = Pattern.compile("[+-]?(?i:inf|infinity)");

        /**
         * {@code contour serve}'s reading of {@code overallSampling}: Go's {@code strconv.ParseFloat}, and 100 when
         * that fails (including a value out of float64 range) or gives 0.
         */
        static double overallSampling(String s) {
            if (s == null) {
                return ContourConfig.Tracing.DEFAULT_OVERALL_SAMPLING;
            }
            double v;
            if (s.equalsIgnoreCase("nan")) {
                v = Double.NaN;
            } else if (GO_INF.matcher(s).matches()) {
                v = s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            } else if (GO_DECIMAL.matcher(s).matches() || GO_HEX.matcher(s).matches()) {
                v = Double.parseDouble(s);
                if (Double.isInfinite(v)) {
                    return ContourConfig.Tracing.DEFAULT_OVERALL_SAMPLING;
                }
            } else {
                return ContourConfig.Tracing.DEFAULT_OVERALL_SAMPLING;
            }
            return v == 0 ? ContourConfig.Tracing.DEFAULT_OVERALL_SAMPLING : v;
        }

        private static String goList(List<String> items) {
            return "[" + String.join(" ", items.stream().map(Node::quote).toList()) + "]";
        }

        /** Go's {@code time.ParseDuration} error text for {@code s}. */
        private static String goDurationError(String s) {
            String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
            if (!body.isEmpty() && body.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
                return "time: missing unit in duration " + Node.quote(s);
            }
            var m = Pattern.compile("[0-9.]+([^0-9.]+)").matcher(body);
            while (m.find()) {
                String unit = m.group(1);
                if (!List.of("ns", "us", "µs", "μs", "ms", "s", "m", "h").contains(unit)) {
                    return "time: unknown unit " + Node.quote(unit) + " in duration " + Node.quote(s);
                }
            }
            return "time: invalid duration " + Node.quote(s);
        }
    }
}
