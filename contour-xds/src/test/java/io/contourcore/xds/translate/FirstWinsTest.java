package io.contourcore.xds.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.Dag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FirstWinsTest {

    /** Clusters of RichDag, named by their upstream Service only, so that many share a name and order decides. */
    private static List<Dag.Cluster> pool() {
        List<Dag.Cluster> all = new ArrayList<>();
        for (List<Dag.Cluster> s : RouteClusters.of(RichDag.dag(0)).segments()) {
            all.addAll(s);
        }
        return List.copyOf(new java.util.LinkedHashSet<>(all));
    }

    private static String byService(Dag.Cluster c) {
        return c.upstream().name().equals("external") ? null : c.upstream().name();
    }

    /** Many clusters of RichDag's Services: 25 names per Service, each name with several instances. */
    private static List<Dag.Cluster> many() {
        List<Dag.Cluster> out = new ArrayList<>();
        for (Dag.Cluster c : pool()) {
            for (int w = 1; w <= 100; w++) {
                out.add(Dag.Cluster.builder(c.upstream()).weight(w).build());
            }
        }
        return out;
    }

    private static String byWeight(Dag.Cluster c) {
        return c.upstream().name().equals("external") ? null : c.upstream().name() + "/" + c.weight() % 25;
    }

    private static Map<String, Dag.Cluster> fold(List<List<Dag.Cluster>> walk) {
        Map<String, Dag.Cluster> out = new LinkedHashMap<>();
        for (List<Dag.Cluster> s : walk) {
            for (Dag.Cluster c : s) {
                String n = byWeight(c);
                if (n != null) {
                    out.putIfAbsent(n, c);
                }
            }
        }
        return new TreeMap<>(out);
    }

    @Test
    void aWalkWithSomePiecesEditedReplacedAddedOrRemovedGivesTheFirstInstanceOfEachNameAsAWholeFold() {
        List<Dag.Cluster> pool = many();
        Map<String, List<Dag.Cluster>> sameName = new LinkedHashMap<>();
        for (Dag.Cluster c : pool) {
            if (byWeight(c) != null) {
                sameName.computeIfAbsent(byWeight(c), k -> new ArrayList<>()).add(c);
            }
        }
        Random random = new Random(15);
        FirstWins wins = new FirstWins(FirstWinsTest::byWeight);
        List<List<Dag.Cluster>> walk = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            walk.add(segment(random, pool));
        }
        for (int step = 0; step < 400; step++) {
            Map<String, Dag.Cluster> got = new TreeMap<>(wins.update(List.copyOf(walk)));
            Map<String, Dag.Cluster> expected = fold(walk);
            assertThat(got).as("step %d", step).isEqualTo(expected);
            for (Map.Entry<String, Dag.Cluster> e : expected.entrySet()) {
                assertThat(got.get(e.getKey())).as("step %d: the first instance", step).isSameAs(e.getValue());
            }
            walk = new ArrayList<>(walk);
            int at = random.nextInt(walk.size());
            switch (random.nextInt(12)) {
                case 0 -> walk.add(random.nextInt(walk.size() + 1), segment(random, pool));
                case 1 -> {
                    if (walk.size() > 1) {
                        walk.remove(at);
                    }
                }
                case 2 -> walk.set(at, segment(random, pool));
                default -> {
                    // A route edit: other instances of the same names, as a rebuilt part gives.
                    List<Dag.Cluster> edited = new ArrayList<>();
                    for (Dag.Cluster c : walk.get(at)) {
                        List<Dag.Cluster> same = byWeight(c) == null ? List.of(c) : sameName.get(byWeight(c));
                        edited.add(same.get(random.nextInt(same.size())));
                    }
                    walk.set(at, List.copyOf(edited));
                }
            }
        }
        assertThat(wins.lookups()).as("updates that looked up only the changed names").isGreaterThan(100);
    }

    @Test
    void anUpdateToTheSameSegmentsChangesNoWinnerAndAReplacedWinnerIsAChange() {
        List<Dag.Cluster> pool = pool();
        FirstWins wins = new FirstWins(FirstWinsTest::byService);
        List<Dag.Cluster> a = List.of(pool.get(0));
        List<Dag.Cluster> b = List.of(pool.get(1));
        wins.update(List.of(a, b));
        wins.update(List.of(a, b));
        assertThat(wins.changed()).isFalse();
        wins.update(List.of(a, List.of(pool.get(1), pool.get(2))));
        assertThat(wins.changed()).isEqualTo(byService(pool.get(2)) != null
                && !byService(pool.get(2)).equals(byService(pool.get(0)))
                && !byService(pool.get(2)).equals(byService(pool.get(1))));
        wins.update(List.of(List.of(pool.get(0)), List.of(pool.get(1), pool.get(2))));
        assertThat(wins.changed()).as("other list instances of the same clusters").isFalse();
    }

    private static List<Dag.Cluster> segment(Random random, List<Dag.Cluster> pool) {
        List<Dag.Cluster> s = new ArrayList<>();
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            s.add(pool.get(random.nextInt(pool.size())));
        }
        return List.copyOf(s);
    }
}
