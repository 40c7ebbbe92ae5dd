package io.contourcore.dag.gatewayapi;

import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.BuildContext;
import io.contourcore.dag.kernel.ClusterDefaults;
import io.contourcore.dag.kernel.Lookup;
import io.contourcore.dag.kernel.SecretValidation;
import io.contourcore.dag.status.ParentRef;
import io.contourcore.dag.status.StatusCondition;
import io.contourcore.dag.status.StatusRecorder;
import io.contourcore.model.BackendTLSPolicy;
import io.contourcore.model.Bytes;
import io.contourcore.model.ConfigMap;
import io.contourcore.model.GatewayApi;
import io.contourcore.model.GoQuote;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.Secret;
import io.contourcore.model.yaml.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream's {@code computeBackendTLSPolicies}: an HTTPRoute backend that a BackendTLSPolicy of the Service's
 * namespace targets is reached over TLS, its certificate verified against the policy's CA bundles (ConfigMaps or
 * Secrets, key {@code ca.crt}) for the policy's {@code hostname}. A policy naming the Service port by
 * {@code sectionName} wins over one naming the whole Service. An invalid policy (well-known CAs, a bad or wildcard
 * hostname, a CA that is missing, invalid or of another kind) leaves the backend as it was, as upstream does.
 * Each time a backend reaches a policy, the policy's status is written towards the route's parentRef: Accepted True
 * ({@code Accepted}, "Accepted BackendTLSPolicy") or Accepted False ({@code Invalid}, saying why); upstream writes no
 * ResolvedRefs condition on policies, and no status on a policy that no route reaches.
 *
 * <pre>{@code
 * Optional<BackendTlsPolicies.Applied> tls = BackendTlsPolicies.forBackend(ctx, ref, service, "apps", parent.ref());
 * tls.map(t -> t.validation().subjectNames()); // ["backend.example.com"] when a valid policy targets the Service
 * }</pre>
 */
public final class BackendTlsPolicies {

    private BackendTlsPolicies() {}

    /** Policy condition reasons (gateway-api apis/v1alpha2 policy_types.go). */
    public static final String ACCEPTED_REASON = "Accepted";
    public static final String INVALID_REASON = "Invalid";
    public static final String ACCEPTED_MESSAGE = "Accepted BackendTLSPolicy";

    /** How a backend is reached when a valid policy targets it. */
    public record Applied(Dag.PeerValidationContext validation, Dag.UpstreamTls upstreamTls) {}

    /**
     * The TLS a valid policy asks for on {@code service} (the Service {@code ref} resolved to), or empty when no
     * policy targets it or the one that does is invalid; a policy found gets its status towards {@code ancestor}.
     */
    public static Optional<Applied> forBackend(BuildContext ctx, GatewayApi.BackendRef ref, Dag.Service service,
            String routeNamespace, ParentRef ancestor) {
        String namespace = ref.namespace().isEmpty() ? routeNamespace : ref.namespace();
        BackendTLSPolicy policy = find(ctx, ref, namespace, service.port().name());
        if (policy == null) {
            return Optional.empty();
        }
        StatusRecorder.PolicyEntry status = ctx.status().policy(policy.ref(), policy.metadata().generation(), ancestor);
        Check c = check(ctx, policy);
        if (!c.errors().isEmpty()) {
            // upstream adds one condition per failing CA reference, so their messages join with ", "
            c.errors().forEach(e -> status.addCondition(StatusCondition.ACCEPTED, StatusCondition.FALSE, INVALID_REASON, e));
            return Optional.empty();
        }
        List<Dag.Secret> cas = c.cas();
        if (cas.isEmpty()) {
            return Optional.empty(); // upstream neither applies nor reports a policy naming no CA
        }
        status.addCondition(StatusCondition.ACCEPTED, StatusCondition.TRUE, ACCEPTED_REASON, ACCEPTED_MESSAGE);
        BackendTLSPolicy.Validation v = policy.validation();
        return Optional.of(new Applied(new Dag.PeerValidationContext(cas, List.of(v.hostname()), false, null, null,
                false, false), ClusterDefaults.upstreamTls(ctx.config())));
    }

    /**
     * One line for each invalid policy that has no status to say so, so that none is ignored in silence: upstream
     * writes a policy's status only when a route's backend reaches it. Call it after the routes are built.
     *
     * <pre>{@code
     * BackendTlsPolicies.notApplied(ctx); // ["t.yaml:3:1: BackendTLSPolicy apps/tls: not applied: ..."]
     * }</pre>
     */
    public static List<Problem> notApplied(BuildContext ctx) {
        List<Problem> out = new ArrayList<>();
        for (BackendTLSPolicy p : ctx.resources().all(Kind.BACKEND_TLS_POLICY, BackendTLSPolicy.class)) {
            if (ctx.status().has(p.ref())) {
                continue;
            }
            Check c = check(ctx, p);
            String why = !c.errors().isEmpty() ? String.join(", ", c.errors())
                    : c.cas().isEmpty() ? "BackendTLSPolicy.Spec.Validation.CACertificateRefs names no CA" : null;
            if (why != null) {
                out.add(new Problem(p.metadata().location(), p.ref().toString(), "not applied: " + why));
            }
        }
        return out;
    }

