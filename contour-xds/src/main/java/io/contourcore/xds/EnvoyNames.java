package io.contourcore.xds;

import io.contourcore.dag.Dag;
import io.contourcore.model.Bytes;
import io.contourcore.model.GoDuration;
import io.contourcore.model.Timeout;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Every name contour-core gives an Envoy resource, computed exactly as upstream Contour computes it
 * ({@code internal/envoy/cluster.go}, {@code secret.go}, {@code internal/xds/util.go},
 * {@code internal/xdscache/v3/listener.go} and {@code route.go}).
 *
 * <pre>{@code
 * EnvoyNames.clusterName(Dag.Cluster.of(service));      // "default/kuard/80/da39a3ee5e"
 * EnvoyNames.hashname(60, "default", "my-service-name", "my-very-very-long-service-host-name.my.domainname");
 *                                                       // "default/my-service-name/my-very-very--c4d2d4"
 * EnvoyNames.secretName(secret);                        // "default/tls/0567f551af"
 * }</pre>
 */
public final class EnvoyNames {

    /** The plain HTTP listener and its route configuration. */
    public static final String HTTP_LISTENER = "ingress_http";
    /** The HTTPS listener. */
    public static final String HTTPS_LISTENER = "ingress_https";
    /** The route configuration the fallback-certificate filter chain uses. */
    public static final String FALLBACK_ROUTE_CONFIG = "ingress_fallbackcert";
    /** The name of the fallback-certificate filter chain. */
    public static final String FALLBACK_FILTER_CHAIN = "fallback-certificate";
    /** The cluster every xDS config source points at. */
    public static final String XDS_CLUSTER = "contour";
    /** The cluster in front of Envoy's admin interface. */
    public static final String ADMIN_CLUSTER = "envoy-admin";
    /** The read-only admin listener. */
    public static final String ADMIN_LISTENER = "envoy-admin";

    private static final int MAX_NAME = 60;
    private static final List<String> HASHED_LB_POLICIES = List.of("WeightedLeastRequest", "Random", "Cookie", "RequestHash");

    private EnvoyNames() {}

    /**
     * Joins {@code parts} with {@code /}; when the result is not shorter than {@code limit}, shortens parts from the
     * last one to {@code limit / parts} characters, each ending in {@code -} and the first six hex digits of the
     * SHA-256 of the joined name, and falls back to that hash cut to {@code limit}.
     */
    public static String hashname(int limit, String... parts) {
        String joined = String.join("/", parts);
        if (limit > joined.length()) {
            return joined;
        }
        String hash = sha256Hex(joined);
        String[] s = parts.clone();
        for (int n = s.length - 1; n >= 0; n--) {
            s[n] = truncate(limit / s.length, s[n], hash.substring(0, 6));
            joined = String.join("/", s);
            if (limit > joined.length()) {
                return joined;
            }
        }
        return hash.substring(0, Math.min(hash.length(), limit));
    }

    /** Upstream's {@code truncate}: {@code s} cut to {@code l} characters ending in {@code -suffix}. */
    static String truncate(int l, String s, String suffix) {
        if (l >= s.length()) {
            return s;
        }
        if (l <= suffix.length()) {
            return suffix.substring(0, Math.min(l, suffix.length()));
        }
        return s.substring(0, l - suffix.length() - 1) + "-" + suffix;
    }

    /** The Envoy cluster for a DAG cluster: {@code ns/service/port/<first 10 hex digits of sha1(policy string)>}. */
    public static String clusterName(Dag.Cluster c) {
        Dag.WeightedService w = c.upstream().weighted();
        String hash = policyHash(clusterHashInput(c));
        return hashname(MAX_NAME, w.serviceNamespace(), w.serviceName(), Integer.toString(w.servicePort().port()), hash);
    }

    /**
     * The policy texts hashed so far and their hashes. A name is made for every route that sends to a cluster and
     * again for the cluster itself, and nearly all clusters share a handful of policies (most none at all), so the
     * SHA-1 is worked out once per policy rather than once per use. Bounded: past the cap it is simply computed.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, String> POLICY_HASHES =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_POLICY_HASHES = 4096;

    /** The first ten hex digits of the SHA-1 of {@code input}. */
    static String policyHash(String input) {
        String hash = POLICY_HASHES.get(input);
        if (hash == null) {
            hash = sha1Hex(input).substring(0, 10);
            if (POLICY_HASHES.size() < MAX_POLICY_HASHES) {
                POLICY_HASHES.putIfAbsent(input, hash);
            }
        }
        return hash;
    }

