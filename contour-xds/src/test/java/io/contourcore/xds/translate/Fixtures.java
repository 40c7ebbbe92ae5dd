package io.contourcore.xds.translate;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.contourcore.dag.Dag;
import io.contourcore.model.Bytes;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import io.contourcore.xds.render.ProtoText;
import io.contourcore.xds.render.ProtoTypes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Ingress-shaped DAG pieces built directly from the records, and proto helpers. */
public final class Fixtures {

    public static final ObjectRef KUARD_INGRESS = new ObjectRef(Kind.INGRESS, "default", "kuard");

    private Fixtures() {}

    public static Dag.ServicePort port(String name, int port) {
        return new Dag.ServicePort(name, port, "TCP", "");
    }

    public static Dag.Service service(String ns, String name, Dag.ServicePort port) {
        return new Dag.Service(new Dag.WeightedService(1, ns, name, port, port), "", Dag.CircuitBreakers.NONE, "");
    }

    public static Dag.Service kuard() {
        return service("default", "kuard", port("http", 80));
    }

    public static Dag.Cluster cluster(Dag.Service s) {
        return Dag.Cluster.of(s);
    }

    public static Dag.Route prefix(String p, Dag.Cluster... clusters) {
        return route(new Dag.PrefixMatch(p, Dag.PrefixType.STRING), clusters);
    }

    public static Dag.Route route(Dag.PathMatch m, Dag.Cluster... clusters) {
        return Dag.Route.builder(m, KUARD_INGRESS).clusters(List.of(clusters)).build();
    }

    public static Dag.Listener http(Dag.VirtualHost... vhosts) {
        return new Dag.Listener("ingress_http", "http", "0.0.0.0", 8080, "ingress_http", "", Arrays.asList(vhosts), List.of(),
                null, false);
    }

    public static Dag.Listener https(Dag.SecureVirtualHost... vhosts) {
        return new Dag.Listener("ingress_https", "https", "0.0.0.0", 8443, "https", "ingress_fallbackcert", List.of(),
                Arrays.asList(vhosts), null, false);
    }

    public static Dag dag(Dag.Listener... listeners) {
        return new Dag(Arrays.asList(listeners), List.of(), false);
    }

    public static Dag.Secret tlsSecret(String ns, String name, String cert, String key) {
        return new Dag.Secret(new ObjectRef(Kind.SECRET, ns, name),
                Map.of("tls.crt", Bytes.utf8(cert), "tls.key", Bytes.utf8(key)));
    }

    public static Dag.SecureVirtualHost secure(String host, Dag.Secret secret, Dag.Route... routes) {
        return new Dag.SecureVirtualHost(Dag.VirtualHost.of(host, Arrays.asList(routes)), "", "", secret, null, null, null, null,
                List.of());
    }

    /** Pretty JSON, for readable comparisons. */
    public static String json(Message m) {
        return ProtoText.toJson(m);
    }

    /** Prints with the full registry and parses back into a fresh builder of the same type. */
    @SuppressWarnings("unchecked")
    public static <M extends Message> M roundTrip(M m) {
        try {
            return (M) ProtoText.parse(ProtoText.toJson(m, ProtoTypes.fullRegistry()), m.newBuilderForType()).build();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("does not parse back: " + e.getMessage(), e);
        }
    }
}
