package io.contourcore.xds.bootstrap;

import java.util.Optional;

/**
 * What {@code contour bootstrap} needs to write Envoy's bootstrap: upstream Contour's {@code envoy.BootstrapConfig},
 * with upstream's defaults applied and its validation run on construction.
 *
 * <pre>{@code
 * BootstrapConfig c = BootstrapConfig.builder()
 *         .namespace("projectcontour")
 *         .xdsAddress("contour").xdsPort(8001)
 *         .tls("/certs/ca.crt", "/certs/tls.crt", "/certs/tls.key")
 *         .resourcesDir("/config/resources")
 *         .build();
 * }</pre>
 *
 * <p>Empty strings and zero numbers mean "not set" and become upstream's defaults, as upstream's getters do. The
 * admin interface is a unix socket (upstream refuses {@code localhost} and IP addresses there); {@code adminPort}
 * only names the admin cluster's statistics.
 *
 * @param adminAddress path of Envoy's admin unix socket, default {@value #DEFAULT_ADMIN_ADDRESS}
 * @param adminPort deprecated upstream; only used in the {@code envoy-admin} cluster's {@code alt_stat_name},
 *     default {@value #DEFAULT_ADMIN_PORT}
 * @param adminAccessLogPath file Envoy writes the admin access log to, default {@value #DEFAULT_ADMIN_ACCESS_LOG_PATH}
 *     (upstream has this setting but no flag for it)
 * @param xdsAddress address of Contour's xDS server, default {@value #DEFAULT_XDS_ADDRESS}; an IP makes the
 *     {@code contour} cluster STATIC, anything else STRICT_DNS
 * @param xdsPort port of Contour's xDS server, default {@value #DEFAULT_XDS_PORT}
 * @param xdsResourceVersion xDS resource version to request; only {@value #DEFAULT_XDS_RESOURCE_VERSION} exists
 * @param namespace namespace Envoy runs in, the first part of both clusters' {@code alt_stat_name}, default
 *     {@value #DEFAULT_NAMESPACE}
 * @param envoyCaFile CA bundle that verifies Contour's xDS server certificate ({@code --envoy-cafile})
 * @param envoyCertFile Envoy's client certificate for xDS ({@code --envoy-cert-file})
 * @param envoyKeyFile Envoy's client key for xDS ({@code --envoy-key-file})
 * @param resourcesDir directory for the SDS files that let Envoy reload the xDS client certificate; empty for none
 * @param dnsLookupFamily how Envoy resolves the xDS address when it is a name
 * @param overloadMaxHeapBytes heap size, an unsigned 64-bit number, at which the overload manager shrinks the heap
 *     and stops accepting requests; 0 for none
 * @param overloadDownstreamMaxConnections Envoy's global downstream connection limit; 0 for none
 */
