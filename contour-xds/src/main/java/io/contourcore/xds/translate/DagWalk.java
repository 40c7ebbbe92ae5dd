package io.contourcore.xds.translate;

import io.contourcore.dag.Dag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Upstream's DAG accessors ({@code GetClusters}, {@code GetSecrets}, {@code GetDNSNameClusters}), walking listeners
 * and virtual hosts in name order so that "first one wins" deduplication does not depend on input order.
 */
final class DagWalk {

    private DagWalk() {}

    static List<Dag.Listener> listeners(Dag dag) {
        List<Dag.Listener> l = new ArrayList<>(dag.listeners());
        l.sort(Comparator.comparing(Dag.Listener::name));
        return l;
    }

    static List<Dag.VirtualHost> vhosts(Dag.Listener l) {
        List<Dag.VirtualHost> v = new ArrayList<>(l.virtualHosts());
        v.sort(Comparator.comparing(Dag.VirtualHost::name));
        return v;
    }

    static List<Dag.SecureVirtualHost> secureVhosts(Dag.Listener l) {
        List<Dag.SecureVirtualHost> v = new ArrayList<>(l.secureVirtualHosts());
        v.sort(Comparator.comparing(Dag.SecureVirtualHost::name));
        return v;
    }

    /**
     * Every cluster a route, mirror or TCP proxy names, with repeats, one list per virtual host or TCP proxy; each
     * virtual host's taken from {@code memo} (null: none) when it has them.
     */
    static List<List<Dag.Cluster>> clusterSegments(Dag dag, TranslationMemo memo) {
        List<List<Dag.Cluster>> res = new ArrayList<>();
        for (Dag.Listener l : listeners(dag)) {
            if (l.tcpProxy() != null) {
                res.add(l.tcpProxy().clusters());
            }
            for (Dag.VirtualHost vh : vhosts(l)) {
                res.add(routeClusters(vh, memo));
            }
            for (Dag.SecureVirtualHost svh : secureVhosts(l)) {
                res.add(routeClusters(svh.virtualHost(), memo));
                if (svh.tcpProxy() != null) {
                    res.add(svh.tcpProxy().clusters());
                }
            }
        }
        return res;
    }

    private static List<Dag.Cluster> routeClusters(Dag.VirtualHost vh, TranslationMemo memo) {
        if (memo == null) {
            List<Dag.Cluster> own = new ArrayList<>();
            addRouteClusters(own, vh.routes());
            return own;
        }
        return memo.vhostClusters.get(vh, v -> {
            List<Dag.Cluster> own = new ArrayList<>();
            addRouteClusters(own, v.routes());
            return List.copyOf(own);
        });
    }

    /** Routes in Envoy's order, so that "first one wins" between same-named clusters is stable. */
    private static void addRouteClusters(List<Dag.Cluster> res, List<Dag.Route> routes) {
        for (Dag.Route r : RouteOrder.sortRoutes(routes)) {
            res.addAll(r.clusters());
            for (Dag.MirrorPolicy mp : r.mirrorPolicies()) {
                if (mp.cluster() != null) {
                    res.add(mp.cluster());
                }
            }
        }
    }

    /** Serving certificates, fallback certificates and upstream client certificates. */
    static List<Dag.Secret> secrets(Dag dag, List<List<Dag.Cluster>> routeClusters) {
        List<Dag.Secret> res = new ArrayList<>();
        for (Dag.Listener l : listeners(dag)) {
            for (Dag.SecureVirtualHost svh : secureVhosts(l)) {
                if (svh.secret() != null) {
                    res.add(svh.secret());
                }
                if (svh.fallbackCertificate() != null) {
                    res.add(svh.fallbackCertificate());
                }
            }
        }
        for (List<Dag.Cluster> segment : routeClusters) {
            for (Dag.Cluster c : segment) {
                if (c.clientCertificate() != null) {
                    res.add(c.clientCertificate());
                }
            }
        }
        return res;
    }

    /** The remote-JWKS clusters of secure virtual hosts. */
    static List<Dag.DnsNameCluster> dnsNameClusters(Dag dag) {
        List<Dag.DnsNameCluster> res = new ArrayList<>();
        for (Dag.Listener l : listeners(dag)) {
            for (Dag.SecureVirtualHost svh : secureVhosts(l)) {
                for (Dag.JwtProvider p : svh.jwtProviders()) {
                    if (p.remoteJwks() != null && p.remoteJwks().cluster() != null) {
                        res.add(p.remoteJwks().cluster());
                    }
                }
            }
        }
        return res;
    }
}
