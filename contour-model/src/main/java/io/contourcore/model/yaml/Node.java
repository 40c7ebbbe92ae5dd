package io.contourcore.model.yaml;

import io.contourcore.model.Location;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of the small located tree that both the YAML and the JSON readers build, so decoders never see which
 * syntax an object was written in.
 *
 * <pre>{@code
 * Node n = YamlTree.read("a.yaml", "port: 80\n", Limits.DEFAULT, problems).get(0);
 * ((Node.MapNode) n).get("port"); // ScalarNode[a.yaml:1:7, INT, "80"]
 * }</pre>
 */
sealed interface Node permits Node.MapNode, Node.ListNode, Node.ScalarNode {

    Location location();

    /** What a node holds, in the words a problem message uses ("got a boolean"). */
    String describe();

    /** The YAML core types a scalar resolves to; timestamps and other implicit YAML 1.1 types count as strings. */
    enum ScalarType { STR, INT, FLOAT, BOOL, NULL }

    /** A mapping key with where it was written, and its value. */
    record Entry(String key, Location keyLocation, Node value) {}

    record MapNode(Location location, Map<String, Entry> entries) implements Node {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        /** The value under {@code key}, or null. */
        Node get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        @Override
        public String describe() {
            return "a map";
        }
    }

    record ListNode(Location location, List<Node> items) implements Node {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    record ScalarNode(Location location, ScalarType type, String text) implements Node {
        @Override
        public String describe() {
            return switch (type) {
                case STR -> "a string " + quote(text);
                case INT -> "an integer";
                case FLOAT -> "a number";
                case BOOL -> "a boolean";
                case NULL -> "null";
            };
        }

        boolean isNull() {
            return type == ScalarType.NULL;
        }
    }

    /** A Go-style quoted string, shortened so a huge value cannot flood a message. */
    static String quote(String s) {
        String t = s.length() > 60 ? s.substring(0, 57) + "..." : s;
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> escape(b, c);
            }
        }
        return b.append('"').toString();
    }

    /**
     * {@code s} with every character that could end a line or drive a terminal (C0 and C1 controls, DEL, the
     * Unicode line and paragraph separators) written as quote writes it: what keeps every problem on one line of
     * stderr whatever the input holds. Text without such characters is returned as it is.
     */
    static String oneLine(String s) {
        int i = 0;
        while (i < s.length() && !control(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            escape(b, s.charAt(i));
        }
        return b.toString();
    }

    private static boolean control(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029';
    }

    private static void escape(StringBuilder b, char c) {
        switch (c) {
            case '\n' -> b.append("\\n");
            case '\t' -> b.append("\\t");
            case '\r' -> b.append("\\r");
            default -> {
                if (!control(c)) {
                    b.append(c);
                } else if (c <= 0xff) {
                    b.append(String.format("\\x%02x", (int) c));
                } else {
                    b.append(String.format("\\u%04x", (int) c));
                }
            }
        }
    }
}
