package io.contourcore.dag.httpproxy;

import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.RegexSyntax;
import io.contourcore.model.HTTPProxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Upstream's HTTPProxy match-condition rules (internal/dag/conditions.go): merging a chain of include and route
 * conditions into one path/header/query match, and the validation messages for each kind of condition.
 *
 * <pre>{@code
 * Dag.PathMatch p = ProxyConditions.mergePath(List.of(MatchCondition.prefix("/api"), MatchCondition.prefix("/v1")));
 * // PrefixMatch("/api/v1")
 * }</pre>
 */
final class ProxyConditions {

    private ProxyConditions() {}

    /** Concatenates path conditions; the leaf decides prefix vs exact, any regex makes it a regex. */
    static Dag.PathMatch mergePath(List<HTTPProxy.MatchCondition> conds) {
        StringBuilder merged = new StringBuilder();
        boolean regex = false;
        for (HTTPProxy.MatchCondition c : conds) {
            if (!c.prefix().isEmpty()) {
                merged.append(c.prefix());
            } else if (!c.exact().isEmpty()) {
                merged.append(c.exact());
            } else if (!c.regex().isEmpty()) {
                merged.append(c.regex());
                regex = true;
            }
        }
        String path = collapseSlashes(merged);
        if (path.isEmpty() || conds.isEmpty()) {
            return new Dag.PrefixMatch("/", Dag.PrefixType.STRING);
        }
        HTTPProxy.MatchCondition last = conds.get(conds.size() - 1);
        if (regex) {
            return new Dag.RegexMatch(path);
        }
        if (!last.prefix().isEmpty()) {
            return new Dag.PrefixMatch(path, Dag.PrefixType.STRING);
        }
        if (!last.exact().isEmpty()) {
            return new Dag.ExactMatch(path);
        }
        return new Dag.PrefixMatch(path, Dag.PrefixType.STRING);
    }

    /** The text with every run of slashes made one slash, as upstream's {@code //+} replacement does. */
    private static String collapseSlashes(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '/' || out.length() == 0 || out.charAt(out.length() - 1) != '/') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Why this block of path conditions cannot be merged, or empty. */
    static Optional<String> pathConditionsError(List<HTTPProxy.MatchCondition> conds) {
        int count = 0;
        for (HTTPProxy.MatchCondition c : conds) {
            if (!c.prefix().isEmpty()) {
                count++;
                if (c.prefix().charAt(0) != '/') {
                    return Optional.of("prefix conditions must start with /, " + c.prefix() + " was supplied");
                }
            }
            if (!c.exact().isEmpty()) {
                count++;
                if (c.exact().charAt(0) != '/') {
                    return Optional.of("exact conditions must start with /, " + c.exact() + " was supplied");
                }
            }
            if (!c.regex().isEmpty()) {
                count++;
                if (c.regex().charAt(0) != '/') {
                    return Optional.of("regex conditions must start with /, " + c.regex() + " was supplied");
                }
                Optional<String> err = regexError(c.regex());
                if (err.isPresent()) {
                    return Optional.of("supplied regex: " + c.regex() + " invalid. error: " + err.get());
                }
            }
        }
        if (count > 1) {
            return Optional.of("more than one prefix, exact or regex is not allowed in a condition block");
        }
        return Optional.empty();
    }

    /** Includes take prefix, header and query conditions only. */
    static Optional<String> includeConditionsError(List<HTTPProxy.MatchCondition> conds) {
        for (HTTPProxy.MatchCondition c : conds) {
            if (!c.exact().isEmpty()) {
                return Optional.of("exact conditions are not allowed in includes block");
            }
            if (!c.regex().isEmpty()) {
                return Optional.of("regex conditions are not allowed in includes block");
            }
        }
        return Optional.empty();
    }

    /** Go's regexp syntax check (RE2's too), with Go's error text. */
    static Optional<String> regexError(String regex) {
        return RegexSyntax.error(regex);
    }

