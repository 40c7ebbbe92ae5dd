package io.contourcore.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import io.contourcore.xds.render.ProtoTypes;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class EnvoyTypesTest {

    @Test
    void everyTypeTheQuickstartTranslatesToIsInAFileThatInitializeBuilds() throws Exception {
        Set<String> built = new HashSet<>();
        Deque<FileDescriptor> files = new ArrayDeque<>();
        for (Descriptor d : EnvoyTypes.initialize()) {
            files.add(d.getFile());
        }
        while (!files.isEmpty()) {
            FileDescriptor f = files.pop();
            if (built.add(f.getName())) {
                files.addAll(f.getDependencies());
            }
        }

        LoadResult loaded = ManifestLoader.read(List.of(root().resolve("testdata/examples/quickstart.yaml").toString()),
                false, "default", System.in);
        XdsResources xds = Engine.run(loaded.resources(), ContourConfig.DEFAULTS).xds();
        Set<String> used = new TreeSet<>();
        for (List<? extends Message> resources : List.of(xds.listeners(), xds.routes(), xds.clusters(), xds.endpoints(),
                xds.secrets())) {
            for (Message m : resources) {
                files(m, used);
            }
        }

        assertThat(used).as("the quickstart packs a TLS listener, Lua and ext_authz per route").contains(
                "envoy/extensions/transport_sockets/tls/v3/tls.proto",
                "envoy/extensions/filters/http/lua/v3/lua.proto",
                "envoy/extensions/filters/http/ext_authz/v3/ext_authz.proto");
        assertThat(built).containsAll(used);
    }

    /** The files of {@code m}'s type and of every message inside it, the contents of each {@code Any} included. */
    private static void files(Message m, Set<String> into) throws InvalidProtocolBufferException {
        into.add(m.getDescriptorForType().getFile().getName());
        if (m.getDescriptorForType().getFullName().equals(Any.getDescriptor().getFullName())) {
            Any any = m instanceof Any a ? a : Any.parseFrom(m.toByteString());
            Descriptor packed = ProtoTypes.descriptor(ProtoTypes.typeName(any.getTypeUrl())).orElseThrow();
            files(DynamicMessage.parseFrom(packed, any.getValue()), into);
            return;
        }
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            if (e.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            for (Object value : e.getKey().isRepeated() ? (List<?>) e.getValue() : List.of(e.getValue())) {
                files((Message) value, into);
            }
        }
    }

    private static Path root() {
        return Path.of(System.getProperty("contour.root", "..")).toAbsolutePath().normalize();
    }
}
