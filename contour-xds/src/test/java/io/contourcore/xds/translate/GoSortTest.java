package io.contourcore.xds.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GoSortTest {

    /** A key that ties often, and the original position to see stability. */
    private record Item(int key, int position) {}

    @Test
    void aStrictOrderSortsLikeAStableSortForAnyLength() {
        Random random = new Random(11);
        for (int n = 0; n < 200; n += 7) {
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                items.add(new Item(random.nextInt(10), i));
            }
            List<Item> want = new ArrayList<>(items);
            want.sort(Comparator.comparingInt(Item::key));
            assertThat(GoSort.stable(items, (a, b) -> a.key() < b.key())).as("n=%d", n).isEqualTo(want);
        }
    }
}
