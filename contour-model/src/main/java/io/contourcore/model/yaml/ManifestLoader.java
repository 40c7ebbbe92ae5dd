package io.contourcore.model.yaml;

import io.contourcore.model.K8sObject;
import io.contourcore.model.Kind;
import io.contourcore.model.Location;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.Parallel;
import io.contourcore.model.ResourceSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads Kubernetes manifests (YAML or JSON; files, directories or standard input) into a {@link ResourceSet}, with
 * every problem located as {@code FILE:LINE:COLUMN}.
 *
 * <pre>{@code
 * LoadResult r = ManifestLoader.read(List.of("manifests/", "-"), true, "default", System.in);
 * r.errors().forEach(System.err::println);   // app.yaml:12:15: Ingress default/web: spec...: expected ...
 * ResourceSet objects = r.resources();
 * }</pre>
 *
 * <p>Only the kinds in {@link Kind} are decoded; kinds of other controllers are skipped silently, while a kind of ours
 * with a version we do not read, or a kind name that is not ours in one of our API groups (a typo), gets a warning.
 * Fields are checked against the kind's API schema ({@link ReadOptions#validation()}); documents with neither
 * {@code apiVersion} nor {@code kind} (Helm's {@code Chart.yaml}, CI files) are skipped with a note. An object with any error is left out; duplicates keep the first object read.
 */
public final class ManifestLoader {

    /** The note on a document that is not a Kubernetes object (Helm's Chart.yaml, values.yaml, a CI file). */
    static final String NOT_AN_OBJECT = "not a Kubernetes object (it has no kind); skipped";

    /** The path that means standard input, and the source name its problems carry. */
    public static final String STDIN = "-";

    private ManifestLoader() {}

    /** Reads one source held in memory; {@code sourceName} names it in problems. Pure. */
    public static LoadResult parse(String sourceName, String text, String defaultNamespace) {
        return parse(sourceName, text, defaultNamespace, Limits.DEFAULT);
    }

    /**
     * As {@link #parse(String, String, String)}, reading a large YAML stream in chunks of whole documents on
     * {@code executor}: the same objects and problems, in the same order, with the same locations.
     */
    public static LoadResult parse(String sourceName, String text, String defaultNamespace, Executor executor) {
        Loading l = new Loading(defaultNamespace, Limits.DEFAULT, executor, ReadOptions.DEFAULT);
        l.source(sourceName, text);
        return l.result();
    }

    /**
     * As {@link #parse(String, String, String)} with {@code options}: what an unknown field does
     * ({@link ReadOptions#validation()}); a live cluster's objects, which its API server has already admitted, are
     * read with {@link Validation#IGNORE}.
     */
    public static LoadResult parse(String sourceName, String text, String defaultNamespace, ReadOptions options) {
        Loading l = new Loading(defaultNamespace, Limits.DEFAULT, Parallel.SEQUENTIAL, options);
        l.source(sourceName, text);
        return l.result();
    }

    static LoadResult parse(String sourceName, String text, String defaultNamespace, Limits limits) {
        return parse(sourceName, text, defaultNamespace, limits, Parallel.SEQUENTIAL);
    }

    static LoadResult parse(String sourceName, String text, String defaultNamespace, Limits limits, Executor executor) {
        return parse(sourceName, text, defaultNamespace, limits, executor, true);
    }

    /**
     * As {@link #parse(String, String, String, Limits, Executor)}; with {@code blockYaml} false snakeyaml reads every
     * YAML document, which the differential tests and the benchmarks compare with the block reader ({@link BlockYaml}).
     */
    static LoadResult parse(String sourceName, String text, String defaultNamespace, Limits limits, Executor executor,
                            boolean blockYaml) {
        Loading l = new Loading(defaultNamespace, limits, executor, ReadOptions.DEFAULT);
        l.blockYaml = blockYaml;
        l.source(sourceName, text);
        return l.result();
    }

    /**
     * Reads files, directories (their {@code *.yaml}, {@code *.yml} and {@code *.json} in name order, descending into
     * subdirectories when {@code recursive}; names starting with {@code .} are skipped) and {@code -} for
     * {@code stdin}, in the order given.
     */
    public static LoadResult read(List<String> paths, boolean recursive, String defaultNamespace, InputStream stdin) {
        return read(paths, recursive, defaultNamespace, stdin, Limits.DEFAULT);
    }

    /**
     * As {@link #read(List, boolean, String, InputStream)}, reading each large YAML stream in chunks of whole
     * documents on {@code executor} (see {@link #parse(String, String, String, Executor)}); the result is the same.
     */
    public static LoadResult read(List<String> paths, boolean recursive, String defaultNamespace, InputStream stdin,
                                  Executor executor) {
        return read(paths, recursive, defaultNamespace, stdin, Limits.DEFAULT, executor);
    }

    static LoadResult read(List<String> paths, boolean recursive, String defaultNamespace, InputStream stdin, Limits limits) {
        return read(paths, recursive, defaultNamespace, stdin, limits, Parallel.SEQUENTIAL);
    }

    /**
     * As {@link #read(List, boolean, String, InputStream, Executor)} with {@code options}: what an unknown field does
     * and which files found in directories are left out.
     */
    public static LoadResult read(List<String> paths, boolean recursive, String defaultNamespace, InputStream stdin,
                                  Executor executor, ReadOptions options) {
        return read(paths, recursive, defaultNamespace, stdin, Limits.DEFAULT, executor, options);
    }

    static LoadResult read(List<String> paths, boolean recursive, String defaultNamespace, InputStream stdin, Limits limits,
                           Executor executor) {
        return read(paths, recursive, defaultNamespace, stdin, limits, executor, ReadOptions.DEFAULT);
    }

    /**
     * What one read of files leaves for the next, so reading them again decodes only the files that changed: each
     * file's decoded documents by its text, and its text by its size, modification time and file key (a file whose
     * three are unchanged is not read again). Give the same cache only to reads with the same paths' options,
     * default namespace and {@link ReadOptions}. Not thread-safe: one read at a time.
     *
     * <pre>{@code
     * ManifestLoader.SourceCache cache = new ManifestLoader.SourceCache();
     * ManifestLoader.read(paths, false, "default", in, executor, options, cache);   // decodes everything
     * ManifestLoader.read(paths, false, "default", in, executor, options, cache);   // decodes only changed files
     * }</pre>
     */
    public static final class SourceCache {
        private record FileStamp(long size, java.nio.file.attribute.FileTime modified, Object key) {}

        private record Entry(String text, List<?> decodings, FileStamp stamp) {}

        private Map<String, Entry> previous = new HashMap<>();
        private Map<String, Entry> current = new HashMap<>();
        private int decoded;

        /** How many sources the last read decoded (the rest came from this cache). */
        public int lastDecoded() {
            return decoded;
        }

        void start() {
            decoded = 0;
        }

        void finish() {
            previous = current;
            current = new HashMap<>();
        }
    }

    /** As {@link #read(List, boolean, String, InputStream, Executor, ReadOptions)}, decoding only what {@code cache} lacks. */
    public static LoadResult read(List<String> paths, boolean recursive, String defaultNamespace, InputStream stdin,
                                  Executor executor, ReadOptions options, SourceCache cache) {
        cache.start();
        try {
            return read(paths, recursive, defaultNamespace, stdin, Limits.DEFAULT, executor, options, cache);
        } finally {
            cache.finish();
        }
    }

    static LoadResult read(List<String> paths, boolean recursive, String defaultNamespace, InputStream stdin, Limits limits,
                           Executor executor, ReadOptions options) {
        return read(paths, recursive, defaultNamespace, stdin, limits, executor, options, null);
    }

    private static LoadResult read(List<String> paths, boolean recursive, String defaultNamespace, InputStream stdin,
                                   Limits limits, Executor executor, ReadOptions options, SourceCache cache) {
        Loading l = new Loading(defaultNamespace, limits, executor, options);
        l.cache = cache;
        for (String p : paths) {
            if (p.equals(STDIN)) {
                l.stdin(stdin);
            } else {
                Path path;
                try {
                    path = Path.of(p);
                } catch (java.nio.file.InvalidPathException e) {
                    l.cannotRead(p, "invalid path: " + e.getReason());
                    continue;
                }
                if (Files.isDirectory(path)) {
                    l.directory(path, recursive);
                } else {
                    l.file(path);
                }
            }
        }
        return l.result();
    }

    /** One load: the problems and objects of every source read so far. */
    private static final class Loading {
        private final String defaultNamespace;
        private final Limits limits;
        private final Report report = new Report();
        private final List<K8sObject> objects = new ArrayList<>();
        private final Map<ObjectRef, Location> firstSeen = new HashMap<>();
        private final Map<String, Integer> sourceOrder = new HashMap<>();
        private final Executor executor;
        private final ReadOptions options;
        /** Whether {@link BlockYaml} reads what it can of each YAML stream before snakeyaml. */
        private boolean blockYaml = true;
        /** Null unless reading for a {@link SourceCache}. */
        private SourceCache cache;
        /** The decodings of the source being read, kept for the cache. */
        private List<Decoding> accepted;

        Loading(String defaultNamespace, Limits limits, Executor executor, ReadOptions options) {
            this.options = options;
            this.defaultNamespace = defaultNamespace == null || defaultNamespace.isEmpty() ? "default" : defaultNamespace;
            this.limits = limits;
            this.executor = executor == null ? Parallel.SEQUENTIAL : executor;
        }

        LoadResult result() {
            return new LoadResult(ResourceSet.of(withoutUnnamedConfigMaps(objects)), inReadingOrder(report.errors),
                    inReadingOrder(report.warnings), report.skipped);
        }

        /** ConfigMaps are kept only where a BackendTLSPolicy of their namespace names them as a CA; the rest are others'. */
        private static List<K8sObject> withoutUnnamedConfigMaps(List<K8sObject> objects) {
            java.util.Set<ObjectRef> named = new java.util.HashSet<>();
            for (K8sObject o : objects) {
                if (o.kind() == Kind.BACKEND_TLS_POLICY) {
                    io.contourcore.model.BackendTLSPolicy p = (io.contourcore.model.BackendTLSPolicy) o;
                    for (io.contourcore.model.GatewayApi.ObjectReference ref : p.validation().caCertificateRefs()) {
                        if (ref.group().isEmpty() && ref.kind().equals("ConfigMap")) {
                            named.add(new ObjectRef(Kind.CONFIG_MAP, p.namespace(), ref.name()));
                        }
                    }
                }
            }
            List<K8sObject> out = new ArrayList<>(objects.size());
            for (K8sObject o : objects) {
                if (o.kind() != Kind.CONFIG_MAP || named.contains(o.ref())) {
                    out.add(o);
                }
            }
            return out;
        }

        /** Problems by source in the order sources were read, then by line and column within one. */
        private List<Problem> inReadingOrder(List<Problem> problems) {
            List<Problem> sorted = new ArrayList<>(problems);
            sorted.sort(java.util.Comparator
                    .comparingInt((Problem p) -> sourceOrder.getOrDefault(p.location().file(), Integer.MAX_VALUE))
                    .thenComparingInt(p -> p.location().line())
                    .thenComparingInt(p -> p.location().column()));
            return sorted;
        }

        void stdin(InputStream in) {
            if (in == null) {
                cannotRead(STDIN, "no standard input");
                return;
            }
            try {
                byte[] bytes = in.readNBytes(limits.maxBytes() + 1);
                bytes(STDIN, bytes);
            } catch (IOException e) {
                cannotRead(STDIN, e.getMessage());
            }
        }

        void directory(Path dir, boolean recursive) {
            if (!recursive && onlySubdirectories(dir)) {
                cannotRead(dir.toString(), "the directory holds no *.yaml, *.yml or *.json files, only directories; "
                        + "give -R to read them");
                return;
            }
            walk(dir, dir, recursive, new HashSet<>(), options, this::file, this::cannotRead);
        }

        void file(Path path) {
            String name = path.toString();
            try {
                if (Files.isDirectory(path)) {
                    cannotRead(name, "is a directory");
                    return;
                }
                if (Files.size(path) > limits.maxBytes()) {
                    cannotRead(name, "file is larger than " + limits.maxBytes() + " bytes");
                    return;
                }
                if (cache != null) {
                    java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(path,
                            java.nio.file.attribute.BasicFileAttributes.class);
                    SourceCache.FileStamp stamp = new SourceCache.FileStamp(a.size(), a.lastModifiedTime(), a.fileKey());
                    SourceCache.Entry e = cache.previous.get(name);
                    if (e != null && e.stamp() != null && e.stamp().equals(stamp)) {
                        sourceOrder.putIfAbsent(name, sourceOrder.size());
                        reuse(name, e);
                        return;
                    }
                    stamp(name, Files.readAllBytes(path), stamp);
                    return;
                }
                bytes(name, Files.readAllBytes(path));
            } catch (IOException e) {
                cannotRead(name, reason(e));
            }
        }

        void bytes(String name, byte[] bytes) {
            if (bytes.length > limits.maxBytes()) {
                cannotRead(name, "input is larger than " + limits.maxBytes() + " bytes");
                return;
            }
            String text;
            try {
                text = Utf8.decode(name, bytes);
            } catch (Utf8.Malformed e) {
                sourceOrder.putIfAbsent(name, sourceOrder.size());
                report.object("");
                report.error(e.at, "cannot read: not valid UTF-8");
                return;
            }
            // The bytes are garbage once decoded, but this frame (run once, so interpreted) would hold them through
            // the whole read: a large input's bytes were copied into the old generation by the first collection.
            bytes = null;
            source(name, text);
        }

        /** Reads a file's bytes for the cache, remembering the file's stamp with its text. */
        private void stamp(String name, byte[] bytes, SourceCache.FileStamp stamp) {
            bytes(name, bytes);
            SourceCache.Entry e = cache.current.get(name);
            if (e != null) {
                cache.current.put(name, new SourceCache.Entry(e.text(), e.decodings(), stamp));
            }
        }

        @SuppressWarnings("unchecked")
        private void reuse(String name, SourceCache.Entry e) {
            for (Object d : e.decodings()) {
                accept((Decoding) d);
            }
            cache.current.put(name, e);
        }

        void source(String name, String text) {
            sourceOrder.putIfAbsent(name, sourceOrder.size());
            if (cache != null) {
                SourceCache.Entry e = cache.previous.get(name);
                if (e != null && e.text().equals(text)) {
                    reuse(name, new SourceCache.Entry(text, e.decodings(), null));
                    return;
                }
                cache.decoded++;
                accepted = new ArrayList<>();
                decode(name, text);
                // A source read in chunks and read again whole accepted only the whole read's decoding.
                cache.current.put(name, new SourceCache.Entry(text, List.copyOf(accepted), null));
                accepted = null;
                return;
            }
            decode(name, text);
        }

        private void decode(String name, String text) {
            boolean json = isJson(name, text);
            if (!json && Parallel.isParallel(executor) && inChunks(name, text)) {
                return;
            }
            List<Problem> problems = new ArrayList<>();
            List<Node> docs = json
                    ? JsonTree.read(name, text, limits, problems)
                    : YamlTree.read(name, text, limits, problems, blockYaml);
            Decoding d = new Decoding();
            d.report.object("");
            problems.forEach(p -> d.report.error(p.location(), p.message()));
            for (Node doc : docs) {
                d.document(doc, null, null, true);
            }
            accept(d);
        }

        /**
         * Reads a large YAML stream as chunks of whole documents on the executor and answers true, or answers false
         * having read nothing when reading it whole could differ: a chunk's stream ended early (a syntax error, or a
         * document marker inside a quoted or flow scalar, which is one too), or the chunks together use more aliases
         * than the stream may.
         */
        private boolean inChunks(String name, String text) {
            if (text.length() >= limits.maxCodePoints()) {
                return false;
            }
            // Whether the stream may be cut is asked of each chunk on the thread that reads it: one pass over the
            // whole text (30 ms at 10k objects, 130 ms at 50k) was done alone before any chunk was read.
            List<YamlChunks.Chunk> chunks = YamlChunks.cut(text);
            if (chunks.size() < 2) {
                return false;
            }
            java.util.concurrent.atomic.AtomicBoolean uncut = new java.util.concurrent.atomic.AtomicBoolean();
            List<Supplier<Decoding>> tasks = new ArrayList<>(chunks.size());
            for (YamlChunks.Chunk c : chunks) {
                tasks.add(() -> {
                    Decoding d = new Decoding();
                    String chunkText = uncut.get() ? null : c.text();
                    if (chunkText == null || !YamlChunks.cuttable(chunkText)) {
                        uncut.set(true);
                        d.streamFailed = true; // read whole, as a stream that could not be cut
                        return d;
                    }
                    YamlTree.Chunk read = YamlTree.readChunk(name, chunkText, c.lineOffset(), limits, blockYaml);
                    // Only what the merge needs: the chunk's tree is garbage once decoded, not held until every chunk is.
                    d.streamFailed = read.streamFailed();
                    d.aliases = read.aliases();
                    if (read.streamFailed()) {
                        return d; // the whole stream is read again; decoding this chunk is wasted work
                    }
                    d.report.object("");
                    read.problems().forEach(p -> d.report.error(p.location(), p.message()));
                    for (Node doc : read.docs()) {
                        d.document(doc, null, null, true);
                    }
                    return d;
                });
            }
            List<Decoding> decoded = Parallel.all(executor, tasks);
            long aliases = 0;
            for (Decoding d : decoded) {
                if (d.streamFailed) {
                    return false;
                }
                aliases += d.aliases;
            }
            if (aliases > limits.maxCollectionAliases()) {
                return false;
            }
            decoded.forEach(this::accept);
            return true;
        }

        /** A fresh report for one run of documents, with this load's validation mode. */
        private Report report() {
            Report r = new Report();
            r.validation = options.validation();
            return r;
        }

        /** Takes one run of documents' problems and objects, keeping the first of objects with the same name. */
        private void accept(Decoding d) {
            if (accepted != null) {
                accepted.add(d);
            }
            report.absorb(d.report);
            for (Decoded c : d.objects) {
                Location previous = firstSeen.putIfAbsent(c.object().ref(), c.at());
                if (previous != null && c.object().kind() == Kind.CONFIG_MAP) {
                    continue; // another controller's business; the first one is kept
                }
                if (previous != null) {
                    report.object(c.reportedAs());
                    report.error(c.at(), "duplicate object: " + c.object().ref() + " is already defined at " + previous);
                    continue;
                }
                objects.add(c.object());
            }
        }

        private void cannotRead(String name, String why) {
            sourceOrder.putIfAbsent(name, sourceOrder.size());
            report.object("");
            report.error(Location.of(name), "cannot read: " + why);
        }

        /**
         * The documents of one source or one chunk of it, decoded on their own: their problems, and their objects in
         * order. Nothing here depends on other documents, so chunks decode at the same time; names are checked for
         * duplicates afterwards, in order.
         */
        private final class Decoding {
            final Report report = report();
            final List<Decoded> objects = new ArrayList<>();
            boolean streamFailed;
            int aliases;

            /**
             * One document or List item. {@code defaultApiVersion}/{@code defaultKind} come from a typed list such as
             * {@code ServiceList}, whose items may leave them out.
             */
            private void document(Node doc, String defaultApiVersion, String defaultKind, boolean topLevel) {
                report.object("");
                if (!(doc instanceof Node.MapNode map)) {
                    report.error(doc.location(), "expected a Kubernetes object (a map with apiVersion and kind), got " + doc.describe());
                    return;
                }
                Field root = Field.root(report, map);
                Field apiVersionField = root.get("apiVersion");
                Field kindField = root.get("kind");
                String apiVersion = apiVersionField.present() ? apiVersionField.string() : defaultApiVersion;
                String kindName = kindField.present() ? kindField.string() : defaultKind;
                if (topLevel && !kindField.present()) {
                    // Helm's Chart.yaml (apiVersion v2, no kind) and values.yaml, CI files: YAML, but not objects.
                    report.warn(map.location(), NOT_AN_OBJECT);
                    return;
                }
                if (apiVersion == null || kindName == null) {
                    if (apiVersion == null && !apiVersionField.present()) {
                        apiVersionField.missing();
                    }
                    if (kindName == null && !kindField.present()) {
                        kindField.missing();
                    }
                    return;
                }
                if (apiVersion.isEmpty() || kindName.isEmpty()) {
                    (apiVersion.isEmpty() ? apiVersionField : kindField).missing();
                    return;
                }
                if (kindName.endsWith("List") && map.get("items") != null) {
                    String itemKind = kindName.equals("List") ? null : kindName.substring(0, kindName.length() - "List".length());
                    String itemApiVersion = kindName.equals("List") ? null : apiVersion;
                    for (Field item : root.get("items").items()) {
                        if (item.present()) {
                            document(item.node(), itemApiVersion, itemKind, false);
                        }
                    }
                    return;
                }
                Kind kind = Kind.lookup(apiVersion, kindName).orElse(null);
                if (kind == null) {
                    if (looksLikeOurs(apiVersion, kindName)) {
                        String name = MetadataDecoder.nameOf(map);
                        Kind similar = java.util.Arrays.stream(Kind.values())
                                .filter(k -> k.kindName().equals(kindName)).findFirst().orElseThrow();
                        String namespace = MetadataDecoder.namespaceOf(similar, map, defaultNamespace);
                        report.object(name.isEmpty() ? kindName : kindName + " " + (namespace.isEmpty() ? name : namespace + "/" + name));
                        report.skip(apiVersionField.present() ? apiVersionField.location() : map.location(),
                                "unknown apiVersion " + apiVersion + " for " + kindName + "; skipped");
                    } else {
                        String typo = unknownKindInOurGroup(apiVersion, kindName);
                        if (typo != null) {
                            String name = MetadataDecoder.nameOf(map);
                            String namespace = MetadataDecoder.namespaceOf(Kind.SERVICE, map, defaultNamespace);
                            report.object(name.isEmpty() ? kindName : kindName + " " + namespace + "/" + name);
                            report.skip(kindField.present() ? kindField.location() : map.location(), typo + "; skipped");
                        }
                    }
                    return;
                }
                object(kind, apiVersion, map, root);
            }

            private void object(Kind kind, String apiVersion, Node.MapNode map, Field root) {
                ObjectDecoder decoder = ObjectDecoder.forKind(kind);
                String name = MetadataDecoder.nameOf(map);
                String namespace = MetadataDecoder.namespaceOf(kind, map, defaultNamespace);
                report.object(name.isEmpty() ? kind.kindName() : new ObjectRef(kind, namespace, name).toString());
                if (decoder == null) {
                    report.skip(map.location(), kind.kindName() + " objects are not read by this version; skipped");
                    return;
                }
                int errorsBefore = report.errorCount();
                report.touched = tellsWhatIsNotTranslated(kind) ? ApiFields.identitySet() : null;
                ObjectMeta meta = MetadataDecoder.decode(kind, root, defaultNamespace, map.location());
                K8sObject decoded = null;
                if (meta != null) {
                    try {
                        decoded = decoder.decode(meta, root);
                    } catch (IllegalArgumentException e) {
                        // The records check their invariants too; a decoder that let a bad value through still gets a message.
                        report.error(map.location(), e.getMessage());
                    }
                }
                java.util.Set<Node> read = report.touched;
                report.touched = null;
                boolean decodedWell = decoded != null && report.errorCount() == errorsBefore;
                // Fields the API does not have are checked whatever the decoder thought; what the decoder left unread
                // is told about only for an object that is otherwise fine.
                ApiFields.check(kind, Kind.versionOf(apiVersion), map, report, decodedWell ? read : null);
                if (!decodedWell || report.errorCount() > errorsBefore) {
                    return;
                }
                objects.add(new Decoded(decoded, map.location(), report.object()));
            }
        }
    }

    /**
     * Kinds of our API groups that belong to other controllers or that we do not read: their objects stay quiet. The
     * core group is not checked (it has dozens of kinds), nor are groups of which we read no kind.
     */
    private static final Map<String, List<String>> OTHER_KINDS_OF_OUR_GROUPS = Map.of(
            "networking.k8s.io", List.of("NetworkPolicy", "IPAddress", "ServiceCIDR"),
            "projectcontour.io", List.of("ContourDeployment"),
            "gateway.networking.k8s.io", List.of("UDPRoute"));

    /**
     * What to say about {@code kindName} in the group of {@code apiVersion} when the group is one of ours (other than
     * the core group) and the name is none of its kinds, a typo such as {@code Ingres} or {@code HTTPProxies}: the
     * nearest kind of the group, or its kinds. Null when the kind is known or the group is not ours.
     */
    static String unknownKindInOurGroup(String apiVersion, String kindName) {
        String group = Kind.groupOf(apiVersion);
        if (group.isEmpty()) {
            return null;
        }
        List<String> kinds = new ArrayList<>();
        for (Kind k : Kind.values()) {
            if (k.group().equals(group) && !kinds.contains(k.kindName())) {
                kinds.add(k.kindName());
            }
        }
        if (kinds.isEmpty()) {
            return null;
        }
        List<String> others = OTHER_KINDS_OF_OUR_GROUPS.getOrDefault(group, List.of());
        for (String k : concat(kinds, others)) {
            if (kindName.equals(k) || kindName.equals(k + "List")) {
                return null;
            }
        }
        String near = ApiFields.nearest(kindName, concat(kinds, others));
        return "unknown kind " + Node.quote(kindName) + " in " + group
                + (near != null ? " (did you mean " + Node.quote(near) + "?)" : ": the kinds contour reads there are "
                + String.join(", ", kinds));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /**
     * Whether a field of {@code kind} that the API has but the decoder did not read gets a warning: the kinds whose
     * every field is meant for an ingress controller (Contour's CRDs and Ingress). Most fields of Services,
     * endpoints, Secrets and Namespaces belong to other controllers (kube-proxy, the kubelet) and upstream Contour
     * does not read them either (nor a ConfigMap's, of which only a BackendTLSPolicy's CA is read). Gateway API
     * records keep every field the processors use, and the admission pass already holds them to the CRDs.
     */
    private static boolean tellsWhatIsNotTranslated(Kind kind) {
        return switch (kind) {
            case HTTP_PROXY, TLS_CERTIFICATE_DELEGATION, EXTENSION_SERVICE, INGRESS_ROUTE,
                    LEGACY_TLS_CERTIFICATE_DELEGATION, INGRESS -> true;
            case SERVICE, ENDPOINTS, SECRET, NAMESPACE, ENDPOINT_SLICE, INGRESS_CLASS, CONTOUR_CONFIGURATION,
                    GATEWAY_CLASS, GATEWAY, HTTP_ROUTE, GRPC_ROUTE, TLS_ROUTE, TCP_ROUTE, REFERENCE_GRANT,
                    BACKEND_TLS_POLICY, CONFIG_MAP -> false;
        };
    }

    /** An object that decoded without errors, where it was, and the name its problems carry. */
    private record Decoded(K8sObject object, Location at, String reportedAs) {}

    /**
     * Whether an object we skip deserves a warning: a kind of ours at a version we do not read, including the
     * {@code extensions/v1beta1} Ingress that Kubernetes removed in 1.22 and that old manifests still carry.
     */
    private static boolean looksLikeOurs(String apiVersion, String kindName) {
        return Kind.looksLikeOurs(apiVersion, kindName) || kindName.equals("Ingress") && apiVersion.startsWith("extensions/");
    }

    /**
     * The manifest files {@link #read(List, boolean, String, InputStream)} would read for {@code paths}, in the
     * order it reads them: a file named directly, and a directory's files by its rules. Standard input ({@code -})
     * and paths that cannot be listed are left out ({@code read} reports those). {@code contour serve --watch} uses
     * it to tell "every input file is gone" from "an input file is empty".
     *
     * <pre>{@code
     * ManifestLoader.files(List.of("config/"), false);   // [config/a.yaml, config/b.json]; [] once both are deleted
     * }</pre>
     */
    public static List<Path> files(List<String> paths, boolean recursive) {
        return files(paths, recursive, ReadOptions.DEFAULT);
    }

    /** As {@link #files(List, boolean)}, leaving out what {@code options} excludes. */
    public static List<Path> files(List<String> paths, boolean recursive, ReadOptions options) {
        List<Path> out = new ArrayList<>();
        for (String p : paths) {
            if (p.equals(STDIN)) {
                continue;
            }
            Path path;
            try {
                path = Path.of(p);
            } catch (java.nio.file.InvalidPathException e) {
                continue;
            }
            if (Files.isDirectory(path)) {
                walk(path, path, recursive, new HashSet<>(), options, out::add, (name, why) -> { });
            } else if (Files.exists(path)) {
                out.add(path);
            }
        }
        return out;
    }

    /** A directory's manifests in name order (subdirectories too when recursive), the one rule for reading it. */
    private static void walk(Path root, Path dir, boolean recursive, Set<Path> visited, ReadOptions options,
                             Consumer<Path> file, BiConsumer<String, String> cannotRead) {
        try {
            if (!visited.add(dir.toRealPath())) {
                return; // a symlink loop back to a directory already read
            }
        } catch (IOException e) {
            cannotRead.accept(dir.toString(), reason(e));
            return;
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(entries::add);
        } catch (IOException e) {
            cannotRead.accept(dir.toString(), reason(e));
            return;
        }
        entries.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        for (Path e : entries) {
            String name = e.getFileName().toString();
            if (name.startsWith(".") || options.excludes(root.relativize(e))) {
                continue;
            }
            if (Files.isDirectory(e)) {
                if (recursive) {
                    walk(root, e, true, visited, options, file, cannotRead);
                }
            } else if (isManifestName(name) && Files.isRegularFile(e)) {
                file.accept(e);
            }
        }
    }

    /** Whether a directory holds subdirectories but no file that would be read without {@code -R}. */
    private static boolean onlySubdirectories(Path dir) {
        boolean subdirectory = false;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path e : ds) {
                String name = e.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(e)) {
                    subdirectory = true;
                } else if (isManifestName(name) && Files.isRegularFile(e)) {
                    return false;
                }
            }
        } catch (IOException e) {
            return false; // walk reports why it cannot list the directory
        }
        return subdirectory;
    }

    private static boolean isManifestName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    /** JSON when the name says so or the text opens with an object or array; everything else is YAML. */
    static boolean isJson(String name, String text) {
        if (name.toLowerCase(Locale.ROOT).endsWith(".json")) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\uFEFF' || Character.isWhitespace(c)) {
                continue;
            }
            return c == '{' || c == '[';
        }
        return false;
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
