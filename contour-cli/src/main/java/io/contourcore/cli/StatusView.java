package io.contourcore.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contourcore.dag.status.Condition;
import io.contourcore.dag.status.GatewayClassStatus;
import io.contourcore.dag.status.GatewayStatus;
import io.contourcore.dag.status.ListenerStatus;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.dag.status.ParentRef;
import io.contourcore.dag.status.PolicyAncestorStatus;
import io.contourcore.dag.status.PolicyStatus;
import io.contourcore.dag.status.RouteParentStatus;
import io.contourcore.dag.status.RouteStatus;
import io.contourcore.dag.status.Status;
import io.contourcore.dag.status.StatusCondition;
import io.contourcore.dag.status.SubCondition;
import io.contourcore.model.Kind;
import io.contourcore.model.yaml.Problem;
import io.contourcore.xds.render.ProtoText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How statuses print, for every shape: the JSON/YAML tree of {@code contour status -o json|yaml}, its table view, and
 * the one line {@code render}, {@code serve} and {@code route} write on stderr for each problem. The dag module only
 * records statuses; this is the one place that knows how they look.
 *
 * <pre>{@code
 * out.print(StatusView.table(result.status().statuses()));
 * result.status().problems().forEach(s -> err.println(StatusView.describe(s)));
 * }</pre>
 */
final class StatusView {

    private StatusView() {
    }

    /** The JSON shape CONTRACT.md gives, one entry per object in kind/namespace/name order. */
    static ArrayNode tree(List<? extends Status> statuses) {
        ArrayNode arr = ProtoText.JSON.createArrayNode();
        for (Status s : statuses) {
            ObjectNode o = arr.addObject();
            o.put("kind", s.ref().kind().kindName());
            o.put("namespace", s.ref().namespace());
            o.put("name", s.ref().name());
            o.put("status", s.currentStatus());
            o.put("description", s.description());
            switch (Status.Shape.of(s.ref().kind())) {
                case OBJECT -> validConditions(o.putArray("conditions"), ((ObjectStatus) s).conditions());
                case GATEWAY_CLASS -> conditions(o.putArray("conditions"), ((GatewayClassStatus) s).conditions());
                case GATEWAY -> gateway(o, (GatewayStatus) s);
                case ROUTE -> {
                    o.putArray("conditions");
                    ArrayNode parents = o.putArray("parents");
                    for (RouteParentStatus p : ((RouteStatus) s).parents()) {
                        ObjectNode pn = parents.addObject();
                        parentRef(pn.putObject("parentRef"), p.parentRef());
                        pn.put("controllerName", p.controllerName());
                        conditions(pn.putArray("conditions"), p.conditions());
                    }
                }
                case POLICY -> {
                    o.putArray("conditions");
                    ArrayNode ancestors = o.putArray("ancestors");
                    for (PolicyAncestorStatus a : ((PolicyStatus) s).ancestors()) {
                        ObjectNode an = ancestors.addObject();
                        parentRef(an.putObject("ancestorRef"), a.ancestorRef());
                        an.put("controllerName", a.controllerName());
                        conditions(an.putArray("conditions"), a.conditions());
                    }
                }
            }
        }
        return arr;
    }

    /** Upstream's {@code DetailedCondition}s without their times: what {@code contour status} prints and serve writes. */
    static void validConditions(ArrayNode conds, List<Condition> conditions) {
        for (Condition c : conditions) {
            ObjectNode cn = conds.addObject();
            cn.put("type", c.type());
            cn.put("status", c.status());
            cn.put("reason", c.reason());
            cn.put("message", c.message());
            if (!c.errors().isEmpty()) {
                sub(cn.putArray("errors"), c.errors());
            }
            if (!c.warnings().isEmpty()) {
                sub(cn.putArray("warnings"), c.warnings());
            }
        }
    }

    private static void sub(ArrayNode arr, List<SubCondition> subs) {
        for (SubCondition sc : subs) {
            ObjectNode e = arr.addObject();
            e.put("type", sc.type());
            e.put("reason", sc.reason());
            e.put("message", sc.message());
        }
    }

