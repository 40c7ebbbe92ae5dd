package io.contourcore.model.yaml;

import io.contourcore.model.Endpoints;
import io.contourcore.model.K8sObject;
import io.contourcore.model.ObjectMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code v1} Endpoints: {@code subsets[].addresses}, {@code notReadyAddresses} and {@code ports}.
 *
 * <pre>{@code
 * Endpoints e = (Endpoints) EndpointsDecoder.INSTANCE.decode(metadata, object);
 * }</pre>
 */
final class EndpointsDecoder implements ObjectDecoder {

    static final EndpointsDecoder INSTANCE = new EndpointsDecoder();

    @Override
    public K8sObject decode(ObjectMeta metadata, Field object) {
        List<Endpoints.Subset> subsets = new ArrayList<>();
        for (Field s : object.get("subsets").items()) {
            List<Endpoints.Address> ready = addresses(s.get("addresses"));
            List<Endpoints.Address> notReady = addresses(s.get("notReadyAddresses"));
            List<Endpoints.Port> ports = new ArrayList<>();
            for (Field p : s.get("ports").items()) {
                String name = p.get("name").string();
                Integer port = p.get("port").requiredPort();
                String protocol = p.get("protocol").oneOf(ServiceDecoder.PROTOCOLS);
                if (port != null) {
                    ports.add(new Endpoints.Port(name, port, protocol));
                }
            }
            subsets.add(new Endpoints.Subset(ready, notReady, ports));
        }
        return new Endpoints(metadata, subsets);
    }

    private static List<Endpoints.Address> addresses(Field list) {
        List<Endpoints.Address> out = new ArrayList<>();
        for (Field a : list.items()) {
            Field ipField = a.get("ip");
            String ip = ipField.requiredString();
            if (ip == null) {
                continue;
            }
            if (!Names.isIPv4(ip) && !Names.isIPv6(ip)) {
                ipField.error("invalid value " + Node.quote(ip) + ": must be a valid IP address");
                continue;
            }
            String why = Names.endpointIpError(ip);
            if (why != null) {
                ipField.error("invalid value " + Node.quote(ip) + ": " + why);
                continue;
            }
            out.add(new Endpoints.Address(ip));
        }
        return out;
    }
}
