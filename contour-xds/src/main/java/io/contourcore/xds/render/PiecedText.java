package io.contourcore.xds.render;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.contourcore.model.Parallel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A document's text made in pieces on several threads and joined in order, byte for byte the text
 * {@link DirectText} writes on one.
 *
 * <p>The document is a list of steps (its start, each section's key, each resource, its end); the two or three
 * resources that hold most of a large document (the HTTPS listener with a filter chain per TLS host, the
 * {@code ingress_http} route configuration with a virtual host per host) are cut further, into their members
 * before their largest list, one step per element of that list, and their members after it. Consecutive steps
 * are grouped into pieces of about equal size, and each piece is written by its own walker into its own sink.
 *
 * <p>A piece that does not start the document starts in a sink set to where it starts by a few stand-in events:
 * the containers it is inside, opened, and a one-letter item before it where it is not its list's first. That
 * stand-in state is right when it equals (as {@link ProtoWalker.Sink#boundary()}) the state the piece before it
 * left, which the join checks, piece after piece; a piece whose start differs, or whose writing failed, is written
 * again by the sink the previous piece ended in, as the single writer would have. So the text is the sequential
 * text, whatever the pieces and threads, and a failure is the one the sequential writer meets first.
 */
final class PiecedText {

    /**
     * Where the joined text goes, piece by piece in document order; {@code ascii} when the sink that wrote the piece
     * wrote nothing but ASCII ({@link ProtoWalker.Sink#ascii()}).
     */
    interface Output {
        void write(String text, boolean ascii) throws IOException;
    }

    /**
     * Serialized bytes a piece aims at, and a document's least to be cut at all. Each piece pays for its own walker
     * (packed values parsed again, texts replayed anew), so pieces are kept in the hundreds of KB of text.
     */
    static final int PIECE_BYTES = 1 << 17;

    /**
     * Most pieces a document is cut into: a larger document gets larger pieces, since every piece learns again what
     * its walker and sink remember (packed values, quoted keys and scalars). 48 still share well among 2-4 threads.
     */
    static final int MAX_PIECES = 48;

    private PiecedText() {}

    /**
     * Writes the document's text to {@code out} in pieces on {@code executor} and answers how many pieces had to be
     * written again where they truly start (none, for the documents contour renders); -1, with nothing written,
     * when the document is too small to cut or there is no thread to share it with. Throws what the sequential
     * writer would throw first ({@link YamlSink.Unsupported} among them), possibly after some text was written.
     */
    static int write(Map<String, ? extends List<? extends Message>> groups, XdsDocument.Encoding encoding,
            Executor executor, Output out) throws IOException {
        if (!Parallel.isParallel(executor)) {
            return -1;
        }
        List<Step> steps = steps(groups);
        List<Piece> pieces = pieces(steps);
        if (pieces.size() < 2) {
            return -1;
        }
        // snakeyaml's texts for the document's odd scalars, made once for all the pieces' sinks.
        Map<String, String> probes = new java.util.concurrent.ConcurrentHashMap<>();
        Join join = new Join(pieces, encoding, out, probes);
        List<Supplier<Boolean>> tasks = new ArrayList<>(pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            int k = i;
            tasks.add(() -> {
                Object made;
                try {
                    made = join.failed() ? new IllegalStateException("not written") : written(pieces.get(k), encoding, probes);
                } catch (Throwable t) {
                    made = t;
                }
                join.add(k, made);
                return true;
            });
        }
        Parallel.all(executor, tasks);
        return join.end();
    }

    // ---- steps and pieces

    /** Where a piece may start: inside these containers, after a first item or not. */
    private record Start(String section, int sectionIndex, boolean atItem, boolean afterItem, String field,
            boolean afterElement) {}

    /** One stretch of the document's events. */
    private interface Emit {
        void to(ProtoWalker walker, ProtoWalker.Sink sink, StringBuilder text);
    }

    /** A stretch, where a piece may start before it (null: nowhere), and its size in serialized bytes. */
    private record Step(Emit emit, Start start, long weight) {}

    /** Consecutive steps written by one walker. */
    private record Piece(List<Step> steps) {
        Start start() {
            return steps.get(0).start();
        }
    }

    private static List<Step> steps(Map<String, ? extends List<? extends Message>> groups) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step((w, s, t) -> s.startObject(), null, 0));
        int k = 0;
        for (Map.Entry<String, ? extends List<? extends Message>> g : groups.entrySet()) {
            String section = g.getKey();
            Start atKey = k == 0 ? null : new Start(section, k, false, false, null, false);
            steps.add(new Step((w, s, t) -> {
                s.key(section);
                s.startArray();
            }, atKey, 0));
            List<? extends Message> items = g.getValue();
            for (int i = 0; i < items.size(); i++) {
                Message m = items.get(i);
                Start atItem = i == 0 ? null : new Start(section, k, true, true, null, false);
                long size = m.getSerializedSize();
                FieldDescriptor cut = size > PIECE_BYTES ? largestList(m) : null;
                if (cut == null) {
                    steps.add(new Step((w, s, t) -> w.message(m), atItem, size));
                } else {
                    cut(steps, m, cut, atItem, section, k);
                }
            }
            steps.add(new Step((w, s, t) -> s.endArray(), null, 0));
            k++;
        }
        steps.add(new Step((w, s, t) -> {
            s.endObject();
            if (s instanceof YamlSink y) {
                y.finish();
            } else {
                t.append('\n');
            }
        }, null, 0));
        return steps;
    }

    /** The repeated message field holding most of {@code m}'s bytes, if it has several elements. */
    private static FieldDescriptor largestList(Message m) {
        if (m.getDescriptorForType().getFullName().startsWith("google.protobuf.")) {
            return null; // written as a scalar, a list or a map rather than as an object of its fields
        }
        FieldDescriptor best = null;
        long bestSize = 0;
        for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
            if (!f.isRepeated() || f.isMapField() || f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            int n = m.getRepeatedFieldCount(f);
            if (n < 2) {
                continue;
            }
            long size = 0;
            for (int i = 0; i < n; i++) {
                size += ((Message) m.getRepeatedField(f, i)).getSerializedSize();
            }
            if (size > bestSize) {
                best = f;
                bestSize = size;
            }
        }
        return best;
    }

    /** {@code m} as its members before {@code f} and {@code f}'s key, one step per element, and the rest. */
    private static void cut(List<Step> steps, Message m, FieldDescriptor f, Start atItem, String section, int k) {
        Message.Builder before = m.toBuilder();
        Message.Builder after = m.toBuilder();
        for (FieldDescriptor other : m.getDescriptorForType().getFields()) {
            if (other.getNumber() >= f.getNumber()) {
                before.clearField(other);
            }
            if (other.getNumber() <= f.getNumber()) {
                after.clearField(other);
            }
        }
        Message head = before.build();
        Message tail = after.build();
        String name = f.getName();
        steps.add(new Step((w, s, t) -> {
            s.startObject();
            w.members(head);
            s.key(name);
            s.startArray();
        }, atItem, head.getSerializedSize()));
        int n = m.getRepeatedFieldCount(f);
        Start atElement = new Start(section, k, true, atItem != null, name, true);
        for (int j = 0; j < n; j++) {
            Message e = (Message) m.getRepeatedField(f, j);
            steps.add(new Step((w, s, t) -> w.message(e), j == 0 ? null : atElement, e.getSerializedSize()));
        }
        steps.add(new Step((w, s, t) -> {
            s.endArray();
            w.members(tail);
            s.endObject();
        }, null, tail.getSerializedSize()));
    }

    /**
     * Steps grouped into pieces of about {@link #PIECE_BYTES}, or of a {@link #MAX_PIECES}th of the document when
     * that is more, each starting where a piece may.
     */
    private static List<Piece> pieces(List<Step> steps) {
        long total = 0;
        for (Step s : steps) {
            total += s.weight();
        }
        long target = Math.max(PIECE_BYTES, total / MAX_PIECES);
        List<Piece> pieces = new ArrayList<>();
        int from = 0;
        long weight = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (weight >= target && s.start() != null) {
                pieces.add(new Piece(steps.subList(from, i)));
                from = i;
                weight = 0;
            }
            weight += s.weight();
        }
        pieces.add(new Piece(steps.subList(from, steps.size())));
        return pieces;
    }

    // ---- writing a piece

    /**
     * A piece's text, the state its stand-in start left (null for the first), the sink it ended in, and whether
     * that sink wrote only ASCII (the stand-in events are ASCII).
     */
    private record Written(Object start, String text, Writer end, boolean ascii) {}

    /** A sink with its text buffer and the walker writing into it. */
    private record Writer(StringBuilder text, ProtoWalker.Sink sink, ProtoWalker walker) {
        /** {@code probes}: the scalar texts snakeyaml made, shared by every YAML sink of one document. */
        static Writer of(XdsDocument.Encoding encoding, int capacity, Map<String, String> probes) {
            StringBuilder text = new StringBuilder(capacity);
            ProtoWalker.Sink sink = encoding == XdsDocument.Encoding.JSON ? new JsonSink(text) : new YamlSink(text, probes);
            return new Writer(text, sink, new ProtoWalker(sink));
        }

        /** The steps' text from where the sink is now. */
        String write(List<Step> steps) {
            text.setLength(0);
            for (Step s : steps) {
                s.emit().to(walker, sink, text);
            }
            return text.toString();
        }
    }

    private static Written written(Piece piece, XdsDocument.Encoding encoding, Map<String, String> probes) {
        Writer w = Writer.of(encoding, PIECE_BYTES * 3, probes);
        Start start = piece.start();
        Object state = null;
        if (start != null) {
            enter(w.sink(), start);
            state = w.sink().boundary();
        }
        String text = w.write(piece.steps());
        return new Written(state, text, w, w.sink().ascii());
    }

    /** The stand-in events that put a fresh sink where a piece starting at {@code s} starts. */
    private static void enter(ProtoWalker.Sink sink, Start s) {
        sink.startObject();
        if (!s.atItem()) {
            // Before a section's key: the sections before it stand in as one member.
            sink.key("x");
            sink.string("x");
            return;
        }
        sink.key(s.section());
        sink.startArray();
        if (s.afterItem()) {
            sink.string("x");
        }
        if (s.field() != null) {
            sink.startObject();
            sink.key(s.field());
            sink.startArray();
            if (s.afterElement()) {
                sink.string("x");
            }
        }
    }

    // ---- the join

    /** Takes the pieces as they are written, in any order, and hands their text on in document order. */
    private static final class Join {
        private final List<Piece> pieces;
        private final XdsDocument.Encoding encoding;
        private final Output out;
        private final Map<String, String> probes;
        private final Object[] made;
        private int next;
        /** The sink the text handed on so far ended in: the true state where the next piece starts. */
        private Writer current;
        private Throwable failure;
        private int rewritten;

        Join(List<Piece> pieces, XdsDocument.Encoding encoding, Output out, Map<String, String> probes) {
            this.pieces = pieces;
            this.encoding = encoding;
            this.out = out;
            this.probes = probes;
            this.made = new Object[pieces.size()];
        }

        synchronized boolean failed() {
            return failure != null;
        }

        synchronized void add(int k, Object piece) {
            made[k] = piece;
            while (failure == null && next < made.length && made[next] != null) {
                Object m = made[next];
                made[next] = null;
                try {
                    String text;
                    boolean ascii;
                    if (m instanceof Written w && (next == 0 || w.start().equals(current.sink().boundary()))) {
                        text = w.text();
                        ascii = w.ascii();
                        current = w.end();
                    } else {
                        // Started elsewhere than the previous piece ended, or failed: written where it truly starts.
                        if (current == null) {
                            current = Writer.of(encoding, PIECE_BYTES * 3, probes);
                        }
                        rewritten++;
                        text = current.write(pieces.get(next).steps());
                        ascii = current.sink().ascii();
                    }
                    out.write(text, ascii);
                } catch (Throwable t) {
                    failure = t;
                    return;
                }
                next++;
            }
        }

        /** After every piece was added: throws the first failure in document order, or answers the pieces rewritten. */
        synchronized int end() throws IOException {
            if (failure instanceof IOException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            if (next != made.length) {
                throw new IllegalStateException("pieces left unwritten: " + (made.length - next));
            }
            return rewritten;
        }
    }
}
