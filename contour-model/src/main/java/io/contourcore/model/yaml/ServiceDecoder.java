package io.contourcore.model.yaml;

import io.contourcore.model.IntOrString;
import io.contourcore.model.K8sObject;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.Service;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code v1} Service: {@code spec.type}, {@code spec.externalName} and {@code spec.ports}.
 *
 * <pre>{@code
 * Service s = (Service) ServiceDecoder.INSTANCE.decode(metadata, object);
 * }</pre>
 */
final class ServiceDecoder implements ObjectDecoder {

    static final ServiceDecoder INSTANCE = new ServiceDecoder();

    static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
    static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");

    @Override
    public K8sObject decode(ObjectMeta metadata, Field object) {
        Field spec = object.get("spec");
        String type = spec.get("type").oneOf(TYPES);
        Field externalNameField = spec.get("externalName");
        String externalName = externalNameField.string();
        if ("ExternalName".equals(type)) {
            if (externalName == null || externalName.isEmpty()) {
                externalNameField.error("missing required field for an ExternalName Service");
            } else {
                String why = Names.dns1123Subdomain(externalName.endsWith(".")
                        ? externalName.substring(0, externalName.length() - 1) : externalName);
                if (why != null) {
                    externalNameField.error("invalid value " + Node.quote(externalName) + ": " + why);
                }
            }
        }
        List<Field> items = spec.get("ports").items();
        List<Service.Port> ports = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (Field p : items) {
            Field nameField = p.get("name");
            String name = nameField.string();
            if (items.size() > 1) {
                if (!nameField.present() || "".equals(name)) {
                    nameField.error("missing required field: every port needs a name when a Service has more than one");
                } else if (name != null && names.putIfAbsent(name, p.path()) != null) {
                    nameField.error("duplicate value " + Node.quote(name) + " (also the name of " + names.get(name) + ")");
                }
            }
            String protocol = p.get("protocol").oneOf(PROTOCOLS);
            Integer port = p.get("port").requiredPort();
            Field targetField = p.get("targetPort");
            IntOrString target = targetField.intOrString(0, 65535);
            // Kubernetes defaults an unset, 0 or "" targetPort to the port itself.
            if (target != null && (target.isInt() ? target.intValue() == 0 : target.str().isEmpty())) {
                target = null;
            }
            if (target != null && !target.isInt()) {
                String why = Names.ianaServiceName(target.str());
                if (why != null) {
                    targetField.error("invalid value " + Node.quote(target.str()) + ": " + why);
                }
            }
            if (name != null && !name.isEmpty()) {
                String why = Names.dns1123Label(name);
                if (why != null) {
                    nameField.error("invalid value " + Node.quote(name) + ": " + why);
                }
            }
            String appProtocol = p.get("appProtocol").string();
            if (port != null) {
                ports.add(new Service.Port(name, protocol, port, target, appProtocol));
            }
        }
        return new Service(metadata, type, externalName, ports);
    }
}
