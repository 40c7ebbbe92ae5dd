package io.contourcore.dag.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The conditions of one Gateway API status part under construction: at most one per type, kept in the order each
 * type was first recorded.
 */
final class ConditionList {

    private final long generation;
    private final List<StatusCondition> list = new ArrayList<>();

    ConditionList(long generation) {
        this.generation = generation;
    }

    /**
     * Upstream's route-parent, listener and Gateway {@code AddCondition} (routeconditions.go, gatewaystatus.go): a
     * second condition of a type takes the first one's place with the new status and reason, and its message is the
     * earlier message, ", ", then the new one.
     */
    void add(String type, String status, String reason, String message) {
        int i = indexOf(type);
        if (i < 0) {
            list.add(new StatusCondition(type, status, reason, message, generation));
        } else {
            String joined = list.get(i).message() + ", " + (message == null ? "" : message);
            list.set(i, new StatusCondition(type, status, reason, joined, generation));
        }
    }

    /**
     * Upstream's GatewayClass {@code mergeConditions} (gatewayclassconditions.go): a second condition of a type
     * replaces the first in its place, message included.
     */
    void set(String type, String status, String reason, String message) {
        StatusCondition c = new StatusCondition(type, status, reason, message, generation);
        int i = indexOf(type);
        if (i < 0) {
            list.add(c);
        } else {
            list.set(i, c);
        }
    }

    boolean has(String type) {
        return indexOf(type) >= 0;
    }

    Optional<StatusCondition> get(String type) {
        int i = indexOf(type);
        return i < 0 ? Optional.empty() : Optional.of(list.get(i));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    ConditionList copy() {
        ConditionList c = new ConditionList(generation);
        c.list.addAll(list);
        return c;
    }

    /** Adds a condition only when none of its type was recorded: how upstream fills in every default. */
    void addIfAbsent(String type, String status, String reason, String message) {
        if (!has(type)) {
            list.add(new StatusCondition(type, status, reason, message, generation));
        }
    }

    /** The conditions with those of {@code first} types moved to the front, in that order. */
    List<StatusCondition> ordered(String... first) {
        List<String> front = List.of(first);
        List<StatusCondition> out = new ArrayList<>();
        for (String t : front) {
            get(t).ifPresent(out::add);
        }
        for (StatusCondition c : list) {
            if (!front.contains(c.type())) {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    List<StatusCondition> toList() {
        return List.copyOf(list);
    }

    private int indexOf(String type) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).type().equals(type)) {
                return i;
            }
        }
        return -1;
    }
}
