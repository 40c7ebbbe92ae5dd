package io.contourcore.model.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upstream Contour's access-log settings rules: the checks on Envoy command operators in
 * {@code accesslog-format-string} and in {@code json-fields} entries ({@code name} for a known field, or
 * {@code name=%OPERATOR%}), and how those entries resolve to formats. The config loader checks with them and the
 * listener translation resolves with them, so both read one table.
 *
 * <pre>{@code
 * AccessLogFormats.checkFormatString("%START_TIME% %REQ(:PATH)%\n"); // null: valid
 * AccessLogFormats.checkJsonFields(List.of("@timestamp", "bogus"));  // "invalid JSON log field name bogus"
 * AccessLogFormats.asFieldMap(List.of("ts", "x=%PROTOCOL%"));        // {ts=%START_TIME%, x=%PROTOCOL%}
 * }</pre>
 */
public final class AccessLogFormats {

    private AccessLogFormats() {}

    /** The JSON field names upstream maps to an operator without being told. */
    static final Map<String, String> JSON_FIELDS = Map.ofEntries(
            Map.entry("@timestamp", "%START_TIME%"),
            Map.entry("ts", "%START_TIME%"),
            Map.entry("authority", "%REQ(:AUTHORITY)%"),
            Map.entry("method", "%REQ(:METHOD)%"),
            Map.entry("path", "%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%"),
            Map.entry("request_id", "%REQ(X-REQUEST-ID)%"),
            Map.entry("uber_trace_id", "%REQ(UBER-TRACE-ID)%"),
            Map.entry("upstream_service_time", "%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%"),
            Map.entry("user_agent", "%REQ(USER-AGENT)%"),
            Map.entry("x_forwarded_for", "%REQ(X-FORWARDED-FOR)%"),
            Map.entry("x_trace_id", "%REQ(X-TRACE-ID)%"),
            Map.entry("tls_ja3_fingerprint", "%TLS_JA3_FINGERPRINT%"),
            Map.entry("tls_ja4_fingerprint", "%TLS_JA4_FINGERPRINT%"),
            Map.entry("contour_config_kind", "%METADATA(ROUTE:envoy.access_loggers.file:io.projectcontour.kind)%"),
            Map.entry("contour_config_namespace", "%METADATA(ROUTE:envoy.access_loggers.file:io.projectcontour.namespace)%"),
            Map.entry("contour_config_name", "%METADATA(ROUTE:envoy.access_loggers.file:io.projectcontour.name)%"));

    static final Set<String> SIMPLE_OPERATORS = Set.of(
            "BYTES_RECEIVED", "BYTES_SENT", "CONNECTION_ID", "CONNECTION_TERMINATION_DETAILS",
            "DOWNSTREAM_DIRECT_REMOTE_ADDRESS", "DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT",
            "DOWNSTREAM_DIRECT_REMOTE_PORT", "DOWNSTREAM_HEADER_BYTES_RECEIVED", "DOWNSTREAM_HEADER_BYTES_SENT",
            "DOWNSTREAM_LOCAL_ADDRESS", "DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT", "DOWNSTREAM_LOCAL_PORT",
            "DOWNSTREAM_LOCAL_SUBJECT", "DOWNSTREAM_LOCAL_URI_SAN", "DOWNSTREAM_PEER_CERT", "DOWNSTREAM_PEER_CERT_V_END",
            "DOWNSTREAM_PEER_CERT_V_START", "DOWNSTREAM_PEER_FINGERPRINT_1", "DOWNSTREAM_PEER_FINGERPRINT_256",
            "DOWNSTREAM_PEER_ISSUER", "DOWNSTREAM_PEER_SERIAL", "DOWNSTREAM_PEER_SUBJECT", "DOWNSTREAM_PEER_URI_SAN",
            "DOWNSTREAM_REMOTE_ADDRESS", "DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT", "DOWNSTREAM_REMOTE_PORT",
            "DOWNSTREAM_TLS_CIPHER", "DOWNSTREAM_TLS_SESSION_ID", "DOWNSTREAM_TLS_VERSION",
            "DOWNSTREAM_WIRE_BYTES_RECEIVED", "DOWNSTREAM_WIRE_BYTES_SENT", "DURATION", "FILTER_CHAIN_NAME",
            "GRPC_STATUS", "GRPC_STATUS_NUMBER", "HOSTNAME", "LOCAL_REPLY_BODY", "PROTOCOL", "REQUEST_HEADERS_BYTES",
            "REQUESTED_SERVER_NAME", "REQUEST_DURATION", "REQUEST_TX_DURATION", "RESPONSE_CODE", "RESPONSE_CODE_DETAILS",
            "RESPONSE_DURATION", "RESPONSE_FLAGS", "RESPONSE_HEADERS_BYTES", "RESPONSE_TRAILERS_BYTES",
            "RESPONSE_TX_DURATION", "ROUTE_NAME", "START_TIME", "TLS_JA3_FINGERPRINT", "TLS_JA4_FINGERPRINT",
            "UPSTREAM_CLUSTER", "UPSTREAM_FILTER_STATE", "UPSTREAM_HEADER_BYTES_RECEIVED", "UPSTREAM_HEADER_BYTES_SENT",
            "UPSTREAM_HOST", "UPSTREAM_LOCAL_ADDRESS", "UPSTREAM_LOCAL_ADDRESS_WITHOUT_PORT", "UPSTREAM_LOCAL_PORT",
            "UPSTREAM_PEER_CERT", "UPSTREAM_PEER_CERT_V_END", "UPSTREAM_PEER_CERT_V_START", "UPSTREAM_PEER_ISSUER",
            "UPSTREAM_PEER_SUBJECT", "UPSTREAM_PROTOCOL", "UPSTREAM_REMOTE_ADDRESS",
            "UPSTREAM_REMOTE_ADDRESS_WITHOUT_PORT", "UPSTREAM_REMOTE_PORT", "UPSTREAM_REQUEST_ATTEMPT_COUNT",
            "UPSTREAM_TLS_CIPHER", "UPSTREAM_TLS_SESSION_ID", "UPSTREAM_TLS_VERSION", "UPSTREAM_TRANSPORT_FAILURE_REASON",
            "UPSTREAM_WIRE_BYTES_RECEIVED", "UPSTREAM_WIRE_BYTES_SENT", "VIRTUAL_CLUSTER_NAME");