    static List<Dag.HeaderMatch> mergeHeaders(List<HTTPProxy.MatchCondition> conds) {
        List<HTTPProxy.HeaderMatchCondition> hs = new ArrayList<>();
        for (HTTPProxy.MatchCondition c : conds) {
            if (c.header() != null) {
                hs.add(c.header());
            }
        }
        return headerMatches(hs);
    }

    /** Header conditions as DAG matches; a condition with nothing set matches nothing and is dropped, as upstream does. */
    static List<Dag.HeaderMatch> headerMatches(List<HTTPProxy.HeaderMatchCondition> conds) {
        List<Dag.HeaderMatch> out = new ArrayList<>();
        for (HTTPProxy.HeaderMatchCondition c : conds) {
            if (c.present()) {
                out.add(new Dag.HeaderMatch(c.name(), "", Dag.HeaderMatchType.PRESENT, false, false, false));
            } else if (c.notPresent()) {
                out.add(new Dag.HeaderMatch(c.name(), "", Dag.HeaderMatchType.PRESENT, true, false, false));
            } else if (!c.contains().isEmpty()) {
                out.add(new Dag.HeaderMatch(c.name(), c.contains(), Dag.HeaderMatchType.CONTAINS, false, c.ignoreCase(), false));
            } else if (!c.notContains().isEmpty()) {
                out.add(new Dag.HeaderMatch(c.name(), c.notContains(), Dag.HeaderMatchType.CONTAINS, true, c.ignoreCase(),
                        c.treatMissingAsEmpty()));
            } else if (!c.exact().isEmpty()) {
                out.add(new Dag.HeaderMatch(c.name(), c.exact(), Dag.HeaderMatchType.EXACT, false, c.ignoreCase(), false));
            } else if (!c.notExact().isEmpty()) {
                out.add(new Dag.HeaderMatch(c.name(), c.notExact(), Dag.HeaderMatchType.EXACT, true, c.ignoreCase(),
                        c.treatMissingAsEmpty()));
            } else if (!c.regex().isEmpty()) {
                out.add(new Dag.HeaderMatch(c.name(), c.regex(), Dag.HeaderMatchType.REGEX, false, false, false));
            }
        }
        return out;
    }

    static List<Dag.QueryParamMatch> mergeQueryParams(List<HTTPProxy.MatchCondition> conds) {
        List<Dag.QueryParamMatch> out = new ArrayList<>();
        for (HTTPProxy.MatchCondition mc : conds) {
            HTTPProxy.QueryParameterMatchCondition c = mc.queryParameter();
            if (c == null) {
                continue;
            }
            if (!c.exact().isEmpty()) {
                out.add(new Dag.QueryParamMatch(c.name(), c.exact(), Dag.QueryMatchType.EXACT, c.ignoreCase()));
            } else if (!c.prefix().isEmpty()) {
                out.add(new Dag.QueryParamMatch(c.name(), c.prefix(), Dag.QueryMatchType.PREFIX, c.ignoreCase()));
            } else if (!c.suffix().isEmpty()) {
                out.add(new Dag.QueryParamMatch(c.name(), c.suffix(), Dag.QueryMatchType.SUFFIX, c.ignoreCase()));
            } else if (!c.regex().isEmpty()) {
                out.add(new Dag.QueryParamMatch(c.name(), c.regex(), Dag.QueryMatchType.REGEX, false));
            } else if (!c.contains().isEmpty()) {
                out.add(new Dag.QueryParamMatch(c.name(), c.contains(), Dag.QueryMatchType.CONTAINS, c.ignoreCase()));
            } else if (c.present()) {
                out.add(new Dag.QueryParamMatch(c.name(), "", Dag.QueryMatchType.PRESENT, false));
            }
        }
        return out;
    }

