package io.contourcore.serve;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A small, thread-safe registry of counters, gauges and summaries with Prometheus text exposition. It predeclares
 * upstream Contour's metric families ({@code internal/metrics/metrics.go}) and the serve shell's own ones.
 *
 * <pre>{@code
 * Metrics metrics = new Metrics();
 * metrics.recordDagRebuild(Duration.ofMillis(12), Instant.now());
 * metrics.increment(Metrics.XDS_NACKS_TOTAL, Map.of("type_url", typeUrl));
 * String text = metrics.exposition(); // "# HELP contour_dagrebuild_total ..."
 * }</pre>
 */
public final class Metrics {

    /** Upstream: timestamp (Unix seconds) of the last DAG rebuild. */
    public static final String DAG_REBUILD_TIMESTAMP = "contour_dagrebuild_timestamp";
    /** Upstream: total number of DAG rebuilds since startup. */
    public static final String DAG_REBUILD_TOTAL = "contour_dagrebuild_total";
    /** Upstream: summary of DAG rebuild durations in seconds. */
    public static final String DAG_REBUILD_SECONDS = "contour_dagrebuild_seconds";
    /** Upstream: number of items in the DAG cache, by {@code kind}. */
    public static final String DAG_CACHE_OBJECT = "contour_dag_cache_object";
    /** Upstream: HTTPProxies by {@code namespace}. */
    public static final String HTTPPROXY = "contour_httpproxy";
    /** Upstream: root HTTPProxies by {@code namespace}. */
    public static final String HTTPPROXY_ROOT = "contour_httpproxy_root";
    /** Upstream: valid HTTPProxies by {@code namespace} and {@code vhost}. */
    public static final String HTTPPROXY_VALID = "contour_httpproxy_valid";
    /** Upstream: invalid HTTPProxies by {@code namespace} and {@code vhost}. */
    public static final String HTTPPROXY_INVALID = "contour_httpproxy_invalid";
    /** Upstream: orphaned HTTPProxies by {@code namespace}. */
    public static final String HTTPPROXY_ORPHANED = "contour_httpproxy_orphaned";
    /** Ours: status-bearing objects by {@code kind} and {@code status} (valid, invalid, orphaned). */
    public static final String OBJECTS = "contour_objects";
    /** Upstream: status updates attempted, by {@code kind}. */
    public static final String STATUS_UPDATE_TOTAL = "contour_status_update_total";
    /** Upstream: status updates written, by {@code kind}. */
    public static final String STATUS_UPDATE_SUCCESS_TOTAL = "contour_status_update_success_total";
    /** Upstream: status updates that failed after their retries, by {@code kind}. */
    public static final String STATUS_UPDATE_FAILED_TOTAL = "contour_status_update_failed_total";
    /** Upstream: status updates that met a conflict and were re-read and re-applied, by {@code kind}. */
    public static final String STATUS_UPDATE_CONFLICT_TOTAL = "contour_status_update_conflict_total";
    /** Upstream: status updates not written because the object already had that status, by {@code kind}. */
    public static final String STATUS_UPDATE_NOOP_TOTAL = "contour_status_update_noop_total";
    /**
     * Controller-runtime's gauge, which upstream's {@code /metrics} exposes: 1 while this replica holds the lease
     * {@code name}, 0 while another one does.
     */
    public static final String LEADER_ELECTION_MASTER_STATUS = "leader_election_master_status";
    /** Ours: open xDS gRPC streams (an Envoy using the per-type services holds one per type). */
    public static final String XDS_CONNECTED_CLIENTS = "contour_xds_connected_clients";
    /** Ours: NACKs received, by {@code type_url}. */
    public static final String XDS_NACKS_TOTAL = "contour_xds_nacks_total";
    /** Ours: version counter of the snapshot being served. */
    public static final String SNAPSHOT_VERSION = "contour_snapshot_version";
    /** Ours: snapshots refused because they referenced missing resources. */
    public static final String SNAPSHOT_REJECTED_TOTAL = "contour_snapshot_rejected_total";
    /** Ours: reloads (load + render after a file change) that failed; the last good snapshot kept serving. */
    public static final String RELOAD_FAILURES_TOTAL = "contour_reload_failures_total";

    private enum Type {
        COUNTER, GAUGE, SUMMARY;

