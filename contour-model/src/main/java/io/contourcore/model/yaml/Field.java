package io.contourcore.model.yaml;

import io.contourcore.model.IntOrString;
import io.contourcore.model.Location;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A value at a field path of the object being decoded, possibly absent. Typed accessors check the YAML type and
 * report a problem naming the path when it is wrong, then answer as if the field were absent, so one bad field
 * never hides the others.
 *
 * <pre>{@code
 * Field spec = Field.root(report, node).get("spec");
 * Integer port = spec.get("ports").items().get(0).get("port").port(); // reports "spec.ports[0].port: ..."
 * }</pre>
 */
final class Field {

    private final Report report;
    // The path is spelled out only when a problem names it: decoders look up many absent optional fields, and a
    // regex match plus a concatenation per lookup was a tenth of a large render's CPU.
    private final Field parent;
    private final String key;
    private final int index;
    private String path;
    private final Node node;
    /** The node whose place this field reports: its own, or its nearest written parent's when it is absent. */
    private final Node where;

    private Field(Report report, Field parent, String key, int index, Node node, Node where) {
        this.report = report;
        this.parent = parent;
        this.key = key;
        this.index = index;
        this.path = parent == null ? "" : null;
        this.node = node;
        this.where = where;
    }

    /** The whole object. */
    static Field root(Report report, Node node) {
        return new Field(report, null, null, -1, node, node);
    }

    String path() {
        String p = path;
        if (p == null) {
            String up = parent.path();
            if (key == null) {
                p = up + "[" + index + "]";
            } else if (up.isEmpty()) {
                p = key;
            } else {
                p = simpleKey(key) ? up + "." + key : up + "[" + key + "]";
            }
            path = p;
        }
        return p;
    }

