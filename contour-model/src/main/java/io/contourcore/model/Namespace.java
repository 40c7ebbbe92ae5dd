package io.contourcore.model;

/**
 * A {@code v1} Namespace; its labels matter to Gateway API route selection.
 *
 * <pre>{@code
 * new Namespace(ObjectMeta.of("", "team-a"));
 * }</pre>
 */
public record Namespace(ObjectMeta metadata) implements K8sObject {

    public Namespace {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required");
        }
    }

    @Override
    public Kind kind() {
        return Kind.NAMESPACE;
    }
}