        String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private record Family(String name, Type type, String help,
                          ConcurrentMap<SortedMap<String, String>, DoubleAdder> values,
                          ConcurrentMap<SortedMap<String, String>, DoubleAdder> counts) {
    }

    private final ConcurrentMap<String, Family> families = new ConcurrentHashMap<>();

    /** A registry with upstream's and our families declared, so they are exposed (at zero) from the start. */
    public Metrics() {
        declare(DAG_REBUILD_TIMESTAMP, Type.GAUGE, "Timestamp of the last DAG rebuild.");
        declare(DAG_REBUILD_TOTAL, Type.COUNTER, "Total number of times DAG has been rebuilt since startup");
        declare(DAG_REBUILD_SECONDS, Type.SUMMARY, "Duration in seconds of DAG rebuilds");
        declare(DAG_CACHE_OBJECT, Type.GAUGE, "Total number of items that are currently in the DAG cache.");
        declare(HTTPPROXY, Type.GAUGE, "Total number of HTTPProxies that exist regardless of status.");
        declare(HTTPPROXY_ROOT, Type.GAUGE,
                "Total number of root HTTPProxies. Note there will only be a single root HTTPProxy per vhost.");
        declare(HTTPPROXY_VALID, Type.GAUGE, "Total number of valid HTTPProxies.");
        declare(HTTPPROXY_INVALID, Type.GAUGE, "Total number of invalid HTTPProxies.");
        declare(HTTPPROXY_ORPHANED, Type.GAUGE,
                "Total number of orphaned HTTPProxies which have no root delegating to them.");
        declare(STATUS_UPDATE_TOTAL, Type.COUNTER, "Total number of status updates by object kind.");
        declare(STATUS_UPDATE_SUCCESS_TOTAL, Type.COUNTER,
                "Number of status updates that succeeded by object kind.");
        declare(STATUS_UPDATE_FAILED_TOTAL, Type.COUNTER, "Number of status updates that failed by object kind.");
        declare(STATUS_UPDATE_CONFLICT_TOTAL, Type.COUNTER,
                "Number of status update conflicts encountered by object kind.");
        declare(STATUS_UPDATE_NOOP_TOTAL, Type.COUNTER,
                "Number of status updates that are no-ops by object kind. This is a subset of successful status "
                        + "updates.");
        declare(LEADER_ELECTION_MASTER_STATUS, Type.GAUGE,
                "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates "
                        + "master. 'name' is the string used to identify the lease. Please make sure to group by name.");
        declare(OBJECTS, Type.GAUGE, "Number of status-bearing objects by kind and status.");
        declare(XDS_CONNECTED_CLIENTS, Type.GAUGE, "Number of open xDS gRPC streams.");
        declare(XDS_NACKS_TOTAL, Type.COUNTER, "Total number of NACKs received from xDS clients, by type URL.");
        declare(SNAPSHOT_VERSION, Type.GAUGE, "Version counter of the xDS snapshot being served.");
        declare(SNAPSHOT_REJECTED_TOTAL, Type.COUNTER,
                "Total number of snapshots refused because they referenced missing resources.");
        declare(RELOAD_FAILURES_TOTAL, Type.COUNTER,
                "Total number of reloads that failed; the last good configuration kept serving.");
        set(DAG_REBUILD_TOTAL, Map.of(), 0);
        set(XDS_CONNECTED_CLIENTS, Map.of(), 0);
        set(SNAPSHOT_VERSION, Map.of(), 0);
        set(SNAPSHOT_REJECTED_TOTAL, Map.of(), 0);
        set(RELOAD_FAILURES_TOTAL, Map.of(), 0);
    }

    private void declare(String name, Type type, String help) {
        families.put(name, new Family(name, type, help, new ConcurrentHashMap<>(), new ConcurrentHashMap<>()));
    }

    private Family family(String name, Type... allowed) {
        Family f = families.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown metric " + name);
        }
        if (!List.of(allowed).contains(f.type())) {
            throw new IllegalArgumentException(name + " is a " + f.type().text());
        }
        return f;
    }

    private static SortedMap<String, String> key(Map<String, String> labels) {
        return new TreeMap<>(Objects.requireNonNull(labels, "labels"));
    }

    /** Adds one to a counter. */
    public void increment(String name, Map<String, String> labels) {
        add(name, labels, 1);
    }

