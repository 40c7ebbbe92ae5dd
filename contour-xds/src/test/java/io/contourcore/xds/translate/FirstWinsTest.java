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

    private static Map<String, Dag.Cluster> fold(List<List<Dag.Cluster>> walk) {
        Map<String, Dag.Cluster> out = new LinkedHashMap<>();
        for (List<Dag.Cluster> s : walk) {
            for (Dag.Cluster c : s) {
                String n = byService(c);
                if (n != null) {
                    out.putIfAbsent(n, c);
                }
            }
        }
        return new TreeMap<>(out);
    }

    @Test
    void aWalkWithSomeSegmentsReplacedGivesTheWinnersOfAWholeFoldBeitSameOrOtherShape() {
        List<Dag.Cluster> pool = pool();
        assertThat(pool.size()).isGreaterThan(3);
        Random random = new Random(15);
        FirstWins wins = new FirstWins(FirstWinsTest::byService);
        List<List<Dag.Cluster>> walk = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            walk.add(segment(random, pool));
        }
        int incremental = 0;
        for (int step = 0; step < 400; step++) {
            Map<String, Dag.Cluster> before = new TreeMap<>(wins.update(List.copyOf(walk)));
            Map<String, Dag.Cluster> expected = fold(walk);
            assertThat(before).as("step %d", step).isEqualTo(expected);
            for (Map.Entry<String, Dag.Cluster> e : expected.entrySet()) {
                assertThat(before.get(e.getKey())).as("step %d: the first instance", step).isSameAs(e.getValue());
            }
            walk = new ArrayList<>(walk);
            switch (random.nextInt(6)) {
                case 0 -> walk.add(random.nextInt(walk.size() + 1), segment(random, pool));
                case 1 -> {
                    if (walk.size() > 1) {
                        walk.remove(random.nextInt(walk.size()));
                    }
                }
                default -> {
                    walk.set(random.nextInt(walk.size()), segment(random, pool));
                    incremental++;
                }
            }
        }
        assertThat(incremental).isGreaterThan(100);
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
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            s.add(pool.get(random.nextInt(pool.size())));
        }
        return List.copyOf(s);
    }
}
