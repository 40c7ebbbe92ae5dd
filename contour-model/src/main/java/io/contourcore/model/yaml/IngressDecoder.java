package io.contourcore.model.yaml;

import io.contourcore.model.HttpText;
import io.contourcore.model.Ingress;
import io.contourcore.model.K8sObject;
import io.contourcore.model.ObjectMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code networking.k8s.io/v1} Ingress, with the API server's checks on backends, hosts and paths.
 *
 * <pre>{@code
 * Ingress ing = (Ingress) IngressDecoder.INSTANCE.decode(metadata, object);
 * }</pre>
 */
final class IngressDecoder implements ObjectDecoder {

    static final IngressDecoder INSTANCE = new IngressDecoder();

    static final List<String> PATH_TYPES = List.of("Exact", "ImplementationSpecific", "Prefix");

    // The API server's rules for Exact and Prefix paths (networking validation's invalidPathSequences and
    // invalidPathSuffixes): they keep a path from escaping its prefix once a proxy normalises it.
    private static final List<String> INVALID_PATH_SEQUENCES = List.of("//", "/./", "/../", "%2f", "%2F");
    private static final List<String> INVALID_PATH_SUFFIXES = List.of("/..", "/.");

    @Override
    public K8sObject decode(ObjectMeta metadata, Field object) {
        Field spec = object.get("spec");
        String className = spec.get("ingressClassName").string();
        Field defaultBackendField = spec.get("defaultBackend");
        Ingress.Backend defaultBackend = defaultBackendField.present() ? backend(defaultBackendField) : null;

        List<Ingress.Tls> tls = new ArrayList<>();
        for (Field t : spec.get("tls").items()) {
            List<String> hosts = t.get("hosts").stringList();
            tls.add(new Ingress.Tls(hosts, t.get("secretName").string()));
        }

        Field rulesField = spec.get("rules");
        List<Ingress.Rule> rules = new ArrayList<>();
        for (Field r : rulesField.items()) {
            Field hostField = r.get("host");
            String host = hostField.string();
            if (host != null && !host.isEmpty()) {
                String why = Names.ingressHost(host);
                if (why != null) {
                    hostField.error("invalid value " + Node.quote(host) + ": " + why);
                }
            }
            Field http = r.get("http");
            List<Ingress.Path> paths = new ArrayList<>();
            if (http.present()) {
                Field pathsField = http.get("paths");
                if (!pathsField.present() || pathsField.node() instanceof Node.ListNode l && l.items().isEmpty()) {
                    pathsField.missing();
                }
                for (Field p : pathsField.items()) {
                    Ingress.Path path = path(p);
                    if (path != null) {
                        paths.add(path);
                    }
                }
            }
            rules.add(new Ingress.Rule(host, http.present(), paths));
        }
        if (!defaultBackendField.present() && rules.isEmpty()) {
            spec.error("either defaultBackend or rules must be specified");
        }
        return new Ingress(metadata, new Ingress.Spec(className, defaultBackend, tls, rules));
    }

    private static Ingress.Path path(Field p) {
        Field pathField = p.get("path");
        String path = pathField.string();
        String pathType = p.get("pathType").oneOf(PATH_TYPES);
        boolean mustBeAbsolute = "Exact".equals(pathType) || "Prefix".equals(pathType)
                || path != null && !path.isEmpty();
        if (mustBeAbsolute && (path == null || !path.startsWith("/"))) {
            if (!(pathField.present() && path == null)) {
                pathField.error("must be an absolute path" + (path == null ? "" : ", got " + Node.quote(path)));
            }
        }
        if (path != null) {
            HttpText.violation(path, HttpText.Use.PATH).ifPresent(why -> pathField.error("Invalid value: " + why));
        }
        if (("Exact".equals(pathType) || "Prefix".equals(pathType)) && path != null && !path.isEmpty()) {
            for (String seq : INVALID_PATH_SEQUENCES) {
                if (path.contains(seq)) {
                    pathField.error("invalid value " + Node.quote(path) + ": must not contain '" + seq + "'");
                }
            }
            for (String suffix : INVALID_PATH_SUFFIXES) {
                if (path.endsWith(suffix)) {
                    pathField.error("invalid value " + Node.quote(path) + ": cannot end with '" + suffix + "'");
                }
            }
        }
        Field backendField = p.get("backend");
        if (!backendField.present()) {
            backendField.missing();
            return null;
        }
        Ingress.Backend backend = backend(backendField);
        return backend == null ? null : new Ingress.Path(path, pathType, backend);
    }

    /** A backend: exactly one of a Service (by port number or name) or a typed resource. */
    private static Ingress.Backend backend(Field b) {
        Field service = b.get("service");
        Field resource = b.get("resource");
        if (service.present() && resource.present()) {
            b.error("cannot set both service and resource backends");
            return null;
        }
        if (resource.present()) {
            resource.get("apiGroup").string();
            String kind = resource.get("kind").requiredString();
            String name = resource.get("name").requiredString();
            return kind == null || name == null ? null : new Ingress.Backend(null, null, null, kind);
        }
        if (!service.present()) {
            b.error("one of service or resource is required");
            return null;
        }
        String name = service.get("name").requiredString();
        Field port = service.get("port");
        Field numberField = port.get("number");
        Field portNameField = port.get("name");
        Integer number = numberField.present() ? numberField.port() : null;
        String portName = portNameField.string();
        boolean hasNumber = numberField.present();
        boolean hasName = portName != null && !portName.isEmpty();
        if (hasNumber && hasName) {
            port.error("cannot set both port name and port number");
            return null;
        }
        if (!hasNumber && !hasName) {
            if (!(portNameField.present() && portName == null)) {
                port.error("port name or number is required");
            }
            return null;
        }
        if (hasName) {
            String why = Names.ianaServiceName(portName);
            if (why != null) {
                portNameField.error("invalid value " + Node.quote(portName) + ": " + why);
                return null;
            }
        }
        if (name == null || hasNumber && number == null) {
            return null;
        }
        return Ingress.Backend.service(name, number, portName);
    }
}