    /** Adds a non-negative amount to a counter. */
    public void add(String name, Map<String, String> labels, double amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("counters only go up: " + amount);
        }
        family(name, Type.COUNTER).values().computeIfAbsent(key(labels), k -> new DoubleAdder()).add(amount);
    }

    /** Sets a gauge (or initialises a counter) to a value. */
    public void set(String name, Map<String, String> labels, double value) {
        DoubleAdder a = new DoubleAdder();
        a.add(value);
        family(name, Type.GAUGE, Type.COUNTER).values().put(key(labels), a);
    }

    /** Replaces every series of a gauge family, so label sets that disappeared stop being exposed. */
    public void replace(String name, Map<Map<String, String>, Double> series) {
        Family f = family(name, Type.GAUGE);
        synchronized (f) {
            f.values().clear();
            series.forEach((labels, v) -> set(name, labels, v));
        }
    }

    /** Records one observation of a summary. */
    public void observe(String name, Map<String, String> labels, double value) {
        Family f = family(name, Type.SUMMARY);
        f.values().computeIfAbsent(key(labels), k -> new DoubleAdder()).add(value);
        f.counts().computeIfAbsent(key(labels), k -> new DoubleAdder()).add(1);
    }

    /** Records one DAG rebuild as upstream does: total, duration summary and timestamp. */
    public void recordDagRebuild(Duration took, Instant at) {
        increment(DAG_REBUILD_TOTAL, Map.of());
        observe(DAG_REBUILD_SECONDS, Map.of(), took.toNanos() / 1e9);
        set(DAG_REBUILD_TIMESTAMP, Map.of(), at.toEpochMilli() / 1000.0);
    }

    /**
     * Replaces the object counts: {@code counts.get(kind).get(status)}. Also sets upstream's
     * {@code contour_dag_cache_object{kind}} to each kind's total.
     */
    public void setObjectCounts(Map<String, Map<String, Integer>> counts) {
        Map<Map<String, String>, Double> byStatus = new java.util.HashMap<>();
        Map<Map<String, String>, Double> byKind = new java.util.HashMap<>();
        counts.forEach((kind, statuses) -> {
            int total = 0;
            for (Map.Entry<String, Integer> e : statuses.entrySet()) {
                byStatus.put(Map.of("kind", kind, "status", e.getKey()), (double) e.getValue());
                total += e.getValue();
            }
            byKind.put(Map.of("kind", kind), (double) total);
        });
        replace(OBJECTS, byStatus);
        replace(DAG_CACHE_OBJECT, byKind);
    }

    /** The current value of a counter or gauge series, 0 when it was never set. */
    public double value(String name, Map<String, String> labels) {
        DoubleAdder a = family(name, Type.COUNTER, Type.GAUGE).values().get(key(labels));
        return a == null ? 0 : a.sum();
    }

    /** Prometheus text exposition format 0.0.4, families and series sorted for stable output. */
    public String exposition() {
        StringBuilder out = new StringBuilder();
        List<Family> sorted = new ArrayList<>(families.values());
        sorted.sort(Comparator.comparing(Family::name));
        for (Family f : sorted) {
            out.append("# HELP ").append(f.name()).append(' ').append(escapeHelp(f.help())).append('\n');
            out.append("# TYPE ").append(f.name()).append(' ').append(f.type().text()).append('\n');
            List<Map.Entry<SortedMap<String, String>, DoubleAdder>> series = new ArrayList<>(f.values().entrySet());
            series.sort(Comparator.comparing(e -> e.getKey().toString()));
            for (Map.Entry<SortedMap<String, String>, DoubleAdder> e : series) {
                switch (f.type()) {
                    case COUNTER, GAUGE -> line(out, f.name(), e.getKey(), e.getValue().sum());
                    case SUMMARY -> {
                        line(out, f.name() + "_sum", e.getKey(), e.getValue().sum());
                        DoubleAdder c = f.counts().get(e.getKey());
                        line(out, f.name() + "_count", e.getKey(), c == null ? 0 : c.sum());
                    }
                }
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String name, SortedMap<String, String> labels, double v) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> l : labels.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(l.getKey()).append("=\"").append(escapeLabel(l.getValue())).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(v)).append('\n');
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String escapeHelp(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escapeLabel(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"");
    }
}