    /** Whether {@code key} matches {@code [A-Za-z0-9_-]+}, so it is written after a dot rather than in brackets. */
    private static boolean simpleKey(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Where the value was written, or where its parent was when it is absent. */
    Location location() {
        return where.location();
    }

    Node node() {
        return node;
    }

    /** Whether a non-null value was written. */
    boolean present() {
        return node != null && !(node instanceof Node.ScalarNode s && s.isNull());
    }

    /** The member {@code key} of this map; absent when this is absent or not a map (which is reported). */
    Field get(String key) {
        if (!present()) {
            return new Field(report, this, key, -1, null, where);
        }
        if (!(node instanceof Node.MapNode m)) {
            typeError("a map");
            return new Field(report, this, key, -1, null, where);
        }
        Node child = m.get(key);
        if (child == null) {
            return new Field(report, this, key, -1, null, where);
        }
        report.touch(child);
        return new Field(report, this, key, -1, child, child);
    }

    /** The items of this list; empty when absent or not a list (which is reported). */
    List<Field> items() {
        if (!present()) {
            return List.of();
        }
        if (!(node instanceof Node.ListNode l)) {
            typeError("a list");
            return List.of();
        }
        List<Field> out = new ArrayList<>(l.items().size());
        for (int i = 0; i < l.items().size(); i++) {
            Node item = l.items().get(i);
            out.add(new Field(report, this, null, i, item, item));
        }
        return out;
    }

    /** The members of this map in written order; empty when absent or not a map (which is reported). */
    Map<String, Field> members() {
        if (!present()) {
            return Map.of();
        }
        if (!(node instanceof Node.MapNode m)) {
            typeError("a map");
            return Map.of();
        }
        Map<String, Field> out = new LinkedHashMap<>();
        for (Node.Entry e : m.entries().values()) {
            report.touch(e.value());
            out.put(e.key(), new Field(report, this, e.key(), -1, e.value(), e.value()));
        }
        return out;
    }

    /** A string, or null when absent or of another type (reported). */
    String string() {
        if (!present()) {
            return null;
        }
        if (node instanceof Node.ScalarNode s && s.type() == Node.ScalarType.STR) {
            return s.text();
        }
        typeError("a string");
        return null;
    }

    /** A string that must be written and non-empty. */
    String requiredString() {
        if (!present()) {
            missing();
            return null;
        }
        String s = string();
        if (s != null && s.isEmpty()) {
            missing();
            return null;
        }
        return s;
    }

    /** A string from {@code allowed}, or null when absent or not allowed (reported). */
    String oneOf(List<String> allowed) {
        String s = string();
        if (s != null && !allowed.contains(s)) {
            error("unsupported value " + Node.quote(s) + ": supported values: "
                    + String.join(", ", allowed.stream().map(Node::quote).toList()));
            return null;
        }
        return s;
    }

    /** A boolean, or null when absent or of another type (reported). */
    Boolean bool() {
        if (!present()) {
            return null;
        }
        if (node instanceof Node.ScalarNode s && s.type() == Node.ScalarType.BOOL) {
            return YamlScalars.bool(s.text());
        }
        typeError("a boolean");
        return null;
    }

    /** A signed 64-bit integer, or null when absent or of another type (reported). */
    Long integer() {
        if (!present()) {
            return null;
        }
        if (node instanceof Node.ScalarNode s && s.type() == Node.ScalarType.INT) {
            BigInteger v = YamlScalars.integer(s.text());
            if (v == null || v.bitLength() > 63) {
                error("integer " + s.text() + " is out of range");
                return null;
            }
            return v.longValue();
        }
        typeError("an integer");
        return null;
    }

    /** An integer in {@code [min, max]}, or null when absent, of another type or out of range (reported). */
    Integer integer(long min, long max) {
        Long v = integer();
        if (v == null) {
            return null;
        }
        if (v < min || v > max) {
            error("must be between " + min + " and " + max + ", got " + v);
            return null;
        }
        return v.intValue();
    }

    /** A port number 1-65535, or null when absent or invalid (reported). */
    Integer port() {
        return integer(1, 65535);
    }

    /** A port number that must be written. */
    Integer requiredPort() {
        if (!present()) {
            missing();
            return null;
        }
        return port();
    }

    /** Kubernetes' int-or-string: an integer written bare, a string quoted; null when absent or invalid. */
    IntOrString intOrString(long min, long max) {
        if (!present()) {
            return null;
        }
        if (node instanceof Node.ScalarNode s && s.type() == Node.ScalarType.STR) {
            return IntOrString.of(s.text());
        }
        if (node instanceof Node.ScalarNode s && s.type() == Node.ScalarType.INT) {
            Integer v = integer(min, max);
            return v == null ? null : IntOrString.of(v);
        }
        typeError("an integer or a string");
        return null;
    }

    /** A map of strings to strings (labels, annotations, headers); non-string values are reported and left out. */
    Map<String, String> stringMap() {
        Map<String, String> out = new LinkedHashMap<>();
        members().forEach((k, f) -> {
            if (!f.present()) {
                // Kubernetes reads a null value as the empty string.
                out.put(k, "");
            } else {
                String v = f.string();
                if (v != null) {
                    out.put(k, v);
                }
            }
        });
        return out;
    }

    /** A list of strings; wrong items are reported and left out. */
    List<String> stringList() {
        List<String> out = new ArrayList<>();
        for (Field f : items()) {
            String s = f.string();
            if (s != null) {
                out.add(s);
            } else if (!f.present()) {
                f.error("expected a string, got null");
            }
        }
        return out;
    }

    private static final Pattern PATH_STEP = Pattern.compile("([A-Za-z0-9_-]+)|\\[(\\d+)\\]|\\.");

    /**
     * Reports a {@code path: message} line (as {@code HTTPProxy.schemaViolations()} gives them) where the value at
     * {@code path} below this field was written, or at its nearest written parent.
     */
    void errorAtPath(String line) {
        int colon = line.indexOf(": ");
        String path = colon < 0 ? "" : line.substring(0, colon);
        Node at = node;
        Location loc = where.location();
        java.util.regex.Matcher m = PATH_STEP.matcher(path);
        while (at != null && m.find()) {
            Node next = null;
            if (m.group(1) != null && at instanceof Node.MapNode map) {
                next = map.get(m.group(1));
            } else if (m.group(2) != null && at instanceof Node.ListNode list) {
                int i = Integer.parseInt(m.group(2));
                next = i < list.items().size() ? list.items().get(i) : null;
            } else if (m.group(1) == null && m.group(2) == null) {
                continue;
            }
            if (next == null) {
                break;
            }
            at = next;
            loc = next.location();
        }
        report.error(loc, line);
    }

    /** This field holding {@code replacement} instead, e.g. the value with the API server's defaults filled in. */
    Field with(Node replacement) {
        return new Field(report, parent, key, index, replacement, replacement == null ? where : replacement);
    }

    /** The report this field's problems go to, for readers that build a tree of their own from it. */
    Report report() {
        return report;
    }

    /** How many errors the load has reported so far: a decoder compares it before and after a check. */
    int errorsSoFar() {
        return report.errorCount();
    }

    /** Reports {@code line} (a field path and a message) at {@code at}, for checks that walk the tree themselves. */
    void errorAt(Location at, String line) {
        report.error(at, line);
    }

    /** Warns that the object this field belongs to is skipped (see {@link Report#skip}). */
    void skip(String message) {
        report.skip(where.location(), message);
    }

    /** Warns {@code message} about this field: worth telling, but the input is not bad. */
    void warn(String message) {
        report.warn(where.location(), message);
    }

    /** Reports a field the kind's API schema does not have (see {@link Report#unknownField}). */
    void unknownField(Location at, String path, String key, java.util.Collection<String> known) {
        report.unknownField(at, path, key, known);
    }

    /** Reports {@code message} about this field. */
    void error(String message) {
        String p = path();
        report.error(where.location(), p.isEmpty() ? message : p + ": " + message);
    }

    /** Reports that this required field is missing (or empty). */
    void missing() {
        error("missing required field");
    }

    private void typeError(String expected) {
        String got = node.describe();
        String hint = expected.equals("a string") && node instanceof Node.ScalarNode ? "; quote it" : "";
        error("expected " + expected + ", got " + got + hint);
    }
}
