package io.contourcore.dag.kernel;

import java.util.Optional;

/**
 * A JSON syntax check with the error texts of Go's {@code encoding/json} scanner, for upstream's JWKS validation
 * ({@code validJWKSData}): {@code not valid JSON: invalid character 'n' looking for beginning of object key string}.
 *
 * <pre>{@code
 * GoJson.jwksError("{\"keys\": []}"); // empty
 * }</pre>
 */
public final class GoJson {

    private GoJson() {}

    /** Why {@code data} is not a usable JWKS document, or empty. */
    public static Optional<String> jwksError(String data) {
        String trimmed = data.strip();
        if (trimmed.isEmpty()) {
            return Optional.of("empty JWKS");
        }
        Scanner s = new Scanner(trimmed);
        try {
            char top = s.peekNonSpace();
            s.value();
            s.skipSpace();
            if (!s.atEnd()) {
                throw new SyntaxError("invalid character " + quoteChar(s.peek()) + " after top-level value");
            }
            if (top != '{') {
                return Optional.of("JWKS must be a JSON object");
            }
        } catch (SyntaxError e) {
            return Optional.of("not valid JSON: " + e.getMessage());
        }
        return s.topKeysError;
    }

    private static final class SyntaxError extends RuntimeException {
        SyntaxError(String m) {
            super(m, null, false, false);
        }
    }

    /** Go's {@code quoteChar}. */
    static String quoteChar(int c) {
        if (c == '\'') {
            return "'\\''";
        }
        if (c == '"') {
            return "'\"'";
        }
        String q = io.contourcore.model.GoQuote.q(new String(Character.toChars(c)));
        return "'" + q.substring(1, q.length() - 1) + "'";
    }

    private static final class Scanner {
        private final String in;
        private int pos;
        private int depth;
        Optional<String> topKeysError = Optional.of("JWKS must contain a \"keys\" array");

        Scanner(String in) {
            this.in = in;
        }

        boolean atEnd() {
            return pos >= in.length();
        }

        int peek() {
            return in.codePointAt(pos);
        }

        char peekNonSpace() {
            skipSpace();
            return atEnd() ? 0 : in.charAt(pos);
        }

        void skipSpace() {
            while (!atEnd() && " \t\r\n".indexOf(in.charAt(pos)) >= 0) {
                pos++;
            }
        }

        int next(String context) {
            if (atEnd()) {
                throw new SyntaxError("unexpected end of JSON input");
            }
            int c = in.codePointAt(pos);
            pos += Character.charCount(c);
            return c;
        }

        private SyntaxError bad(int c, String context) {
            return new SyntaxError("invalid character " + quoteChar(c) + " " + context);
        }

        /** Parses one value; returns 'a' for an array, 'o' for an object, 'v' otherwise. */
        char value() {
            skipSpace();
            int c = next("looking for beginning of value");
            switch (c) {
                case '{' -> {
                    object();
                    return 'o';
                }
                case '[' -> {
                    array();
                    return 'a';
                }
                case '"' -> {
                    string();
                    return 'v';
                }
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        number(c);
                    } else {
                        throw bad(c, "looking for beginning of value");
                    }
                }
            }
            return 'v';
        }

        private void literal(String word) {
            for (int i = 1; i < word.length(); i++) {
                int c = next("");
                if (c != word.charAt(i)) {
                    throw bad(c, "in literal " + word + " (expecting " + quoteChar(word.charAt(i)) + ")");
                }
            }
        }

        private void number(int first) {
            int c = first;
            if (c == '-') {
                c = next("");
                if (!(c >= '0' && c <= '9')) {
                    throw bad(c, "in numeric literal");
                }
            }
            if (c != '0') {
                while (!atEnd() && Character.isDigit(in.charAt(pos)) && in.charAt(pos) < 128) {
                    pos++;
                }
            }
            if (!atEnd() && in.charAt(pos) == '.') {
                pos++;
                int d = next("");
                if (!(d >= '0' && d <= '9')) {
                    throw bad(d, "after decimal point in numeric literal");
                }
                while (!atEnd() && in.charAt(pos) >= '0' && in.charAt(pos) <= '9') {
                    pos++;
                }
            }
            if (!atEnd() && (in.charAt(pos) == 'e' || in.charAt(pos) == 'E')) {
                pos++;
                int d = next("");
                if (d == '+' || d == '-') {
                    d = next("");
                }
                if (!(d >= '0' && d <= '9')) {
                    throw bad(d, "in exponent of numeric literal");
                }
                while (!atEnd() && in.charAt(pos) >= '0' && in.charAt(pos) <= '9') {
                    pos++;
                }
            }
        }

        private String string() {
            StringBuilder b = new StringBuilder();
            while (true) {
                int c = next("");
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\') {
                    int e = next("");
                    if ("\"\\/bfnrt".indexOf(e) >= 0) {
                        b.append((char) e);
                        continue;
                    }
                    if (e == 'u') {
                        for (int i = 0; i < 4; i++) {
                            int h = next("");
                            if (Character.digit(h, 16) < 0) {
                                throw bad(h, "in \\u hexadecimal character escape");
                            }
                        }
                        continue;
                    }
                    throw bad(e, "in string escape code");
                }
                if (c < 0x20) {
                    throw bad(c, "in string literal");
                }
                b.appendCodePoint(c);
            }
        }

        private void object() {
            depth++;
            skipSpace();
            int c = next("");
            if (c == '}') {
                depth--;
                return;
            }
            while (true) {
                if (c != '"') {
                    throw bad(c, "looking for beginning of object key string");
                }
                String key = string();
                skipSpace();
                c = next("");
                if (c != ':') {
                    throw bad(c, "after object key");
                }
                char kind = value();
                if (depth == 1 && key.equals("keys")) {
                    topKeysError = kind == 'a' ? Optional.empty() : Optional.of("JWKS \"keys\" must be an array");
                }
                skipSpace();
                c = next("");
                if (c == '}') {
                    depth--;
                    return;
                }
                if (c != ',') {
                    throw bad(c, "after object key:value pair");
                }
                skipSpace();
                c = next("");
            }
        }

        private void array() {
            depth++;
            skipSpace();
            if (!atEnd() && in.charAt(pos) == ']') {
                pos++;
                depth--;
                return;
            }
            while (true) {
                value();
                skipSpace();
                int c = next("");
                if (c == ']') {
                    depth--;
                    return;
                }
                if (c != ',') {
                    throw bad(c, "after array element");
                }
            }
        }
    }
}
