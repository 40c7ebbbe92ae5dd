package io.contourcore.model.yaml;

import io.contourcore.model.Location;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a YAML stream into located {@link Node} trees, one per non-empty document, with snakeyaml's composer so that
 * every node keeps its line and column. Only the YAML core types are accepted; aliases are followed within bounds.
 * {@link BlockYaml} reads the documents it can first, with the same result, in a fraction of the time; snakeyaml reads
 * each document it declines.
 *
 * <pre>{@code
 * List<Problem> problems = new ArrayList<>();
 * List<Node> docs = YamlTree.read("app.yaml", text, Limits.DEFAULT, problems);
 * }</pre>
 */
final class YamlTree {

    private final String source;
    private final Limits limits;
    private final Resolver resolver = new CachingResolver();
    private final List<Problem> problems;

    /** Nodes already converted once in this document: meeting one again means following an alias. */
    private final Set<org.yaml.snakeyaml.nodes.Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Nodes on the current path, to refuse a document that contains itself. */
    private final Set<org.yaml.snakeyaml.nodes.Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private int expanded;
    private Location documentStart;
    private boolean documentBad;
    /** Lines of the stream before this text, when the text is a chunk of a larger stream. */
    private final int lineOffset;
    /** Whether {@link BlockYaml} reads what it can before snakeyaml. */
    private final boolean fast;
    /** Lines of this text before what snakeyaml reads, when the block reader read the documents before. */
    private int resumeLines;
    /** Whether the stream ended early: a syntax error or a bound snakeyaml checks. */
    private boolean streamFailed;
    /** Alias events met; snakeyaml bounds aliases per stream, so a chunk's count matters to the whole. */
    private int aliases;
    /** Collections open at the parser's position, and where the current document first went deeper than allowed. */
    private int depth;
    private Mark tooDeep;

    private YamlTree(String source, Limits limits, List<Problem> problems, int lineOffset, boolean fast) {
        this.fast = fast;
        this.source = source;
        this.limits = limits;
        this.problems = problems;
        this.lineOffset = lineOffset;
    }

    /**
     * What reading one chunk of a stream gave, with what the caller needs to know whether reading the whole stream
     * at once would have given the same.
     */
    record Chunk(List<Node> docs, List<Problem> problems, boolean streamFailed, int aliases) {}

    /**
     * snakeyaml's resolver, remembering the implicit tag of short plain scalars. Keys and common values ("name",
     * "metadata", "true", "80") recur thousands of times in a large manifest, and each resolution otherwise runs
     * regular expressions. The answer depends only on the text, so the cache cannot change a result.
     */
    private static final class CachingResolver extends Resolver {
        private static final int MAX_LENGTH = 64;
        private static final int MAX_ENTRIES = 1 << 16;
        private final Map<String, Tag> implicit = new java.util.HashMap<>();
        /**
         * The ASCII chars that some implicit type's pattern is registered for as a first char. A value starting
         * with another one meets only the patterns registered for every value, and the only such pattern (the
         * empty string as null) cannot match a value that has a first char: it is a string. Most values are.
         */
        private final boolean[] typedFirst = new boolean[128];

        CachingResolver() {
            for (Character c : yamlImplicitResolvers.keySet()) {
                if (c != null && c < 128) {
                    typedFirst[c] = true;
                }
            }
        }

        @Override
        public Tag resolve(NodeId kind, String value, boolean implicitTag) {
            if (kind == NodeId.scalar && implicitTag && !value.isEmpty() && value.charAt(0) < 128
                    && !typedFirst[value.charAt(0)]) {
                return Tag.STR;
            }
            if (kind == NodeId.scalar && implicitTag && value.length() > 5 && Character.isLetter(value.charAt(0))
                    && value.charAt(0) < 128) {
                // Patterns for a value beginning with a letter are for booleans and null ("false", "null"), none
                // longer than five chars: names such as "tls-0" are strings without meeting those patterns.
                return Tag.STR;
            }
            if (kind != NodeId.scalar || !implicitTag || value.length() > MAX_LENGTH) {
                return super.resolve(kind, value, implicitTag);
            }
            Tag t = implicit.get(value);
            if (t == null) {
                t = super.resolve(kind, value, true);
                if (implicit.size() < MAX_ENTRIES) {
                    implicit.put(value, t);
                }
            }
            return t;
        }
    }

    /** Thrown to abandon one document when a bound is crossed. */
    private static final class Abandon extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final Location location;