    private static void conditions(ArrayNode arr, List<StatusCondition> conditions) {
        for (StatusCondition c : conditions) {
            ObjectNode cn = arr.addObject();
            cn.put("type", c.type());
            cn.put("status", c.status());
            cn.put("reason", c.reason());
            cn.put("message", c.message());
            cn.put("observedGeneration", c.observedGeneration());
        }
    }

    /** Gateway API ({@code metav1.Condition}) conditions as the API writes them, without times. */
    static ArrayNode metaConditions(List<StatusCondition> conditions) {
        ArrayNode arr = ProtoText.JSON.createArrayNode();
        conditions(arr, conditions);
        return arr;
    }

    private static void gateway(ObjectNode o, GatewayStatus g) {
        conditions(o.putArray("conditions"), g.conditions());
        o.set("listeners", listeners(g.listeners()));
        if (!g.addresses().isEmpty()) {
            ArrayNode addresses = o.putArray("addresses");
            g.addresses().forEach(a -> addresses.addObject().put("type", a.type()).put("value", a.value()));
        }
    }

    /** A Gateway's {@code status.listeners}, as the API writes them, without times. */
    static ArrayNode listeners(List<ListenerStatus> statuses) {
        ArrayNode listeners = ProtoText.JSON.createArrayNode();
        for (ListenerStatus l : statuses) {
            ObjectNode ln = listeners.addObject();
            ln.put("name", l.name());
            ArrayNode kinds = ln.putArray("supportedKinds");
            for (Kind k : l.supportedKinds()) {
                kinds.addObject().put("group", k.group()).put("kind", k.kindName());
            }
            ln.put("attachedRoutes", l.attachedRoutes());
            conditions(ln.putArray("conditions"), l.conditions());
        }
        return listeners;
    }

    /** The parentRef as the route wrote it (a policy's ancestorRef is one): optional fields only when set. */
    private static void parentRef(ObjectNode n, ParentRef p) {
        n.put("group", p.group());
        n.put("kind", p.kind());
        if (!p.namespace().isEmpty()) {
            n.put("namespace", p.namespace());
        }
        n.put("name", p.name());
        if (!p.sectionName().isEmpty()) {
            n.put("sectionName", p.sectionName());
        }
        if (p.port() != 0) {
            n.put("port", p.port());
        }
    }

    /**
     * Like {@code kubectl get}: the HTTPProxy/Ingress/ExtensionService table first (NAME becomes kind/name when
     * several kinds are listed, as kubectl does), then one table per Gateway API kind, GatewayClass, Gateway, the
     * route kinds and BackendTLSPolicy, each after a blank line, with NAME as kind/name.
     */
    static String table(List<? extends Status> statuses) {
        List<ObjectStatus> objects = new ArrayList<>();
        Map<Kind, List<Status>> others = new LinkedHashMap<>();
        others.put(Kind.GATEWAY_CLASS, new ArrayList<>());
        others.put(Kind.GATEWAY, new ArrayList<>());
        for (Status s : statuses) {
            switch (Status.Shape.of(s.ref().kind())) {
                case OBJECT -> objects.add((ObjectStatus) s);
                case GATEWAY_CLASS, GATEWAY, ROUTE, POLICY -> others.computeIfAbsent(s.ref().kind(), k -> new ArrayList<>()).add(s);
            }
        }
        StringBuilder b = new StringBuilder();
        if (!objects.isEmpty() || statuses.isEmpty()) {
            b.append(objectTable(objects));
        }
        for (Map.Entry<Kind, List<Status>> e : others.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(columns(kindTable(e.getKey(), e.getValue())));
        }
        return b.toString();
    }

