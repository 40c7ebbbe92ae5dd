package io.contourcore.xds.render;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.contourcore.xds.translate.EnvoyApiPatches;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the message types that {@code Any} values name, so that {@link JsonFormat} can print and parse them.
 *
 * <pre>{@code
 * JsonFormat.TypeRegistry r = ProtoTypes.registryFor(List.of(listener));   // just what the listener packs
 * JsonFormat.TypeRegistry all = ProtoTypes.fullRegistry();                 // every Envoy, xds and udpa type
 * }</pre>
 *
 * <p>Types the pinned api jar lacks fields of (see {@link EnvoyApiPatches}) resolve to their patched descriptors.
 *
 * <p>Type URLs are mapped to classes by the api jar's naming rule ({@code envoy.x.v3.T} is class
 * {@code io.envoyproxy.envoy.x.v3.T}), so printing our own output never needs the slow full scan.
 */
public final class ProtoTypes {

    private static final List<String> JAVA_PREFIXES = List.of("io.envoyproxy.", "com.github.", "com.", "");
    private static final Map<String, Optional<Descriptor>> BY_NAME = new ConcurrentHashMap<>();
    private static volatile JsonFormat.TypeRegistry full;
    private static final Map<Descriptor, Boolean> REACHES_ANY = new ConcurrentHashMap<>();

    private ProtoTypes() {}

    /** The descriptor for a full proto type name such as {@code envoy.config.listener.v3.Listener}. */
    public static Optional<Descriptor> descriptor(String fullName) {
        return BY_NAME.computeIfAbsent(fullName, ProtoTypes::load);
    }

    /** The type name part of a type URL ({@code type.googleapis.com/a.b.C} gives {@code a.b.C}). */
    public static String typeName(String typeUrl) {
        return typeUrl.substring(typeUrl.lastIndexOf('/') + 1);
    }

    private static Optional<Descriptor> load(String fullName) {
        Descriptor patched = EnvoyApiPatches.descriptors().get(fullName);
        if (patched != null) {
            return Optional.of(patched);
        }
        for (String prefix : JAVA_PREFIXES) {
            try {
                Class<?> c = Class.forName(prefix + fullName, false, ProtoTypes.class.getClassLoader());
                if (Message.class.isAssignableFrom(c)) {
                    return Optional.of((Descriptor) c.getMethod("getDescriptor").invoke(null));
                }
            } catch (ClassNotFoundException e) {
                // try the next naming rule
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read descriptor of " + fullName, e);
            }
        }
        return Optional.empty();
    }

    /** A registry holding every type packed in an {@code Any} anywhere inside {@code messages}. */
    public static JsonFormat.TypeRegistry registryFor(Iterable<? extends Message> messages) {
        Map<String, Descriptor> found = new LinkedHashMap<>();
        // The same packed value recurs in every listener or route (a router filter, an access log): parse it once.
        Set<Any> anySeen = new HashSet<>();
        Deque<Message> todo = new ArrayDeque<>();
        messages.forEach(todo::add);
        while (!todo.isEmpty()) {
            Message m = todo.pop();
            Any any = asAny(m);
            if (any != null) {
                if (!anySeen.add(any)) {
                    continue;
                }
                String name = typeName(any.getTypeUrl());
                Descriptor d = descriptor(name).orElseThrow(() -> new IllegalArgumentException("unknown type in Any: " + any.getTypeUrl()));
                found.putIfAbsent(name, d);
                try {
                    todo.push(com.google.protobuf.DynamicMessage.parseFrom(d, any.getValue()));
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalArgumentException("Any of type " + name + " does not parse", e);
                }
                continue;
            }
            if (!reachesAny(m.getDescriptorForType())) {
                // Most of a snapshot (endpoints, cluster settings, route matches) cannot hold an Any at any depth.
                continue;
            }
            for (Map.Entry<FieldDescriptor, Object> f : m.getAllFields().entrySet()) {
                if (f.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                    continue;
                }
                if (f.getKey().isRepeated()) {
                    for (Object o : (List<?>) f.getValue()) {
                        todo.push((Message) o);
                    }
                } else {
                    todo.push((Message) f.getValue());
                }
            }
        }
        return JsonFormat.TypeRegistry.newBuilder().add(found.values()).build();
    }

