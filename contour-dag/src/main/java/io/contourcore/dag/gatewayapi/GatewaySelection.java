package io.contourcore.dag.gatewayapi;

import io.contourcore.dag.status.StatusRecorder;
import io.contourcore.model.Gateway;
import io.contourcore.model.GatewayApi;
import io.contourcore.model.GatewayClass;
import io.contourcore.model.HTTPRoute;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which Gateway this build programs, and what in the input is not ours. Upstream's {@code contour serve} programs
 * the one Gateway its {@code gateway.gatewayRef} names; here that ref (from {@code contour.yaml} or
 * {@code --gateway}) wins, and without it the only Gateway in the input is used. Several Gateways and none named is
 * an error the caller reports as bad usage. The Gateway's GatewayClass must be in the input, carry the configured
 * controller name and be the oldest class that does (upstream's {@code OlderGatewayClassExists}); otherwise nothing
 * of the Gateway API is programmed and the Gateway says why.
 *
 * <p>Every Gateway API object that is left out gets one {@link #notOurs()} line: other Gateways, classes of other
 * controllers, routes whose parentRefs name none of our Gateway. A pure function of the objects and settings.
 *
 * <pre>{@code
 * GatewaySelection s = GatewaySelection.select(resources, config);
 * if (s.error() != null) { usage error }
 * s.gateway().map(Gateway::name);  // the Gateway to program, if any
 * s.notOurs();                     // "FILE:LINE:COL: Gateway other/gw: not ours: ..." lines
 * }</pre>
 *
 * @param gateway the Gateway to program, empty when there is none (or it cannot be programmed)
 * @param gatewayClass its GatewayClass, empty with it
 * @param acceptedClasses the classes of our controller that are accepted (at most one) and refused, for their status
 * @param error why no Gateway could be chosen (several and none named), else null
 * @param notOurs one line per Gateway API object left out
 */
public record GatewaySelection(Optional<Gateway> gateway, Optional<GatewayClass> gatewayClass,
                               List<ClassVerdict> acceptedClasses, String error, List<Problem> notOurs) {

    /** A GatewayClass of our controller and whether it is accepted. */
    public record ClassVerdict(GatewayClass gatewayClass, boolean accepted) {}

    public static final String NOT_OURS = "not ours: ";

    public GatewaySelection {
        acceptedClasses = List.copyOf(acceptedClasses);
        notOurs = List.copyOf(notOurs);
        if (gateway.isPresent() != gatewayClass.isPresent()) {
            throw new IllegalArgumentException("a Gateway comes with its GatewayClass");
        }
    }

    /** Chooses the Gateway for {@code resources} under {@code config} (see the class comment). */
    public static GatewaySelection select(ResourceSet resources, ContourConfig config) {
        List<Gateway> gateways = new ArrayList<>(resources.all(Kind.GATEWAY, Gateway.class));
        gateways.sort(Comparator.comparing(Gateway::ref));
        List<GatewayClass> classes = new ArrayList<>(resources.all(Kind.GATEWAY_CLASS, GatewayClass.class));
        classes.sort(Comparator.comparing(GatewayClass::metadata, ObjectMeta.OLDEST_FIRST).thenComparing(GatewayClass::ref));
        String controller = config.gateway().controllerName();
        List<Problem> notOurs = new ArrayList<>();

        // Upstream accepts the oldest class of its controller: by creationTimestamp where the input has it, then by
        // name, which alone orders classes exported without one.
        List<ClassVerdict> verdicts = new ArrayList<>();
        GatewayClass accepted = null;
        for (GatewayClass c : classes) {
            if (c.controllerName().equals(controller)) {
                verdicts.add(new ClassVerdict(c, accepted == null));
                if (accepted == null) {
                    accepted = c;
                }
            } else {
                notOurs.add(line(c, "its controllerName " + quote(c.controllerName()) + " is not " + quote(controller)));
            }
        }

        ContourConfig.NamespacedName ref = config.gateway().gatewayRef();
        Gateway chosen = null;
        String why = null;
        if (ref.isSet()) {
            for (Gateway g : gateways) {
                if (g.namespace().equals(ref.namespace()) && g.name().equals(ref.name())) {
                    chosen = g;
                }
            }
            why = "the configured Gateway is " + ref.namespace() + "/" + ref.name();
        } else if (gateways.size() == 1) {
            chosen = gateways.get(0);
        } else if (gateways.size() > 1) {
            String names = String.join(", ", gateways.stream().map(g -> g.namespace() + "/" + g.name()).toList());
            return new GatewaySelection(Optional.empty(), Optional.empty(), verdicts,
                    "the input holds " + gateways.size() + " Gateways (" + names + ") and none is named: "
                            + "name one with --gateway NS/NAME or gateway.gatewayRef in the configuration file",
                    List.of());
        }

        GatewayClass chosenClass = null;
        Gateway refused = null;
        if (chosen != null) {
            String className = chosen.gatewayClassName();
            Optional<GatewayClass> cls = classes.stream().filter(c -> c.name().equals(className)).findFirst();
            String refusal = null;
            if (cls.isEmpty()) {
                refusal = "its GatewayClass " + quote(className) + " is not in the input";
            } else if (!cls.get().controllerName().equals(controller)) {
                refusal = "its GatewayClass " + quote(className) + " belongs to controller " + quote(cls.get().controllerName());
            } else if (cls.get() != accepted) {
                refusal = "its GatewayClass " + quote(className) + " is not accepted: "
                        + StatusRecorder.OLDER_GATEWAY_CLASS_EXISTS_MESSAGE;
            } else {
                chosenClass = cls.get();
            }
            if (refusal != null) {
                notOurs.add(line(chosen, refusal));
                refused = chosen;
                chosen = null;
            }
        }
        for (Gateway g : gateways) {
            if (g != chosen && g != refused) {
                notOurs.add(line(g, why != null ? why : chosen == null ? "no Gateway is programmed"
                        : "the Gateway programmed is " + describe(chosen)));
            }
        }
        Gateway ours = chosen;
        for (HTTPRoute r : resources.all(Kind.HTTP_ROUTE, HTTPRoute.class)) {
            if (ours == null || r.parentRefs().stream().noneMatch(p -> isRefTo(p, ours))) {
                notOurs.add(line(r, ours == null ? "no Gateway is programmed"
                        : "no parentRef names Gateway " + describe(ours)));
            }
        }
        // In input order, as the loader's own warnings are.
        notOurs.sort(Comparator.comparing((Problem p) -> p.location().file()).thenComparingInt(p -> p.location().line())
                .thenComparingInt(p -> p.location().column()).thenComparing(Problem::object));
        return new GatewaySelection(Optional.ofNullable(chosenClass == null ? null : chosen), Optional.ofNullable(chosenClass),
                verdicts, null, notOurs);
    }

    /**
     * Upstream's {@code IsRefToGateway}: the parentRef names {@code gateway}: group and kind absent or Gateway's,
     * namespace absent or the Gateway's, and the Gateway's name. Upstream does not read an absent namespace as the
     * route's (as the API defines it), so neither does this: such a route is then refused by a listener's
     * {@code allowedRoutes}, not ignored.
     */
    public static boolean isRefTo(GatewayApi.ParentRef p, Gateway gateway) {
        if (!p.group().isEmpty() && !p.group().equals(GatewayApi.GROUP)) {
            return false;
        }
        if (!p.kind().isEmpty() && !p.kind().equals("Gateway")) {
            return false;
        }
        if (!p.namespace().isEmpty() && !p.namespace().equals(gateway.namespace())) {
            return false;
        }
        return p.name().equals(gateway.name());
    }

    private static String describe(Gateway g) {
        return g == null ? "none" : g.namespace() + "/" + g.name();
    }

    private static Problem line(io.contourcore.model.K8sObject o, String why) {
        return new Problem(o.metadata().location(), o.ref().toString(), NOT_OURS + why);
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
