package io.contourcore.xds.simulate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.contourcore.xds.render.ProtoText;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Envoy's {@code router_check_tool} test files, run against a {@link RouteSimulator}. Reads the current schema
 * ({@code tests: [{test_name, input: {authority, path, method, ssl, internal, random_value, runtime,
 * additional_request_headers, additional_response_headers}, validate: {cluster_name, virtual_cluster_name,
 * virtual_host_name, host_rewrite, path_rewrite, path_redirect, code_redirect, request_header_matches,
 * response_header_matches, request_header_fields, response_header_fields}}]}) and the older forms
 * ({@code :authority}/{@code :path}/{@code :method}, {@code additional_headers}, {@code header_fields},
 * {@code custom_header_fields}, {@code field} for {@code key}, a bare list of tests).
 *
 * <pre>{@code
 * List<RouterCheck.TestCase> tests = RouterCheck.parse(Files.readString(file));
 * for (RouterCheck.TestCase tc : tests) {
 *     RouterCheck.Result r = RouterCheck.run(simulator, tc);
 *     r.passed();        // false when any expectation differs
 *     r.mismatches();    // [Mismatch[field=cluster_name, expected=a, actual=b]]
 * }
 * }</pre>
 *
 * <p>Values compare as the tool compares them: cluster, virtual host, virtual cluster, host and path rewrite are
 * read only from a route that forwards ("" otherwise); path_redirect and code_redirect only from a route Envoy
 * answers itself (redirect or direct response; "" and 0 otherwise). Header checks read the request and response
 * headers after the route's rewrites and header mutations.
 */
public final class RouterCheck {

    private RouterCheck() {}

    /** One test: a name, the request it sends, and what it expects. */
    public record TestCase(String name, Request request, List<Header> upstreamResponseHeaders, Expectations expect) {
        public TestCase {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(request, "request");
            upstreamResponseHeaders = List.copyOf(upstreamResponseHeaders);
            Objects.requireNonNull(expect, "expect");
        }
    }

    /** The checks of one test; an empty optional is a check the test does not make. */
    public record Expectations(
            Optional<String> clusterName,
            Optional<String> virtualClusterName,
            Optional<String> virtualHostName,
            Optional<String> hostRewrite,
            Optional<String> pathRewrite,
            Optional<String> pathRedirect,
            OptionalLong codeRedirect,
            List<HeaderMatcher> requestHeaderMatches,
            List<HeaderMatcher> responseHeaderMatches,
            List<Header> requestHeaderFields,
            List<Header> responseHeaderFields) {
        public Expectations {
            requestHeaderMatches = List.copyOf(requestHeaderMatches);
            responseHeaderMatches = List.copyOf(responseHeaderMatches);
            requestHeaderFields = List.copyOf(requestHeaderFields);
            responseHeaderFields = List.copyOf(responseHeaderFields);
        }

        /** The names of the single-valued fields this test checks ({@code cluster_name}, ...), for coverage. */
        public List<String> checkedFields() {
            List<String> out = new ArrayList<>();
            clusterName.ifPresent(v -> out.add("cluster_name"));
            virtualClusterName.ifPresent(v -> out.add("virtual_cluster_name"));
            virtualHostName.ifPresent(v -> out.add("virtual_host_name"));
            pathRewrite.ifPresent(v -> out.add("path_rewrite"));
            hostRewrite.ifPresent(v -> out.add("host_rewrite"));
            pathRedirect.ifPresent(v -> out.add("path_redirect"));
            if (codeRedirect.isPresent()) {
                out.add("code_redirect");
            }
            return out;
        }
    }

    /** One check that did not hold. */
    public record Mismatch(String field, String expected, String actual) {}

    /** The outcome of one test. */
    public record Result(TestCase test, Decision decision, List<Mismatch> mismatches) {
        public Result {
            mismatches = List.copyOf(mismatches);
        }

        public boolean passed() {
            return mismatches.isEmpty();
        }
    }

