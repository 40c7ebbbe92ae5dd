package io.contourcore.model.yaml;

import io.contourcore.model.HTTPProxy;
import io.contourcore.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * Readers for the blocks HTTPProxy and ExtensionService share, with the checks the CRDs' OpenAPI schemas make at
 * admission (required fields, minimum lengths, ranges, enums, patterns) reported at the field's path.
 *
 * <pre>{@code
 * HTTPProxy.TimeoutPolicy t = CrdFields.timeoutPolicy(spec.get("timeoutPolicy"));
 * }</pre>
 */
final class CrdFields {

    private CrdFields() {}

    static final String DURATION = "((\\d*(\\.\\d*)?h)|(\\d*(\\.\\d*)?m)|(\\d*(\\.\\d*)?s)|(\\d*(\\.\\d*)?ms)"
            + "|(\\d*(\\.\\d*)?us)|(\\d*(\\.\\d*)?µs)|(\\d*(\\.\\d*)?ns))+";
    static final Pattern DURATION_ONLY = Pattern.compile("^(" + DURATION + ")$");
    static final Pattern TIMEOUT = Pattern.compile("^(" + DURATION + "|infinity|infinite)$");

    /** A string or empty when absent (type problems reported). */
    static String str(Field f) {
        String s = f.string();
        return s == null ? "" : s;
    }

    /** A boolean, false when absent. */
    static boolean flag(Field f) {
        return Boolean.TRUE.equals(f.bool());
    }

    /** An integer, {@code absent} when not written, checked against {@code [min, max]}. */
    static long num(Field f, long absent, long min, long max) {
        Long v = f.integer();
        if (v == null) {
            return absent;
        }
        if (v < min) {
            f.error("should be greater than or equal to " + min + ", got " + v);
            return absent;
        }
        if (v > max) {
            f.error("should be less than or equal to " + max + ", got " + v);
            return absent;
        }
        return v;
    }

    static long int32(Field f) {
        return num(f, 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    static long int64(Field f) {
        return num(f, 0, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** A string that must be written with at least one character ({@code minLength: 1} and {@code required}). */
    static String required(Field f) {
        String s = f.requiredString();
        return s == null ? "" : s;
    }

    /** A string that, when written, must have at least one character ({@code minLength: 1}). */
    static String nonEmpty(Field f) {
        String s = f.string();
        if (s != null && s.isEmpty()) {
            f.error("should be at least 1 chars long");
        }
        return s == null ? "" : s;
    }

    static String maxLength(Field f, String s, int max) {
        if (s.length() > max) {
            f.error("may not be more than " + max + " bytes long");
        }
        return s;
    }

    /** A string matching {@code pattern} when written; empty when absent. */
    static String matching(Field f, Pattern pattern) {
        String s = f.string();
        if (s != null && !pattern.matcher(s).matches()) {
            f.error("invalid value " + Node.quote(s) + ": should match '" + pattern.pattern() + "'");
        }
        return s == null ? "" : s;
    }

    /** A string from {@code allowed} when written; empty when absent. */
    static String oneOf(Field f, String... allowed) {
        String s = f.oneOf(List.of(allowed));
        return s == null ? "" : s;
    }

    /** A block that the schema requires when its parent is written. */
    static void requirePresent(Field f) {
        if (!f.present()) {
            f.missing();
        }
    }

    /** A list with at least one item when written ({@code minItems: 1}). */
    static List<Field> nonEmptyItems(Field f) {
        List<Field> items = f.items();
        if (f.present() && f.node() instanceof Node.ListNode && items.isEmpty()) {
            f.error("should have at least 1 items");
        }
        return items;
    }

    static List<String> strings(Field f) {
        return f.stringList();
    }

    static HTTPProxy.UpstreamValidation upstreamValidation(Field f) {
        if (!f.present()) {
            return null;
        }
        String ca = maxLength(f.get("caSecret"), required(f.get("caSecret")), 317);
        String subject = maxLength(f.get("subjectName"), required(f.get("subjectName")), 250);
        Field namesField = f.get("subjectNames");
        List<String> names = namesField.stringList();
        if (namesField.present()) {
            if (names.isEmpty()) {
                namesField.error("should have at least 1 items");
            } else if (names.size() > 8) {
                namesField.error("must have at most 8 items");
            } else if (!names.get(0).equals(subject)) {
                f.error("subjectNames[0] must equal subjectName if set");
            }
        }
        return new HTTPProxy.UpstreamValidation(ca, subject, names);
    }

    static HTTPProxy.TimeoutPolicy timeoutPolicy(Field f) {
        if (!f.present()) {
            return null;
        }
        // The patterns themselves are HTTPProxy.schemaViolations()' job for proxies; ExtensionService checks here.
        return new HTTPProxy.TimeoutPolicy(str(f.get("response")), str(f.get("idle")), str(f.get("idleConnection")));
    }

    static HTTPProxy.LoadBalancerPolicy loadBalancerPolicy(Field f) {
        if (!f.present()) {
            return null;
        }
        List<HTTPProxy.RequestHashPolicy> hashes = new ArrayList<>();
        for (Field h : f.get("requestHashPolicies").items()) {
            Field header = h.get("headerHashOptions");
            Field query = h.get("queryParameterHashOptions");
            hashes.add(new HTTPProxy.RequestHashPolicy(flag(h.get("terminal")),
                    header.present() ? new HTTPProxy.HeaderHashOptions(required(header.get("headerName"))) : null,
                    query.present() ? new HTTPProxy.QueryParameterHashOptions(required(query.get("parameterName"))) : null,
                    flag(h.get("hashSourceIP"))));
        }
        return new HTTPProxy.LoadBalancerPolicy(str(f.get("strategy")), hashes);
    }
}
