package io.contourcore.xds.simulate;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A request to route, with the extras Envoy's {@code router_check_tool} knows: {@code internal} sets
 * {@code x-envoy-internal: true}, {@code randomValue} picks among weighted clusters and runtime fractions, and the
 * scheme doubles as the tool's {@code ssl} flag ({@code https} sets {@code x-forwarded-proto: https}).
 *
 * <pre>{@code
 * Request r = Request.parse("GET https://foo.example.com/api?x=1")
 *         .withHeaders(List.of(Header.parse("x-user: alice")));
 * r.host();   // "foo.example.com"
 * r.ssl();    // true
 * }</pre>
 *
 * @param method      the HTTP method, upper case as sent
 * @param scheme      {@code http} or {@code https}
 * @param authority   host with an optional {@code :port}, as in {@code :authority}
 * @param path        path with query, as in {@code :path}
 * @param headers     further request headers, in order; a {@code Host} header replaces the authority for routing
 *                    (as with {@code curl -H 'Host: ...'}) while the listener and TLS server name follow the URL
 * @param internal    whether {@code x-envoy-internal: true} is set
 * @param randomValue the value Envoy would draw for weighted clusters and runtime fractions
 * @param runtime     a runtime key to enable (router_check_tool's {@code runtime}); empty treats every runtime
 *                    fraction as matching
 */
public record Request(
        String method,
        String scheme,
        String authority,
        String path,
        List<Header> headers,
        boolean internal,
        long randomValue,
        String runtime) {

    public Request {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(runtime, "runtime");
        headers = List.copyOf(headers);
        if (method.isEmpty()) {
            throw new IllegalArgumentException("method is empty");
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("scheme must be http or https, got '" + scheme + "'");
        }
        if (authority.isEmpty()) {
            throw new IllegalArgumentException("authority is empty");
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("path is empty");
        }
        if (randomValue < 0) {
            throw new IllegalArgumentException("random value must not be negative");
        }
    }

    /** A plain GET-style request with no extras. */
    public static Request of(String method, String scheme, String authority, String path) {
        return new Request(method, scheme, authority, path, List.of(), false, 0, "");
    }

    /**
     * Parses {@code "METHOD URL"} or just {@code "URL"} (method GET), URL being
     * {@code http[s]://host[:port][/path][?query]}.
     */
    public static Request parse(String text) {
        String t = text.trim();
        String method = "GET";
        int space = t.indexOf(' ');
        if (space > 0) {
            method = t.substring(0, space).trim();
            t = t.substring(space + 1).trim();
        }
        int sep = t.indexOf("://");
        if (sep <= 0) {
            throw new IllegalArgumentException("request must look like 'GET https://host/path', got '" + text + "'");
        }
        String scheme = t.substring(0, sep);
        String rest = t.substring(sep + 3);
        int pathStart = indexOfAny(rest, "/?");
        String authority = pathStart < 0 ? rest : rest.substring(0, pathStart);
        String path = pathStart < 0 ? "/" : rest.substring(pathStart);
        if (path.startsWith("?")) {
            path = "/" + path;
        }
        int hash = path.indexOf('#');
        if (hash >= 0) {
            path = path.substring(0, hash);
        }
        if (authority.isEmpty()) {
            throw new IllegalArgumentException("request URL has no host: '" + text + "'");
        }
        return of(method, scheme, authority, path);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    public Request withHeaders(List<Header> more) {
        return new Request(method, scheme, authority, path, more, internal, randomValue, runtime);
    }

    public Request withInternal(boolean value) {
        return new Request(method, scheme, authority, path, headers, value, randomValue, runtime);
    }

    public Request withRandomValue(long value) {
        return new Request(method, scheme, authority, path, headers, internal, value, runtime);
    }

    public Request withRuntime(String key) {
        return new Request(method, scheme, authority, path, headers, internal, randomValue, key);
    }

    /** Whether the request arrives over TLS (router_check_tool's {@code ssl}). */
    public boolean ssl() {
        return scheme.equals("https");
    }

    /** The authority without its port, lower-cased: the TLS server name a client would send. */
    public String host() {
        int portStart = portStart(authority);
        return (portStart < 0 ? authority : authority.substring(0, portStart)).toLowerCase(Locale.ROOT);
    }

    /** The port named in the authority, if any. */
    public OptionalInt explicitPort() {
        int portStart = portStart(authority);
        if (portStart < 0) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(authority.substring(portStart + 1)));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The position of the {@code :} before a port, handling bracketed IPv6 literals; -1 when there is none. */
    static int portStart(String authority) {
        int colon = authority.lastIndexOf(':');
        if (colon < 0) {
            return -1;
        }
        int bracket = authority.lastIndexOf(']');
        if (bracket >= 0 && bracket > colon) {
            return -1;
        }
        if (bracket < 0 && authority.indexOf(':') != colon) {
            return -1; // a bare IPv6 literal has no port
        }
        return colon;
    }

    /** One line as a user would type it: {@code GET https://host/path}. */
    public String line() {
        return method + " " + scheme + "://" + authority + path;
    }
}