    /** Whether a message of type {@code root} can hold an Any somewhere inside, through any chain of fields. */
    private static boolean reachesAny(Descriptor root) {
        Boolean known = REACHES_ANY.get(root);
        if (known != null) {
            return known;
        }
        // A closure per root type rather than a memo per visited type: with recursive types a type's answer is only
        // known once its whole cycle has been walked.
        String anyName = Any.getDescriptor().getFullName();
        Set<Descriptor> seen = new HashSet<>();
        Deque<Descriptor> todo = new ArrayDeque<>();
        todo.push(root);
        seen.add(root);
        boolean found = false;
        while (!todo.isEmpty() && !found) {
            Descriptor d = todo.pop();
            if (d.getFullName().equals(anyName)) {
                found = true;
                break;
            }
            for (FieldDescriptor f : d.getFields()) {
                if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && seen.add(f.getMessageType())) {
                    todo.push(f.getMessageType());
                }
            }
        }
        REACHES_ANY.put(root, found);
        return found;
    }

    /**
     * {@code m} as an Any: Any values nested inside other Any values are DynamicMessages of type google.protobuf.Any,
     * not instances of the generated class.
     */
    private static Any asAny(Message m) {
        if (m instanceof Any any) {
            return any;
        }
        Descriptor d = m.getDescriptorForType();
        if (!d.getFullName().equals(Any.getDescriptor().getFullName())) {
            return null;
        }
        return Any.newBuilder()
                .setTypeUrl((String) m.getField(d.findFieldByName("type_url")))
                .setValue((com.google.protobuf.ByteString) m.getField(d.findFieldByName("value")))
                .build();
    }

    /** A registry with the type names in {@code names} (unknown names are left out; the parser reports them). */
    public static JsonFormat.TypeRegistry registryForNames(Iterable<String> names) {
        JsonFormat.TypeRegistry.Builder b = JsonFormat.TypeRegistry.newBuilder();
        for (String n : names) {
            descriptor(n).ifPresent(b::add);
        }
        return b.build();
    }

    /**
     * Every message type generated in the Envoy api jar (envoy, xds, udpa, validate) and protobuf's own. Slow the
     * first time (it loads each generated file class), cached after.
     */
    public static JsonFormat.TypeRegistry fullRegistry() {
        JsonFormat.TypeRegistry r = full;
        if (r == null) {
            synchronized (ProtoTypes.class) {
                if (full == null) {
                    full = buildFull();
                }
                r = full;
            }
        }
        return r;
    }

    private static JsonFormat.TypeRegistry buildFull() {
        JsonFormat.TypeRegistry.Builder b = JsonFormat.TypeRegistry.newBuilder();
        // Registered first so that they win over the jar's file of the same name.
        for (FileDescriptor fd : EnvoyApiPatches.files()) {
            b.add(fd.getMessageTypes());
        }
        for (FileDescriptor fd : allFiles()) {
            b.add(fd.getMessageTypes());
        }
        return b.build();
    }

    /** Every generated proto file class under the api jar's packages. */
    public static List<FileDescriptor> allFiles() {
        Map<String, FileDescriptor> files = new LinkedHashMap<>();
        for (String pkg : List.of("io/envoyproxy/envoy/", "com/github/xds/", "com/github/udpa/", "io/envoyproxy/pgv/validate/")) {
            for (String cls : classNamesUnder(pkg)) {
                fileOf(cls).ifPresent(fd -> files.putIfAbsent(fd.getName(), fd));
            }
        }
        return List.copyOf(files.values());
    }

    private static Optional<FileDescriptor> fileOf(String className) {
        try {
            Class<?> c = Class.forName(className, false, ProtoTypes.class.getClassLoader());
            if (Message.class.isAssignableFrom(c) || c.isInterface()) {
                return Optional.empty();
            }
            Method m = c.getMethod("getDescriptor");
            if (m.getReturnType() == FileDescriptor.class) {
                return Optional.of((FileDescriptor) m.invoke(null));
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            // not a generated file class
        }
        return Optional.empty();
    }

    private static List<String> classNamesUnder(String pkg) {
        try {
            Enumeration<URL> roots = ProtoTypes.class.getClassLoader().getResources(pkg);
            Map<String, Boolean> names = new LinkedHashMap<>();
            while (roots.hasMoreElements()) {
                URL url = roots.nextElement();
                if ("jar".equals(url.getProtocol())) {
                    JarURLConnection conn = (JarURLConnection) url.openConnection();
                    conn.setUseCaches(false);
                    try (JarFile jar = conn.getJarFile()) {
                        Enumeration<JarEntry> entries = jar.entries();
                        while (entries.hasMoreElements()) {
                            String n = entries.nextElement().getName();
                            if (n.startsWith(pkg) && n.endsWith(".class") && !n.contains("$")) {
                                names.put(n.substring(0, n.length() - 6).replace('/', '.'), true);
                            }
                        }
                    }
                } else if ("file".equals(url.getProtocol())) {
                    Path root = Path.of(url.toURI());
                    Path base = root;
                    for (int i = 0; i < pkg.split("/").length; i++) {
                        base = base.getParent();
                    }
                    Path top = base;
                    try (Stream<Path> s = Files.walk(root)) {
                        s.map(p -> top.relativize(p).toString())
                                .filter(n -> n.endsWith(".class") && !n.contains("$"))
                                .forEach(n -> names.put(n.substring(0, n.length() - 6).replace('/', '.'), true));
                    }
                }
            }
            return List.copyOf(names.keySet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
