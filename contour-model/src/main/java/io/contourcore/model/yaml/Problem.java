package io.contourcore.model.yaml;

import io.contourcore.model.Location;

/**
 * One thing wrong (or worth a warning) in the input: where, which object, and what.
 *
 * <pre>{@code
 * new Problem(new Location("app.yaml", 12, 15), "Ingress default/web",
 *         "spec.rules[0].http.paths[0].backend.service.port.number: expected an integer, got a string \"80\"")
 *     .toString(); // "app.yaml:12:15: Ingress default/web: spec.rules[0]...: expected an integer, got a string \"80\""
 * }</pre>
 *
 * @param location where the problem was written
 * @param object the object as {@code KIND NAMESPACE/NAME}, or empty when the problem is not about one object
 * @param message what is wrong, starting with the field path when there is one
 *
 * <p>Object names and messages carry what the input wrote (names, keys, values, tags), so control characters in
 * them are escaped here, once for every message: a problem is always one line.
 */
public record Problem(Location location, String object, String message) {

    public Problem {
        if (location == null) {
            throw new IllegalArgumentException("location is required");
        }
        object = object == null ? "" : Node.oneLine(object);
        if (message == null || message.isEmpty()) {
            throw new IllegalArgumentException("message is required");
        }
        message = Node.oneLine(message);
    }

    /**
     * {@code s} with control characters escaped ({@code \n}, {@code \r}, {@code \x1b} ...), the escaping every line
     * printed from input text gets, so that no value can forge a line of output.
     *
     * <pre>{@code
     * Problem.oneLine("a\r\nwarning: forged"); // "a\\r\\nwarning: forged"
     * }</pre>
     */
    public static String oneLine(String s) {
        return Node.oneLine(s);
    }

    /** {@code FILE:LINE:COLUMN: KIND NAMESPACE/NAME: message}, without the object part when there is none. */
    @Override
    public String toString() {
        String at = Node.oneLine(location.toString()); // a file name may hold a line break too
        return object.isEmpty() ? at + ": " + message : at + ": " + object + ": " + message;
    }
}
