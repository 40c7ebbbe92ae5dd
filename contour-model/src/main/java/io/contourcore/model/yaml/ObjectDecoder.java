package io.contourcore.model.yaml;

import io.contourcore.model.K8sObject;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectMeta;

/**
 * Turns one object's located tree into its record. A decoder reports every problem it finds through the
 * {@link Field} accessors; the loader leaves out any object whose decoding reported an error, so a decoder may return
 * a partial record (or null) once it has reported why.
 *
 * <pre>{@code
 * final class ServiceDecoder implements ObjectDecoder {
 *     public K8sObject decode(ObjectMeta metadata, Field object) {
 *         Field spec = object.get("spec");
 *         ...
 *     }
 * }
 * }</pre>
 */
interface ObjectDecoder {

    K8sObject decode(ObjectMeta metadata, Field object);

    /**
     * The decoder for a kind, or null for kinds read but not decoded yet (their objects are skipped). Adding a kind
     * is one case here and one decoder class.
     */
    static ObjectDecoder forKind(Kind kind) {
        return switch (kind) {
            case SERVICE -> ServiceDecoder.INSTANCE;
            case ENDPOINTS -> EndpointsDecoder.INSTANCE;
            case ENDPOINT_SLICE -> EndpointSliceDecoder.INSTANCE;
            case SECRET -> SecretDecoder.INSTANCE;
            case NAMESPACE -> NamespaceDecoder.INSTANCE;
            case INGRESS -> IngressDecoder.INSTANCE;
            case INGRESS_CLASS -> IngressClassDecoder.INSTANCE;
            case TLS_CERTIFICATE_DELEGATION -> TLSCertificateDelegationDecoder.INSTANCE;
            case HTTP_PROXY -> HTTPProxyDecoder.INSTANCE;
            case EXTENSION_SERVICE -> ExtensionServiceDecoder.INSTANCE;
            case INGRESS_ROUTE -> IngressRouteDecoder.INSTANCE;
            case LEGACY_TLS_CERTIFICATE_DELEGATION -> TLSCertificateDelegationDecoder.LEGACY;
            case GATEWAY_CLASS, GATEWAY, HTTP_ROUTE, REFERENCE_GRANT, GRPC_ROUTE, TLS_ROUTE, TCP_ROUTE,
                    BACKEND_TLS_POLICY -> GatewayApiDecoder.forKind(kind);
            case CONFIG_MAP -> ConfigMapDecoder.INSTANCE;
            case CONTOUR_CONFIGURATION -> ContourConfigurationDecoder.INSTANCE;
        };
    }
}