    /**
     * The text upstream hashes into a cluster name: the load-balancer policy (only the non-default ones), the HTTP
     * health check, the first upstream CA secret and subject name, protocol and SNI, a non-default idle connection
     * timeout and the slow-start settings, each in Go's formatting.
     */
    static String clusterHashInput(Dag.Cluster c) {
        StringBuilder buf = new StringBuilder();
        if (HASHED_LB_POLICIES.contains(c.loadBalancerPolicy())) {
            buf.append(c.loadBalancerPolicy());
        }
        Dag.HttpHealthCheckPolicy hc = c.httpHealthCheckPolicy();
        if (hc != null) {
            if (hc.timeout() != null && hc.timeout().toNanos() > 0) {
                buf.append(GoDuration.format(hc.timeout()));
            }
            if (hc.interval() != null && hc.interval().toNanos() > 0) {
                buf.append(GoDuration.format(hc.interval()));
            }
            if (hc.unhealthyThreshold() > 0) {
                buf.append(hc.unhealthyThreshold());
            }
            if (hc.healthyThreshold() > 0) {
                buf.append(hc.healthyThreshold());
            }
            buf.append(hc.path() == null ? "" : hc.path());
        }
        Dag.PeerValidationContext uv = c.upstreamValidation();
        if (uv != null) {
            if (!uv.caCertificates().isEmpty()) {
                buf.append(uv.caCertificates().get(0).name());
            }
            if (!uv.subjectNames().isEmpty()) {
                buf.append(uv.subjectNames().get(0));
            }
        }
        buf.append(c.protocol()).append(c.sni());
        Timeout idle = c.timeoutPolicy().idleConnectionTimeout();
        if (!isDefault(idle)) {
            buf.append(GoDuration.format(idle.duration()));
        }
        Dag.SlowStartConfig ss = c.slowStartConfig();
        if (ss != null) {
            buf.append(GoDuration.format(ss.window() == null ? java.time.Duration.ZERO : ss.window()))
                    .append(String.format(Locale.ROOT, "%f", ss.aggression()))
                    .append(ss.minWeightPercent());
        }
        return buf.toString();
    }

    /** {@code ns_name_port}, the cluster's {@code alt_stat_name}. */
    public static String altStatName(Dag.Service s) {
        return s.namespace() + "_" + s.name() + "_" + s.port().port();
    }

    /** The EDS service name: {@code ns/name/portName}, or {@code ns/name} when the port is unnamed. */
    public static String clusterLoadAssignmentName(String namespace, String name, String portName) {
        if (portName == null || portName.isEmpty()) {
            return namespace + "/" + name;
        }
        return namespace + "/" + name + "/" + portName;
    }

    /** The EDS service name of a Service backend. */
    public static String clusterLoadAssignmentName(Dag.Service s) {
        return clusterLoadAssignmentName(s.namespace(), s.name(), s.port().name());
    }

    /** The SDS name of a TLS secret: {@code ns/name/<first 10 hex digits of sha1(tls.crt)>}. */
    public static String secretName(Dag.Secret s) {
        return hashname(MAX_NAME, s.namespace(), s.name(), s.cert().sha1Hex().substring(0, 10));
    }

    /** A remote JWKS cluster: {@code dnsname/<scheme>/<host>}. */
    public static String dnsNameClusterName(Dag.DnsNameCluster c) {
        return "dnsname/" + c.scheme() + "/" + c.address();
    }

    /** An ExtensionService cluster: {@code extension/<ns>/<name>}. */
    public static String extensionClusterName(String namespace, String name) {
        return "extension/" + namespace + "/" + name;
    }

    /** The {@code alt_stat_name} of an extension cluster: its name with {@code _} for {@code /}. */
    public static String extensionAltStatName(String clusterName) {
        return clusterName.replace('/', '_');
    }

    /** The Envoy virtual host name for a host: the host itself unless 60 characters or longer. */
    public static String virtualHostName(String host) {
        return hashname(MAX_NAME, host);
    }

    /** The route configuration of a listener's plain-HTTP virtual hosts ({@code ingress_http}). */
    public static String httpRouteConfigName(Dag.Listener l) {
        return l.routeConfigName().isEmpty() ? l.name() : l.routeConfigName();
    }

    /** The route configuration of one secure virtual host ({@code https/<fqdn>}). */
    public static String httpsRouteConfigName(Dag.Listener l, String host) {
        return pathJoin(httpRouteConfigName(l), host);
    }

    /** The route configuration of the fallback-certificate chain ({@code ingress_fallbackcert}). */
    public static String fallbackRouteConfigName(Dag.Listener l) {
        if (!l.fallbackCertRouteConfigName().isEmpty()) {
            return l.fallbackCertRouteConfigName();
        }
        return pathJoin(httpRouteConfigName(l), "fallbackcert");
    }

    /** Go's {@code path.Join}: joined with {@code /}, empty parts dropped, then cleaned. */
    static String pathJoin(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(p);
        }
        return sb.length() == 0 ? "" : cleanPath(sb.toString());
    }

    private static String cleanPath(String p) {
        boolean rooted = p.startsWith("/");
        java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
        for (String seg : p.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (!out.isEmpty() && !out.peekLast().equals("..")) {
                    out.removeLast();
                } else if (!rooted) {
                    out.addLast(seg);
                }
                continue;
            }
            out.addLast(seg);
        }
        String joined = String.join("/", out);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** Upstream's {@code timeout.Setting.UseDefault()}: unset, or a zero duration. */
    public static boolean isDefault(Timeout t) {
        return t == null || t.kind() == Timeout.Kind.UNSET || (t.kind() == Timeout.Kind.DURATION && t.duration().isZero());
    }

    static String sha1Hex(String s) {
        return Bytes.utf8(s).sha1Hex();
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
