package io.contourcore.xds.translate;

import io.contourcore.dag.Dag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Upstream's {@code internal/sorter} rules for routes and their conditions: exact before regex before prefix,
 * longer and reverse-lexicographic first, segment prefixes before string prefixes, then method, header count,
 * query count, priority and item-by-item condition order.
 */
final class RouteOrder {

    private RouteOrder() {}

    /**
     * The routes of a virtual host in Envoy's order, each with its header and query conditions sorted. The DAG's
     * list order carries no meaning, so routes are first put in a canonical order; that makes the result
     * independent of input order even where upstream's Less is not a strict order.
     */
    static List<Dag.Route> sortRoutes(List<Dag.Route> routes) {
        List<Dag.Route> normalized = new ArrayList<>();
        for (Dag.Route r : routes) {
            normalized.add(new Dag.Route(r.pathMatch(), sortHeaders(r.headerMatches()), sortQueries(r.queryParamMatches()),
                    r.priority(), r.clusters(), r.httpsUpgrade(), r.authDisabled(), r.authContext(), r.websocket(),
                    r.timeoutPolicy(), r.retryPolicy(), r.pathRewritePolicy(), r.mirrorPolicies(), r.requestHeadersPolicy(),
                    r.responseHeadersPolicy(), r.cookieRewritePolicies(), r.rateLimitPolicy(), r.rateLimitPerRoute(),
                    r.requestHashPolicies(), r.directResponse(), r.redirect(), r.jwtProvider(), r.internalRedirectPolicy(),
                    r.ipFilterAllow(), r.ipFilterRules(), r.source()));
        }
        normalized.sort(Comparator.comparing(RouteOrder::canonicalKey));
        return GoSort.stable(normalized, RouteOrder::routeLess);
    }

    static List<Dag.HeaderMatch> sortHeaders(List<Dag.HeaderMatch> h) {
        return GoSort.stable(h, RouteOrder::headerLess);
    }

    static List<Dag.QueryParamMatch> sortQueries(List<Dag.QueryParamMatch> q) {
        return GoSort.stable(q, RouteOrder::queryLess);
    }

    private static String canonicalKey(Dag.Route r) {
        StringBuilder sb = new StringBuilder();
        switch (kind(r.pathMatch())) {
            case PREFIX -> {
                Dag.PrefixMatch p = (Dag.PrefixMatch) r.pathMatch();
                sb.append("prefix:").append(p.prefix()).append(':').append(p.type());
            }
            case EXACT -> sb.append("exact:").append(((Dag.ExactMatch) r.pathMatch()).path());
            case REGEX -> sb.append("regex:").append(((Dag.RegexMatch) r.pathMatch()).regex());
        }
        for (Dag.HeaderMatch h : r.headerMatches()) {
            sb.append("|h:").append(h.name()).append('=').append(h.value()).append(':').append(h.type())
                    .append(':').append(h.invert()).append(':').append(h.ignoreCase()).append(':').append(h.treatMissingAsEmpty());
        }
        for (Dag.QueryParamMatch q : r.queryParamMatches()) {
            sb.append("|q:").append(q.name()).append('=').append(q.value()).append(':').append(q.type()).append(':').append(q.ignoreCase());
        }
        sb.append("|p:").append(r.priority());
        return sb.toString();
    }

    static boolean headerLess(Dag.HeaderMatch a, Dag.HeaderMatch b) {
        int c = a.name().compareTo(b.name());
        if (c != 0) {
            return c < 0;
        }
        return switch (a.type()) {
            case EXACT -> switch (b.type()) {
                case EXACT -> headerValueLess(a, b);
                case REGEX, CONTAINS, PRESENT -> true;
            };
            case REGEX -> switch (b.type()) {
                case REGEX -> headerValueLess(a, b);
                case CONTAINS, PRESENT -> true;
                case EXACT -> false;
            };
            case CONTAINS -> switch (b.type()) {
                case CONTAINS -> headerValueLess(a, b);
                case PRESENT -> true;
                case EXACT, REGEX -> false;
            };
            case PRESENT -> b.type() == Dag.HeaderMatchType.PRESENT && a.invert() != b.invert() && !a.invert();
        };
    }

    private static boolean headerValueLess(Dag.HeaderMatch a, Dag.HeaderMatch b) {
        int c = a.value().compareTo(b.value());
        if (c != 0) {
            return c < 0;
        }
        return a.invert() != b.invert() && !a.invert();
    }

