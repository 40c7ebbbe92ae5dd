package io.contourcore.dag.status;

import io.contourcore.model.ObjectRef;
import java.util.List;

/**
 * The status of one object after a build: upstream's {@code currentStatus} ({@code valid}, {@code invalid},
 * {@code orphaned}; {@code ignored} for Ingresses of another class, which upstream does not report), its
 * description, and its conditions. {@code fqdn} and {@code tlsSecret} feed the table view of {@code contour status}.
 *
 * <pre>{@code
 * ObjectStatus s = result.status().get(proxy.ref()).orElseThrow();
 * s.currentStatus(); // "valid"
 * }</pre>
 */
public record ObjectStatus(ObjectRef ref, String currentStatus, String description, String fqdn, String tlsSecret,
        List<Condition> conditions) implements Status {

    public static final String VALID = "valid";
    public static final String INVALID = "invalid";
    public static final String ORPHANED = "orphaned";
    public static final String IGNORED = "ignored";

    public ObjectStatus {
        if (ref == null || currentStatus == null) {
            throw new IllegalArgumentException("ref and currentStatus are required");
        }
        if (Shape.of(ref.kind()) != Shape.OBJECT) {
            throw new IllegalArgumentException(ref.kind().kindName() + " has its own status shape, not ObjectStatus");
        }
        description = description == null ? "" : description;
        fqdn = fqdn == null ? "" : fqdn;
        tlsSecret = tlsSecret == null ? "" : tlsSecret;
        conditions = List.copyOf(conditions);
    }

    /** Whether the object is invalid or orphaned (what {@code --strict} and {@code contour status} fail on). */
    @Override
    public boolean isProblem() {
        return currentStatus.equals(INVALID) || currentStatus.equals(ORPHANED);
    }
}
