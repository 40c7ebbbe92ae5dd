package io.contourcore.xds.translate;

import io.contourcore.dag.Dag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * "First one wins" by name over a route walk ({@link RouteClusters#segments()}), kept from one walk to the next:
 * the cluster and endpoint translators' pass over every route's clusters, made proportional to the change. Each
 * segment (one virtual host's clusters, or a TCP proxy's) is summed up once per instance as its own first cluster
 * of each name; the winner of a name is the first segment's. When a walk has the segments of the last one but a
 * few (compared by identity, position by position), only the names those few held or hold are looked up again,
 * segment by segment; every other name is in exactly the segments it was in, so its winner stands. Else all
 * segments are folded again. Either way the winners equal a fold over the whole walk. One per translator: not
 * thread-safe.
 *
 * <pre>{@code
 * FirstWins byName = new FirstWins(EnvoyNames::clusterName);
 * byName.update(walked.segments());   // name -> first cluster of that name, sorted by name
 * byName.update(next.segments());     // the same for the next walk, mostly from the last
 * }</pre>
 */
final class FirstWins {

    /** The name a cluster counts under, or null when it does not count. */
    private final Function<Dag.Cluster, String> name;
    private List<List<Dag.Cluster>> segments = List.of();
    private List<Map<String, Dag.Cluster>> summaries = List.of();
    private IdentityHashMap<List<Dag.Cluster>, Map<String, Dag.Cluster>> bySegment = new IdentityHashMap<>();
    private final TreeMap<String, Dag.Cluster> winners = new TreeMap<>();
    private Set<String> changedNames = Set.of();

    FirstWins(Function<Dag.Cluster, String> name) {
        this.name = name;
    }

    /**
     * The first cluster of each name in the walk of {@code next}, by name; a view the next update changes (read it
     * before that).
     */
    SortedMap<String, Dag.Cluster> update(List<List<Dag.Cluster>> next) {
        IdentityHashMap<List<Dag.Cluster>, Map<String, Dag.Cluster>> nextBySegment = new IdentityHashMap<>(next.size());
        List<Map<String, Dag.Cluster>> nextSummaries = new ArrayList<>(next.size());
        for (List<Dag.Cluster> s : next) {
            Map<String, Dag.Cluster> sum = nextBySegment.get(s);
            if (sum == null) {
                sum = bySegment.get(s);
                if (sum == null) {
                    sum = summary(s);
                }
                nextBySegment.put(s, sum);
            }
            nextSummaries.add(sum);
        }
        List<Map<String, Dag.Cluster>> lastSummaries = summaries;
        boolean sameShape = next.size() == segments.size();
        Set<String> touched = new HashSet<>();
        if (sameShape) {
            for (int i = 0; i < next.size(); i++) {
                if (nextSummaries.get(i) != lastSummaries.get(i)) {
                    touched.addAll(lastSummaries.get(i).keySet());
                    touched.addAll(nextSummaries.get(i).keySet());
                }
            }
        }
        segments = next;
        summaries = nextSummaries;
        bySegment = nextBySegment;
        // Looking a name up costs one probe per segment; past a whole fold's worth, fold.
        if (!sameShape || (long) touched.size() * next.size() > winners.size() + next.size()) {
            TreeMap<String, Dag.Cluster> all = new TreeMap<>();
            for (Map<String, Dag.Cluster> sum : nextSummaries) {
                for (Map.Entry<String, Dag.Cluster> e : sum.entrySet()) {
                    all.putIfAbsent(e.getKey(), e.getValue());
                }
            }
            changedNames = new HashSet<>();
            for (Map.Entry<String, Dag.Cluster> e : all.entrySet()) {
                if (winners.get(e.getKey()) != e.getValue()) { // a name winners lacks gives null
                    changedNames.add(e.getKey());
                }
            }
            for (String n : winners.keySet()) {
                if (!all.containsKey(n)) {
                    changedNames.add(n);
                }
            }
            winners.clear();
            winners.putAll(all);
            return java.util.Collections.unmodifiableSortedMap(winners);
        }
        lookups++;
        changedNames = new HashSet<>();
        for (String n : touched) {
            Dag.Cluster first = null;
            for (Map<String, Dag.Cluster> sum : nextSummaries) {
                first = sum.get(n);
                if (first != null) {
                    break;
                }
            }
            Dag.Cluster was = first == null ? winners.remove(n) : winners.put(n, first);
            if (was != first) {
                changedNames.add(n);
            }
        }
        return java.util.Collections.unmodifiableSortedMap(winners);
    }

    /** How many updates looked up only the names of the pieces that changed (for tests). */
    int lookups() {
        return lookups;
    }

    private int lookups;

    /** Whether the last update changed any name or winner (by identity). */
    boolean changed() {
        return !changedNames.isEmpty();
    }

    /** The names whose winner the last update added, removed or replaced (by identity). */
    Set<String> changedNames() {
        return java.util.Collections.unmodifiableSet(changedNames);
    }

    private Map<String, Dag.Cluster> summary(List<Dag.Cluster> segment) {
        Map<String, Dag.Cluster> own = new LinkedHashMap<>();
        Dag.Cluster previous = null;
        for (Dag.Cluster c : segment) {
            if (c == previous) {
                continue; // a route's clusters often repeat the one before: first wins, so nothing to do
            }
            previous = c;
            String n = name.apply(c);
            if (n != null) {
                own.putIfAbsent(n, c);
            }
        }
        return own;
    }
}
