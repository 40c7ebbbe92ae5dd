package io.contourcore.model.yaml;

import io.contourcore.model.EndpointSlice;
import io.contourcore.model.K8sObject;
import io.contourcore.model.ObjectMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code discovery.k8s.io/v1} EndpointSlice: {@code addressType}, {@code endpoints[]} with addresses and conditions,
 * and {@code ports[]}. The owning Service comes from the {@code kubernetes.io/service-name} label.
 *
 * <pre>{@code
 * EndpointSlice s = (EndpointSlice) EndpointSliceDecoder.INSTANCE.decode(metadata, object);
 * }</pre>
 */
final class EndpointSliceDecoder implements ObjectDecoder {

    static final EndpointSliceDecoder INSTANCE = new EndpointSliceDecoder();

    static final List<String> ADDRESS_TYPES = List.of("FQDN", "IPv4", "IPv6");

    @Override
    public K8sObject decode(ObjectMeta metadata, Field object) {
        Field typeField = object.get("addressType");
        String addressType = null;
        if (!typeField.present()) {
            typeField.missing();
        } else {
            addressType = typeField.oneOf(ADDRESS_TYPES);
        }
        List<EndpointSlice.Endpoint> endpoints = new ArrayList<>();
        for (Field e : object.get("endpoints").items()) {
            Field addressesField = e.get("addresses");
            List<String> addresses = addressesField.stringList();
            if (!addressesField.present() || addressesField.items().isEmpty() && addressesField.node() instanceof Node.ListNode) {
                addressesField.error("missing required field: an endpoint needs at least one address");
            }
            List<Field> items = addressesField.items();
            for (int i = 0; i < items.size(); i++) {
                String a = items.get(i).string();
                if (a == null) {
                    continue;
                }
                boolean ok = switch (addressType == null ? "" : addressType) {
                    case "IPv4" -> Names.isIPv4(a);
                    case "IPv6" -> Names.isIPv6(a);
                    default -> true;
                };
                if (!ok) {
                    items.get(i).error("invalid value " + Node.quote(a) + ": must be a valid " + addressType + " address");
                } else if ("IPv4".equals(addressType) || "IPv6".equals(addressType)) {
                    String why = Names.endpointIpError(a);
                    if (why != null) {
                        items.get(i).error("invalid value " + Node.quote(a) + ": " + why);
                    }
                }
            }
            Field c = e.get("conditions");
            EndpointSlice.Conditions conditions = new EndpointSlice.Conditions(
                    c.get("ready").bool(), c.get("serving").bool(), c.get("terminating").bool());
            endpoints.add(new EndpointSlice.Endpoint(addresses, conditions));
        }
        List<EndpointSlice.Port> ports = new ArrayList<>();
        for (Field p : object.get("ports").items()) {
            String name = p.get("name").string();
            Integer port = p.get("port").port();
            String protocol = p.get("protocol").oneOf(ServiceDecoder.PROTOCOLS);
            ports.add(new EndpointSlice.Port(name, port, protocol));
        }
        return new EndpointSlice(metadata, addressType, endpoints, ports);
    }
}