    /** Runs one test. */
    public static Result run(RouteSimulator simulator, TestCase test) {
        Decision d = simulator.route(test.request(), test.upstreamResponseHeaders());
        Expectations e = test.expect();
        List<Mismatch> out = new ArrayList<>();
        boolean fwd = d.forwards();
        boolean direct = d.answersDirectly();
        // beyond router_check_tool: a TCP proxy's connection names its cluster too (TLS passthrough, TCP listeners)
        boolean tcp = d.outcome() == Decision.Outcome.TCP_PROXY;
        String cluster = fwd || tcp ? d.cluster() : "";
        if (e.clusterName().isPresent() && !clusterMatches(e.clusterName().get(), cluster)) {
            out.add(new Mismatch("cluster_name", e.clusterName().get(), cluster));
        }
        check(out, "virtual_cluster_name", e.virtualClusterName(), fwd ? d.virtualCluster() : "");
        check(out, "virtual_host_name", e.virtualHostName(), fwd ? d.virtualHost() : "");
        check(out, "path_rewrite", e.pathRewrite(), fwd ? d.requestHeader(":path").orElse("") : "");
        check(out, "host_rewrite", e.hostRewrite(), fwd ? d.requestHeader(":authority").orElse("") : "");
        check(out, "path_redirect", e.pathRedirect(), direct ? d.location() : "");
        if (e.codeRedirect().isPresent()) {
            long actual = direct ? d.statusCode() : 0;
            if (actual != e.codeRedirect().getAsLong()) {
                out.add(new Mismatch("code_redirect", String.valueOf(e.codeRedirect().getAsLong()), String.valueOf(actual)));
            }
        }
        HeaderMap req = new HeaderMap(d.requestHeaders());
        HeaderMap resp = new HeaderMap(d.responseHeaders());
        matchers(out, "request_header_matches", e.requestHeaderMatches(), req);
        matchers(out, "response_header_matches", e.responseHeaderMatches(), resp);
        fields(out, "request_header_fields", e.requestHeaderFields(), req);
        fields(out, "response_header_fields", e.responseHeaderFields(), resp);
        return new Result(test, d, out);
    }

    private static final java.util.regex.Pattern BACKEND =
            java.util.regex.Pattern.compile("([a-z0-9]([-a-z0-9]*[a-z0-9])?)/([a-z0-9]([-a-z0-9]*[a-z0-9])?)(:([0-9]{1,5}))?");

    /**
     * Whether a test's {@code cluster_name} names this cluster: exactly, or as the backend
     * {@code namespace/service:port} or {@code namespace/service}, which matches any cluster Contour makes for it
     * ({@code namespace/service/port/hash}, the hash changing with health checks, TLS and other settings), so that a
     * test survives a harmless change.
     *
     * <pre>{@code
     * clusterMatches("default/kuard:80", "default/kuard/80/da39a3ee5e");  // true
     * clusterMatches("default/kuard", "default/kuard/8080/8f2ab1d4c3");  // true
     * }</pre>
     */
    public static boolean clusterMatches(String expected, String actual) {
        if (expected.equals(actual)) {
            return true;
        }
        java.util.regex.Matcher m = BACKEND.matcher(expected);
        if (!m.matches() || actual.isEmpty()) {
            return false;
        }
        String prefix = m.group(1) + "/" + m.group(3) + "/";
        if (m.group(6) != null) {
            prefix += m.group(6) + "/";
        }
        return actual.startsWith(prefix);
    }

    private static void check(List<Mismatch> out, String field, Optional<String> expected, String actual) {
        if (expected.isPresent() && !expected.get().equals(actual)) {
            out.add(new Mismatch(field, expected.get(), actual));
        }
    }

    private static void matchers(List<Mismatch> out, String field, List<HeaderMatcher> ms, HeaderMap h) {
        for (HeaderMatcher m : ms) {
            if (!Matchers.matches(m, h)) {
                out.add(new Mismatch(field, Matchers.describe(m),
                        m.getName() + ": " + h.joined(m.getName()).orElse("(absent)")));
            }
        }
    }

