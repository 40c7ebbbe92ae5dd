package io.contourcore.dag.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.model.ObjectMeta;
import io.contourcore.model.ReferenceGrant;
import io.contourcore.model.ResourceSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceGrantsTest {

    private static final ReferenceGrants.From ROUTE = new ReferenceGrants.From("gateway.networking.k8s.io", "HTTPRoute", "apps");
    private static final ReferenceGrants.To WEB = new ReferenceGrants.To("", "Service", "backends", "web");

    private static ResourceSet grant(String namespace, ReferenceGrant.From from, ReferenceGrant.To to) {
        return ResourceSet.of(List.of(new ReferenceGrant(ObjectMeta.of(namespace, "g"), List.of(from), List.of(to))));
    }

    @Test
    void aGrantInTheReferentsNamespaceForAllServicesPermitsTheReference() {
        ResourceSet r = grant("backends", new ReferenceGrant.From("gateway.networking.k8s.io", "HTTPRoute", "apps"),
                new ReferenceGrant.To("", "Service", ""));
        assertThat(ReferenceGrants.permits(r, ROUTE, WEB)).isTrue();
    }

    @Test
    void aGrantNamingAnotherServiceDoesNotPermitTheReference() {
        ResourceSet r = grant("backends", new ReferenceGrant.From("gateway.networking.k8s.io", "HTTPRoute", "apps"),
                new ReferenceGrant.To("", "Service", "other"));
        assertThat(ReferenceGrants.permits(r, ROUTE, WEB)).isFalse();
    }

    @Test
    void aGrantInTheReferrersNamespaceDoesNotPermitTheReference() {
        ResourceSet r = grant("apps", new ReferenceGrant.From("gateway.networking.k8s.io", "HTTPRoute", "apps"),
                new ReferenceGrant.To("", "Service", ""));
        assertThat(ReferenceGrants.permits(r, ROUTE, WEB)).isFalse();
    }

    @Test
    void aGrantForAnotherKindOrNamespaceOfReferrerDoesNotPermitTheReference() {
        assertThat(ReferenceGrants.permits(grant("backends", new ReferenceGrant.From("gateway.networking.k8s.io", "GRPCRoute", "apps"),
                new ReferenceGrant.To("", "Service", "")), ROUTE, WEB)).isFalse();
        assertThat(ReferenceGrants.permits(grant("backends", new ReferenceGrant.From("gateway.networking.k8s.io", "HTTPRoute", "other"),
                new ReferenceGrant.To("", "Service", "")), ROUTE, WEB)).isFalse();
        assertThat(ReferenceGrants.permits(ResourceSet.EMPTY, ROUTE, WEB)).isFalse();
    }
}
