package io.contourcore.xds.simulate;

import java.util.Locale;
import java.util.Objects;

/**
 * One HTTP header as Envoy holds it: the name lower-cased, the value as given.
 *
 * <pre>{@code
 * Header h = Header.parse("X-Debug: 1");   // name "x-debug", value "1"
 * }</pre>
 */
public record Header(String name, String value) {

    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("header name is empty");
        }
        name = name.toLowerCase(Locale.ROOT);
    }

    /** Parses {@code "name: value"} (curl's {@code -H} form); the value is trimmed. */
    public static Header parse(String text) {
        int colon = text.indexOf(':', text.startsWith(":") ? 1 : 0);
        if (colon <= 0) {
            throw new IllegalArgumentException("header must look like 'name: value', got '" + text + "'");
        }
        String name = text.substring(0, colon).trim();
        if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("bad header name in '" + text + "'");
        }
        return new Header(name, text.substring(colon + 1).trim());
    }

    @Override
    public String toString() {
        return name + ": " + value;
    }
}
