package io.contourcore.model.yaml;

import io.contourcore.model.Location;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects problems while reading, naming the object being decoded so every message carries it.
 *
 * <pre>{@code
 * Report r = new Report();
 * r.object("Ingress default/web");
 * r.error(loc, "spec.rules[0].host: expected a string, got an integer; quote it");
 * }</pre>
 */
final class Report {

    final List<Problem> errors = new ArrayList<>();
    final List<Problem> warnings = new ArrayList<>();
    /** Objects of our kinds read past without being loaded (each told about in {@link #warnings}). */
    int skipped;
    private final java.util.Set<Problem> seen = new java.util.HashSet<>();
    private String object = "";
    /** What a field unknown to the API's schema does (kubectl's {@code --validate}). */
    Validation validation = Validation.STRICT;
    /** The value nodes the decoder of the current object read, when it is tracked; see {@link ApiFields#check}. */
    java.util.Set<Node> touched;

    /** Names the object that later problems are about ({@code ""} for none). */
    void object(String name) {
        object = name == null ? "" : name;
    }

    /** The object later problems are about. */
    String object() {
        return object;
    }

    /** Takes another report's problems after this one's, as if they had been reported here. */
    void absorb(Report other) {
        for (Problem p : other.errors) {
            if (seen.add(p)) {
                errors.add(p);
            }
        }
        warnings.addAll(other.warnings);
        skipped += other.skipped;
    }

    void error(Location at, String message) {
        Problem p = new Problem(at, object, message);
        // A field read twice (say, once to check it and once to use it) reports its problem once.
        if (seen.add(p)) {
            errors.add(p);
        }
    }

    void warn(Location at, String message) {
        warnings.add(new Problem(at, object, message));
    }

    /** Warns that the object being read is one of ours but is skipped, which {@code --strict} must not let pass. */
    void skip(Location at, String message) {
        warn(at, message);
        skipped++;
    }

    /**
     * A field the kind's API schema does not have, at its key: bad input under {@link Validation#STRICT}, a counted
     * warning under {@link Validation#WARN}, nothing under {@link Validation#IGNORE}.
     */
    void unknownField(Location at, String path, String key, java.util.Collection<String> known) {
        String message = path + ": " + ApiFields.unknownMessage(key, known);
        switch (validation) {
            case STRICT -> error(at, message);
            case WARN -> skip(at, message);
            case IGNORE -> { }
        }
    }

    /** Notes that the decoder read {@code value}, when reads are tracked. */
    void touch(Node value) {
        java.util.Set<Node> t = touched;
        if (t != null) {
            t.add(value);
        }
    }

    int errorCount() {
        return errors.size();
    }
}
