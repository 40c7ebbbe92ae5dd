package io.contourcore.xds.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.envoyproxy.pgv.validate.Validate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** const, gt, lte, in and not_in on every numeric width, each on the wire encoding of its own type. */
class NumberRulesTest {

    static final List<Object[]> TYPES = List.of(
            new Object[] {"int32", Type.TYPE_INT32}, new Object[] {"int64", Type.TYPE_INT64},
            new Object[] {"uint32", Type.TYPE_UINT32}, new Object[] {"uint64", Type.TYPE_UINT64},
            new Object[] {"sint32", Type.TYPE_SINT32}, new Object[] {"sint64", Type.TYPE_SINT64},
            new Object[] {"fixed32", Type.TYPE_FIXED32}, new Object[] {"fixed64", Type.TYPE_FIXED64},
            new Object[] {"sfixed32", Type.TYPE_SFIXED32}, new Object[] {"sfixed64", Type.TYPE_SFIXED64},
            new Object[] {"float", Type.TYPE_FLOAT}, new Object[] {"double", Type.TYPE_DOUBLE});

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Object[] t : TYPES) {
            String family = (String) t[0];
            Type type = (Type) t[1];
            out.add(Arguments.of(family, type, "const", List.of(4), 3, true));
            out.add(Arguments.of(family, type, "const", List.of(4), 4, false));
            out.add(Arguments.of(family, type, "gt", List.of(5), 5, true));
            out.add(Arguments.of(family, type, "gt", List.of(5), 6, false));
            out.add(Arguments.of(family, type, "lte", List.of(5), 6, true));
            out.add(Arguments.of(family, type, "lte", List.of(5), 5, false));
            out.add(Arguments.of(family, type, "in", List.of(1, 2), 3, true));
            out.add(Arguments.of(family, type, "in", List.of(1, 2), 2, false));
            out.add(Arguments.of(family, type, "not_in", List.of(3), 3, true));
            out.add(Arguments.of(family, type, "not_in", List.of(3), 4, false));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}.{2} {3} on {4}: broken={5}")
    @MethodSource("cases")
    void aNumericRuleHoldsOrBreaksOnItsOwnWidth(String family, Type type, String rule, List<Integer> bounds, int value, boolean broken) {
        FieldDescriptor familyField = Validate.FieldRules.getDescriptor().findFieldByName(family);
        Message.Builder rules = Validate.FieldRules.newBuilder().newBuilderForField(familyField);
        FieldDescriptor ruleField = rules.getDescriptorForType().findFieldByName(rule);
        for (int b : bounds) {
            if (ruleField.isRepeated()) {
                rules.addRepeatedField(ruleField, typed(ruleField, b));
            } else {
                rules.setField(ruleField, typed(ruleField, b));
            }
        }
        Validate.FieldRules.Builder fieldRules = Validate.FieldRules.newBuilder().setField(familyField, rules.build());
        Descriptor d = Synthetic.type(Synthetic.field("val", 1, type, fieldRules));
        FieldDescriptor val = d.findFieldByName("val");
        List<Violation> found = EnvoyValidator.validate(Synthetic.with(d, "val", typed(val, value)));
        if (broken) {
            assertThat(found).extracting(Violation::rule).containsExactly(family + "." + rule);
        } else {
            assertThat(found).isEmpty();
        }
    }

    private static Object typed(FieldDescriptor f, int v) {
        return switch (f.getJavaType()) {
            case INT -> v;
            case LONG -> (long) v;
            case FLOAT -> (float) v;
            case DOUBLE -> (double) v;
            default -> throw new IllegalArgumentException(f.getFullName());
        };
    }
}
