package io.contourcore.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.GeneratedMessage;
import com.google.protobuf.Message;
import com.google.protobuf.UInt32Value;
import io.contourcore.model.Timeout;
import io.contourcore.xds.EnvoyNames;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import java.time.Duration;

/**
 * Small proto builders shared by the translators and the static bootstrap, mirroring upstream's helpers
 * ({@code SocketAddress}, {@code GetConfigSource}, {@code envoy.Timeout}, {@code grpcService}).
 *
 * <pre>{@code
 * Address a = Protos.socketAddress("0.0.0.0", 8080);
 * ConfigSource eds = Protos.configSource();   // GRPC to cluster "contour", V3
 * }</pre>
 */
public final class Protos {

    /** The name Envoy registers its TLS transport socket under. */
    public static final String TLS_TRANSPORT_SOCKET = "envoy.transport_sockets.tls";

    private Protos() {}

    /** A TCP socket address; {@code ::} also accepts IPv4 ({@code ipv4_compat}). */
    public static Address socketAddress(String address, int port) {
        SocketAddress.Builder sa = SocketAddress.newBuilder()
                .setProtocol(SocketAddress.Protocol.TCP)
                .setAddress(address)
                .setPortValue(port);
        if (address.equals("::")) {
            sa.setIpv4Compat(true);
        }
        return Address.newBuilder().setSocketAddress(sa).build();
    }

    /** The config source every dynamic resource uses: GRPC, V3, to the {@code contour} cluster. */
    public static ConfigSource configSource() {
        return ConfigSource.newBuilder()
                .setResourceApiVersion(ApiVersion.V3)
                .setApiConfigSource(ApiConfigSource.newBuilder()
                        .setApiType(ApiConfigSource.ApiType.GRPC)
                        .setTransportApiVersion(ApiVersion.V3)
                        .addGrpcServices(grpcService(EnvoyNames.XDS_CLUSTER, "", Timeout.UNSET)))
                .build();
    }

    /** An Envoy gRPC service: authority is the SNI if given, else the cluster name with dots for slashes. */
    public static GrpcService grpcService(String clusterName, String sni, Timeout timeout) {
        String authority = sni == null || sni.isEmpty() ? clusterName.replace('/', '.') : sni;
        GrpcService.Builder b = GrpcService.newBuilder()
                .setEnvoyGrpc(GrpcService.EnvoyGrpc.newBuilder().setClusterName(clusterName).setAuthority(authority));
        com.google.protobuf.Duration d = timeout(timeout);
        if (d != null) {
            b.setTimeout(d);
        }
        return b.build();
    }

    /**
     * Packs a message into an {@code Any} with Envoy's usual type URL prefix, serialized deterministically (map
     * entries in key order) so equal configurations give equal bytes, also after a JSON round trip.
     */
    public static Any any(Message m) {
        String url = m instanceof GeneratedMessage ? TYPE_URLS.get(m.getClass()) : null;
        if (url == null) {
            url = "type.googleapis.com/" + m.getDescriptorForType().getFullName();
        }
        return Any.newBuilder()
                .setTypeUrl(url)
                .setValue(deterministicBytes(m))
                .build();
    }

    /**
     * The descriptor of a generated message class, from its static {@code getDescriptor()}; null for any other class.
     * A generated message's own {@code getDescriptorForType()} goes through its reflective field accessor table,
     * which is built on first use by looking up every field's accessor methods: for the dozens of types packed into
     * {@code Any}s, which nothing else walks by reflection, that was 8% of a TLS-heavy render's samples (threads
     * also waited on each other's builds).
     */
    private static final ClassValue<Descriptor> DESCRIPTORS = new ClassValue<>() {
        @Override
        protected Descriptor computeValue(Class<?> type) {
            try {
                return type.getMethod("getDescriptor").invoke(null) instanceof Descriptor d ? d : null;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    };

    private static final ClassValue<String> TYPE_URLS = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            Descriptor d = DESCRIPTORS.get(type);
            return d == null ? null : "type.googleapis.com/" + d.getFullName();
        }
    };

