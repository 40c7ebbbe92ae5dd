package io.contourcore.cli;

import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.dag.status.Status;
import io.contourcore.dag.status.SubCondition;
import io.contourcore.model.HTTPProxy;
import io.contourcore.model.K8sObject;
import io.contourcore.model.Kind;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.Secret;
import io.contourcore.model.Service;
import io.contourcore.model.Spelling;
import io.contourcore.model.TLSCertificateDelegation;
import io.contourcore.model.yaml.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The human view of an invalid object's errors: each distinct error once, with the places in the object it is about
 * ({@code spec.routes[2].services[0]}, {@code spec.includes[1]}) and a hint naming what exists nearby (the Service
 * or Secret whose name is closest, the Service's ports, the TLSCertificateDelegation that would allow a Secret).
 *
 * <p>Upstream's message is kept whole and first; the hint and places follow it. They are never written into the
 * status itself: {@code status -o yaml|json} and the status {@code serve} writes to the cluster stay upstream's,
 * word for word, so they compare equal to upstream Contour's and nothing that matches on them breaks.
 *
 * <pre>{@code
 * StatusHints hints = new StatusHints(loaded.resources());
 * err.println(hints.describe(status));
 * // HTTPProxy default/web: invalid: Spec.Routes unresolved service reference: service "default/kuarde" not found
 * //   (did you mean default/kuard?) [spec.routes[0].services[0], spec.routes[1].services[0]]
 * }</pre>
 */
final class StatusHints {

    private static final Pattern SERVICE_NOT_FOUND = Pattern.compile("service \"([^\"/]+)/([^\"]+)\" not found");
    private static final Pattern PORT_NOT_MATCHED =
            Pattern.compile("port \"([^\"]+)\" on service \"([^\"/]+)/([^\"]+)\" not matched");
    private static final Pattern INCLUDE_NOT_FOUND = Pattern.compile("include ([^/ ]+)/(\\S+) not found");
    private static final Pattern SECRET_NOT_DELEGATED = Pattern.compile("Secret \"([^\"]+)\" certificate delegation not permitted");
    private static final Pattern SECRET_NOT_FOUND = Pattern.compile("Secret \"([^\"]+)\" is invalid: Secret not found");

    private final ResourceSet resources;
    /** {@link #names}, by kind and namespace. */
    private final Map<Kind, Map<String, List<String>>> namesByKind = new java.util.concurrent.ConcurrentHashMap<>();

    StatusHints(ResourceSet resources) {
        this.resources = resources;
    }

    /** One error of an object, as a person reads it: upstream's message, then the hint and the places. */
    record Error(String message, String hint, List<String> places) {

        @Override
        public String toString() {
            return message + (hint.isEmpty() ? "" : " (" + hint + ")")
                    + (places.isEmpty() ? "" : " [" + String.join(", ", places) + "]");
        }
    }

    /**
     * {@code KIND NS/NAME: status: error; error}, each error once; shapes other than HTTPProxy/Ingress-like objects
     * as {@link StatusView#describe} has them.
     */
    String describe(Status s) {
        List<Error> errors = errors(s);
        if (errors.isEmpty()) {
            return StatusView.describe(s);
        }
        return Problem.oneLine(s.ref() + ": " + s.currentStatus() + ": "
                + errors.stream().map(Error::toString).collect(Collectors.joining("; ")));
    }

    /** The distinct errors of an object's conditions, in the order first reported. */
    List<Error> errors(Status s) {
        if (!(s instanceof ObjectStatus o)) {
            return List.of();
        }
        Map<String, Error> byMessage = new LinkedHashMap<>();
        o.conditions().stream().flatMap(c -> c.errors().stream()).map(SubCondition::message)
                .forEach(m -> byMessage.computeIfAbsent(m, k -> explain(o, k)));
        return List.copyOf(byMessage.values());
    }

    private Error explain(ObjectStatus s, String message) {
        String ns = s.ref().namespace();
        Optional<HTTPProxy> proxy = s.ref().kind() == Kind.HTTP_PROXY
                ? resources.get(Kind.HTTP_PROXY, ns, s.ref().name(), HTTPProxy.class) : Optional.empty();
        Matcher m;
        if ((m = SERVICE_NOT_FOUND.matcher(message)).find()) {
            String svcNs = m.group(1);
            String name = m.group(2);
            return new Error(message, nearby("Service", names(Kind.SERVICE, svcNs), svcNs, name),
                    proxy.map(p -> servicePlaces(p, name, null)).orElse(List.of()));
        }
        if ((m = PORT_NOT_MATCHED.matcher(message)).find()) {
            String port = m.group(1);
            String svcNs = m.group(2);
            String name = m.group(3);
            String hint = resources.get(Kind.SERVICE, svcNs, name, Service.class)
                    .map(svc -> svc.ports().isEmpty() ? "the Service has no ports"
                            : "the Service's ports: " + svc.ports().stream()
                                    .map(p -> (p.name().isEmpty() ? "" : p.name() + " ") + p.port())
                                    .collect(Collectors.joining(", ")))
                    .orElse("");
            return new Error(message, hint, proxy.map(p -> servicePlaces(p, name, port)).orElse(List.of()));
        }
        if ((m = INCLUDE_NOT_FOUND.matcher(message)).find()) {
            String incNs = m.group(1);
            String name = m.group(2);
            return new Error(message, nearby("HTTPProxy", names(Kind.HTTP_PROXY, incNs), incNs, name),
                    proxy.map(p -> includePlaces(p, incNs, name)).orElse(List.of()));
        }
        if ((m = SECRET_NOT_DELEGATED.matcher(message)).find()) {
            String[] secret = qualified(m.group(1), ns);
            return new Error(message, delegationHint(secret[0], secret[1], ns), tlsPlace(proxy));
        }
        if ((m = SECRET_NOT_FOUND.matcher(message)).find()) {
            String[] secret = qualified(m.group(1), ns);
            return new Error(message, nearby("Secret", names(Kind.SECRET, secret[0]), secret[0], secret[1]), tlsPlace(proxy));
        }
        return new Error(message, "", List.of());
    }

    private static String[] qualified(String name, String defaultNamespace) {
        int slash = name.indexOf('/');
        return slash < 0 ? new String[] {defaultNamespace, name} : new String[] {name.substring(0, slash), name.substring(slash + 1)};
    }

    /**
     * The names of a kind's objects in a namespace, sorted. Every invalid object's hint asks for them (thousands at
     * 10,000 objects), so each kind's objects are grouped by namespace once, the first time the kind is asked for,
     * rather than scanned whole per hint.
     */
    private List<String> names(Kind kind, String namespace) {
        return namesByKind.computeIfAbsent(kind, k -> {
            Map<String, List<String>> byNamespace = new HashMap<>();
            for (K8sObject o : resources.all(k, K8sObject.class)) {
                byNamespace.computeIfAbsent(o.ref().namespace(), ns -> new ArrayList<>()).add(o.ref().name());
            }
            byNamespace.replaceAll((ns, names) -> names.stream().sorted().toList());
            return byNamespace;
        }).getOrDefault(namespace, List.of());
    }

    /**
     * {@code did you mean NS/NAME?} for the closest name in the namespace (a few edits away), else the names there
     * when there are few, else that there is none.
     */
    static String nearby(String kind, List<String> names, String namespace, String wanted) {
        String best = Spelling.nearest(wanted, names);
        if (best != null) {
            return "did you mean " + namespace + "/" + best + "?";
        }
        if (names.isEmpty()) {
            return "no " + kind + " in namespace " + namespace;
        }
        if (names.size() <= 5) {
            return kind + "s in namespace " + namespace + ": " + String.join(", ", names);
        }
        return "";
    }

    /** What would let {@code targetNamespace} use the Secret: an existing delegation's reach, or the one to add. */
    private String delegationHint(String secretNs, String secretName, String targetNamespace) {
        if (!resources.get(Kind.SECRET, secretNs, secretName, Secret.class).isPresent()) {
            String near = nearby("Secret", names(Kind.SECRET, secretNs), secretNs, secretName);
            return "there is no Secret " + secretNs + "/" + secretName + (near.isEmpty() ? "" : "; " + near);
        }
        List<String> reach = new ArrayList<>();
        for (TLSCertificateDelegation d : resources.all(Kind.TLS_CERTIFICATE_DELEGATION, TLSCertificateDelegation.class)) {
            if (!d.ref().namespace().equals(secretNs)) {
                continue;
            }
            for (TLSCertificateDelegation.Delegation del : d.delegations()) {
                if (del.secretName().equals(secretName)) {
                    reach.add("TLSCertificateDelegation " + d.ref().namespacedName() + " delegates it to " + del.targetNamespaces());
                }
            }
        }
        String allow = "a TLSCertificateDelegation in namespace " + secretNs + " with delegations: [{secretName: "
                + secretName + ", targetNamespaces: [" + targetNamespace + "]}] would allow it";
        return reach.isEmpty() ? allow : String.join("; ", reach) + "; " + allow;
    }

    /** {@code spec.routes[i].services[j]} (and the tcpproxy's) naming the Service, on {@code port} when given. */
    private static List<String> servicePlaces(HTTPProxy p, String name, String port) {
        List<String> out = new ArrayList<>();
        List<HTTPProxy.Route> routes = p.spec().routes();
        for (int i = 0; i < routes.size(); i++) {
            List<HTTPProxy.Service> svcs = routes.get(i).services();
            for (int j = 0; j < svcs.size(); j++) {
                if (svcs.get(j).name().equals(name) && (port == null || String.valueOf(svcs.get(j).port()).equals(port))) {
                    out.add("spec.routes[" + i + "].services[" + j + "]");
                }
            }
        }
        if (p.spec().tcpproxy() != null) {
            List<HTTPProxy.Service> svcs = p.spec().tcpproxy().services();
            for (int j = 0; j < svcs.size(); j++) {
                if (svcs.get(j).name().equals(name) && (port == null || String.valueOf(svcs.get(j).port()).equals(port))) {
                    out.add("spec.tcpproxy.services[" + j + "]");
                }
            }
        }
        return out;
    }

    private static List<String> includePlaces(HTTPProxy p, String namespace, String name) {
        List<String> out = new ArrayList<>();
        String own = p.metadata().namespace();
        List<HTTPProxy.Include> includes = p.spec().includes();
        for (int i = 0; i < includes.size(); i++) {
            HTTPProxy.Include inc = includes.get(i);
            String incNs = inc.namespace().isEmpty() ? own : inc.namespace();
            if (inc.name().equals(name) && incNs.equals(namespace)) {
                out.add("spec.includes[" + i + "]");
            }
        }
        if (p.spec().tcpproxy() != null) {
            for (HTTPProxy.TcpProxyInclude inc : new HTTPProxy.TcpProxyInclude[] {p.spec().tcpproxy().include(),
                    p.spec().tcpproxy().includes()}) {
                if (inc != null && inc.name().equals(name) && (inc.namespace().isEmpty() ? own : inc.namespace()).equals(namespace)) {
                    out.add("spec.tcpproxy.include");
                }
            }
        }
        return out;
    }

    private static List<String> tlsPlace(Optional<HTTPProxy> proxy) {
        return proxy.isPresent() ? List.of("spec.virtualhost.tls.secretName") : List.of();
    }
}