    /** Contradictions and bad regexes among the header conditions of one merged chain. */
    static Optional<String> headerConditionsError(List<HTTPProxy.MatchCondition> conds) {
        Set<HTTPProxy.HeaderMatchCondition> seen = new HashSet<>();
        Set<String> exact = new HashSet<>();
        String contradictoryPresence = "cannot specify contradictory 'present' and 'notpresent' conditions for the same route and header";
        String contradictoryExact = "cannot specify contradictory 'exact' and 'notexact' conditions for the same route and header";
        String contradictoryContains = "cannot specify contradictory 'contains' and 'notcontains' conditions for the same route and header";
        for (HTTPProxy.MatchCondition mc : conds) {
            HTTPProxy.HeaderMatchCondition h = mc.header();
            if (h == null) {
                continue;
            }
            String name = h.name().toLowerCase(Locale.ROOT);
            if (h.present()) {
                if (seen.contains(new HTTPProxy.HeaderMatchCondition(name, false, true, "", "", false, "", "", "", false))) {
                    return Optional.of(contradictoryPresence);
                }
            } else if (h.notPresent()) {
                if (seen.contains(new HTTPProxy.HeaderMatchCondition(name, true, false, "", "", false, "", "", "", false))) {
                    return Optional.of(contradictoryPresence);
                }
            } else if (!h.exact().isEmpty()) {
                if (!exact.add(name)) {
                    return Optional.of("cannot specify duplicate header 'exact match' conditions in the same route");
                }
                if (seen.contains(new HTTPProxy.HeaderMatchCondition(name, false, false, "", "", false, "", h.exact(), "", false))) {
                    return Optional.of(contradictoryExact);
                }
            } else if (!h.notExact().isEmpty()) {
                if (seen.contains(new HTTPProxy.HeaderMatchCondition(name, false, false, "", "", false, h.notExact(), "", "", false))) {
                    return Optional.of(contradictoryExact);
                }
            } else if (!h.contains().isEmpty()) {
                if (seen.contains(new HTTPProxy.HeaderMatchCondition(name, false, false, "", h.contains(), false, "", "", "", false))) {
                    return Optional.of(contradictoryContains);
                }
            } else if (!h.notContains().isEmpty()) {
                if (seen.contains(new HTTPProxy.HeaderMatchCondition(name, false, false, h.notContains(), "", false, "", "", "", false))) {
                    return Optional.of(contradictoryContains);
                }
            } else if (!h.regex().isEmpty()) {
                if (regexError(h.regex()).isPresent()) {
                    return Optional.of("invalid regular expression specified for 'regex' condition");
                }
            }
            seen.add(new HTTPProxy.HeaderMatchCondition(name, h.present(), h.notPresent(), h.contains(), h.notContains(),
                    h.ignoreCase(), h.exact(), h.notExact(), h.regex(), h.treatMissingAsEmpty()));
        }
        return Optional.empty();
    }

    /** Each query condition sets exactly one match; no duplicate exact matches; regexes compile. */
    static Optional<String> queryConditionsError(List<HTTPProxy.MatchCondition> conds) {
        Set<String> exact = new HashSet<>();
        for (HTTPProxy.MatchCondition mc : conds) {
            HTTPProxy.QueryParameterMatchCondition q = mc.queryParameter();
            if (q == null) {
                continue;
            }
            int set = 0;
            for (String v : List.of(q.exact(), q.prefix(), q.suffix(), q.regex(), q.contains())) {
                if (!v.isEmpty()) {
                    set++;
                }
            }
            if (q.present()) {
                set++;
            }
            if (set == 0) {
                return Optional.of("must specify at least one query parameter condition");
            }
            if (set > 1) {
                return Optional.of("cannot specify more than one condition in the same match condition branch");
            }
            String name = q.name().toLowerCase(Locale.ROOT);
            if (!q.exact().isEmpty() && !exact.add(name)) {
                return Optional.of("cannot specify duplicate query parameter 'exact match' conditions in the same route");
            }
            if (!q.regex().isEmpty() && regexError(q.regex()).isPresent()) {
                return Optional.of("invalid regular expression specified for 'regex' condition");
            }
        }
        return Optional.empty();
    }