    private static String objectTable(List<ObjectStatus> statuses) {
        boolean manyKinds = statuses.stream().map(s -> s.ref().kind()).distinct().count() > 1;
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAMESPACE", "NAME", "FQDN", "TLS SECRET", "STATUS", "STATUS DESCRIPTION"});
        for (ObjectStatus s : statuses) {
            String name = manyKinds ? kindSlashName(s) : s.ref().name();
            rows.add(new String[] {s.ref().namespace(), name, s.fqdn(), s.tlsSecret(), s.currentStatus(), s.description()});
        }
        String table = columns(rows);
        return statuses.isEmpty() ? table + "(no HTTPProxy or Ingress objects)\n" : table;
    }

    private static List<String[]> kindTable(Kind kind, List<Status> statuses) {
        List<String[]> rows = new ArrayList<>();
        switch (Status.Shape.of(kind)) {
            case GATEWAY_CLASS -> {
                rows.add(new String[] {"NAME", "ACCEPTED", "STATUS", "STATUS DESCRIPTION"});
                for (Status s : statuses) {
                    GatewayClassStatus c = (GatewayClassStatus) s;
                    rows.add(new String[] {kindSlashName(s), conditionStatus(c.conditions(), StatusCondition.ACCEPTED),
                        s.currentStatus(), s.description()});
                }
            }
            case GATEWAY -> {
                rows.add(new String[] {"NAMESPACE", "NAME", "CLASS", "ADDRESS", "PROGRAMMED", "STATUS", "STATUS DESCRIPTION"});
                for (Status s : statuses) {
                    GatewayStatus g = (GatewayStatus) s;
                    String address = g.addresses().isEmpty() ? "" : g.addresses().get(0).value();
                    rows.add(new String[] {s.ref().namespace(), kindSlashName(s), g.gatewayClassName(), address,
                        conditionStatus(g.conditions(), StatusCondition.PROGRAMMED), s.currentStatus(), s.description()});
                }
            }
            case ROUTE -> {
                rows.add(new String[] {"NAMESPACE", "NAME", "PARENTS", "ACCEPTED", "STATUS", "STATUS DESCRIPTION"});
                for (Status s : statuses) {
                    List<RouteParentStatus> parents = ((RouteStatus) s).parents();
                    long accepted = parents.stream()
                            .filter(p -> conditionStatus(p.conditions(), StatusCondition.ACCEPTED).equals(StatusCondition.TRUE))
                            .count();
                    String names = parents.stream().map(p -> parentText(p.parentRef())).collect(Collectors.joining(","));
                    rows.add(new String[] {s.ref().namespace(), kindSlashName(s), names, accepted + "/" + parents.size(),
                        s.currentStatus(), s.description()});
                }
            }
            case POLICY -> {
                rows.add(new String[] {"NAMESPACE", "NAME", "ANCESTORS", "ACCEPTED", "STATUS", "STATUS DESCRIPTION"});
                for (Status s : statuses) {
                    List<PolicyAncestorStatus> ancestors = ((PolicyStatus) s).ancestors();
                    long accepted = ancestors.stream().filter(a -> !a.isProblem()).count();
                    String names = ancestors.stream().map(a -> parentText(a.ancestorRef())).collect(Collectors.joining(","));
                    rows.add(new String[] {s.ref().namespace(), kindSlashName(s), names, accepted + "/" + ancestors.size(),
                        s.currentStatus(), s.description()});
                }
            }
            case OBJECT -> throw new IllegalArgumentException(kind.kindName() + " is listed in the HTTPProxy table");
        }
        return rows;
    }

    private static String kindSlashName(Status s) {
        return s.ref().kind().kindName().toLowerCase(Locale.ROOT) + "/" + s.ref().name();
    }

    private static String conditionStatus(List<StatusCondition> conditions, String type) {
        return StatusCondition.find(conditions, type).map(StatusCondition::status).orElse("");
    }