    private static int queryRank(Dag.QueryMatchType t) {
        return switch (t) {
            case EXACT -> 0;
            case REGEX -> 1;
            case PREFIX -> 2;
            case SUFFIX -> 3;
            case CONTAINS -> 4;
            case PRESENT -> 5;
        };
    }

    static boolean queryLess(Dag.QueryParamMatch a, Dag.QueryParamMatch b) {
        int c = a.name().compareTo(b.name());
        if (c != 0) {
            return c < 0;
        }
        int ra = queryRank(a.type());
        int rb = queryRank(b.type());
        if (ra == rb) {
            if (a.type() == Dag.QueryMatchType.PRESENT) {
                return false;
            }
            int v = a.value().compareTo(b.value());
            if (v != 0) {
                return v < 0;
            }
            return a.ignoreCase() != b.ignoreCase() && !a.ignoreCase();
        }
        return ra < rb;
    }

    private static boolean byMethodHeaderQuery(Dag.Route lhs, Dag.Route rhs) {
        boolean lm = false;
        List<Dag.HeaderMatch> lh = new ArrayList<>();
        for (Dag.HeaderMatch h : lhs.headerMatches()) {
            if (h.name().equals(":method")) {
                lm = true;
            } else {
                lh.add(h);
            }
        }
        boolean rm = false;
        List<Dag.HeaderMatch> rh = new ArrayList<>();
        for (Dag.HeaderMatch h : rhs.headerMatches()) {
            if (h.name().equals(":method")) {
                rm = true;
            } else {
                rh.add(h);
            }
        }
        if (lm != rm) {
            return lm;
        }
        if (lh.size() != rh.size()) {
            return lh.size() > rh.size();
        }
        if (lhs.queryParamMatches().size() != rhs.queryParamMatches().size()) {
            return lhs.queryParamMatches().size() > rhs.queryParamMatches().size();
        }
        if (lhs.priority() != rhs.priority()) {
            return lhs.priority() < rhs.priority();
        }
        for (int i = 0; i < lh.size(); i++) {
            if (headerLess(lh.get(i), rh.get(i))) {
                return true;
            }
        }
        for (int i = 0; i < lhs.queryParamMatches().size(); i++) {
            if (queryLess(lhs.queryParamMatches().get(i), rhs.queryParamMatches().get(i))) {
                return true;
            }
        }
        return false;
    }

    /** The three shapes of a path match, for switching. */
    enum PathKind { PREFIX, EXACT, REGEX }

    static PathKind kind(Dag.PathMatch m) {
        if (m instanceof Dag.PrefixMatch) {
            return PathKind.PREFIX;
        }
        return m instanceof Dag.ExactMatch ? PathKind.EXACT : PathKind.REGEX;
    }

    static boolean routeLess(Dag.Route x, Dag.Route y) {
        PathKind kx = kind(x.pathMatch());
        PathKind ky = kind(y.pathMatch());
        switch (kx) {
            case PREFIX: {
                if (ky != PathKind.PREFIX) {
                    return false;
                }
                Dag.PrefixMatch a = (Dag.PrefixMatch) x.pathMatch();
                Dag.PrefixMatch b = (Dag.PrefixMatch) y.pathMatch();
                if (a.prefix().length() != b.prefix().length()) {
                    return a.prefix().length() > b.prefix().length();
                }
                int c = a.prefix().compareTo(b.prefix());
                if (c != 0) {
                    return c > 0;
                }
                if (a.type() == b.type()) {
                    return byMethodHeaderQuery(x, y);
                }
                return a.type() == Dag.PrefixType.SEGMENT;
            }
            case REGEX: {
                switch (ky) {
                    case REGEX: {
                        String a = ((Dag.RegexMatch) x.pathMatch()).regex();
                        String b = ((Dag.RegexMatch) y.pathMatch()).regex();
                        if (a.length() != b.length()) {
                            return a.length() > b.length();
                        }
                        int c = a.compareTo(b);
                        return c != 0 ? c > 0 : byMethodHeaderQuery(x, y);
                    }
                    case PREFIX:
                        return true;
                    default:
                        return false;
                }
            }
            case EXACT: {
                if (ky == PathKind.EXACT) {
                    int c = ((Dag.ExactMatch) x.pathMatch()).path().compareTo(((Dag.ExactMatch) y.pathMatch()).path());
                    return c != 0 ? c > 0 : byMethodHeaderQuery(x, y);
                }
                return true;
            }
            default:
                throw new IllegalStateException();
        }
    }
}
