package io.contourcore.dag.status;

import io.contourcore.model.ObjectRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects conditions while one DAG is built, with upstream's rules: the {@code Valid} condition starts True with
 * "Valid HTTPProxy" (or "Valid Ingress"); the first error turns it False with reason {@code ErrorPresent}; an error of
 * type {@code Orphaned} makes the object orphaned. Not thread-safe: one recorder per build.
 *
 * <pre>{@code
 * StatusRecorder rec = new StatusRecorder();
 * rec.forObject(proxy.ref(), "Valid HTTPProxy").vhost("www.example.com")
 *    .addError("ServiceError", "ServiceUnresolvedReference", "...");
 * StatusSet statuses = rec.freeze();
 * }</pre>
 */
public final class StatusRecorder {

    public static final String VALID_CONDITION = "Valid";
    public static final String ERROR_PRESENT_REASON = "ErrorPresent";
    public static final String ERROR_PRESENT_MESSAGE = "At least one error present, see Errors for details";
    public static final String ORPHANED_TYPE = "Orphaned";
    private static final int MAX_MESSAGE = 32760;

    private final Map<ObjectRef, Entry> entries = new LinkedHashMap<>();

    /** The status being built for {@code ref}, created on first use with the given valid-message. */
    public Entry forObject(ObjectRef ref, String validMessage) {
        return entries.computeIfAbsent(ref, r -> new Entry(r, validMessage));
    }

    /** Whether anything was recorded for {@code ref}. */
    public boolean has(ObjectRef ref) {
        return entries.containsKey(ref);
    }

    /** The statuses recorded, in ObjectRef order. */
    public StatusSet freeze() {
        Map<ObjectRef, ObjectStatus> out = new TreeMap<>();
        for (Entry e : entries.values()) {
            out.put(e.ref, e.toStatus());
        }
        return new StatusSet(out);
    }

    /** One object's conditions under construction. */
    public static final class Entry {
        private final ObjectRef ref;
        private final String validMessage;
        private final List<SubCondition> errors = new ArrayList<>();
        private final List<SubCondition> warnings = new ArrayList<>();
        private String fqdn = "";
        private String tlsSecret = "";
        private String ignoredReason;

        private Entry(ObjectRef ref, String validMessage) {
            this.ref = ref;
            this.validMessage = validMessage;
        }

        public Entry vhost(String f) {
            this.fqdn = f == null ? "" : f;
            return this;
        }

        public Entry tlsSecret(String s) {
            this.tlsSecret = s == null ? "" : s;
            return this;
        }

        /** Marks the object as not ours (e.g. another ingress class); it is listed but never fails a check. */
        public Entry ignored(String reason) {
            this.ignoredReason = reason;
            return this;
        }

        public Entry addError(String type, String reason, String message) {
            errors.add(new SubCondition(type, reason, truncate(message)));
            return this;
        }

        public Entry addWarning(String type, String reason, String message) {
            warnings.add(new SubCondition(type, reason, truncate(message)));
            return this;
        }

        public boolean hasErrors() {
            return !errors.isEmpty();
        }

        private ObjectStatus toStatus() {
            Condition valid;
            String current;
            String description;
            if (ignoredReason != null && errors.isEmpty()) {
                valid = new Condition(VALID_CONDITION, "Unknown", "NotReconciled", ignoredReason, List.of(), warnings);
                return new ObjectStatus(ref, ObjectStatus.IGNORED, ignoredReason, fqdn, tlsSecret, List.of(valid));
            }
            if (errors.isEmpty()) {
                valid = new Condition(VALID_CONDITION, "True", "Valid", validMessage, List.of(), warnings);
                current = ObjectStatus.VALID;
                description = validMessage;
            } else {
                valid = new Condition(VALID_CONDITION, "False", ERROR_PRESENT_REASON, ERROR_PRESENT_MESSAGE, errors, warnings);
                SubCondition orphan = errors.stream().filter(s -> s.type().equals(ORPHANED_TYPE)).findFirst().orElse(null);
                if (orphan != null) {
                    current = ObjectStatus.ORPHANED;
                    description = orphan.message();
                } else {
                    current = ObjectStatus.INVALID;
                    description = ERROR_PRESENT_MESSAGE;
                }
            }
            return new ObjectStatus(ref, current, description, fqdn, tlsSecret, List.of(valid));
        }

        private static String truncate(String m) {
            return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) : m;
        }
    }
}
