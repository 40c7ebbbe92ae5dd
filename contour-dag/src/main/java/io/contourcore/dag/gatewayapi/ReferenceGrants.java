package io.contourcore.dag.gatewayapi;

import io.contourcore.model.Kind;
import io.contourcore.model.ReferenceGrant;
import io.contourcore.model.ResourceSet;

/**
 * Whether a ReferenceGrant lets an object in one namespace refer to an object in another (upstream's
 * {@code validCrossNamespaceRef}): the grant must live in the referent's namespace, list the referrer's group, kind
 * and namespace in {@code from}, and the referent's group and kind, with its name or no name, in {@code to}.
 * The core group is {@code ""}.
 *
 * <pre>{@code
 * ReferenceGrants.permits(resources,
 *         new ReferenceGrants.From("gateway.networking.k8s.io", "HTTPRoute", "apps"),
 *         new ReferenceGrants.To("", "Service", "backends", "web")); // true when backends has such a grant
 * }</pre>
 */
public final class ReferenceGrants {

    /** The referring object's group, kind and namespace. */
    public record From(String group, String kind, String namespace) {}

    /** The referent's group, kind, namespace and name. */
    public record To(String group, String kind, String namespace, String name) {}

    private ReferenceGrants() {}

    public static boolean permits(ResourceSet resources, From from, To to) {
        for (ReferenceGrant g : resources.all(Kind.REFERENCE_GRANT, ReferenceGrant.class)) {
            if (g.metadata().namespace().equals(to.namespace()) && allowsFrom(g, from) && allowsTo(g, to)) {
                return true;
            }
        }
        return false;
    }

    private static boolean allowsFrom(ReferenceGrant g, From from) {
        for (ReferenceGrant.From f : g.from()) {
            if (f.namespace().equals(from.namespace()) && f.group().equals(from.group()) && f.kind().equals(from.kind())) {
                return true;
            }
        }
        return false;
    }

    private static boolean allowsTo(ReferenceGrant g, To to) {
        for (ReferenceGrant.To t : g.to()) {
            if (t.group().equals(to.group()) && t.kind().equals(to.kind())
                    && (t.name().isEmpty() || t.name().equals(to.name()))) {
                return true;
            }
        }
        return false;
    }
}