    /** {@code [Kind ]namespace/name[/sectionName][:port]}, the kind left out for a Gateway. */
    static String parentText(ParentRef p) {
        String kind = p.kind().equals(ParentRef.GATEWAY_KIND) && p.group().equals(ParentRef.GATEWAY_GROUP) ? "" : p.kind() + " ";
        return kind + (p.namespace().isEmpty() ? "" : p.namespace() + "/") + p.name()
                + (p.sectionName().isEmpty() ? "" : "/" + p.sectionName()) + (p.port() == 0 ? "" : ":" + p.port());
    }

    /** Rows padded to the widest cell of each column plus three spaces, trailing blanks stripped. */
    private static String columns(List<String[]> rows) {
        int n = rows.get(0).length;
        int[] width = new int[n];
        for (String[] r : rows) {
            for (int i = 0; i < n; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n; i++) {
                line.append(r[i]);
                if (i < n - 1) {
                    line.append(" ".repeat(width[i] - r[i].length() + 3));
                }
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }

    /**
     * The line {@code render}, {@code serve} and {@code route} print for a problem: {@code KIND NS/NAME: status} and
     * what went wrong (the errors of an HTTPProxy's Valid condition; the failing conditions of the other shapes).
     */
    static String describe(Status s) {
        String details = switch (Status.Shape.of(s.ref().kind())) {
            case OBJECT -> ((ObjectStatus) s).conditions().stream()
                    .flatMap(c -> c.errors().stream())
                    .map(SubCondition::message)
                    .collect(Collectors.joining("; "));
            case GATEWAY_CLASS -> failing(((GatewayClassStatus) s).conditions(), StatusCondition.ACCEPTED);
            case GATEWAY -> gatewayDetails((GatewayStatus) s);
            case ROUTE -> ((RouteStatus) s).parents().stream()
                    .filter(RouteParentStatus::isProblem)
                    .map(p -> "parent " + parentText(p.parentRef()) + ": " + p.conditions().stream()
                            .filter(c -> c.type().equals(StatusCondition.ACCEPTED) ? !c.isTrue()
                                    : c.type().equals(StatusCondition.RESOLVED_REFS) && c.isFalse())
                            .map(StatusView::text).collect(Collectors.joining(", ")))
                    .collect(Collectors.joining("; "));
            case POLICY -> ((PolicyStatus) s).ancestors().stream()
                    .filter(PolicyAncestorStatus::isProblem)
                    .map(a -> "ancestor " + parentText(a.ancestorRef()) + ": " + failing(a.conditions(), StatusCondition.ACCEPTED))
                    .collect(Collectors.joining("; "));
        };
        if (details.isEmpty() && s instanceof ObjectStatus o && o.conditions().isEmpty()) {
            // IngressRoute's status has no conditions: its description is the reason.
            details = s.description();
        }
        // Messages quote what the input wrote (header names, paths, hosts): one status, one line.
        return Problem.oneLine(s.ref() + ": " + s.currentStatus() + (details.isEmpty() ? "" : ": " + details));
    }

    private static String gatewayDetails(GatewayStatus g) {
        List<String> parts = new ArrayList<>();
        String own = failing(g.conditions(), StatusCondition.ACCEPTED, StatusCondition.PROGRAMMED);
        if (!own.isEmpty()) {
            parts.add(own);
        }
        for (ListenerStatus l : g.listeners()) {
            if (l.isNotProgrammed()) {
                parts.add("listener " + l.name() + ": " + failing(l.conditions(), StatusCondition.PROGRAMMED));
            }
        }
        return String.join("; ", parts);
    }

    /** The conditions of {@code types} that are not True, as {@code Type=Status Reason: message}, joined by ", ". */
    private static String failing(List<StatusCondition> conditions, String... types) {
        List<String> out = new ArrayList<>();
        for (String t : types) {
            StatusCondition.find(conditions, t).filter(c -> !c.isTrue()).ifPresent(c -> out.add(text(c)));
        }
        return String.join(", ", out);
    }

    private static String text(StatusCondition c) {
        return c.type() + "=" + c.status() + " " + c.reason() + (c.message().isEmpty() ? "" : ": " + c.message());
    }
}
