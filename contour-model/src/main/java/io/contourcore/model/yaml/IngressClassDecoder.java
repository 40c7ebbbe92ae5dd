package io.contourcore.model.yaml;

import io.contourcore.model.IngressClass;
import io.contourcore.model.K8sObject;
import io.contourcore.model.ObjectMeta;

/**
 * {@code networking.k8s.io/v1} IngressClass: {@code spec.controller} (required) and the default-class annotation.
 *
 * <pre>{@code
 * IngressClass c = (IngressClass) IngressClassDecoder.INSTANCE.decode(metadata, object);
 * }</pre>
 */
final class IngressClassDecoder implements ObjectDecoder {

    static final IngressClassDecoder INSTANCE = new IngressClassDecoder();

    @Override
    public K8sObject decode(ObjectMeta metadata, Field object) {
        Field controllerField = object.get("spec").get("controller");
        String controller = controllerField.requiredString();
        if (controller != null && controller.length() > 250) {
            controllerField.error("must be no more than 250 characters");
        }
        boolean isDefault = "true".equals(metadata.annotation(IngressClass.DEFAULT_CLASS_ANNOTATION));
        return new IngressClass(metadata, controller, isDefault);
    }
}
