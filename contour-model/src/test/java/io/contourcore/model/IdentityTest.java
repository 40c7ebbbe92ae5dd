package io.contourcore.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class IdentityTest {

    private record Host(String name) {
    }

    private static final Function<Host, String> NAME = Host::name;

    @Test
    void listsOfTheSameInstancesAreTheSameButEqualCopiesAreNot() {
        Host a = new Host("a");
        assertThat(Identity.sameElements(List.of(a), List.of(a))).isTrue();
        assertThat(Identity.sameElements(List.of(a), List.of(new Host("a")))).isFalse();
        assertThat(Identity.sameElements(List.of(a), List.of(a, a))).isFalse();
    }

    @Test
    void aWalkInStepFindsEveryKeptInstanceOfSortedListsAndNoEqualCopy() {
        Host a = new Host("a");
        Host b = new Host("b");
        Host c = new Host("c");
        Host d = new Host("d");
        // b edited (a new instance of an equal name), c removed, e added.
        Host b2 = new Host("b");
        Host e = new Host("e");
        assertThat(Identity.inStep(List.of(a, b, c, d), List.of(a, b2, d, e), NAME)).containsExactly(0, -1, 3, -1);
        assertThat(Identity.inStep(List.of(), List.of(a), NAME)).containsExactly(-1);
        assertThat(Identity.inStep(List.of(a, b), List.of(), NAME)).isEmpty();
    }

    @Test
    void aWalkInStepOverUnsortedListsFindsFewerInstancesButNeverAWrongOne() {
        Host a = new Host("a");
        Host b = new Host("b");
        Host c = new Host("c");
        int[] was = Identity.inStep(List.of(c, a, b), List.of(a, b, c), NAME);
        List<Host> before = List.of(c, a, b);
        List<Host> now = List.of(a, b, c);
        for (int i = 0; i < was.length; i++) {
            if (was[i] >= 0) {
                assertThat(before.get(was[i])).isSameAs(now.get(i));
            }
        }
    }
}
