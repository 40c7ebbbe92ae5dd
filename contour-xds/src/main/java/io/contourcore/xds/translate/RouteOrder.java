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
        // Each key is built once, not once per comparison; a route whose conditions are already in order is kept
        // as it is rather than copied.
        List<Keyed> keyed = new ArrayList<>(routes.size());
        for (Dag.Route r : routes) {
            Dag.Route n = withSortedConditions(r);
            keyed.add(new Keyed(canonicalKey(n), n));
        }
        keyed.sort(Comparator.comparing(Keyed::key));
        List<Dag.Route> normalized = new ArrayList<>(keyed.size());
        for (Keyed k : keyed) {
            normalized.add(k.route());
        }
        return GoSort.stable(normalized, RouteOrder::routeLess);
    }

    private record Keyed(String key, Dag.Route route) {}

    private static Dag.Route withSortedConditions(Dag.Route r) {
        List<Dag.HeaderMatch> headers = sortHeaders(r.headerMatches());
        List<Dag.QueryParamMatch> queries = sortQueries(r.queryParamMatches());
        if (headers.equals(r.headerMatches()) && queries.equals(r.queryParamMatches())) {
            return r;
        }
        return r.toBuilder().headerMatches(headers).queryParamMatches(queries).build();
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
        List<Dag.HeaderMatch> lAll = lhs.headerMatches();
        List<Dag.HeaderMatch> rAll = rhs.headerMatches();
        int lMethods = methodCount(lAll);
        int rMethods = methodCount(rAll);
        boolean lm = lMethods > 0;
        boolean rm = rMethods > 0;
        if (lm != rm) {
            return lm;
        }
        // Upstream compares the headers other than :method, item by item.
        int lSize = lAll.size() - lMethods;
        int rSize = rAll.size() - rMethods;
        if (lSize != rSize) {
            return lSize > rSize;
        }
        if (lhs.queryParamMatches().size() != rhs.queryParamMatches().size()) {
            return lhs.queryParamMatches().size() > rhs.queryParamMatches().size();
        }
        if (lhs.priority() != rhs.priority()) {
            return lhs.priority() < rhs.priority();
        }
        int i = 0;
        int j = 0;
        for (int k = 0; k < lSize; k++) {
            while (isMethod(lAll.get(i))) {
                i++;
            }
            while (isMethod(rAll.get(j))) {
                j++;
            }
            if (headerLess(lAll.get(i++), rAll.get(j++))) {
                return true;
            }
        }
        for (int k = 0; k < lhs.queryParamMatches().size(); k++) {
            if (queryLess(lhs.queryParamMatches().get(k), rhs.queryParamMatches().get(k))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMethod(Dag.HeaderMatch h) {
        return h.name().equals(":method");
    }

    private static int methodCount(List<Dag.HeaderMatch> headers) {
        int n = 0;
        for (Dag.HeaderMatch h : headers) {
            if (isMethod(h)) {
                n++;
            }
        }
        return n;
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