    /**
     * Upstream's duplicate-include check: the same merged prefix with the same (sorted) header and query conditions
     * as an earlier include of the same proxy. A lone {@code /} (or no conditions) never counts as a duplicate.
     */
    static boolean includeConditionsDuplicate(List<HTTPProxy.MatchCondition> conds, Map<String, List<Aggregate>> seen) {
        if (!(mergePath(conds) instanceof Dag.PrefixMatch pm)) {
            return true;
        }
        String prefix = pm.prefix();
        List<Dag.HeaderMatch> headers = new ArrayList<>(mergeHeaders(conds));
        List<Dag.QueryParamMatch> queries = new ArrayList<>(mergeQueryParams(conds));
        if (prefix.equals("/") && headers.isEmpty() && queries.isEmpty()) {
            return false;
        }
        headers.sort(HEADER_ORDER);
        queries.sort(QUERY_ORDER);
        Aggregate a = new Aggregate(List.copyOf(headers), List.copyOf(queries));
        List<Aggregate> previous = seen.computeIfAbsent(prefix, k -> new ArrayList<>());
        if (previous.contains(a)) {
            return true;
        }
        previous.add(a);
        return false;
    }

    static Map<String, List<Aggregate>> newSeen() {
        return new HashMap<>();
    }

    record Aggregate(List<Dag.HeaderMatch> headers, List<Dag.QueryParamMatch> queries) {}

    /**
     * By match type, then the flags set first, then name and value. Written out rather than chained from
     * {@code Comparator.comparing}: each key of a chain is a lambda, and this class's were the most of any linked
     * in a cold render (~0.2 ms apiece).
     */
    private static final Comparator<Dag.HeaderMatch> HEADER_ORDER = new Comparator<>() {
        @Override
        public int compare(Dag.HeaderMatch a, Dag.HeaderMatch b) {
            int c = headerTypeName(a.type()).compareTo(headerTypeName(b.type()));
            if (c == 0) {
                c = Boolean.compare(!a.ignoreCase(), !b.ignoreCase());
            }
            if (c == 0) {
                c = Boolean.compare(!a.invert(), !b.invert());
            }
            if (c == 0) {
                c = Boolean.compare(!a.treatMissingAsEmpty(), !b.treatMissingAsEmpty());
            }
            if (c == 0) {
                c = a.name().compareTo(b.name());
            }
            return c != 0 ? c : a.value().compareTo(b.value());
        }
    };

    /** By match type, then case-insensitive first, then name and value (see {@link #HEADER_ORDER}). */
    private static final Comparator<Dag.QueryParamMatch> QUERY_ORDER = new Comparator<>() {
        @Override
        public int compare(Dag.QueryParamMatch a, Dag.QueryParamMatch b) {
            int c = queryTypeName(a.type()).compareTo(queryTypeName(b.type()));
            if (c == 0) {
                c = Boolean.compare(!a.ignoreCase(), !b.ignoreCase());
            }
            if (c == 0) {
                c = a.name().compareTo(b.name());
            }
            return c != 0 ? c : a.value().compareTo(b.value());
        }
    };

    /** Upstream's match-type strings, whose order the duplicate check sorts by. */
    private static String headerTypeName(Dag.HeaderMatchType t) {
        return switch (t) {
            case EXACT -> "exact";
            case CONTAINS -> "contains";
            case PRESENT -> "present";
            case REGEX -> "regex";
        };
    }

    private static String queryTypeName(Dag.QueryMatchType t) {
        return switch (t) {
            case EXACT -> "exact";
            case PREFIX -> "prefix";
            case SUFFIX -> "suffix";
            case REGEX -> "regex";
            case CONTAINS -> "contains";
            case PRESENT -> "present";
        };
    }
}