    private static void fields(List<Mismatch> out, String field, List<Header> fs, HeaderMap h) {
        for (Header f : fs) {
            String actual = h.firstOrEmpty(f.name());
            if (!actual.equals(f.value())) {
                out.add(new Mismatch(field, f.name() + ": " + f.value(), f.name() + ": " + actual));
            }
        }
    }

    // ---- parsing ------------------------------------------------------------------------------------------------

    private static final Set<String> TEST_KEYS = Set.of("test_name", "input", "validate");
    private static final Set<String> INPUT_KEYS = Set.of("authority", "path", "method", ":authority", ":path", ":method",
            "random_value", "ssl", "internal", "runtime", "additional_headers", "additional_request_headers",
            "additional_response_headers");
    private static final Set<String> VALIDATE_KEYS = Set.of("cluster_name", "virtual_cluster_name", "virtual_host_name",
            "host_rewrite", "path_rewrite", "path_redirect", "code_redirect", "request_header_matches",
            "response_header_matches", "request_header_fields", "response_header_fields", "header_fields",
            "custom_header_fields");

    /**
     * Parses a test file (JSON or YAML).
     *
     * @throws IllegalArgumentException naming the field (and line, for syntax errors) when the file does not fit
     */
    public static List<TestCase> parse(String text) {
        JsonNode root;
        try {
            root = ProtoText.YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            throw new IllegalArgumentException(where + "not JSON or YAML: " + e.getOriginalMessage());
        }
        JsonNode tests;
        if (root != null && root.isArray()) {
            tests = root;
        } else if (root != null && root.isObject()) {
            unknown(root, Set.of("tests"), "");
            tests = root.get("tests");
        } else {
            throw new IllegalArgumentException("expected an object with 'tests'");
        }
        if (tests == null || !tests.isArray() || tests.isEmpty()) {
            throw new IllegalArgumentException("tests: expected a non-empty list");
        }
        List<TestCase> out = new ArrayList<>();
        for (int i = 0; i < tests.size(); i++) {
            out.add(testCase(tests.get(i), "tests[" + i + "]"));
        }
        return List.copyOf(out);
    }

    private static TestCase testCase(JsonNode n, String at) {
        if (!n.isObject()) {
            throw new IllegalArgumentException(at + ": expected an object");
        }
        unknown(n, TEST_KEYS, at);
        String name = string(n, "test_name", at, true);
        if (name.isEmpty()) {
            throw new IllegalArgumentException(at + ".test_name: must not be empty");
        }
        String where = at + " (" + name + ")";
        JsonNode in = object(n, "input", where);
        JsonNode val = object(n, "validate", where);
        unknown(in, INPUT_KEYS, where + ".input");
        unknown(val, VALIDATE_KEYS, where + ".validate");

        boolean legacy = in.has(":authority") || in.has(":path");
        String authority = string(in, legacy ? ":authority" : "authority", where + ".input", true);
        String path = string(in, legacy ? ":path" : "path", where + ".input", true);
        String method = legacy ? Optional.ofNullable(in.get(":method")).map(JsonNode::asText).orElse("GET")
                : string(in, "method", where + ".input", true);
        if (authority.isEmpty()) {
            throw new IllegalArgumentException(where + ".input.authority: must not be empty");
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException(where + ".input.path: must not be empty");
        }
        if (method.length() < 3) {
            throw new IllegalArgumentException(where + ".input.method: must be at least 3 characters");
        }
        boolean ssl = bool(in, "ssl", where + ".input");
        boolean internal = bool(in, "internal", where + ".input");
        long random = 0;
        if (in.has("random_value")) {
            JsonNode r = in.get("random_value");
            try {
                random = Long.parseUnsignedLong(r.asText());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ".input.random_value: expected a non-negative integer, got " + r);
            }
        }
        String runtime = in.has("runtime") ? string(in, "runtime", where + ".input", false) : "";
        List<Header> headers = new ArrayList<>(headerValues(in, "additional_headers", where + ".input"));
        headers.addAll(headerValues(in, "additional_request_headers", where + ".input"));
        List<Header> respHeaders = headerValues(in, "additional_response_headers", where + ".input");

