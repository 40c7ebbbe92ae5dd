package io.contourcore.dag.kernel;

/**
 * The outcome of looking something up while building: a value, or an error message saying why not. Semantic
 * problems are values, not exceptions, so processors turn them into status conditions.
 *
 * <pre>{@code
 * Lookup<Dag.Service> s = ctx.ensureService("default", "kuard", IntOrString.of(80), 0);
 * if (!s.ok()) status.addError("ServiceError", "ServiceUnresolvedReference", s.error());
 * }</pre>
 */
public record Lookup<T>(T value, String error, boolean delegationNotPermitted) {

    public static <T> Lookup<T> of(T value) {
        if (value == null) {
            throw new IllegalArgumentException("value is required");
        }
        return new Lookup<>(value, null, false);
    }

    public static <T> Lookup<T> fail(String error) {
        return new Lookup<>(null, error, false);
    }

    /** Upstream's DelegationNotPermittedError: the object exists but this namespace may not use it. */
    public static <T> Lookup<T> notDelegated() {
        return new Lookup<>(null, "certificate delegation not permitted", true);
    }

    public boolean ok() {
        return value != null;
    }
}
