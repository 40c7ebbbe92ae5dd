package io.contourcore.dag;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Records whose equals and hashCode are written out (the generated ones are slow to link in a cold JVM) must still
 * mean what a record's do: equal exactly when every component is. Each case names one value per component and a
 * different one; a component added to the record without a value here fails the case, as its equals needs it too.
 */
class HandWrittenEqualityTest {

    @Test
    void anObjectRefEqualsAnotherExactlyWhenEveryComponentDoes() {
        assertComponentWise(ObjectRef.class, new Object[] {Kind.SERVICE, "ns", "a"},
                new Object[] {Kind.SECRET, "other", "b"});
    }

    @Test
    void circuitBreakersEqualExactlyWhenEveryLimitDoes() {
        assertComponentWise(Dag.CircuitBreakers.class, new Object[] {1L, 2L, 3L, 4L, 5L},
                new Object[] {9L, 9L, 9L, 9L, 9L});
    }

    @Test
    void aPrefixMatchEqualsAnotherExactlyWhenPrefixAndTypeDo() {
        assertComponentWise(Dag.PrefixMatch.class, new Object[] {"/a", Dag.PrefixType.STRING},
                new Object[] {"/b", Dag.PrefixType.SEGMENT});
    }

    @Test
    void aRouteKeyEqualsAnotherExactlyWhenPathHeadersAndQueryParametersDo() {
        assertComponentWise(Dag.RouteKey.class,
                new Object[] {new Dag.PrefixMatch("/", Dag.PrefixType.STRING), List.of(), List.of()},
                new Object[] {new Dag.ExactMatch("/"), List.of(sampled(Dag.HeaderMatch.class)), List.of(sampled(Dag.QueryParamMatch.class))});
        assertThat(new Dag.RouteKey(null, List.of(), List.of())).isEqualTo(new Dag.RouteKey(null, List.of(), List.of()))
                .hasSameHashCodeAs(new Dag.RouteKey(null, List.of(), List.of()));
    }

    /** A record of {@code type} built from one sample value per component. */
    private static <R> R sampled(Class<R> type) {
        Constructor<?> c = canonical(type);
        Object[] args = new Object[c.getParameterCount()];
        for (int i = 0; i < args.length; i++) {
            args[i] = sample(c.getParameterTypes()[i]);
        }
        return type.cast(construct(c, args));
    }

    private static Object sample(Class<?> type) {
        if (type == String.class) {
            return "x";
        }
        if (type == boolean.class) {
            return false;
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        throw new IllegalArgumentException("no sample value for " + type);
    }

    private static void assertComponentWise(Class<? extends Record> type, Object[] base, Object[] other) {
        RecordComponent[] components = type.getRecordComponents();
        assertThat(base).as("one value per component of %s", type.getSimpleName()).hasSameSizeAs(components);
        assertThat(other).hasSameSizeAs(components);
        Constructor<?> c = canonical(type);
        Object a = construct(c, base);
        Object b = construct(c, base.clone());
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(null).isNotEqualTo("not a record");
        for (int i = 0; i < components.length; i++) {
            Object[] changed = base.clone();
            changed[i] = other[i];
            assertThat(a).as("%s differing in %s", type.getSimpleName(), components[i].getName())
                    .isNotEqualTo(construct(c, changed));
        }
    }

    private static Constructor<?> canonical(Class<?> type) {
        Class<?>[] params = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            return type.getDeclaredConstructor(params);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private static Object construct(Constructor<?> c, Object[] args) {
        try {
            return c.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
