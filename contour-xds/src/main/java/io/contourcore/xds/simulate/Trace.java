package io.contourcore.xds.simulate;

import java.util.ArrayList;
import java.util.List;

/** A decision being built: one field per step, and the steps in order with their reasons. */
final class Trace {
    final Request request;
    Decision.Outcome outcome = Decision.Outcome.UNSUPPORTED;
    String listener = "";
    String filterChain = "";
    String routeConfiguration = "";
    String virtualHost = "";
    int routeIndex = -1;
    String routeName = "";
    String routeMatch = "";
    String cluster = "";
    List<Decision.ClusterChoice> weighted = List.of();
    String virtualCluster = "";
    int status;
    String location = "";
    String body = "";
    String timeout = "";
    String idleTimeout = "";
    String retryPolicy = "";
    final List<String> mirrors = new ArrayList<>();
    List<Header> requestHeaders = List.of();
    List<Header> responseHeaders = List.of();
    final List<String> stepNames = new ArrayList<>();
    final List<String> stepValues = new ArrayList<>();
    final List<List<String>> stepDetails = new ArrayList<>();
    Decision built;

    Trace(Request request) {
        this.request = request;
    }

    void step(String name, String value, List<String> details) {
        stepNames.add(name);
        stepValues.add(value);
        stepDetails.add(new ArrayList<>(details));
    }

    List<String> details(String name) {
        int i = stepNames.lastIndexOf(name);
        return i < 0 ? new ArrayList<>() : stepDetails.get(i);
    }

    Decision fail(Decision.Outcome o) {
        outcome = o;
        status = o.status();
        return finish();
    }

    void finishHttpFailure(HeaderMap h) {
        status = outcome.status();
        requestHeaders = h.list();
        HeaderMap resp = new HeaderMap();
        resp.add(":status", String.valueOf(status));
        responseHeaders = resp.list();
        finish();
    }

    Decision finish() {
        String label = outcome.label();
        String value = switch (outcome) {
            case ROUTED -> "routed to " + cluster;
            case CLUSTER_NOT_FOUND -> status + " NC (cluster " + cluster + " not found)";
            case REDIRECT -> status + " redirect to " + location;
            case DIRECT_RESPONSE -> status + " direct response";
            case TCP_PROXY -> "tcp proxy to " + cluster;
            case MISDIRECTED_REQUEST -> "421 misdirected request (Contour's Lua check)";
            case NO_VIRTUAL_HOST, NO_ROUTE, NO_ROUTE_CONFIGURATION -> "404 NR (" + label + ")";
            case NO_FILTER_CHAIN -> "connection closed (NFCF, no filter chain)";
            case NO_LISTENER -> "connection refused (no listener)";
            case UNSUPPORTED -> "not simulated";
        };
        step("outcome", value, List.of());
        List<Decision.Step> steps = new ArrayList<>();
        for (int i = 0; i < stepNames.size(); i++) {
            steps.add(new Decision.Step(stepNames.get(i), stepValues.get(i), stepDetails.get(i)));
        }
        built = new Decision(request, outcome, listener, filterChain, routeConfiguration, virtualHost, routeIndex,
                routeName, routeMatch, cluster, weighted, virtualCluster, status, location, body, timeout,
                idleTimeout, retryPolicy, mirrors, requestHeaders, responseHeaders, steps);
        return built;
    }

    Decision build() {
        if (built == null) {
            throw new IllegalStateException("decision not finished");
        }
        return built;
    }
}
