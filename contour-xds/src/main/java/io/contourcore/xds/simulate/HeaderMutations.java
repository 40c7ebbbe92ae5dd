package io.contourcore.xds.simulate;

import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatchAndSubstitute;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Envoy's request and response header mutations and path and host rewrites, in its order of evaluation. */
final class HeaderMutations {

    private HeaderMutations() {}

    record Level(String name, List<String> requestRemove, List<HeaderValueOption> requestAdd,
            List<String> responseRemove, List<HeaderValueOption> responseAdd) {}

    /**
     * Header mutation levels in Envoy's order of evaluation: route, virtual host, route configuration (so the
     * least specific wins when they overwrite), or the reverse with {@code most_specific_header_mutations_wins}.
     */
    static List<Level> levels(RouteConfiguration rc, VirtualHost v, Route r, boolean ascend) {
        Level route = new Level("route", r.getRequestHeadersToRemoveList(), r.getRequestHeadersToAddList(),
                r.getResponseHeadersToRemoveList(), r.getResponseHeadersToAddList());
        Level vhost = new Level("virtual host", v.getRequestHeadersToRemoveList(), v.getRequestHeadersToAddList(),
                v.getResponseHeadersToRemoveList(), v.getResponseHeadersToAddList());
        Level global = new Level("route configuration", rc.getRequestHeadersToRemoveList(), rc.getRequestHeadersToAddList(),
                rc.getResponseHeadersToRemoveList(), rc.getResponseHeadersToAddList());
        return ascend ? List.of(global, vhost, route) : List.of(route, vhost, global);
    }

    /**
     * One level's mutations as Envoy's header parser applies them: removals first; then each addition's condition
     * is judged against the headers as they stand after the removals; then the overwrites are applied, then the
     * appends.
     */
    @SuppressWarnings("deprecation")
    static void applyHeaders(HeaderMap h, String level, List<String> remove, List<HeaderValueOption> add, List<String> log) {
        for (String name : remove) {
            if (h.has(name)) {
                log.add(level + ": remove " + name.toLowerCase(Locale.ROOT));
            }
            h.remove(name);
        }
        List<Header> overwrite = new ArrayList<>();
        List<Header> append = new ArrayList<>();
        for (HeaderValueOption o : add) {
            String name = o.getHeader().getKey();
            String value = o.getHeader().getValue().isEmpty() && !o.getHeader().getRawValue().isEmpty()
                    ? o.getHeader().getRawValue().toStringUtf8() : o.getHeader().getValue();
            if (value.isEmpty() && !o.getKeepEmptyValue()) {
                log.add(level + ": " + name + " skipped (empty value)");
                continue;
            }
            HeaderValueOption.HeaderAppendAction action = o.getAppendAction();
            if (o.hasAppend()) {
                action = o.getAppend().getValue() ? HeaderValueOption.HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD
                        : HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD;
            }
            boolean exists = h.has(name);
            switch (action) {
                case ADD_IF_ABSENT -> {
                    if (exists) {
                        log.add(level + ": " + name + " kept (add_if_absent, already present)");
                    } else {
                        append.add(new Header(name, value));
                        log.add(level + ": add " + name + ": " + value);
                    }
                }
                case OVERWRITE_IF_EXISTS -> {
                    if (exists) {
                        overwrite.add(new Header(name, value));
                        log.add(level + ": set " + name + ": " + value);
                    } else {
                        log.add(level + ": " + name + " not set (overwrite_if_exists, absent)");
                    }
                }
                case OVERWRITE_IF_EXISTS_OR_ADD -> {
                    overwrite.add(new Header(name, value));
                    log.add(level + ": set " + name + ": " + value);
                }
                default -> {
                    append.add(new Header(name, value));
                    log.add(level + ": " + (exists ? "append " : "add ") + name + ": " + value);
                }
            }
        }
        overwrite.forEach(x -> h.set(x.name(), x.value()));
        append.forEach(x -> h.add(x.name(), x.value()));
    }

    static void rewriteHost(HeaderMap h, String host, boolean appendXfh, String how, List<String> log) {
        String old = h.firstOrEmpty(":authority");
        if (appendXfh) {
            List<String> prior = h.all("x-forwarded-host");
            h.set("x-forwarded-host", prior.isEmpty() ? old : String.join(",", prior) + "," + old);
        }
        h.set(":authority", host);
        log.add(how + ": :authority " + old + " -> " + host);
    }

    /** The part of the path a prefix_rewrite replaces: the route's prefix, or its whole path for a path match. */
    static String matchedPrefix(RouteMatch m) {
        return switch (m.getPathSpecifierCase()) {
            case PREFIX -> m.getPrefix();
            case PATH -> m.getPath();
            case PATH_SEPARATED_PREFIX -> m.getPathSeparatedPrefix();
            default -> "";
        };
    }

    static void rewritePath(HeaderMap h, String prefixRewrite,
            RegexMatchAndSubstitute regexRewrite, String matched, List<String> log) {
        String path = h.firstOrEmpty(":path");
        String rewritten = null;
        String how = null;
        if (!prefixRewrite.isEmpty()) {
            rewritten = prefixRewrite + path.substring(Math.min(matched.length(), path.length()));
            how = "prefix_rewrite " + Matchers.quote(matched) + " -> " + Matchers.quote(prefixRewrite);
        } else if (regexRewrite != null) {
            String just = Matchers.pathOnly(path);
            rewritten = Matchers.replaceAll(regexRewrite.getPattern().getRegex(), just, regexRewrite.getSubstitution())
                    + path.substring(just.length());
            how = "regex_rewrite " + Matchers.quote(regexRewrite.getPattern().getRegex()) + " -> "
                    + Matchers.quote(regexRewrite.getSubstitution());
        }
        if (rewritten != null && !rewritten.equals(path)) {
            h.set("x-envoy-original-path", path);
            h.set(":path", rewritten);
            log.add(how + ": :path " + path + " -> " + rewritten);
        }
    }

    static void headerSteps(Trace t, HeaderMap before, HeaderMap after, List<String> mutations,
            HeaderMap resp, List<String> respMutations) {
        List<String> diff = new ArrayList<>();
        List<Header> b = before.list();
        List<Header> a = after.list();
        for (Header x : a) {
            if (!b.contains(x)) {
                diff.add(x.name() + ": " + x.value());
            }
        }
        for (Header x : b) {
            if (!a.contains(x) && !after.has(x.name())) {
                diff.add("-" + x.name());
            }
        }
        if (!mutations.isEmpty() || !diff.isEmpty()) {
            t.step("request headers", diff.isEmpty() ? "(unchanged)" : String.join("; ", diff), mutations);
        }
        List<String> shown = new ArrayList<>();
        for (Header x : resp.list()) {
            shown.add(x.name() + ": " + x.value());
        }
        if (!shown.isEmpty() || !respMutations.isEmpty()) {
            t.step("response headers", shown.isEmpty() ? "(none)" : String.join("; ", shown), respMutations);
        }
    }

}
