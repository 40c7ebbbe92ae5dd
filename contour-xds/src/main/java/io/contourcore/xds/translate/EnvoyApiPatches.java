package io.contourcore.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Struct;
import com.google.protobuf.StructProto;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.LuaProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Envoy API fields newer than the pinned {@code io.envoyproxy.controlplane:api} jar that upstream Contour sends.
 * Today one: {@code LuaPerRoute.filter_context} (field 4, a Struct), which carries the cookie-rewrite rules. The
 * jar's {@code lua.proto} descriptor is rebuilt with that field added, so messages built here serialize the field
 * for Envoy, and the printer, which registers these descriptors ahead of the jar's, prints and parses them like any
 * other. It lives with the translation that builds such messages; printing depends on it, never the reverse.
 *
 * <pre>{@code
 * Any perRoute = EnvoyApiPatches.luaPerRoute("cookie_rewrite.lua", filterContext);
 * }</pre>
 */
public final class EnvoyApiPatches {

    private static final String LUA_PER_ROUTE = "envoy.extensions.filters.http.lua.v3.LuaPerRoute";
    private static final FileDescriptor LUA_FILE = patchedLuaFile();

    private EnvoyApiPatches() {}

    /** The patched descriptors by full type name; they replace the jar's when printing and parsing. */
    public static Map<String, Descriptor> descriptors() {
        java.util.Map<String, Descriptor> m = new java.util.LinkedHashMap<>();
        for (Descriptor d : LUA_FILE.getMessageTypes()) {
            m.put(d.getFullName(), d);
        }
        return m;
    }

    /** The patched files, to be registered before the jar's files of the same name. */
    public static List<FileDescriptor> files() {
        return List.of(LUA_FILE);
    }

    /** A {@code LuaPerRoute} naming a source code of the Lua filter, with a filter context. */
    public static Any luaPerRoute(String name, Struct filterContext) {
        Descriptor d = LUA_FILE.findMessageTypeByName("LuaPerRoute");
        DynamicMessage m = DynamicMessage.newBuilder(d)
                .setField(d.findFieldByName("name"), name)
                .setField(d.findFieldByName("filter_context"), filterContext)
                .build();
        return Any.newBuilder().setTypeUrl("type.googleapis.com/" + LUA_PER_ROUTE).setValue(Protos.deterministicBytes(m)).build();
    }

    private static FileDescriptor patchedLuaFile() {
        FileDescriptor original = LuaProto.getDescriptor();
        FileDescriptorProto.Builder fp = original.toProto().toBuilder();
        for (DescriptorProto.Builder msg : fp.getMessageTypeBuilderList()) {
            boolean has = msg.getFieldList().stream().anyMatch(f -> f.getName().equals("filter_context"));
            if (msg.getName().equals("LuaPerRoute") && !has) {
                msg.addField(FieldDescriptorProto.newBuilder()
                        .setName("filter_context")
                        .setNumber(4)
                        .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
                        .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                        .setTypeName(".google.protobuf.Struct")
                        .setJsonName("filterContext"));
            }
        }
        List<FileDescriptor> deps = new ArrayList<>(original.getDependencies());
        String structFile = StructProto.getDescriptor().getName();
        if (!fp.getDependencyList().contains(structFile)) {
            fp.addDependency(structFile);
            deps.add(StructProto.getDescriptor());
        }
        try {
            return FileDescriptor.buildFrom(fp.build(), deps.toArray(new FileDescriptor[0]));
        } catch (DescriptorValidationException e) {
            throw new IllegalStateException("cannot patch lua.proto", e);
        }
    }
}
