package io.contourcore.model;

/**
 * Go's {@code %q} for the strings upstream puts in its messages, so our status texts equal upstream's.
 *
 * <pre>{@code
 * GoQuote.q("default/kuard"); // "\"default/kuard\""
 * }</pre>
 */
public final class GoQuote {

    private GoQuote() {}

    public static String q(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
