package io.contourcore.model;

/**
 * Kubernetes' int-or-string, e.g. a Service's {@code targetPort}.
 *
 * <pre>{@code
 * IntOrString.of(8080).isInt(); // true
 * IntOrString.of("http").str(); // "http"
 * }</pre>
 */
public record IntOrString(Integer intValue, String str) {

    public IntOrString {
        if ((intValue == null) == (str == null)) {
            throw new IllegalArgumentException("exactly one of int or string");
        }
    }

    public static IntOrString of(int i) {
        return new IntOrString(i, null);
    }

    public static IntOrString of(String s) {
        return new IntOrString(null, s);
    }

    public boolean isInt() {
        return intValue != null;
    }

    @Override
    public String toString() {
        return isInt() ? intValue.toString() : str;
    }
}