    /** A policy's CA bundle, or each reason upstream refuses the whole policy (then {@code cas} is empty). */
    private record Check(List<Dag.Secret> cas, List<String> errors) {
        static Check refused(String why) {
            return new Check(List.of(), List.of(why));
        }
    }

    /** Messages are upstream's Accepted False {@code Invalid} texts (computeBackendTLSPolicies). */
    private static Check check(BuildContext ctx, BackendTLSPolicy policy) {
        BackendTLSPolicy.Validation v = policy.validation();
        if (!v.wellKnownCACertificates().isEmpty()) {
            return Check.refused("BackendTLSPolicy.Spec.Validation.WellKnownCACertificates is unsupported.");
        }
        if (GatewayListeners.hostnameError(v.hostname()) != null || v.hostname().contains("*")) {
            return Check.refused("BackendTLSPolicy.Spec.Validation.Hostname " + GoQuote.q(v.hostname())
                    + " is invalid. Hostname must be a valid RFC 1123 fully qualified domain name. Wildcard domains and "
                    + "numeric IP addresses are not allowed");
        }
        List<Dag.Secret> cas = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        // upstream checks every CA reference and refuses the whole policy when any fails, saying why for each
        for (GatewayApi.ObjectReference ca : v.caCertificateRefs()) {
            Lookup<Dag.Secret> found = switch (ca.kind()) {
                case "Secret" -> ctx.lookupCaSecret(policy.namespace(), ca.name(), policy.namespace());
                case "ConfigMap" -> caConfigMap(ctx, policy.namespace(), ca.name());
                default -> null;
            };
            if (found == null) {
                errors.add("BackendTLSPolicy.Spec.Validation.CACertificateRef.Kind " + GoQuote.q(ca.kind())
                        + " is unsupported. Only ConfigMap or Secret Kind is supported.");
            } else if (!found.ok()) {
                errors.add("Could not find CACertificateRef " + ca.kind() + ": " + policy.namespace() + "/" + ca.name());
            } else {
                cas.add(found.value());
            }
        }
        return errors.isEmpty() ? new Check(cas, List.of()) : new Check(List.of(), errors);
    }

    /**
     * Upstream's LookupBackendTLSPolicyByTargetRef: a policy in the backend's namespace whose target names the Service
     * and its port's name wins; else one naming the Service without a section (the first by namespace and name, where
     * upstream's pick among several is a map's order).
     */
    private static BackendTLSPolicy find(BuildContext ctx, GatewayApi.BackendRef ref, String namespace, String portName) {
        BackendTLSPolicy fallback = null;
        for (BackendTLSPolicy p : ctx.resources().all(Kind.BACKEND_TLS_POLICY, BackendTLSPolicy.class)) {
            if (!p.namespace().equals(namespace)) {
                continue;
            }
            for (BackendTLSPolicy.TargetRef t : p.targetRefs()) {
                if (!t.group().equals(ref.group()) || !t.kind().equals(ref.kind()) || !t.name().equals(ref.name())) {
                    continue;
                }
                if (!t.sectionName().isEmpty() && t.sectionName().equals(portName)) {
                    return p;
                }
                if (t.sectionName().isEmpty() && fallback == null) {
                    fallback = p;
                }
            }
        }
        return fallback;
    }

    /** Upstream's LookupCAConfigMap: a ConfigMap holding {@code ca.crt}, checked as an Opaque CA Secret would be. */
    private static Lookup<Dag.Secret> caConfigMap(BuildContext ctx, String namespace, String name) {
        Optional<ConfigMap> cm = ctx.resources().get(Kind.CONFIG_MAP, namespace, name, ConfigMap.class);
        String pem = cm.map(c -> c.data().get(ConfigMap.CA_CERT)).orElse(null);
        if (pem == null) {
            return Lookup.fail("ConfigMap not found");
        }
        Map<String, Bytes> data = Map.of(Secret.CA_CERT, Bytes.utf8(pem));
        Optional<String> err = SecretValidation.caSecretError(new Secret(cm.get().metadata(), "Opaque", data));
        if (err.isPresent()) {
            return Lookup.fail(err.get());
        }
        return Lookup.of(new Dag.Secret(new ObjectRef(Kind.CONFIG_MAP, namespace, name), data));
    }
}
