package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.xds.Engine;
import io.contourcore.xds.XdsResources;
import io.contourcore.xds.render.ProtoText;
import io.contourcore.xds.simulate.Decision;
import io.contourcore.xds.simulate.Header;
import io.contourcore.xds.simulate.Request;
import io.contourcore.xds.simulate.RouteSimulator;
import io.contourcore.xds.simulate.RouterCheck;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * The route simulator over every golden case's rendered configuration: each route gets a request made from its own
 * match, and the simulator must pick the route Envoy's first-match rule picks for it (computed here independently).
 * A case's {@code route-tests.yaml}, in Envoy router_check_tool's format, states behaviour by hand; those tests
 * survive cosmetic changes to the byte-for-byte golden files.
 */
class RouteSimulationCasesTest {

    /** A rendered case: the resources, as the golden harness renders them (same input, config and args). */
    static XdsResources render(Path dir) throws IOException {
        List<String> args = new ArrayList<>(List.of(dir.resolve("input.yaml").toString()));
        if (Files.exists(dir.resolve("config.yaml"))) {
            args.add("--config");
            args.add(dir.resolve("config.yaml").toString());
        }
        if (Files.exists(dir.resolve("args"))) {
            for (String line : Files.readAllLines(dir.resolve("args"))) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    args.add(line.trim());
                }
            }
        }
        RenderCommand cmd = new RenderCommand();
        new CommandLine(cmd).parseArgs(args.toArray(String[]::new));
        StringWriter problems = new StringWriter();
        PrintWriter err = new PrintWriter(problems);
        Optional<ContourConfig> config = cmd.input.config(err);
        Optional<LoadResult> loaded = cmd.input.load(new ByteArrayInputStream(new byte[0]), err);
        assertThat(config).as("config of %s: %s", dir, problems).isPresent();
        assertThat(loaded).as("input of %s: %s", dir, problems).isPresent();
        return Engine.run(loaded.get().resources(), config.get()).xds();
    }

    static List<Path> casesWithRoutes() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path dir : GoldenCasesTest.cases()) {
            Path routes = dir.resolve("expected/routes.yaml");
            if (!Files.exists(routes)) {
                continue;
            }
            JsonNode doc = ProtoText.YAML.readTree(Files.readString(routes));
            boolean any = false;
            for (JsonNode rc : doc == null ? ProtoText.JSON.createArrayNode() : doc) {
                for (JsonNode vh : rc.path("virtual_hosts")) {
                    any |= vh.path("routes").size() > 0;
                }
            }
            if (any) {
                out.add(dir);
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicNode> everyRouteOfEveryGoldenCaseTakesTheRequestItsMatchDescribes() throws IOException {
        return casesWithRoutes().stream().map(dir -> {
            XdsResources xds;
            try {
                xds = render(dir);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            RouteSimulator sim = new RouteSimulator(xds);
            Set<String> reachable = routeConfigurationsInUse(xds.listeners());
            List<DynamicNode> tests = new ArrayList<>();
            for (RouteConfiguration rc : xds.routes()) {
                if (rc.getName().equals("ingress_fallbackcert")) {
                    continue; // reached only by TLS clients whose SNI no filter chain names: no host to aim a request at
                }
                for (VirtualHost vh : rc.getVirtualHostsList()) {
                    for (int i = 0; i < vh.getRoutesCount(); i++) {
                        int index = i;
                        String name = rc.getName() + " " + vh.getName() + " #" + i + " " + summary(vh.getRoutes(i).getMatch());
                        tests.add(DynamicTest.dynamicTest(name,
                                () -> routeIsReached(sim, reachable, rc, vh, index)));
                    }
                }
            }
            return DynamicContainer.dynamicContainer(GoldenCasesTest.casesDir().relativize(dir).toString(), tests);
        });
    }

    @TestFactory
    Stream<DynamicNode> everyCasesRouteTestsPass() throws IOException {
        List<DynamicNode> out = new ArrayList<>();
        for (Path dir : GoldenCasesTest.cases()) {
            Path file = dir.resolve("route-tests.yaml");
            if (!Files.exists(file)) {
                continue;
            }
            List<RouterCheck.TestCase> cases;
            try {
                cases = RouterCheck.parse(Files.readString(file));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
            RouteSimulator sim = new RouteSimulator(render(dir));
            List<DynamicNode> tests = new ArrayList<>();
            for (RouterCheck.TestCase t : cases) {
                tests.add(DynamicTest.dynamicTest(t.name(), () -> {
                    RouterCheck.Result r = RouterCheck.run(sim, t);
                    assertThat(r.mismatches()).as("%s: %s; decision: %s", file, t.name(), r.decision().steps()).isEmpty();
                }));
            }
            out.add(DynamicContainer.dynamicContainer(GoldenCasesTest.casesDir().relativize(dir).toString(), tests));
        }
        return out.stream();
    }

    @Test
    void atLeastTenIngressCasesStateTheirRoutingByHand() throws IOException {
        long n = GoldenCasesTest.cases().stream()
                .filter(d -> d.getParent().getFileName().toString().equals("ingress"))
                .filter(d -> Files.exists(d.resolve("route-tests.yaml")))
                .count();
        assertThat(n).isGreaterThanOrEqualTo(10);
    }

    @Test
    void mostRoutesAreSynthesisedRatherThanSkipped() throws IOException {
        int routes = 0;
        int synthesised = 0;
        List<String> skipped = new ArrayList<>();
        for (Path dir : casesWithRoutes()) {
            XdsResources xds = render(dir);
            for (RouteConfiguration rc : xds.routes()) {
                if (rc.getName().equals("ingress_fallbackcert")) {
                    continue; // reached only by TLS clients whose SNI no filter chain names: no host to aim a request at
                }
                for (VirtualHost vh : rc.getVirtualHostsList()) {
                    for (Route r : vh.getRoutesList()) {
                        routes++;
                        if (synthesise(rc, vh, r.getMatch()).isPresent()) {
                            synthesised++;
                        } else {
                            skipped.add(dir.getFileName() + ": " + r.getMatch().toString().replace('\n', ' '));
                        }
                    }
                }
            }
        }
        assertThat(routes).isGreaterThan(0);
        assertThat(synthesised).as("routes whose request could be made; skipped: %s", skipped).isEqualTo(routes);
    }

    @Test
    void aRouteShadowedByAnEarlierOneIsExpectedOnTheEarlierOne() {
        VirtualHost vh = VirtualHost.newBuilder().setName("v").addDomains("*.example.com")
                .addRoutes(Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix("/")))
                .addRoutes(Route.newBuilder().setMatch(RouteMatch.newBuilder().setPathSeparatedPrefix("/api")))
                .build();
        RouteConfiguration rc = RouteConfiguration.newBuilder().setName("ingress_http").addVirtualHosts(vh).build();
        Request r = synthesise(rc, vh, vh.getRoutes(1).getMatch()).orElseThrow().request();
        assertThat(r.line()).isEqualTo("GET http://wild.example.com/api/x");
        assertThat(holds(vh.getRoutes(1).getMatch(), r)).isTrue();
        assertThat(firstMatch(vh, r)).isZero();
    }

    @Test
    void matchersHoldAsEnvoyDocumentsThem() {
        RouteMatch seg = RouteMatch.newBuilder().setPathSeparatedPrefix("/api").build();
        assertThat(holds(seg, Request.of("GET", "http", "h", "/api"))).isTrue();
        assertThat(holds(seg, Request.of("GET", "http", "h", "/api?x=1"))).isTrue();
        assertThat(holds(seg, Request.of("GET", "http", "h", "/apis"))).isFalse();
        RouteMatch regex = RouteMatch.newBuilder().setSafeRegex(
                io.envoyproxy.envoy.type.matcher.v3.RegexMatcher.newBuilder().setRegex("/a[0-9]+")).build();
        assertThat(holds(regex, Request.of("GET", "http", "h", "/a12?q"))).as("query excluded").isTrue();
        assertThat(holds(regex, Request.of("GET", "http", "h", "/a12/b"))).as("full match").isFalse();
        RouteMatch header = RouteMatch.newBuilder().setPrefix("/").addHeaders(HeaderMatcher.newBuilder()
                .setName("x-canary").setStringMatch(StringMatcher.newBuilder().setExact("yes"))).build();
        assertThat(holds(header, Request.of("GET", "http", "h", "/"))).isFalse();
        assertThat(holds(header, Request.of("GET", "http", "h", "/").withHeaders(List.of(new Header("x-canary", "yes"))))).isTrue();
    }

    @Test
    void simpleRegexesGetAStringTheyMatchAndOthersNone() {
        assertThat(RegexSample.of("^/foo/[a-z]+/bar")).contains("/foo/a/bar");
        assertThat(RegexSample.of("^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\.example\\.com(:[0-9]+)?")).contains("a.example.com");
        assertThat(RegexSample.of("/(v1|v2)/items\\d{2,3}")).contains("/v1/items00");
        assertThat(RegexSample.of("/(a)\\1")).as("back-reference").isEmpty();
        assertThat(RegexSample.of("/(?=x)x")).as("lookahead").isEmpty();
    }

    // ---- one route ----------------------------------------------------------------------------------------------

    private static void routeIsReached(RouteSimulator sim, Set<String> reachable, RouteConfiguration rc, VirtualHost vh,
            int index) {
        assumeTrue(reachable.contains(rc.getName()), "no listener's connection manager names " + rc.getName());
        Optional<Synthesised> made = synthesise(rc, vh, vh.getRoutes(index).getMatch());
        assumeTrue(made.isPresent(), "no request can be made for " + summary(vh.getRoutes(index).getMatch()));
        Request request = made.get().request();
        assertThat(holds(vh.getRoutes(index).getMatch(), request))
                .as("the request made for the route matches it: %s", request.line()).isTrue();
        int expected = firstMatch(vh, request);
        Decision d = sim.route(request);
        String why = request.line() + " " + request.headers() + "\n" + String.join("\n",
                d.steps().stream().map(s -> s.name() + ": " + s.value() + " " + s.details()).toList());
        assertThat(d.routeConfiguration()).as(why).isEqualTo(rc.getName());
        assertThat(d.virtualHost()).as(why).isEqualTo(vh.getName());
        assertThat(d.routeIndex()).as("first route whose match holds (%s shadowed by #%s)\n%s",
                index, expected, why).isEqualTo(expected);
    }

    /** Envoy's rule: the first route of the virtual host whose match holds, or -1. */
    static int firstMatch(VirtualHost vh, Request request) {
        for (int j = 0; j < vh.getRoutesCount(); j++) {
            if (holds(vh.getRoutes(j).getMatch(), request)) {
                return j;
            }
        }
        return -1;
    }

    record Synthesised(Request request) {}

    /** A request that {@code match} accepts, on a host of {@code vh}, over the scheme {@code rc} serves. */
    static Optional<Synthesised> synthesise(RouteConfiguration rc, VirtualHost vh, RouteMatch match) {
        String scheme;
        String port = "";
        java.util.regex.Matcher gateway = java.util.regex.Pattern.compile("(https?)-(\\d+)(/.*)?").matcher(rc.getName());
        if (rc.getName().equals("ingress_http")) {
            scheme = "http";
        } else if (rc.getName().startsWith("https/")) {
            scheme = "https";
        } else if (gateway.matches() && gateway.group(1).equals("http") == (gateway.group(3) == null)) {
            // A Gateway listener's route configuration: its scheme, and its Envoy port unless the default one.
            scheme = gateway.group(1);
            int container = io.contourcore.dag.gatewayapi.GatewayListeners.toContainerPort(Integer.parseInt(gateway.group(2)));
            port = container == (scheme.equals("http") ? 8080 : 8443) ? "" : ":" + container;
        } else {
            return Optional.empty();
        }
        if (vh.getDomainsCount() == 0 || match.hasGrpc() || match.hasTlsContext() || match.getDynamicMetadataCount() > 0) {
            return Optional.empty();
        }
        String host = concreteHost(vh.getDomains(0)) + port;
        String path = switch (match.getPathSpecifierCase()) {
            case PREFIX -> match.getPrefix().isEmpty() ? "/" : match.getPrefix();
            case PATH -> match.getPath();
            case PATH_SEPARATED_PREFIX -> match.getPathSeparatedPrefix() + "/x";
            case SAFE_REGEX -> RegexSample.of(match.getSafeRegex().getRegex()).orElse(null);
            default -> null;
        };
        if (path == null || !path.startsWith("/")) {
            return Optional.empty();
        }
        List<String> query = new ArrayList<>();
        for (QueryParameterMatcher q : match.getQueryParametersList()) {
            String v = q.hasStringMatch() ? sample(q.getStringMatch()).orElse(null) : q.getPresentMatch() ? "1" : null;
            if (v == null) {
                return Optional.empty();
            }
            query.add(q.getName() + "=" + v);
        }
        List<Header> headers = new ArrayList<>();
        String method = "GET";
        for (HeaderMatcher h : match.getHeadersList()) {
            if (h.getName().equals(":method") && !h.getInvertMatch() && h.getStringMatch().hasExact()) {
                method = h.getStringMatch().getExact(); // an HTTPRoute's method match
                continue;
            }
            if (h.getName().startsWith(":")) {
                continue; // pseudo-headers come from the request line; holds() checks them
            }
            if (header(h, Optional.empty())) {
                continue; // satisfied by leaving the header out
            }
            if (h.getInvertMatch()) {
                // Envoy never matches an absent header against an inverted value matcher: send one that fails it.
                Optional<String> miss = java.util.stream.Stream.of("", "x", "zz-unmatched-0")
                        .filter(c -> header(h, Optional.of(c))).findFirst();
                if (miss.isEmpty()) {
                    return Optional.empty();
                }
                headers.add(new Header(h.getName(), miss.get()));
                continue;
            }
            Optional<String> v = switch (h.getHeaderMatchSpecifierCase()) {
                case EXACT_MATCH -> Optional.of(h.getExactMatch());
                case PREFIX_MATCH -> Optional.of(h.getPrefixMatch() + "x");
                case SUFFIX_MATCH -> Optional.of("x" + h.getSuffixMatch());
                case CONTAINS_MATCH -> Optional.of("x" + h.getContainsMatch() + "x");
                case SAFE_REGEX_MATCH -> RegexSample.of(h.getSafeRegexMatch().getRegex());
                case STRING_MATCH -> sample(h.getStringMatch());
                case PRESENT_MATCH -> Optional.of("1");
                case RANGE_MATCH -> Optional.of(Long.toString(h.getRangeMatch().getStart()));
                default -> Optional.empty();
            };
            if (v.isEmpty()) {
                return Optional.empty();
            }
            headers.add(new Header(h.getName(), v.get()));
        }
        String full = path + (query.isEmpty() ? "" : "?" + String.join("&", query));
        return Optional.of(new Synthesised(Request.of(method, scheme, host, full).withHeaders(headers)));
    }

    /** One host a domain pattern of a virtual host accepts. */
    static String concreteHost(String domain) {
        if (domain.equals("*")) {
            return "unlisted.example.net";
        }
        if (domain.startsWith("*")) {
            return "wild" + domain.substring(1);
        }
        if (domain.endsWith("*")) {
            return domain.substring(0, domain.length() - 1) + "example";
        }
        return domain;
    }

    private static Optional<String> sample(StringMatcher m) {
        return switch (m.getMatchPatternCase()) {
            case EXACT -> Optional.of(m.getExact());
            case PREFIX -> Optional.of(m.getPrefix() + "x");
            case SUFFIX -> Optional.of("x" + m.getSuffix());
            case CONTAINS -> Optional.of("x" + m.getContains() + "x");
            case SAFE_REGEX -> RegexSample.of(m.getSafeRegex().getRegex());
            default -> Optional.empty();
        };
    }

    private static String summary(RouteMatch m) {
        String s = switch (m.getPathSpecifierCase()) {
            case PREFIX -> "prefix " + m.getPrefix();
            case PATH -> "path " + m.getPath();
            case PATH_SEPARATED_PREFIX -> "path_separated_prefix " + m.getPathSeparatedPrefix();
            case SAFE_REGEX -> "regex " + m.getSafeRegex().getRegex();
            default -> m.getPathSpecifierCase().name().toLowerCase(Locale.ROOT);
        };
        return s + (m.getHeadersCount() > 0 ? " +" + m.getHeadersCount() + " header(s)" : "")
                + (m.getQueryParametersCount() > 0 ? " +" + m.getQueryParametersCount() + " query" : "");
    }

    // ---- Envoy's route match, written here independently of the simulator -----------------------------------------

    /** Whether {@code m} holds for {@code r}, by Envoy's documented rules for the matchers Contour emits. */
    static boolean holds(RouteMatch m, Request r) {
        int q = r.path().indexOf('?');
        String path = q < 0 ? r.path() : r.path().substring(0, q);
        String query = q < 0 ? "" : r.path().substring(q + 1);
        boolean cs = !m.hasCaseSensitive() || m.getCaseSensitive().getValue();
        boolean pathOk = switch (m.getPathSpecifierCase()) {
            case PREFIX -> path.regionMatches(!cs, 0, m.getPrefix(), 0, m.getPrefix().length());
            case PATH -> cs ? path.equals(m.getPath()) : path.equalsIgnoreCase(m.getPath());
            case PATH_SEPARATED_PREFIX -> {
                String p = m.getPathSeparatedPrefix();
                yield path.regionMatches(!cs, 0, p, 0, p.length())
                        && (path.length() == p.length() || path.charAt(p.length()) == '/');
            }
            case SAFE_REGEX -> Pattern.compile(m.getSafeRegex().getRegex()).matcher(path).matches();
            default -> false;
        };
        if (!pathOk) {
            return false;
        }
        for (HeaderMatcher h : m.getHeadersList()) {
            if (!header(h, headerValue(h.getName(), r))) {
                return false;
            }
        }
        for (QueryParameterMatcher p : m.getQueryParametersList()) {
            Optional<String> v = Optional.empty();
            for (String kv : query.isEmpty() ? new String[0] : query.split("&")) {
                int eq = kv.indexOf('=');
                if ((eq < 0 ? kv : kv.substring(0, eq)).equals(p.getName()) && v.isEmpty()) {
                    v = Optional.of(eq < 0 ? "" : kv.substring(eq + 1));
                }
            }
            boolean ok = p.hasStringMatch() ? v.isPresent() && string(p.getStringMatch(), v.get()) : v.isPresent();
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> headerValue(String name, Request r) {
        return switch (name) {
            case ":authority" -> Optional.of(r.authority());
            case ":path" -> Optional.of(r.path());
            case ":method" -> Optional.of(r.method());
            case ":scheme" -> Optional.of(r.scheme());
            default -> {
                List<String> vs = r.headers().stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
                yield vs.isEmpty() ? Optional.empty() : Optional.of(String.join(",", vs));
            }
        };
    }

    private static boolean header(HeaderMatcher h, Optional<String> value) {
        if (h.getHeaderMatchSpecifierCase() == HeaderMatcher.HeaderMatchSpecifierCase.PRESENT_MATCH) {
            return value.isPresent() == h.getPresentMatch() != h.getInvertMatch();
        }
        if (value.isEmpty() && !h.getTreatMissingHeaderAsEmpty()) {
            // Envoy's HeaderUtility::matchHeaders: an absent header fails every value matcher, inverted or not.
            return false;
        }
        String v = value.orElse("");
        boolean ok = switch (h.getHeaderMatchSpecifierCase()) {
            case EXACT_MATCH -> v.equals(h.getExactMatch());
            case PREFIX_MATCH -> v.startsWith(h.getPrefixMatch());
            case SUFFIX_MATCH -> v.endsWith(h.getSuffixMatch());
            case CONTAINS_MATCH -> v.contains(h.getContainsMatch());
            case SAFE_REGEX_MATCH -> Pattern.compile(h.getSafeRegexMatch().getRegex()).matcher(v).matches();
            case STRING_MATCH -> string(h.getStringMatch(), v);
            case RANGE_MATCH -> {
                try {
                    long n = Long.parseLong(v);
                    yield n >= h.getRangeMatch().getStart() && n < h.getRangeMatch().getEnd();
                } catch (NumberFormatException e) {
                    yield false;
                }
            }
            default -> true;
        };
        return ok != h.getInvertMatch();
    }

    private static boolean string(StringMatcher m, String v) {
        String x = m.getIgnoreCase() ? v.toLowerCase(Locale.ROOT) : v;
        return switch (m.getMatchPatternCase()) {
            case EXACT -> x.equals(m.getIgnoreCase() ? m.getExact().toLowerCase(Locale.ROOT) : m.getExact());
            case PREFIX -> x.startsWith(m.getIgnoreCase() ? m.getPrefix().toLowerCase(Locale.ROOT) : m.getPrefix());
            case SUFFIX -> x.endsWith(m.getIgnoreCase() ? m.getSuffix().toLowerCase(Locale.ROOT) : m.getSuffix());
            case CONTAINS -> x.contains(m.getIgnoreCase() ? m.getContains().toLowerCase(Locale.ROOT) : m.getContains());
            case SAFE_REGEX -> Pattern.compile(m.getSafeRegex().getRegex()).matcher(v).matches();
            default -> false;
        };
    }

    /** The route configuration names the listeners' HTTP connection managers take over RDS or inline. */
    static Set<String> routeConfigurationsInUse(List<Listener> listeners) {
        Set<String> out = new HashSet<>();
        for (Listener l : listeners) {
            for (FilterChain fc : l.getFilterChainsList()) {
                for (Filter f : fc.getFiltersList()) {
                    if (f.getTypedConfig().is(HttpConnectionManager.class)) {
                        try {
                            HttpConnectionManager hcm = f.getTypedConfig().unpack(HttpConnectionManager.class);
                            out.add(hcm.hasRds() ? hcm.getRds().getRouteConfigName() : hcm.getRouteConfig().getName());
                        } catch (InvalidProtocolBufferException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            }
        }
        return out;
    }

    // ---- a string a simple regex accepts ------------------------------------------------------------------------

    /**
     * The shortest-ish string a regex of literals, {@code .}, classes, groups, alternation and quantifiers accepts,
     * checked against the regex itself; empty for anything else (back-references, lookaround, negated classes that
     * exclude every candidate).
     */
    static final class RegexSample {
        private final String re;
        private int i;

        private RegexSample(String re) {
            this.re = re;
        }

        static Optional<String> of(String regex) {
            try {
                String s = new RegexSample(regex).alternation();
                return Pattern.compile(regex).matcher(s).matches() ? Optional.of(s) : Optional.empty();
            } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
                return Optional.empty();
            }
        }

        private String alternation() {
            String first = sequence();
            while (i < re.length() && re.charAt(i) == '|') {
                i++;
                sequence(); // later alternatives are parsed past, the first one is used
            }
            return first;
        }

        private String sequence() {
            StringBuilder out = new StringBuilder();
            while (i < re.length() && re.charAt(i) != '|' && re.charAt(i) != ')') {
                String atom = atom();
                int min = 1;
                if (i < re.length()) {
                    char q = re.charAt(i);
                    if (q == '*' || q == '?') {
                        min = 0;
                        i++;
                    } else if (q == '+') {
                        i++;
                    } else if (q == '{') {
                        int close = re.indexOf('}', i);
                        String[] nm = re.substring(i + 1, close).split(",", -1);
                        min = Integer.parseInt(nm[0].trim());
                        i = close + 1;
                    }
                    if (i < re.length() && re.charAt(i) == '?') {
                        i++; // lazy quantifier: same strings
                    }
                }
                out.append(atom.repeat(min));
            }
            return out.toString();
        }

        private String atom() {
            char c = re.charAt(i++);
            switch (c) {
                case '^', '$' -> {
                    return "";
                }
                case '.' -> {
                    return "a";
                }
                case '(' -> {
                    if (re.startsWith("?:", i)) {
                        i += 2;
                    } else if (re.charAt(i) == '?') {
                        throw new IllegalArgumentException("lookaround or flags");
                    }
                    String s = alternation();
                    if (re.charAt(i++) != ')') {
                        throw new IllegalArgumentException("unclosed group");
                    }
                    return s;
                }
                case '[' -> {
                    return charClass();
                }
                case '\\' -> {
                    char e = re.charAt(i++);
                    return switch (e) {
                        case 'd' -> "0";
                        case 'w' -> "a";
                        case 's' -> " ";
                        default -> {
                            if (Character.isLetterOrDigit(e)) {
                                throw new IllegalArgumentException("escape \\" + e);
                            }
                            yield String.valueOf(e);
                        }
                    };
                }
                default -> {
                    return String.valueOf(c);
                }
            }
        }

        private String charClass() {
            int start = i;
            boolean negated = re.charAt(i) == '^';
            int close = re.indexOf(']', negated ? i + 2 : i + 1);
            String body = re.substring(start, close + 1);
            i = close + 1;
            Pattern cls = Pattern.compile("[" + body);
            for (char c : "a0-_.Az/".toCharArray()) {
                if (cls.matcher(String.valueOf(c)).matches()) {
                    return String.valueOf(c);
                }
            }
            if (!negated) {
                char first = body.charAt(0) == '\\' ? body.charAt(1) : body.charAt(0);
                if (cls.matcher(String.valueOf(first)).matches()) {
                    return String.valueOf(first);
                }
            }
            throw new IllegalArgumentException("class " + body);
        }
    }
}
