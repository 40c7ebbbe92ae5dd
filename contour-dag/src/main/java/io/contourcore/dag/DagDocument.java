package io.contourcore.dag;

import io.contourcore.model.Bytes;
import io.contourcore.model.GoDuration;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.Timeout;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The {@link Dag} as a plain document, what {@code contour render --format dag} prints: nested
 * {@link LinkedHashMap}s, {@link List}s, {@link String}s, {@link Long}s, {@link Double}s and {@link Boolean}s, ready
 * for any JSON or YAML writer. A pure function: the same DAG gives an equal document.
 *
 * <pre>{@code
 * Map<String, Object> doc = DagDocument.tree(result.dag());
 * // {listeners=[{name=ingress_http, protocol=http, address=0.0.0.0, port=8080, routeConfigName=ingress_http,
 * //   virtualHosts=[{name=kuard.example.com, sources=[Ingress default/kuard], routes=[...]}]}]}
 * }</pre>
 *
 * <p><b>Generic.</b> Every record is walked through its {@link RecordComponent}s, so a component added to a DAG node
 * shows up here without a change to this class. Keys are the component names as written in Java ({@code
 * routeConfigName}, {@code secureVirtualHosts}), not snake_case: the document shows the DAG, not Envoy, and a key
 * can be looked up in {@code Dag.java} as it stands, with no renaming rule in between.
 *
 * <p><b>Values.</b> An {@link ObjectRef} prints as {@code Kind namespace/name}; a {@link Timeout} as a Go duration
 * ({@code 90s}) or {@code infinity}; a {@link Duration} as a Go duration; an enum as its Java name; a map with its
 * keys sorted. {@link Bytes} never print their content: Secret data holds private keys, so each value prints as
 * {@code {bytes: LENGTH, sha256: HEX}}, enough to tell which certificate was used (compare with {@code sha256sum}).
 * A type this class does not know is refused with an {@link IllegalArgumentException} rather than printed through
 * {@code toString()}, so a new kind of value cannot leak by accident.
 *
 * <p><b>Left out.</b> A component that is {@code null}, an empty string, list, map or {@link Bytes}, a primitive
 * {@code 0} or {@code false}, {@link Timeout#UNSET} or {@link Duration#ZERO}, or a record all of whose components are
 * left out. Inside lists and maps nothing is left out (an element's presence is meaningful). Boxed values
 * ({@code Boolean secure}) are left out only when {@code null}, as there {@code false} is a setting.
 *
 * <p><b>Added.</b> Two keys that are not components say where a node came from: a virtual host's {@code sources}
 * (the sorted, distinct {@code source} of its routes, right after its {@code name}), and a cluster's {@code service}
 * ({@code namespace/name:port} of its upstream Service port, first).
 * A route's own {@code source} and a secret's {@code ref} are components and print as object references.
 *
 * <p><b>Order.</b> The document does not depend on the order of the input documents. Lists of listeners, virtual
 * hosts, secure virtual hosts and extension clusters are sorted by name. Routes are sorted by their match as printed
 * here: path match (as text, so {@code path} before {@code prefix} before {@code regex}, each by its value), then
 * header matches, then query parameter matches, none before some. The match is unique within a virtual host because
 * a later route with an equal match replaces the earlier one. The DAG's own route order is not kept: it comes from
 * the order the builder met the objects in, and nothing promises that is independent of the input's. Every other list keeps the DAG's order, which is the order of a list in
 * the one object it came from (an HTTPProxy route's services, a virtual host's JWT providers).
 */
public final class DagDocument {

    private static final ClassValue<Component[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected Component[] computeValue(Class<?> type) {
            RecordComponent[] rc = type.getRecordComponents();
            Component[] out = new Component[rc.length];
            for (int i = 0; i < rc.length; i++) {
                Method accessor = rc[i].getAccessor();
                // Records declared outside this package (or in tests) may not be public.
                accessor.setAccessible(true);
                out[i] = new Component(rc[i].getName(), rc[i].getType(), accessor);
            }
            return out;
        }
    };

    private record Component(String name, Class<?> type, Method accessor) {}

    private DagDocument() {}

    /** The document of {@code dag}: its components ({@code listeners}, {@code extensionClusters}, ...) as above. */
    public static Map<String, Object> tree(Dag dag) {
        if (dag == null) {
            throw new IllegalArgumentException("dag is required");
        }
        return record(dag);
    }

    /**
     * The document of any record or value the DAG holds, by the rules above; {@code null} when it is left out. For
     * tests and tools that print one node.
     */
    public static Object node(Object value) {
        return value(value, value == null ? Object.class : value.getClass(), false);
    }

    private static Object value(Object v, Class<?> declared, boolean element) {
        if (v == null) {
            return null;
        }
        if (declared.isPrimitive() && !element) {
            return primitive(v);
        }
        if (v instanceof String s) {
            return s.isEmpty() && !element ? null : s;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Double || v instanceof Float) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof Character c) {
            return c.toString();
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        if (v instanceof ObjectRef ref) {
            return ref.toString();
        }
        if (v instanceof Timeout t) {
            return switch (t.kind()) {
                case UNSET -> element ? "" : null;
                case DISABLED -> "infinity";
                case DURATION -> GoDuration.format(t.duration());
            };
        }
        if (v instanceof Duration d) {
            return d.isZero() && !element ? null : GoDuration.format(d);
        }
        if (v instanceof Bytes b) {
            return b.isEmpty() && !element ? null : fingerprint(b);
        }
        if (v instanceof Collection<?> c) {
            return c.isEmpty() && !element ? null : list(c);
        }
        if (v instanceof Map<?, ?> m) {
            return m.isEmpty() && !element ? null : map(m);
        }
        if (v instanceof Record r) {
            Map<String, Object> m = record(r);
            return m.isEmpty() && !element ? null : m;
        }
        throw new IllegalArgumentException("no DAG document form for a " + v.getClass().getName()
                + "; give it one in DagDocument rather than printing its toString()");
    }

    private static Object primitive(Object v) {
        if (v instanceof Boolean b) {
            return b ? Boolean.TRUE : null;
        }
        if (v instanceof Character c) {
            return c == 0 ? null : c.toString();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return d == 0 ? null : d;
        }
        long n = ((Number) v).longValue();
        return n == 0 ? null : n;
    }

    private static Map<String, Object> record(Record r) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (r instanceof Dag.Cluster c) {
            out.put("service", service(c.upstream().weighted()));
        }
        for (Component c : COMPONENTS.get(r.getClass())) {
            Object v = value(read(r, c), c.type(), false);
            if (v != null) {
                out.put(c.name(), v);
            }
            if (r instanceof Dag.VirtualHost vh && c.name().equals("name")) {
                List<String> sources = sources(vh);
                if (!sources.isEmpty()) {
                    out.put("sources", sources);
                }
            }
        }
        return out;
    }

    private static Object read(Record r, Component c) {
        try {
            return c.accessor().invoke(r);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + r.getClass().getName() + "." + c.name(), e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("reading " + r.getClass().getName() + "." + c.name() + " failed", e.getCause());
        }
    }

    private static List<Object> list(Collection<?> c) {
        List<Object> items = new ArrayList<>(c);
        Function<Object, String> key = sortKey(items);
        if (key != null) {
            // Keys are worked out once per item: a large DAG has tens of thousands of routes.
            Map<Object, String> keys = new IdentityHashMap<>();
            items.forEach(item -> keys.put(item, key.apply(item)));
            items.sort(Comparator.comparing((Object o) -> keys.get(o))
                    // Equal keys happen only in DAGs built by hand; the whole node still gives one order.
                    .thenComparing(o -> String.valueOf(node(o))));
        }
        List<Object> out = new ArrayList<>(items.size());
        for (Object item : items) {
            out.add(value(item, item == null ? Object.class : item.getClass(), true));
        }
        return out;
    }

    /** What a list of DAG nodes is sorted by, or {@code null} to keep its order (see the class comment). */
    private static Function<Object, String> sortKey(List<?> items) {
        Class<?> type = items.isEmpty() || items.get(0) == null ? Object.class : items.get(0).getClass();
        for (Object item : items) {
            if (item == null || item.getClass() != type) {
                return null;
            }
        }
        if (type == Dag.Listener.class) {
            return o -> ((Dag.Listener) o).name();
        } else if (type == Dag.VirtualHost.class) {
            return o -> ((Dag.VirtualHost) o).name();
        } else if (type == Dag.SecureVirtualHost.class) {
            return o -> ((Dag.SecureVirtualHost) o).name();
        } else if (type == Dag.ExtensionCluster.class) {
            return o -> ((Dag.ExtensionCluster) o).name();
        } else if (type == Dag.Route.class) {
            return o -> routeKey(((Dag.Route) o).key());
        }
        return null;
    }

    /**
     * The match's components as printed, empty ones included, joined by a character below any printable one, so a
     * route without header matches sorts before the same path with some.
     */
    private static String routeKey(Dag.RouteKey key) {
        StringBuilder sb = new StringBuilder();
        for (Component c : COMPONENTS.get(Dag.RouteKey.class)) {
            Object v = read(key, c);
            sb.append(value(v, v == null ? Object.class : v.getClass(), true)).append('\0');
        }
        return sb.toString();
    }

    private static Map<String, Object> map(Map<?, ?> m) {
        List<Object> keys = new ArrayList<>(m.keySet());
        keys.sort(Comparator.comparing(String::valueOf));
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object k : keys) {
            Object v = m.get(k);
            out.put(String.valueOf(value(k, k.getClass(), true)), value(v, v == null ? Object.class : v.getClass(), true));
        }
        return out;
    }

    private static List<String> sources(Dag.VirtualHost vh) {
        TreeSet<ObjectRef> refs = new TreeSet<>();
        for (Dag.Route r : vh.routes()) {
            if (r.source() != null) {
                refs.add(r.source());
            }
        }
        return refs.stream().map(ObjectRef::toString).toList();
    }

    /** {@code namespace/name:port}, the Service port a cluster sends to. */
    private static String service(Dag.WeightedService w) {
        String port = w.servicePort() == null ? "" : ":" + w.servicePort().port();
        return w.serviceNamespace() + "/" + w.serviceName() + port;
    }

    private static Map<String, Object> fingerprint(Bytes b) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bytes", (long) b.size());
        try {
            out.put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.toArray())));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        return out;
    }
}