    /** Operators that take arguments; START_TIME's are optional and it takes no truncation length. */
    static final Set<String> COMPLEX_OPERATORS = Set.of("ENVIRONMENT", "METADATA", "REQ", "REQ_WITHOUT_QUERY", "RESP",
            "START_TIME", "TRAILER");

    private static final Pattern COMMAND = Pattern.compile("%(([A-Z0-9_]+)(\\([^)]+\\)(:[0-9]+)?)?%)?");

    /** Null when {@code format} is a valid access-log format string (it must end in a newline), else why not. */
    public static String checkFormatString(String format) {
        if (format.isEmpty()) {
            return null;
        }
        String why = checkOperators(format);
        if (why != null) {
            return "invalid access log format: " + why;
        }
        if (!format.endsWith("\n")) {
            return "invalid access log format: must end in newline";
        }
        return null;
    }

    /** Null when every JSON field resolves to a valid operator, else why not. */
    public static String checkJsonFields(List<String> fields) {
        for (Map.Entry<String, String> e : asFieldMap(fields).entrySet()) {
            if (e.getValue().isEmpty()) {
                return "invalid JSON log field name " + e.getKey();
            }
            if (e.getValue().equals(JSON_FIELDS.get(e.getKey()))) {
                continue;
            }
            String why = checkOperators(e.getValue());
            if (why != null) {
                return "invalid JSON field: " + why;
            }
        }
        return null;
    }

    /** Field name to format, as upstream resolves {@code json-fields} entries; "" for a name it cannot resolve. */
    public static Map<String, String> asFieldMap(List<String> fields) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : fields) {
            int eq = f.indexOf('=');
            if (eq >= 0) {
                out.put(f.substring(0, eq), f.substring(eq + 1));
                continue;
            }
            String known = JSON_FIELDS.get(f);
            String upper = f.toUpperCase(Locale.ROOT);
            if (known != null) {
                out.put(f, known);
            } else if (SIMPLE_OPERATORS.contains(upper)) {
                out.put(f, "%" + upper + "%");
            } else {
                out.put(f, "");
            }
        }
        return out;
    }

    /** Whether {@code format} uses the command operator {@code operator} (e.g. {@code METADATA}). */
    public static boolean usesOperator(String format, String operator) {
        Matcher m = COMMAND.matcher(format);
        while (m.find()) {
            if (operator.equals(m.group(2))) {
                return true;
            }
        }
        return false;
    }

    private static String checkOperators(String format) {
        Matcher m = COMMAND.matcher(format);
        while (m.find()) {
            if (m.group().isEmpty()) {
                continue;
            }
            String op = m.group(2);
            if (op == null) {
                return "invalid Envoy format: " + m.group();
            }
            boolean simple = SIMPLE_OPERATORS.contains(op);
            boolean complex = COMPLEX_OPERATORS.contains(op);
            if (!simple && !complex) {
                return "invalid Envoy format: " + m.group() + ", invalid Envoy operator: " + op;
            }
            boolean argsOptional = op.equals("START_TIME");
            if (complex && !argsOptional && m.group(3) == null) {
                return "invalid Envoy format: " + m.group() + ", arguments required for operator: " + op;
            }
            if (complex && op.equals("START_TIME") && m.group(4) != null) {
                return "invalid Envoy format: " + m.group() + ", operator " + op + " cannot have truncation length";
            }
        }
        return null;
    }
}
