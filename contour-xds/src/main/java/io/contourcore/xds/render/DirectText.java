package io.contourcore.xds.render;

import com.google.protobuf.Message;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The text of protos and documents of protos written straight from the messages ({@link ProtoWalker} into
 * {@link JsonSink} or {@link YamlSink}), byte for byte what the JsonFormat, Jackson tree and Jackson writer path of
 * {@link ProtoText} gives. A YAML document with a construct {@link YamlSink} does not reproduce is written that old
 * way instead.
 */
final class DirectText {

    /** Text held before it is handed to a writer: large enough that the writer is called rarely. */
    private static final int DRAIN_AT = 1 << 16;

    private DirectText() {}

    /**
     * Writes {@link #document(Map, XdsDocument.Encoding, boolean)}'s text to {@code out} in pieces as it is made, so
     * the whole text (tens of MB for 10,000 objects) is never in memory. A construct the YAML writer does not
     * reproduce throws {@link YamlSink.Unsupported}, possibly after part of the text was written.
     */
    static void write(Map<String, ? extends List<? extends Message>> groups, XdsDocument.Encoding encoding,
            OutputStream out) throws IOException {
        StringBuilder sb = new StringBuilder(DRAIN_AT + (DRAIN_AT >> 2));
        ProtoWalker.Sink sink = sink(sb, encoding);
        try {
            walkDocument(groups, sink, draining(sb, sink, out));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        finish(sink, sb, out);
    }

    /**
     * As {@link #write(Map, XdsDocument.Encoding, OutputStream)}, a large document written in pieces on
     * {@code executor} ({@link PiecedText}): the same bytes.
     */
    static void write(Map<String, ? extends List<? extends Message>> groups, XdsDocument.Encoding encoding,
            OutputStream out, Executor executor) throws IOException {
        if (PiecedText.write(groups, encoding, executor, (text, ascii) -> out.write(bytes(text, ascii))) < 0) {
            write(groups, encoding, out);
        }
    }

    /** As {@link #document(Map, XdsDocument.Encoding)}, a large document made in pieces on {@code executor}. */
    static String document(Map<String, ? extends List<? extends Message>> groups, XdsDocument.Encoding encoding,
            Executor executor) {
        StringBuilder sb = new StringBuilder(1 << 16);
        try {
            if (PiecedText.write(groups, encoding, executor, (text, ascii) -> sb.append(text)) >= 0) {
                return sb.toString();
            }
        } catch (YamlSink.Unsupported e) {
            return ProtoText.toYaml(ProtoText.document(groups));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // appending to a StringBuilder does not fail
        }
        return document(groups, encoding);
    }

    /** As {@link #write(Map, XdsDocument.Encoding, OutputStream)} for one message. */
    static void write(Message m, XdsDocument.Encoding encoding, OutputStream out) throws IOException {
        StringBuilder sb = new StringBuilder(DRAIN_AT + (DRAIN_AT >> 2));
        ProtoWalker.Sink sink = sink(sb, encoding);
        try {
            new ProtoWalker(sink, draining(sb, sink, out)).message(m);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        finish(sink, sb, out);
    }

    private static ProtoWalker.Sink sink(StringBuilder sb, XdsDocument.Encoding encoding) {
        return encoding == XdsDocument.Encoding.JSON ? new JsonSink(sb) : new YamlSink(sb);
    }

    /** Hands the text made so far to {@code out} once there is enough of it; the sinks only ever append. */
    private static Runnable draining(StringBuilder sb, ProtoWalker.Sink sink, OutputStream out) {
        return () -> {
            if (sb.length() >= DRAIN_AT) {
                try {
                    // A pair of surrogates is encoded whole: its first half waits for the next piece.
                    int n = Character.isHighSurrogate(sb.charAt(sb.length() - 1)) ? sb.length() - 1 : sb.length();
                    writePiece(sb, n, sink.ascii(), out);
                    sb.delete(0, n);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** The end of the text as {@link #document} and {@link #message} end it, then the rest of it to {@code out}. */
    private static void finish(ProtoWalker.Sink sink, StringBuilder sb, OutputStream out) throws IOException {
        if (sink instanceof YamlSink y) {
            y.finish();
        } else {
            sb.append('\n');
        }
        writePiece(sb, sb.length(), sink.ascii(), out);
    }

    /**
     * Writes a piece of the text as UTF-8. A piece of ASCII (nearly every one) is copied out as Latin-1, which for a
     * Latin-1 builder is two array copies; when its sink wrote only ASCII that is all, otherwise it is checked in one
     * pass: a negative byte (a character above ASCII) or a
     * {@code ?} (perhaps a character Latin-1 cannot carry) sends it to {@link #utf8}. Copying it out as a string,
     * encoding that as UTF-8 (a pass and a copy) and looking for {@code ?} in another pass, under C1, cost about
     * three times as much.
     */
    private static void writePiece(StringBuilder sb, int n, boolean ascii, OutputStream out) throws IOException {
        String piece = sb.substring(0, n);
        byte[] bytes = piece.getBytes(StandardCharsets.ISO_8859_1);
        if (ascii) {
            out.write(bytes);
            return;
        }
        for (byte b : bytes) {
            if (b < 0 || b == '?') {
                out.write(utf8(piece));
                return;
            }
        }
        out.write(bytes);
    }

    /**
     * The UTF-8 bytes of a piece of text: when its sink wrote only ASCII ({@link ProtoWalker.Sink#ascii()}) its
     * Latin-1 bytes, one copy with nothing to check (the checks below were ~3% of a TLS-heavy 10k render's CPU).
     */
    private static byte[] bytes(String text, boolean ascii) throws IOException {
        return ascii ? text.getBytes(StandardCharsets.ISO_8859_1) : utf8(text);
    }

    /**
     * The UTF-8 bytes of {@code text}, refusing an unpaired surrogate as a writer would ({@code getBytes} would put
     * a {@code ?} there). Output is nearly all ASCII: then every character became one byte and, unless one of them
     * is a {@code ?}, none was replaced, so the careful encoder is only needed in the rare other case.
     */
    static byte[] utf8(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == text.length() && !hasQuestionMark(bytes)) {
            return bytes;
        }
        ByteBuffer strict = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
        byte[] out = new byte[strict.remaining()];
        strict.get(out);
        return out;
    }

    private static boolean hasQuestionMark(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '?') {
                return true;
            }
        }
        return false;
    }

    static String document(Map<String, ? extends List<? extends Message>> groups, XdsDocument.Encoding encoding) {
        return document(groups, encoding, true);
    }

    static String message(Message m, XdsDocument.Encoding encoding) {
        return message(m, encoding, true);
    }

    /** With {@code fallback} false, a construct the YAML writer does not reproduce throws {@link YamlSink.Unsupported}. */
    static String document(Map<String, ? extends List<? extends Message>> groups, XdsDocument.Encoding encoding,
            boolean fallback) {
        return switch (encoding) {
            case JSON -> {
                StringBuilder sb = new StringBuilder(1 << 16);
                walkDocument(groups, new JsonSink(sb), null);
                yield sb.append('\n').toString();
            }
            case YAML -> {
                StringBuilder sb = new StringBuilder(1 << 16);
                YamlSink sink = new YamlSink(sb);
                try {
                    walkDocument(groups, sink, null);
                    sink.finish();
                    yield sb.toString();
                } catch (YamlSink.Unsupported e) {
                    if (!fallback) {
                        throw e;
                    }
                    yield ProtoText.toYaml(ProtoText.document(groups));
                }
            }
        };
    }

    static String message(Message m, XdsDocument.Encoding encoding, boolean fallback) {
        return switch (encoding) {
            case JSON -> {
                StringBuilder sb = new StringBuilder(1 << 12);
                new ProtoWalker(new JsonSink(sb)).message(m);
                yield sb.append('\n').toString();
            }
            case YAML -> {
                StringBuilder sb = new StringBuilder(1 << 12);
                YamlSink sink = new YamlSink(sb);
                try {
                    new ProtoWalker(sink).message(m);
                    sink.finish();
                    yield sb.toString();
                } catch (YamlSink.Unsupported e) {
                    if (!fallback) {
                        throw e;
                    }
                    yield ProtoText.toYaml(ProtoText.toTree(m));
                }
            }
        };
    }

    private static void walkDocument(Map<String, ? extends List<? extends Message>> groups, ProtoWalker.Sink sink,
            Runnable drain) {
        ProtoWalker walker = new ProtoWalker(sink, drain);
        sink.startObject();
        for (Map.Entry<String, ? extends List<? extends Message>> g : groups.entrySet()) {
            sink.key(g.getKey());
            sink.startArray();
            for (Message m : g.getValue()) {
                walker.message(m);
            }
            sink.endArray();
        }
        sink.endObject();
    }
}