public record BootstrapConfig(
        String adminAddress,
        int adminPort,
        String adminAccessLogPath,
        String xdsAddress,
        int xdsPort,
        String xdsResourceVersion,
        String namespace,
        String envoyCaFile,
        String envoyCertFile,
        String envoyKeyFile,
        String resourcesDir,
        DnsLookupFamily dnsLookupFamily,
        long overloadMaxHeapBytes,
        long overloadDownstreamMaxConnections) {

    public static final String DEFAULT_ADMIN_ADDRESS = "/admin/admin.sock";
    public static final int DEFAULT_ADMIN_PORT = 9001;
    public static final String DEFAULT_ADMIN_ACCESS_LOG_PATH = "/dev/null";
    public static final String DEFAULT_XDS_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_XDS_PORT = 8001;
    public static final String DEFAULT_XDS_RESOURCE_VERSION = "v3";
    public static final String DEFAULT_NAMESPACE = "projectcontour";

    /**
     * Applies upstream's defaults and checks, in upstream's order: resource version, admin address, connection
     * limit, then the TLS files all-or-none.
     *
     * @throws IllegalArgumentException naming the flag and the rule, with upstream's wording
     */
    public BootstrapConfig {
        xdsResourceVersion = xdsResourceVersion == null ? DEFAULT_XDS_RESOURCE_VERSION : xdsResourceVersion;
        if (!xdsResourceVersion.equals(DEFAULT_XDS_RESOURCE_VERSION)) {
            throw new IllegalArgumentException("--xds-resource-version: invalid xDS version \"" + xdsResourceVersion + "\"");
        }
        adminAddress = orDefault(adminAddress, DEFAULT_ADMIN_ADDRESS);
        if (adminAddress.equals("localhost") || GoSyntax.isIp(adminAddress)) {
            throw new IllegalArgumentException("--admin-address: invalid value \"" + adminAddress
                    + "\", cannot be `localhost` or an ip address");
        }
        if (overloadDownstreamMaxConnections < 0) {
            throw new IllegalArgumentException("--overload-downstream-max-conn: invalid value "
                    + overloadDownstreamMaxConnections + ", cannot be < 0");
        }
        // Upstream passes any int on, which Envoy then refuses (port_value must be <= 65535); we say so first.
        if (xdsPort < 0 || xdsPort > 65535) {
            throw new IllegalArgumentException("--xds-port: invalid value " + xdsPort + ", must be between 1 and 65535");
        }
        envoyCaFile = orEmpty(envoyCaFile);
        envoyCertFile = orEmpty(envoyCertFile);
        envoyKeyFile = orEmpty(envoyKeyFile);
        boolean anyTls = !envoyCaFile.isEmpty() || !envoyCertFile.isEmpty() || !envoyKeyFile.isEmpty();
        boolean allTls = !envoyCaFile.isEmpty() && !envoyCertFile.isEmpty() && !envoyKeyFile.isEmpty();
        if (anyTls && !allTls) {
            throw new IllegalArgumentException("you must supply all TLS parameters - \"--envoy-cafile\", "
                    + "\"--envoy-cert-file\", \"--envoy-key-file\", or none of them");
        }
        adminPort = adminPort == 0 ? DEFAULT_ADMIN_PORT : adminPort;
        adminAccessLogPath = orDefault(adminAccessLogPath, DEFAULT_ADMIN_ACCESS_LOG_PATH);
        xdsAddress = orDefault(xdsAddress, DEFAULT_XDS_ADDRESS);
        xdsPort = xdsPort == 0 ? DEFAULT_XDS_PORT : xdsPort;
        // An explicitly empty namespace stays empty, as upstream's flag allows.
        namespace = namespace == null ? DEFAULT_NAMESPACE : namespace;
        resourcesDir = orEmpty(resourcesDir);
        dnsLookupFamily = dnsLookupFamily == null ? DnsLookupFamily.AUTO : dnsLookupFamily;
    }

    /** Upstream's defaults: what {@code contour bootstrap FILE} writes with no flags. */
    public static BootstrapConfig defaults() {
        return builder().build();
    }

    /** A builder starting from upstream's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether Envoy talks to Contour over TLS (all three files are set). */
    public boolean tls() {
        return !envoyCaFile.isEmpty();
    }

    /** Whether Envoy reads its xDS certificates through SDS files under {@link #resourcesDir()}, which allows rotation. */
    public boolean sdsFiles() {
        return tls() && !resourcesDir.isEmpty();
    }

    private static String orDefault(String s, String def) {
        return s == null || s.isEmpty() ? def : s;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /**
     * The {@code --dns-lookup-family} values. Upstream turns any value it does not know into {@link #AUTO} without
     * complaint; {@link #parse(String)} is strict so that a shell can warn before doing the same.
     */
    public enum DnsLookupFamily {
        AUTO("auto"),
        V4("v4"),
        V6("v6"),
        ALL("all");

        private final String flagValue;

        DnsLookupFamily(String flagValue) {
            this.flagValue = flagValue;
        }

        /** The flag spelling: {@code auto}, {@code v4}, {@code v6} or {@code all}. */
        public String flagValue() {
            return flagValue;
        }

        /** The family spelled exactly {@code value} (upstream compares case-sensitively); empty when unknown. */
        public static Optional<DnsLookupFamily> parse(String value) {
            for (DnsLookupFamily f : values()) {
                if (f.flagValue.equals(value)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }

        /** Upstream's reading of the flag: unknown and empty values mean {@link #AUTO}. */
        public static DnsLookupFamily fromFlag(String value) {
            return parse(value).orElse(AUTO);
        }

        @Override
        public String toString() {
            return flagValue;
        }
    }

    /** Fluent construction; {@link #build()} validates. */
    public static final class Builder {
        private String adminAddress = DEFAULT_ADMIN_ADDRESS;
        private int adminPort;
        private String adminAccessLogPath = DEFAULT_ADMIN_ACCESS_LOG_PATH;
        private String xdsAddress = DEFAULT_XDS_ADDRESS;
        private int xdsPort;
        private String xdsResourceVersion = DEFAULT_XDS_RESOURCE_VERSION;
        private String namespace = DEFAULT_NAMESPACE;
        private String envoyCaFile = "";
        private String envoyCertFile = "";
        private String envoyKeyFile = "";
        private String resourcesDir = "";
        private DnsLookupFamily dnsLookupFamily = DnsLookupFamily.AUTO;
        private long overloadMaxHeapBytes;
        private long overloadDownstreamMaxConnections;

        private Builder() {}

        public Builder adminAddress(String v) {
            adminAddress = v;
            return this;
        }

        public Builder adminPort(int v) {
            adminPort = v;
            return this;
        }

        public Builder adminAccessLogPath(String v) {
            adminAccessLogPath = v;
            return this;
        }

        public Builder xdsAddress(String v) {
            xdsAddress = v;
            return this;
        }

        public Builder xdsPort(int v) {
            xdsPort = v;
            return this;
        }

        public Builder xdsResourceVersion(String v) {
            xdsResourceVersion = v;
            return this;
        }

        public Builder namespace(String v) {
            namespace = v;
            return this;
        }

        public Builder envoyCaFile(String v) {
            envoyCaFile = v;
            return this;
        }

        public Builder envoyCertFile(String v) {
            envoyCertFile = v;
            return this;
        }

        public Builder envoyKeyFile(String v) {
            envoyKeyFile = v;
            return this;
        }

        /** All three xDS TLS files at once. */
        public Builder tls(String caFile, String certFile, String keyFile) {
            return envoyCaFile(caFile).envoyCertFile(certFile).envoyKeyFile(keyFile);
        }

        public Builder resourcesDir(String v) {
            resourcesDir = v;
            return this;
        }

        public Builder dnsLookupFamily(DnsLookupFamily v) {
            dnsLookupFamily = v;
            return this;
        }

        /** Unsigned: values above {@link Long#MAX_VALUE} are passed as their two's-complement {@code long}. */
        public Builder overloadMaxHeapBytes(long v) {
            overloadMaxHeapBytes = v;
            return this;
        }

        public Builder overloadDownstreamMaxConnections(long v) {
            overloadDownstreamMaxConnections = v;
            return this;
        }

        /** @throws IllegalArgumentException as the record's constructor does */
        public BootstrapConfig build() {
            return new BootstrapConfig(adminAddress, adminPort, adminAccessLogPath, xdsAddress, xdsPort,
                    xdsResourceVersion, namespace, envoyCaFile, envoyCertFile, envoyKeyFile, resourcesDir,
                    dnsLookupFamily, overloadMaxHeapBytes, overloadDownstreamMaxConnections);
        }
    }
}
