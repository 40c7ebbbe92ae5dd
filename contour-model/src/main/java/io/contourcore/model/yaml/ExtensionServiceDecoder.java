package io.contourcore.model.yaml;

import static io.contourcore.model.yaml.CrdFields.int32;
import static io.contourcore.model.yaml.CrdFields.matching;
import static io.contourcore.model.yaml.CrdFields.num;
import static io.contourcore.model.yaml.CrdFields.required;

import io.contourcore.model.ExtensionService;
import io.contourcore.model.HTTPProxy;
import io.contourcore.model.K8sObject;
import io.contourcore.model.ObjectMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code projectcontour.io/v1alpha1} ExtensionService, with the CRD schema's checks: at least one service, ports
 * 1-65536, {@code protocol} {@code http/1.1}/{@code h2}/{@code h2c}, {@code protocolVersion} {@code v3}, duration
 * patterns on the timeout policy.
 *
 * <pre>{@code
 * ExtensionService es = (ExtensionService) ExtensionServiceDecoder.INSTANCE.decode(metadata, object);
 * }</pre>
 */
final class ExtensionServiceDecoder implements ObjectDecoder {

    static final ExtensionServiceDecoder INSTANCE = new ExtensionServiceDecoder();

    @Override
    public K8sObject decode(ObjectMeta metadata, Field object) {
        Field spec = object.get("spec");
        if (!spec.present()) {
            spec.missing();
            return null;
        }
        Field servicesField = spec.get("services");
        if (!servicesField.present()) {
            servicesField.missing();
        }
        List<ExtensionService.Target> targets = new ArrayList<>();
        for (Field s : CrdFields.nonEmptyItems(servicesField)) {
            String name = required(s.get("name"));
            Field port = s.get("port");
            if (!port.present()) {
                port.missing();
            }
            targets.add(new ExtensionService.Target(name, (int) num(port, 0, 1, 65536), int32(s.get("weight"))));
        }
        HTTPProxy.UpstreamValidation validation = CrdFields.upstreamValidation(spec.get("validation"));
        String protocol = spec.get("protocol").oneOf(List.of("http/1.1", "h2", "h2c"));
        HTTPProxy.LoadBalancerPolicy lb = CrdFields.loadBalancerPolicy(spec.get("loadBalancerPolicy"));
        Field timeoutField = spec.get("timeoutPolicy");
        HTTPProxy.TimeoutPolicy timeout = null;
        if (timeoutField.present()) {
            timeout = new HTTPProxy.TimeoutPolicy(
                    matching(timeoutField.get("response"), CrdFields.TIMEOUT),
                    matching(timeoutField.get("idle"), CrdFields.TIMEOUT),
                    matching(timeoutField.get("idleConnection"), CrdFields.TIMEOUT));
        }
        String protocolVersion = CrdFields.oneOf(spec.get("protocolVersion"), "v3");
        Field cb = spec.get("circuitBreakerPolicy");
        ExtensionService.CircuitBreakers breakers = cb.present()
                ? new ExtensionService.CircuitBreakers(int32(cb.get("maxConnections")), int32(cb.get("maxPendingRequests")),
                        int32(cb.get("maxRequests")), int32(cb.get("maxRetries")), int32(cb.get("perHostMaxConnections")))
                : null;
        return new ExtensionService(metadata, new ExtensionService.Spec(targets, validation, protocol, lb, timeout,
                protocolVersion, breakers));
    }
}
