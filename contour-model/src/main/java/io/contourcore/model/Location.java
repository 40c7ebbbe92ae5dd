package io.contourcore.model;

/**
 * Where something was written: a file (or {@code -} for standard input), a 1-based line and column.
 *
 * <pre>{@code
 * new Location("app.yaml", 12, 5).toString(); // "app.yaml:12:5"
 * }</pre>
 */
public record Location(String file, int line, int column) {

    public static final Location UNKNOWN = new Location("<unknown>", 0, 0);

    public Location {
        if (file == null || file.isEmpty()) {
            throw new IllegalArgumentException("file must be named");
        }
    }

    /** The location of a whole file, before any line is read. */
    public static Location of(String file) {
        return new Location(file, 1, 1);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
