package io.contourcore.xds.simulate;

import io.contourcore.re2j.Matcher;
import io.contourcore.re2j.Pattern;
import io.contourcore.re2j.PatternSyntaxException;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.envoy.type.v3.Int64Range;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Envoy's string, header and query-parameter matching rules, and the path helpers routing needs. */
final class Matchers {

    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private Matchers() {}

    /** An RE2 pattern; {@link IllegalArgumentException} naming it when it is invalid, as Envoy rejects it. */
    static Pattern regex(String regex) {
        try {
            return PATTERNS.computeIfAbsent(regex, Pattern::compile);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid RE2 regex " + quote(regex) + ": " + e.getDescription(), e);
        }
    }

    /** Envoy's regex matching is a full match of the whole value. */
    static boolean fullMatch(String regex, String value) {
        return regex(regex).matcher(value).matches();
    }

    static boolean matches(StringMatcher m, String value) {
        boolean ic = m.getIgnoreCase();
        return switch (m.getMatchPatternCase()) {
            case EXACT -> ic ? m.getExact().equalsIgnoreCase(value) : m.getExact().equals(value);
            case PREFIX -> ic ? lower(value).startsWith(lower(m.getPrefix())) : value.startsWith(m.getPrefix());
            case SUFFIX -> ic ? lower(value).endsWith(lower(m.getSuffix())) : value.endsWith(m.getSuffix());
            case CONTAINS -> ic ? lower(value).contains(lower(m.getContains())) : value.contains(m.getContains());
            case SAFE_REGEX -> fullMatch(m.getSafeRegex().getRegex(), value);
            // custom matchers are extensions the simulator cannot run
            case CUSTOM, MATCHPATTERN_NOT_SET -> false;
        };
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /**
     * One header condition, as Envoy's header utility evaluates it: a present match compares presence (inverted by
     * {@code invert_match}); any other match fails on a missing header unless {@code treat_missing_header_as_empty},
     * and otherwise tests all values joined with {@code ,}, inverted by {@code invert_match}.
     */
    static boolean matches(HeaderMatcher m, HeaderMap headers) {
        Optional<String> joined = headers.joined(m.getName());
        switch (m.getHeaderMatchSpecifierCase()) {
            case PRESENT_MATCH, HEADERMATCHSPECIFIER_NOT_SET -> {
                boolean wanted = m.getHeaderMatchSpecifierCase() == HeaderMatcher.HeaderMatchSpecifierCase.PRESENT_MATCH
                        ? m.getPresentMatch() : true;
                return (joined.isPresent() == wanted) != m.getInvertMatch();
            }
            default -> {
                if (joined.isEmpty() && !m.getTreatMissingHeaderAsEmpty()) {
                    return false;
                }
                String value = joined.orElse("");
                return specific(m, value) != m.getInvertMatch();
            }
        }
    }

    @SuppressWarnings("deprecation")
    private static boolean specific(HeaderMatcher m, String value) {
        return switch (m.getHeaderMatchSpecifierCase()) {
            case EXACT_MATCH -> m.getExactMatch().isEmpty() || m.getExactMatch().equals(value);
            case SAFE_REGEX_MATCH -> fullMatch(m.getSafeRegexMatch().getRegex(), value);
            case RANGE_MATCH -> inRange(m.getRangeMatch(), value);
            case PREFIX_MATCH -> value.startsWith(m.getPrefixMatch());
            case SUFFIX_MATCH -> value.endsWith(m.getSuffixMatch());
            case CONTAINS_MATCH -> value.contains(m.getContainsMatch());
            case STRING_MATCH -> matches(m.getStringMatch(), value);
            case PRESENT_MATCH, HEADERMATCHSPECIFIER_NOT_SET -> true;
        };
    }

    private static boolean inRange(Int64Range range, String value) {
        String v = value.trim();
        if (v.startsWith("+")) {
            v = v.substring(1);
        }
        try {
            long n = Long.parseLong(v);
            return n >= range.getStart() && n < range.getEnd();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A query parameter condition against the first value of that parameter. */
    static boolean matches(QueryParameterMatcher m, Map<String, List<String>> params) {
        List<String> values = params.get(m.getName());
        boolean present = values != null && !values.isEmpty();
        if (m.getQueryParameterMatchSpecifierCase() == QueryParameterMatcher.QueryParameterMatchSpecifierCase.PRESENT_MATCH) {
            return present == m.getPresentMatch();
        }
        if (!present) {
            return false;
        }
        return switch (m.getQueryParameterMatchSpecifierCase()) {
            case PRESENT_MATCH -> true;
            case STRING_MATCH -> matches(m.getStringMatch(), values.get(0));
            case QUERYPARAMETERMATCHSPECIFIER_NOT_SET -> true;
        };
    }

    /** The path without query string or fragment. */
    static String pathOnly(String path) {
        int end = path.length();
        int q = path.indexOf('?');
        if (q >= 0) {
            end = q;
        }
        int h = path.indexOf('#');
        if (h >= 0 && h < end) {
            end = h;
        }
        return path.substring(0, end);
    }

    /** The query string's parameters in order, as Envoy's route matching reads them: not percent-decoded. */
    static Map<String, List<String>> queryParameters(String path) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        int q = path.indexOf('?');
        if (q < 0) {
            return out;
        }
        String query = path.substring(q + 1);
        int h = query.indexOf('#');
        if (h >= 0) {
            query = query.substring(0, h);
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    /**
     * RE2's global replace: every match of {@code pattern} in {@code input} becomes {@code substitution}, where
     * {@code \0}..{@code \9} name capture groups and {@code \\} is a backslash.
     */
    static String replaceAll(String pattern, String input, String substitution) {
        Matcher m = regex(pattern).matcher(input);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            sb.append(input, last, m.start());
            for (int i = 0; i < substitution.length(); i++) {
                char c = substitution.charAt(i);
                if (c == '\\' && i + 1 < substitution.length()) {
                    char n = substitution.charAt(i + 1);
                    if (Character.isDigit(n)) {
                        int g = n - '0';
                        String group = g <= m.groupCount() ? m.group(g) : null;
                        sb.append(group == null ? "" : group);
                        i++;
                        continue;
                    }
                    if (n == '\\') {
                        sb.append('\\');
                        i++;
                        continue;
                    }
                }
                sb.append(c);
            }
            last = m.end();
        }
        sb.append(input, last, input.length());
        return sb.toString();
    }

    /**
     * RFC 3986 dot-segment removal as Envoy's {@code normalize_path} does it: backslashes become slashes and
     * {@code %2e} counts as a dot. The query is kept as is.
     */
    static String normalizePath(String path) {
        String p = pathOnly(path);
        String rest = path.substring(p.length());
        p = p.replace('\\', '/').replace("%2e", ".").replace("%2E", ".");
        List<String> out = new ArrayList<>();
        String[] segs = p.split("/", -1);
        // segs[0] is the empty string before the leading slash
        for (int i = 1; i < segs.length; i++) {
            String s = segs[i];
            boolean lastSeg = i == segs.length - 1;
            if (s.equals(".")) {
                if (lastSeg) {
                    out.add("");
                }
            } else if (s.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                if (lastSeg) {
                    out.add("");
                }
            } else {
                out.add(s);
            }
        }
        return "/" + String.join("/", out) + rest;
    }

    /** Envoy's {@code merge_slashes}: runs of {@code /} in the path (not the query) become one. */
    static String mergeSlashes(String path) {
        String p = pathOnly(path);
        return p.replaceAll("/{2,}", "/") + path.substring(p.length());
    }

    // ---- descriptions for --details -------------------------------------------------------------------------

    static String describe(RouteMatch m) {
        List<String> parts = new ArrayList<>();
        switch (m.getPathSpecifierCase()) {
            case PREFIX -> parts.add("prefix " + quote(m.getPrefix()));
            case PATH -> parts.add("path " + quote(m.getPath()));
            case SAFE_REGEX -> parts.add("safe_regex " + quote(m.getSafeRegex().getRegex()));
            case PATH_SEPARATED_PREFIX -> parts.add("path_separated_prefix " + quote(m.getPathSeparatedPrefix()));
            case CONNECT_MATCHER -> parts.add("connect_matcher");
            case PATH_MATCH_POLICY -> parts.add("path_match_policy " + m.getPathMatchPolicy().getName());
            case PATHSPECIFIER_NOT_SET -> parts.add("(no path specifier)");
        }
        if (m.hasCaseSensitive() && !m.getCaseSensitive().getValue()) {
            parts.add("case_sensitive false");
        }
        for (HeaderMatcher h : m.getHeadersList()) {
            parts.add("header " + describe(h));
        }
        for (QueryParameterMatcher q : m.getQueryParametersList()) {
            parts.add("query " + describe(q));
        }
        if (m.hasRuntimeFraction()) {
            parts.add("runtime_fraction " + m.getRuntimeFraction().getRuntimeKey());
        }
        if (m.hasGrpc()) {
            parts.add("grpc");
        }
        if (m.hasTlsContext()) {
            parts.add("tls_context");
        }
        return String.join(", ", parts);
    }

    @SuppressWarnings("deprecation")
    static String describe(HeaderMatcher h) {
        String what = switch (h.getHeaderMatchSpecifierCase()) {
            case EXACT_MATCH -> "exact_match " + quote(h.getExactMatch());
            case SAFE_REGEX_MATCH -> "safe_regex_match " + quote(h.getSafeRegexMatch().getRegex());
            case RANGE_MATCH -> "range_match [" + h.getRangeMatch().getStart() + ", " + h.getRangeMatch().getEnd() + ")";
            case PRESENT_MATCH -> "present_match " + h.getPresentMatch();
            case PREFIX_MATCH -> "prefix_match " + quote(h.getPrefixMatch());
            case SUFFIX_MATCH -> "suffix_match " + quote(h.getSuffixMatch());
            case CONTAINS_MATCH -> "contains_match " + quote(h.getContainsMatch());
            case STRING_MATCH -> describe(h.getStringMatch());
            case HEADERMATCHSPECIFIER_NOT_SET -> "present";
        };
        return h.getName() + " " + what + (h.getInvertMatch() ? " (inverted)" : "")
                + (h.getTreatMissingHeaderAsEmpty() ? " (missing as empty)" : "");
    }

    static String describe(QueryParameterMatcher q) {
        String what = switch (q.getQueryParameterMatchSpecifierCase()) {
            case STRING_MATCH -> describe(q.getStringMatch());
            case PRESENT_MATCH -> "present_match " + q.getPresentMatch();
            case QUERYPARAMETERMATCHSPECIFIER_NOT_SET -> "present";
        };
        return q.getName() + " " + what;
    }

    static String describe(StringMatcher m) {
        String what = switch (m.getMatchPatternCase()) {
            case EXACT -> "exact " + quote(m.getExact());
            case PREFIX -> "prefix " + quote(m.getPrefix());
            case SUFFIX -> "suffix " + quote(m.getSuffix());
            case CONTAINS -> "contains " + quote(m.getContains());
            case SAFE_REGEX -> "safe_regex " + quote(m.getSafeRegex().getRegex());
            case CUSTOM -> "custom " + m.getCustom().getName();
            case MATCHPATTERN_NOT_SET -> "(no pattern)";
        };
        return what + (m.getIgnoreCase() ? " (ignore case)" : "");
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
