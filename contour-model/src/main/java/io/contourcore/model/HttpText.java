package io.contourcore.model;

import java.util.Optional;

/**
 * The one rule for text that a source object hands to Envoy as an HTTP header name, a header value or a path:
 * Envoy checks every such field against its {@code HTTP_HEADER_NAME}/{@code HTTP_HEADER_VALUE} rules and refuses the
 * whole resource (a NACK that also blocks every later change) when one holds a line break or a NUL. Neither the API
 * server nor upstream looks, so the loader refuses the object instead, naming the field.
 *
 * <pre>{@code
 * HttpText.violation("ok\r\nSet-Cookie: x", HttpText.Use.HEADER_VALUE);
 * // Optional["header values cannot contain line breaks or NUL characters (Envoy refuses them)"]
 * }</pre>
 */
public final class HttpText {

    private HttpText() {}

    /** What the text becomes in Envoy's configuration; names the thing in the message. */
    public enum Use {
        HEADER_NAME("header names"),
        HEADER_VALUE("header values"),
        PATH("paths");

        private final String plural;

        Use(String plural) {
            this.plural = plural;
        }
    }

    /** Why Envoy would refuse {@code text} used as {@code use}, or empty when it would not. */
    public static Optional<String> violation(String text, Use use) {
        if (text == null) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\0') {
                return Optional.of(use.plural + " cannot contain line breaks or NUL characters (Envoy refuses them)");
            }
        }
        return Optional.empty();
    }
}