    /** {@code m.getDescriptorForType()}, without building a generated message's reflective accessors. */
    public static Descriptor descriptor(Message m) {
        Descriptor d = m instanceof GeneratedMessage ? DESCRIPTORS.get(m.getClass()) : null;
        return d != null ? d : m.getDescriptorForType();
    }

    /**
     * What {@code any} packs, as {@code any.unpack(type)} gives it but without keeping it inside {@code any}:
     * protobuf's own unpack caches the message in the {@code Any}, so a check that reads every listener's connection
     * manager left 2,500 of them (27 MB at 10,000 TLS objects) beside the resources for as long as those lived.
     *
     * <pre>{@code
     * HttpConnectionManager hcm = Protos.unpack(filter.getTypedConfig(), HttpConnectionManager.class);
     * }</pre>
     */
    public static <T extends Message> T unpack(Any any, Class<T> type) throws com.google.protobuf.InvalidProtocolBufferException {
        T prototype = com.google.protobuf.Internal.getDefaultInstance(type);
        // What any.is(type) checks, without building the type's reflective accessors (see DESCRIPTORS).
        Descriptor d = DESCRIPTORS.get(type);
        String url = any.getTypeUrl();
        String name = url.lastIndexOf('/') < 0 ? "" : url.substring(url.lastIndexOf('/') + 1);
        if (d == null ? !any.is(type) : !name.equals(d.getFullName())) {
            throw new com.google.protobuf.InvalidProtocolBufferException("Type of the Any message does not match the given class.");
        }
        return type.cast(prototype.getParserForType().parseFrom(any.getValue()));
    }

    /**
     * The wire bytes of {@code m} with map entries sorted by key. They are written into one array of the exact size
     * (the size does not depend on the order of map entries), which the {@code ByteString} then wraps: a growing
     * output stream allocated a 4 KiB buffer and chunks per call and copied them once more at the end, for every
     * filter and per-route config packed.
     */
    public static com.google.protobuf.ByteString deterministicBytes(Message m) {
        byte[] bytes = new byte[m.getSerializedSize()];
        try {
            com.google.protobuf.CodedOutputStream cos = com.google.protobuf.CodedOutputStream.newInstance(bytes);
            cos.useDeterministicSerialization();
            m.writeTo(cos);
            cos.checkNoSpaceLeft();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // Nothing else holds the array, so the ByteString may own it.
        return com.google.protobuf.UnsafeByteOperations.unsafeWrap(bytes);
    }

    public static com.google.protobuf.Duration duration(Duration d) {
        return com.google.protobuf.Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
    }

    /** Upstream's {@code envoy.Timeout}: null when default, {@code 0s} when disabled, else the duration. */
    public static com.google.protobuf.Duration timeout(Timeout t) {
        if (EnvoyNames.isDefault(t)) {
            return null;
        }
        return t.kind() == Timeout.Kind.DISABLED ? duration(Duration.ZERO) : duration(t.duration());
    }

    /** A wrapper for positive values, null for zero (upstream's {@code UInt32OrNil}). */
    public static UInt32Value uint32OrNull(long v) {
        return v > 0 ? UInt32Value.of((int) v) : null;
    }

    public static DataSource inlineBytes(byte[] b) {
        return DataSource.newBuilder().setInlineBytes(com.google.protobuf.ByteString.copyFrom(b)).build();
    }

    public static DataSource inlineString(String s) {
        return DataSource.newBuilder().setInlineString(s).build();
    }

    /** A TLS transport socket around an upstream or downstream TLS context. */
    public static TransportSocket tlsTransportSocket(Message tlsContext) {
        return TransportSocket.newBuilder().setName(TLS_TRANSPORT_SOCKET).setTypedConfig(any(tlsContext)).build();
    }
}
