package io.contourcore.xds.validate;

import com.google.protobuf.AnyProto;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.WrappersProto;
import io.envoyproxy.pgv.validate.Validate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Message types made at test time whose fields carry any PGV rule, for the rule families Envoy's own API does not
 * use (email, uuid, timestamps, ...). They go through the same descriptor-driven validator as Envoy's types.
 */
final class Synthetic {

    private static final AtomicInteger FILES = new AtomicInteger();

    private Synthetic() {}

    static FieldDescriptorProto.Builder field(String name, int number, Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type).setLabel(Label.LABEL_OPTIONAL);
    }

    static FieldDescriptorProto.Builder field(String name, int number, Type type, Validate.FieldRules.Builder rules) {
        return field(name, number, type).setOptions(FieldOptions.newBuilder().setExtension(Validate.rules, rules.build()));
    }

    static FieldDescriptorProto.Builder message(String name, int number, String typeName, Validate.FieldRules.Builder rules) {
        FieldDescriptorProto.Builder f = field(name, number, Type.TYPE_MESSAGE).setTypeName(typeName);
        return rules == null ? f : f.setOptions(FieldOptions.newBuilder().setExtension(Validate.rules, rules.build()));
    }

    static Validate.FieldRules.Builder rules() {
        return Validate.FieldRules.newBuilder();
    }

    /** A message type {@code synthetic.Case} with the given fields, an enum {@code Color} and a nested {@code Inner}. */
    static Descriptor type(MessageOptions options, List<OneofDescriptorProto> oneofs, FieldDescriptorProto.Builder... fields) {
        DescriptorProto.Builder m = DescriptorProto.newBuilder().setName("Case");
        if (options != null) {
            m.setOptions(options);
        }
        oneofs.forEach(m::addOneofDecl);
        for (FieldDescriptorProto.Builder f : fields) {
            m.addField(f);
        }
        m.addNestedType(DescriptorProto.newBuilder().setName("Inner")
                .addField(field("name", 1, Type.TYPE_STRING, rules().setString(Validate.StringRules.newBuilder().setMinLen(1)))));
        m.addNestedType(DescriptorProto.newBuilder().setName("LabelsEntry")
                .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                .addField(field("key", 1, Type.TYPE_STRING))
                .addField(field("value", 2, Type.TYPE_STRING)));
        m.addNestedType(DescriptorProto.newBuilder().setName("ItemsEntry")
                .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                .addField(field("key", 1, Type.TYPE_INT64))
                .addField(field("value", 2, Type.TYPE_MESSAGE).setTypeName(".synthetic.Case.Inner")));
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("synthetic_" + FILES.incrementAndGet() + ".proto")
                .setPackage("synthetic")
                .setSyntax("proto3")
                .addDependency("validate/validate.proto")
                .addDependency("google/protobuf/any.proto")
                .addDependency("google/protobuf/wrappers.proto")
                .addDependency("google/protobuf/duration.proto")
                .addDependency("google/protobuf/timestamp.proto")
                .addEnumType(EnumDescriptorProto.newBuilder().setName("Color")
                        .addValue(EnumValueDescriptorProto.newBuilder().setName("COLOR_UNSPECIFIED").setNumber(0))
                        .addValue(EnumValueDescriptorProto.newBuilder().setName("RED").setNumber(1))
                        .addValue(EnumValueDescriptorProto.newBuilder().setName("GREEN").setNumber(2)))
                .addMessageType(m)
                .build();
        try {
            FileDescriptor fd = FileDescriptor.buildFrom(file, new FileDescriptor[] {
                Validate.getDescriptor(), AnyProto.getDescriptor(), WrappersProto.getDescriptor(),
                DurationProto.getDescriptor(), TimestampProto.getDescriptor()});
            return fd.findMessageTypeByName("Case");
        } catch (DescriptorValidationException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Descriptor type(FieldDescriptorProto.Builder... fields) {
        return type(null, List.of(), fields);
    }

    static OneofDescriptorProto requiredOneof(String name) {
        return OneofDescriptorProto.newBuilder().setName(name)
                .setOptions(OneofOptions.newBuilder().setExtension(Validate.required, true)).build();
    }

    /** A {@code Case} whose field {@code name} is set to {@code value} (a list for repeated fields). */
    static DynamicMessage with(Descriptor d, String name, Object value) {
        return DynamicMessage.newBuilder(d).setField(d.findFieldByName(name), value).build();
    }

    static DynamicMessage empty(Descriptor d) {
        return DynamicMessage.getDefaultInstance(d);
    }
}
