package io.contourcore.model;

/**
 * A Kubernetes object contour-core reads. Each kind is a record; code that treats kinds differently switches
 * over {@link #kind()}.
 *
 * <pre>{@code
 * for (K8sObject o : resources.all()) {
 *     switch (o.kind()) {
 *         case SERVICE -> handle((Service) o);
 *         default -> { }
 *     }
 * }
 * }</pre>
 */
public interface K8sObject {

    Kind kind();

    ObjectMeta metadata();

    default String namespace() {
        return metadata().namespace();
    }

    default String name() {
        return metadata().name();
    }

    default ObjectRef ref() {
        return new ObjectRef(kind(), metadata().namespace(), metadata().name());
    }
}
