package io.contourcore.xds.render;

import com.google.protobuf.Message;
import java.util.List;
import java.util.Map;

/**
 * The text of protos and documents of protos written straight from the messages ({@link ProtoWalker} into
 * {@link JsonSink} or {@link YamlSink}), byte for byte what the JsonFormat, Jackson tree and Jackson writer path of
 * {@link ProtoText} gives. A YAML document with a construct {@link YamlSink} does not reproduce is written that old
 * way instead.
 */
final class DirectText {

    private DirectText() {}

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
                walkDocument(groups, new JsonSink(sb));
                yield sb.append('\n').toString();
            }
            case YAML -> {
                StringBuilder sb = new StringBuilder(1 << 16);
                YamlSink sink = new YamlSink(sb);
                try {
                    walkDocument(groups, sink);
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

    private static void walkDocument(Map<String, ? extends List<? extends Message>> groups, ProtoWalker.Sink sink) {
        ProtoWalker walker = new ProtoWalker(sink);
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
