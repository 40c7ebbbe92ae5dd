package io.contourcore.model.yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small reader for the JSON data files this package ships (the API field trees): objects as ordered maps, arrays as
 * lists, strings, booleans, null, and numbers as their text. The files are ours and well formed; anything else is
 * an {@link IllegalArgumentException}.
 *
 * <pre>{@code
 * Map<?, ?> tree = (Map<?, ?>) FieldsJson.parse("{\"a\": [true, \"x\"]}");
 * }</pre>
 */
final class FieldsJson {

    private final String text;
    private int at;

    private FieldsJson(String text) {
        this.text = text;
    }

    static Object parse(String text) {
        FieldsJson r = new FieldsJson(text);
        Object v = r.value();
        r.space();
        if (r.at != text.length()) {
            throw r.error("text after the value");
        }
        return v;
    }

    /** The elements of an array, or none for anything else (as Jackson's {@code path} iterates a missing node). */
    static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    /** A string's text, {@code ""} for anything but a string or number (Jackson's {@code asText} of a missing node). */
    static String text(Object o) {
        return o instanceof String s ? s : "";
    }

    /** Whether the value is {@code true} ({@code asBoolean(false)} of a boolean node; absent is false). */
    static boolean isTrue(Object o) {
        return Boolean.TRUE.equals(o);
    }

    private Object value() {
        space();
        if (at >= text.length()) {
            throw error("end of text where a value belongs");
        }
        char c = text.charAt(at);
        switch (c) {
            case '{' -> {
                at++;
                Map<String, Object> m = new LinkedHashMap<>();
                space();
                if (peek('}')) {
                    return m;
                }
                do {
                    space();
                    if (at >= text.length() || text.charAt(at) != '"') {
                        throw error("a key must be a string");
                    }
                    String key = string();
                    space();
                    expect(':');
                    m.put(key, value());
                    space();
                } while (peek(','));
                expect('}');
                return m;
            }
            case '[' -> {
                at++;
                List<Object> l = new ArrayList<>();
                space();
                if (peek(']')) {
                    return l;
                }
                do {
                    l.add(value());
                    space();
                } while (peek(','));
                expect(']');
                return l;
            }
            case '"' -> {
                return string();
            }
            default -> {
                int start = at;
                while (at < text.length() && "{}[],: \t\r\n".indexOf(text.charAt(at)) < 0) {
                    at++;
                }
                String word = text.substring(start, at);
                return switch (word) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    case "null" -> null;
                    default -> {
                        if (word.isEmpty() || !(word.charAt(0) == '-' || Character.isDigit(word.charAt(0)))) {
                            throw error("not a JSON value: " + word);
                        }
                        yield word;
                    }
                };
            }
        }
    }

    private String string() {
        at++; // the opening quote
        StringBuilder sb = null;
        int start = at;
        while (true) {
            if (at >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(at);
            if (c == '"') {
                String s = sb == null ? text.substring(start, at) : sb.append(text, start, at).toString();
                at++;
                return s;
            }
            if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(text, start, at);
                char e = text.charAt(at + 1);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(text.substring(at + 2, at + 6), 16));
                        at += 4;
                    }
                    default -> throw error("bad escape \\" + e);
                }
                at += 2;
                start = at;
                continue;
            }
            at++;
        }
    }

    private void space() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private boolean peek(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String why) {
        return new IllegalArgumentException("JSON at offset " + at + ": " + why);
    }
}
