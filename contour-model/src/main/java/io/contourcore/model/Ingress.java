package io.contourcore.model;

import java.util.List;

/**
 * A {@code networking.k8s.io/v1} Ingress.
 *
 * <pre>{@code
 * Ingress ing = new Ingress(ObjectMeta.of("default", "web"), new Ingress.Spec(null,
 *         null, List.of(), List.of(new Ingress.Rule("web.example.com", List.of(new Ingress.Path("/", "Prefix",
 *                 Ingress.Backend.service("web", 80, null)))))));
 * }</pre>
 */
public record Ingress(ObjectMeta metadata, Spec spec) implements K8sObject {

    /**
     * A backend: a Service by port number or port name, or (unsupported by Contour) a typed resource reference
     * given by {@code resourceKind}.
     */
    public record Backend(String serviceName, Integer portNumber, String portName, String resourceKind) {
        public Backend {
            serviceName = serviceName == null ? "" : serviceName;
            portName = portName == null ? "" : portName;
            resourceKind = resourceKind == null ? "" : resourceKind;
        }

        public static Backend service(String name, Integer number, String portName) {
            return new Backend(name, number, portName, null);
        }

        public boolean isService() {
            return !serviceName.isEmpty();
        }
    }

    /** {@code rules[].http.paths[]}; {@code path} and {@code pathType} are empty when not written. */
    public record Path(String path, String pathType, Backend backend) {
        public Path {
            path = path == null ? "" : path;
            pathType = pathType == null ? "" : pathType;
            if (backend == null) {
                throw new IllegalArgumentException("backend is required");
            }
        }
    }

    /** A rule; {@code http} is false when the rule had no {@code http:} block. */
    public record Rule(String host, boolean http, List<Path> paths) {
        public Rule {
            host = host == null ? "" : host;
            paths = paths == null ? List.of() : List.copyOf(paths);
        }

        public Rule(String host, List<Path> paths) {
            this(host, true, paths);
        }
    }

    public record Tls(List<String> hosts, String secretName) {
        public Tls {
            hosts = hosts == null ? List.of() : List.copyOf(hosts);
            secretName = secretName == null ? "" : secretName;
        }
    }

    public record Spec(String ingressClassName, Backend defaultBackend, List<Tls> tls, List<Rule> rules) {
        public Spec {
            tls = tls == null ? List.of() : List.copyOf(tls);
            rules = rules == null ? List.of() : List.copyOf(rules);
        }
    }

    public Ingress {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required");
        }
        spec = spec == null ? new Spec(null, null, List.of(), List.of()) : spec;
    }

    @Override
    public Kind kind() {
        return Kind.INGRESS;
    }
}