        Abandon(Location location, String message) {
            super(message, null, false, false);
            this.location = location;
        }
    }

    /**
     * The roots of the stream's non-empty documents that had no problem. Problems go to {@code problems}; a syntax
     * error ends the stream (snakeyaml cannot resume after one), other problems only drop their document.
     */
    static List<Node> read(String source, String text, Limits limits, List<Problem> problems) {
        return read(source, text, limits, problems, true);
    }

    /**
     * As {@link #read(String, String, Limits, List)}; with {@code fast} false snakeyaml reads every document, which
     * the differential tests and benchmarks compare with the block reader.
     */
    static List<Node> read(String source, String text, Limits limits, List<Problem> problems, boolean fast) {
        return new YamlTree(source, limits, problems, 0, fast).readAll(text);
    }

    /**
     * Reads {@code text}, a run of whole documents that starts {@code lineOffset} lines into the stream, with every
     * location as in the whole stream.
     */
    static Chunk readChunk(String source, String text, int lineOffset, Limits limits, boolean fast) {
        List<Problem> problems = new ArrayList<>();
        YamlTree t = new YamlTree(source, limits, problems, lineOffset, fast);
        List<Node> docs = t.readAll(text);
        return new Chunk(docs, problems, t.streamFailed, t.aliases);
    }

    static LoaderOptions loaderOptions(Limits limits) {
        LoaderOptions o = new LoaderOptions();
        // The composer does not check duplicate keys; we do it while converting, with both lines in the message.
        o.setAllowDuplicateKeys(false);
        o.setMaxAliasesForCollections(limits.maxCollectionAliases());
        o.setAllowRecursiveKeys(false);
        o.setCodePointLimit(limits.maxCodePoints());
        // snakeyaml's bound only keeps its recursive composer off the stack's end; ours, checked while converting
        // (and through aliases), is tighter and names the line where the document went too deep.
        o.setNestingDepthLimit(limits.maxDepth() * 10);
        // Nothing is ever constructed from a tag, so global tags may reach the converter, which refuses every tag
        // outside the core schema with one clear message.
        o.setTagInspector(tag -> true);
        o.setProcessComments(false);
        return o;
    }

    private List<Node> readAll(String text) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        if (!fast || text.length() > limits.maxCodePoints()) {
            return readFull(text);
        }
        List<Node> docs = new ArrayList<>();
        int problemsBefore = problems.size();
        BlockYaml block = BlockYaml.over(source, text, lineOffset, limits, resolver);
        int start = 0;
        int startLine = 0;
        while (true) {
            BlockYaml.Result r = block.readFrom(start, startLine);
            docs.addAll(r.docs());
            if (r.resume() == text.length()) {
                return docs;
            }
            // snakeyaml reads the document the block reader declined, up to the next "---" line, where the block
            // reader goes on: the state there is the one reading the whole stream reaches.
            resumeLines = r.resumeLine();
            int end = YamlChunks.nextMarker(text, r.resume() + 1);
            int problemsAt = problems.size();
            int aliasesAt = aliases;
            String region = end < 0 ? text.substring(r.resume()) : text.substring(r.resume(), end);
            List<Node> read = readFull(region);
            if (streamFailed && end >= 0) {
                // Maybe only because the "---" line was inside a quoted scalar or a flow collection, where it is an
                // error of its own: snakeyaml reads the rest of the stream at once, as it would have.
                problems.subList(problemsAt, problems.size()).clear();
                streamFailed = false;
                aliases = aliasesAt;
                read = readFull(text.substring(r.resume()));
                end = -1;
            }
            if (aliasesAt > 0 && aliases > limits.maxCollectionAliases()) {
                // The bound is per stream, and documents read apart each started counting at 0: whether and where
                // it is crossed, only reading the stream at once tells.
                problems.subList(problemsBefore, problems.size()).clear();
                streamFailed = false;
                aliases = 0;
                resumeLines = 0;
                return readFull(text);
            }
            docs.addAll(read);
            if (end < 0) {
                return docs;
            }
            start = end;
            startLine = r.resumeLine() + TextReader.lineAndColumn(region, region.length())[0];
        }
    }

    /** Reads {@code text} with snakeyaml, {@link #resumeLines} lines into this reader's text. */
    private List<Node> readFull(String text) {
        LoaderOptions options = loaderOptions(limits);
        TextReader reader = new TextReader(text);
        Composer composer = new Composer(new CountingParser(new ParserImpl(reader, options)), resolver, options);
        List<Node> docs = new ArrayList<>();
        Location next = Location.of(source);
        try {
            while (composer.checkNode()) {
                org.yaml.snakeyaml.nodes.Node root = composer.getNode();
                if (root == null) {
                    continue;
                }
                next = at(root.getEndMark());
                Node doc = convertDocument(root);
                if (doc != null && !(doc instanceof Node.ScalarNode s && s.isNull())) {
                    docs.add(doc);
                }
            }
        } catch (MarkedYAMLException e) {
            streamFailed = true;
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add(new Problem(m == null ? next : at(m), "", syntaxMessage(e)));
        } catch (ReaderException e) {
            streamFailed = true;
            int[] at = reader.locate(e.getPosition());
            problems.add(new Problem(new Location(source, at[0] + 1 + lineOffset + resumeLines, at[1] + 1), "",
                    "invalid YAML: special character " + String.format("U+%04X", e.getCodePoint()) + " is not allowed"));
        } catch (YAMLException e) {
            streamFailed = true;
            // Bounds checked by snakeyaml carry no mark. Too deep: where the nesting first went past our bound, as
            // when we find it ourselves; otherwise where the reader stopped is where the input went too far.
            Mark m = e.getMessage() != null && e.getMessage().startsWith("Nesting Depth exceeded") && tooDeep != null
                    ? tooDeep : reader.getMark();
            problems.add(new Problem(at(m), "", plainMessage(e.getMessage())));
        }
        return docs;
    }

    /**
     * snakeyaml's parser, counting the alias events it hands the composer and marking where a document first nests
     * deeper than our bound: snakeyaml's own, looser bound fails the stream far past that point, and without a mark.
     */
    private final class CountingParser implements Parser {
        private final Parser parser;

        CountingParser(Parser parser) {
            this.parser = parser;
        }

        @Override
        public boolean checkEvent(Event.ID id) {
            return parser.checkEvent(id);
        }

        @Override
        public Event peekEvent() {
            return parser.peekEvent();
        }

        @Override
        public Event getEvent() {
            Event e = parser.getEvent();
            if (e == null) {
                return null;
            }
            switch (e.getEventId()) {
                case Alias -> aliases++;
                case MappingStart, SequenceStart -> {
                    if (++depth > limits.maxDepth() && tooDeep == null) {
                        tooDeep = e.getStartMark();
                    }
                }
                case MappingEnd, SequenceEnd -> depth--;
                case DocumentStart -> {
                    depth = 0;
                    tooDeep = null;
                }
                default -> { }
            }
            return e;
        }
    }

    private Node convertDocument(org.yaml.snakeyaml.nodes.Node root) {
        seen.clear();
        open.clear();
        expanded = 0;
        documentBad = false;
        documentStart = at(root.getStartMark());
        try {
            Node n = convert(root, 0, false);
            return documentBad ? null : n;
        } catch (Abandon a) {
            problems.add(new Problem(a.location, "", a.getMessage()));
            return null;
        }
    }

    private Node convert(org.yaml.snakeyaml.nodes.Node n, int depth, boolean viaAlias) {
        Location loc = at(n.getStartMark());
        if (open.contains(n)) {
            throw new Abandon(loc, "an alias refers to a node that contains it");
        }
        boolean aliased = viaAlias || !seen.add(n);
        if (aliased && ++expanded > limits.maxAliasExpansion()) {
            throw new Abandon(documentStart,
                    "document expands to more than " + limits.maxAliasExpansion() + " nodes through aliases");
        }
        if (n.getNodeId() != NodeId.scalar && depth >= limits.maxDepth()) {
            throw new Abandon(loc, "document nests deeper than " + limits.maxDepth() + " levels");
        }
        return switch (n.getNodeId()) {
            case scalar -> scalar((ScalarNode) n, loc);
            case sequence -> {
                checkCollectionTag(n, Tag.SEQ, loc);
                open.add(n);
                List<Node> items = new ArrayList<>();
                for (org.yaml.snakeyaml.nodes.Node item : ((SequenceNode) n).getValue()) {
                    items.add(convert(item, depth + 1, aliased));
                }
                open.remove(n);
                yield new Node.ListNode(loc, items);
            }
            case mapping -> {
                checkCollectionTag(n, Tag.MAP, loc);
                open.add(n);
                Node.MapNode m = mapping((MappingNode) n, loc, depth, aliased);
                open.remove(n);
                yield m;
            }
            default -> throw new Abandon(loc, "unsupported YAML node");
        };
    }

    private Node.MapNode mapping(MappingNode n, Location loc, int depth, boolean aliased) {
        Map<String, Node.Entry> explicit = new LinkedHashMap<>();
        Map<String, Node.Entry> merged = new LinkedHashMap<>();
        for (NodeTuple t : n.getValue()) {
            org.yaml.snakeyaml.nodes.Node k = t.getKeyNode();
            Location kloc = at(k.getStartMark());
            if (!(k instanceof ScalarNode ks)) {
                problem(kloc, "a map key must be a string, got " + (k.getNodeId() == NodeId.sequence ? "a list" : "a map"));
                continue;
            }
            if (ks.isPlain() && Tag.MERGE.equals(ks.getTag())) {
                // YAML 1.1 merge keys, which Kubernetes' YAML reader also honours: keys written in the map win.
                Node v = convert(t.getValueNode(), depth + 1, aliased);
                for (Node src : v instanceof Node.ListNode l ? l.items() : List.of(v)) {
                    if (src instanceof Node.MapNode sm) {
                        sm.entries().forEach(merged::putIfAbsent);
                    } else {
                        problem(src.location(), "a merge key (<<) takes a map or a list of maps, got " + src.describe());
                    }
                }
                continue;
            }
            Node key = scalar(ks, kloc);
            String name = ((Node.ScalarNode) key).type() == Node.ScalarType.NULL ? "null" : ks.getValue();
            Node value = convert(t.getValueNode(), depth + 1, aliased);
            Node.Entry previous = explicit.putIfAbsent(name, new Node.Entry(name, kloc, value));
            if (previous != null) {
                problem(kloc, "mapping key " + Node.quote(name) + " already defined at line " + previous.keyLocation().line());
            }
        }
        merged.forEach(explicit::putIfAbsent);
        return new Node.MapNode(loc, explicit);
    }

    private Node scalar(ScalarNode n, Location loc) {
        Tag tag = n.getTag();
        String value = n.getValue();
        Node.ScalarType type;
        if (Tag.STR.equals(tag)) {
            type = Node.ScalarType.STR;
        } else if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) || Tag.BOOL.equals(tag) || Tag.NULL.equals(tag)) {
            // An explicit core tag must still fit its value: "!!int ten" is not an integer.
            if (!tag.equals(resolver.resolve(NodeId.scalar, value, true))) {
                problem(loc, Node.quote(value) + " is not a valid " + show(tag));
                return new Node.ScalarNode(loc, Node.ScalarType.STR, value);
            }
            type = Tag.INT.equals(tag) ? Node.ScalarType.INT
                    : Tag.FLOAT.equals(tag) ? Node.ScalarType.FLOAT
                    : Tag.BOOL.equals(tag) ? Node.ScalarType.BOOL : Node.ScalarType.NULL;
        } else if (n.isPlain() && tag.equals(resolver.resolve(NodeId.scalar, value, true))) {
            // Implicit YAML 1.1 types beyond the core ones (timestamps, "=", "<<" as a value) are plain text to us,
            // as they are to Kubernetes once YAML becomes JSON.
            type = Node.ScalarType.STR;
        } else {
            problem(loc, "unsupported tag " + show(tag) + "; only plain YAML (strings, numbers, booleans, null, lists, maps) is accepted");
            type = Node.ScalarType.STR;
        }
        return new Node.ScalarNode(loc, type, value);
    }

    private void checkCollectionTag(org.yaml.snakeyaml.nodes.Node n, Tag expected, Location loc) {
        if (!expected.equals(n.getTag())) {
            problem(loc, "unsupported tag " + show(n.getTag()) + "; only plain YAML (strings, numbers, booleans, null, lists, maps) is accepted");
        }
    }

    private void problem(Location loc, String message) {
        documentBad = true;
        problems.add(new Problem(loc, "", message));
    }

    private Location at(Mark m) {
        return new Location(source, m.getLine() + 1 + lineOffset + resumeLines, m.getColumn() + 1);
    }

    private static String show(Tag tag) {
        String v = tag.getValue();
        return v.startsWith(Tag.PREFIX) ? "!!" + v.substring(Tag.PREFIX.length()) : v;
    }

    private String syntaxMessage(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem().strip();
        String context = e.getContext() == null ? "" : e.getContext().strip();
        if (problem.isEmpty()) {
            return plainMessage(context);
        }
        if (context.isEmpty()) {
            return plainMessage(problem);
        }
        // The problem is located where snakeyaml gave up; say where the construct it was reading began.
        Mark c = e.getContextMark();
        Mark p = e.getProblemMark();
        String where = c != null && (p == null || c.getLine() != p.getLine())
                ? " started at line " + (c.getLine() + 1 + lineOffset + resumeLines) : "";
        return plainMessage(problem + " (" + context + where + ")");
    }

    /** snakeyaml's words for its bounds, said in ours. */
    private String plainMessage(String msg) {
        String m = msg == null ? "invalid YAML" : msg.strip();
        if (m.startsWith("Number of aliases for non-scalar nodes exceeds the specified max")) {
            return "document uses more than " + limits.maxCollectionAliases() + " aliases to lists or maps";
        }
        if (m.startsWith("Nesting Depth exceeded")) {
            return "document nests deeper than " + limits.maxDepth() + " levels";
        }
        if (m.startsWith("The incoming YAML document exceeds the limit")) {
            return "YAML input is too large: " + m;
        }
        return "invalid YAML: " + m;
    }
}