        Request request;
        try {
            request = new Request(method, ssl ? "https" : "http", authority, path, headers, internal, Math.max(0, random), runtime);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".input: " + e.getMessage());
        }

        OptionalLong code = OptionalLong.empty();
        if (val.has("code_redirect")) {
            JsonNode c = val.get("code_redirect");
            if (!c.canConvertToLong() && !c.asText().matches("\\d+")) {
                throw new IllegalArgumentException(where + ".validate.code_redirect: expected an integer, got " + c);
            }
            code = OptionalLong.of(Long.parseLong(c.asText()));
        }
        List<Header> reqFields = new ArrayList<>(headerValues(val, "request_header_fields", where + ".validate"));
        reqFields.addAll(headerValues(val, "header_fields", where + ".validate"));
        reqFields.addAll(headerValues(val, "custom_header_fields", where + ".validate"));
        Expectations e = new Expectations(
                optString(val, "cluster_name", where),
                optString(val, "virtual_cluster_name", where),
                optString(val, "virtual_host_name", where),
                optString(val, "host_rewrite", where),
                optString(val, "path_rewrite", where),
                optString(val, "path_redirect", where),
                code,
                headerMatchers(val, "request_header_matches", where),
                headerMatchers(val, "response_header_matches", where),
                reqFields,
                headerValues(val, "response_header_fields", where + ".validate"));
        return new TestCase(name, request, respHeaders, e);
    }

    private static void unknown(JsonNode n, Set<String> known, String at) {
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            String k = it.next().getKey();
            if (!known.contains(k)) {
                throw new IllegalArgumentException((at.isEmpty() ? "" : at + ": ") + "unknown field '" + k + "'");
            }
        }
    }

    private static JsonNode object(JsonNode n, String key, String at) {
        JsonNode v = n.get(key);
        if (v == null || !v.isObject()) {
            throw new IllegalArgumentException(at + "." + key + ": expected an object");
        }
        return v;
    }

    private static String string(JsonNode n, String key, String at, boolean required) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(at + "." + key + ": is required");
            }
            return "";
        }
        if (!v.isValueNode() || v.isContainerNode()) {
            throw new IllegalArgumentException(at + "." + key + ": expected a string");
        }
        return v.asText();
    }

    private static Optional<String> optString(JsonNode val, String key, String at) {
        if (!val.has(key)) {
            return Optional.empty();
        }
        JsonNode v = val.get(key);
        if (v.isObject() && v.has("value")) {
            v = v.get("value"); // the StringValue written out as an object
        }
        if (v.isNull()) {
            return Optional.of("");
        }
        if (!v.isValueNode()) {
            throw new IllegalArgumentException(at + ".validate." + key + ": expected a string");
        }
        return Optional.of(v.asText());
    }

    private static boolean bool(JsonNode n, String key, String at) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
            return Boolean.parseBoolean(v.asText());
        }
        throw new IllegalArgumentException(at + "." + key + ": expected true or false, got " + v);
    }

    private static List<Header> headerValues(JsonNode n, String key, String at) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException(at + "." + key + ": expected a list of {key, value}");
        }
        List<Header> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode h = v.get(i);
            String k = h.has("key") ? h.get("key").asText() : h.has("field") ? h.get("field").asText() : "";
            if (k.isEmpty()) {
                throw new IllegalArgumentException(at + "." + key + "[" + i + "]: 'key' is required");
            }
            out.add(new Header(k, h.has("value") ? h.get("value").asText() : ""));
        }
        return out;
    }

    private static List<HeaderMatcher> headerMatchers(JsonNode val, String key, String at) {
        JsonNode v = val.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException(at + ".validate." + key + ": expected a list of header matchers");
        }
        List<HeaderMatcher> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            try {
                HeaderMatcher m = ProtoText.parseTree(v.get(i), HeaderMatcher.newBuilder()).build();
                if (m.getName().isEmpty()) {
                    throw new IllegalArgumentException(at + ".validate." + key + "[" + i + "]: 'name' is required");
                }
                out.add(m);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalArgumentException(at + ".validate." + key + "[" + i + "]: " + e.getMessage());
            }
        }
        return out;
    }
}
