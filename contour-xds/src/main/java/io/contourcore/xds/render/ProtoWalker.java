package io.contourcore.xds.render;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.FieldMaskUtil;
import com.google.protobuf.util.Timestamps;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Walks a protobuf message as the JSON tree that protobuf's {@code JsonFormat} printer (proto field names, sorted
 * map keys, default values left out) followed by a Jackson re-parse would give, and hands each node to a
 * {@link Sink}, without building any text or tree in between.
 *
 * <p>Values carry the forms that round trip gives: 64-bit integers and enum names as strings, floats as the
 * {@code double} Jackson reads back from {@code Float.toString}, {@code Any} as {@code @type} plus the packed fields
 * (or {@code value} for a well-known type), durations, timestamps and field masks as their JSON strings.
 */
final class ProtoWalker {

    /** Receives the tree in document order; objects and arrays may turn out empty. */
    interface Sink {
        void startObject();

        void endObject();

        void startArray();

        void endArray();

        void key(String name);

        void string(String value);

        /** A JSON number, already in the text Jackson prints for it. */
        void number(String text);

        void bool(boolean value);

        void nul();

        /**
         * Everything that decides how the next value is written, when that value is an object's member (just after
         * {@link #key}); null elsewhere, or when the sink cannot tell. A value written from equal states is written
         * as equal text and leaves equal {@link #endState()}s, so its text may be {@link #replay}ed.
         */
        default Object memberState() {
            return null;
        }

        /** What writing a value left behind that the next one depends on; only asked after {@link #memberState()}. */
        default Object endState() {
            throw new UnsupportedOperationException();
        }

        /** Length of the text in the sink's buffer: where a value's text starts. */
        default int written() {
            throw new UnsupportedOperationException();
        }

        /** The text written since {@link #written()} was {@code from}; nothing may have been handed on in between. */
        default String textSince(int from) {
            throw new UnsupportedOperationException();
        }

        /** Writes {@code text} again, as a member written from the current state wrote it, leaving {@code end}. */
        default void replay(String text, Object end) {
            throw new UnsupportedOperationException();
        }

        /**
         * Everything that decides the text of what the sink is given next, when that is an array item, an object's
         * key or the end of a container (never a member's value): two sinks whose boundaries are equal write the
         * same text from there on. {@link PiecedText} starts a piece of a document in a sink set to where the
         * piece starts, and compares boundaries to prove it started where the piece before it ended.
         */
        default Object boundary() {
            throw new UnsupportedOperationException();
        }
    }

    private static final Map<Descriptor, Field[]> FIELDS = new ConcurrentHashMap<>();
    private static final Comparator<Object> UTF8_ORDER = (a, b) -> ByteString.unsignedLexicographicalComparator()
            .compare(ByteString.copyFromUtf8((String) a), ByteString.copyFromUtf8((String) b));

    /**
     * Largest packed value remembered once parsed. The values that recur (filters, access logs) are small; a large
     * one is usually unique (a TLS virtual host's connection manager), and remembering 2,500 of those held about
     * 20 MB of parsed messages for the whole write.
     */
    private static final int MAX_REMEMBERED = 2048;

    /**
     * Smallest and largest packed value whose text is replayed. The same filter or per-route config recurs thousands
     * of times (every TLS filter chain carries the same ten HTTP filters); its text is made once per position. A
     * value's text is kept only from its second sighting on, so unique values (each TLS connection manager) cost a
     * set entry, not their text.
     */
    private static final int MIN_REPLAYED = 16;
    private static final int MAX_REPLAYED = 1 << 14;

    private final Sink out;
    private final Map<ByteString, DynamicMessage> unpacked = new java.util.HashMap<>();
    private final Map<Replayable, Replay> replays = new java.util.HashMap<>();

    /** Open captures of a value's text: nothing may be handed on while one is open. */
    private int capturing;

    /** A packed value written as an object's member from a sink state. */
    private record Replayable(String url, ByteString content, Object state) {}

    /** The text it was written as, and the sink state it left (both null: seen once, not yet captured). */
    private record Replay(String text, Object end) {}

    private static final Replay SEEN_ONCE = new Replay(null, null);

    /** Run before each message: lets the caller take the text made so far (null: never). */
    private final Runnable drain;

    ProtoWalker(Sink out) {
        this(out, null);
    }

    ProtoWalker(Sink out, Runnable drain) {
        this.out = out;
        this.drain = drain;
    }

    /**
     * The members of {@code m} as {@link #message} writes them between its object's start and end: a message whose
     * text is written in parts writes each part's members from a copy holding only that part's fields.
     */
    void members(Message m) {
        fields(m);
    }

    void message(Message m) {
        if (drain != null && capturing == 0) {
            drain.run();
        }
        Descriptor d = m.getDescriptorForType();
        switch (d.getFullName()) {
            case "google.protobuf.Any" -> any(m);
            case "google.protobuf.BoolValue", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
                    "google.protobuf.Int64Value", "google.protobuf.UInt64Value", "google.protobuf.StringValue",
                    "google.protobuf.BytesValue", "google.protobuf.FloatValue", "google.protobuf.DoubleValue" -> {
                FieldDescriptor f = d.getFields().get(0);
                single(f, m.getField(f));
            }
            case "google.protobuf.Timestamp" -> out.string(Timestamps.toString(
                    m instanceof Timestamp t ? t : reparse(m, Timestamp.parser())));
            case "google.protobuf.Duration" -> out.string(Durations.toString(
                    m instanceof Duration t ? t : reparse(m, Duration.parser())));
            case "google.protobuf.FieldMask" -> out.string(FieldMaskUtil.toJsonString(
                    m instanceof FieldMask t ? t : reparse(m, FieldMask.parser())));
            case "google.protobuf.Struct" -> {
                FieldDescriptor f = d.getFields().get(0);
                map(f, m.getField(f));
            }
            case "google.protobuf.Value" -> value(m);
            case "google.protobuf.ListValue" -> {
                FieldDescriptor f = d.getFields().get(0);
                repeated(f, (List<?>) m.getField(f));
            }
            default -> {
                out.startObject();
                fields(m);
                out.endObject();
            }
        }
    }

    private void fields(Message m) {
        for (Field f : fieldsOf(m.getDescriptorForType())) {
            FieldDescriptor fd = f.descriptor;
            if (f.repeated ? m.getRepeatedFieldCount(fd) == 0 : !m.hasField(fd)) {
                continue;
            }
            out.key(f.name);
            Object v = m.getField(fd);
            if (f.map) {
                map(fd, v);
            } else if (f.repeated) {
                repeated(fd, (List<?>) v);
            } else {
                single(fd, v);
            }
        }
    }

    /** What the walk needs of a field, read once per type rather than from the descriptor's proto every time. */
    private record Field(FieldDescriptor descriptor, String name, boolean repeated, boolean map) {}

    /** The fields in field-number order, the order {@code getAllFields} gives. */
    private static Field[] fieldsOf(Descriptor d) {
        Field[] fs = FIELDS.get(d);
        if (fs == null) {
            fs = d.getFields().stream()
                    .sorted(Comparator.comparingInt(FieldDescriptor::getNumber))
                    .map(f -> new Field(f, f.getName(), f.isRepeated(), f.isMapField()))
                    .toArray(Field[]::new);
            FIELDS.put(d, fs);
        }
        return fs;
    }

    private void any(Message m) {
        String url;
        ByteString content;
        if (m instanceof com.google.protobuf.Any a) {
            url = a.getTypeUrl();
            content = a.getValue();
        } else {
            // An Any inside a packed value parsed here is a DynamicMessage.
            Descriptor d = m.getDescriptorForType();
            url = (String) m.getField(d.findFieldByName("type_url"));
            content = (ByteString) m.getField(d.findFieldByName("value"));
        }
        Object state = content.size() < MIN_REPLAYED || content.size() > MAX_REPLAYED ? null : out.memberState();
        if (state == null) {
            any(url, content);
            return;
        }
        Replayable key = new Replayable(url, content, state);
        Replay seen = replays.get(key);
        if (seen == null) {
            replays.put(key, SEEN_ONCE);
            any(url, content);
        } else if (seen == SEEN_ONCE) {
            int from = out.written();
            capturing++;
            try {
                any(url, content);
            } finally {
                capturing--;
            }
            replays.put(key, new Replay(out.textSince(from), out.endState()));
        } else {
            out.replay(seen.text(), seen.end());
        }
    }

    private void any(String url, ByteString content) {
        if (url.isEmpty() && content.isEmpty()) {
            out.startObject();
            out.endObject();
            return;
        }
        String[] parts = url.split("/");
        if (parts.length == 1) {
            throw new IllegalArgumentException("invalid type url in Any: " + url);
        }
        String name = parts[parts.length - 1];
        Descriptor type = ProtoTypes.descriptor(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown type in Any: " + url));
        // The same packed value recurs in every listener or route (a router filter, an access log): parse it once.
        DynamicMessage packed = unpacked.get(content);
        if (packed == null || packed.getDescriptorForType() != type) {
            try {
                packed = DynamicMessage.getDefaultInstance(type).getParserForType().parseFrom(content);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalArgumentException("Any of type " + name + " does not parse", e);
            }
            if (content.size() <= MAX_REMEMBERED) {
                unpacked.put(content, packed);
            }
        }
        out.startObject();
        out.key("@type");
        out.string(url);
        if (isWellKnown(type.getFullName())) {
            out.key("value");
            message(packed);
        } else {
            fields(packed);
        }
        out.endObject();
    }

    private static boolean isWellKnown(String fullName) {
        return switch (fullName) {
            case "google.protobuf.Any", "google.protobuf.BoolValue", "google.protobuf.Int32Value",
                    "google.protobuf.UInt32Value", "google.protobuf.Int64Value", "google.protobuf.UInt64Value",
                    "google.protobuf.StringValue", "google.protobuf.BytesValue", "google.protobuf.FloatValue",
                    "google.protobuf.DoubleValue", "google.protobuf.Timestamp", "google.protobuf.Duration",
                    "google.protobuf.FieldMask", "google.protobuf.Struct", "google.protobuf.Value",
                    "google.protobuf.ListValue" -> true;
            default -> false;
        };
    }

    private void value(Message m) {
        Map<FieldDescriptor, Object> set = m.getAllFields();
        if (set.isEmpty()) {
            out.nul();
            return;
        }
        if (set.size() != 1) {
            throw new IllegalArgumentException("invalid google.protobuf.Value: more than one kind set");
        }
        Map.Entry<FieldDescriptor, Object> e = set.entrySet().iterator().next();
        if (e.getKey().getType() == FieldDescriptor.Type.DOUBLE) {
            double v = (Double) e.getValue();
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("google.protobuf.Value cannot encode double values for infinity or nan");
            }
        }
        single(e.getKey(), e.getValue());
    }

    private void repeated(FieldDescriptor f, List<?> values) {
        out.startArray();
        for (Object v : values) {
            single(f, v);
        }
        out.endArray();
    }

    private void map(FieldDescriptor f, Object value) {
        Descriptor entry = f.getMessageType();
        // A map entry type has exactly its key (1) and value (2) fields, in that order.
        FieldDescriptor keyField = entry.getFields().get(0);
        FieldDescriptor valueField = entry.getFields().get(1);
        List<?> entries = (List<?>) value;
        List<Message> sorted = new ArrayList<>(entries.size());
        for (Object o : entries) {
            sorted.add((Message) o);
        }
        Comparator<Object> order = keyField.getType() == FieldDescriptor.Type.STRING ? UTF8_ORDER : ProtoWalker::natural;
        sorted.sort((a, b) -> order.compare(a.getField(keyField), b.getField(keyField)));
        out.startObject();
        // Equal keys (only possible in a message parsed from odd wire bytes) keep the last value, as a TreeMap does.
        for (int i = 0; i < sorted.size(); ) {
            Object k = sorted.get(i).getField(keyField);
            int last = i;
            while (last + 1 < sorted.size() && order.compare(sorted.get(last + 1).getField(keyField), k) == 0) {
                last++;
            }
            out.key(keyText(keyField, k));
            single(valueField, sorted.get(last).getField(valueField));
            i = last + 1;
        }
        out.endObject();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int natural(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    private static String keyText(FieldDescriptor f, Object k) {
        return switch (f.getType()) {
            case STRING -> (String) k;
            case UINT32, FIXED32 -> Integer.toUnsignedString((Integer) k);
            case UINT64, FIXED64 -> Long.toUnsignedString((Long) k);
            default -> String.valueOf(k);
        };
    }

    private void single(FieldDescriptor f, Object v) {
        switch (f.getType()) {
            case INT32, SINT32, SFIXED32 -> out.number(Integer.toString((Integer) v));
            case INT64, SINT64, SFIXED64 -> out.string(Long.toString((Long) v));
            case UINT32, FIXED32 -> out.number(Integer.toUnsignedString((Integer) v));
            case UINT64, FIXED64 -> out.string(Long.toUnsignedString((Long) v));
            case BOOL -> out.bool((Boolean) v);
            case FLOAT -> {
                float x = (Float) v;
                if (Float.isNaN(x) || Float.isInfinite(x)) {
                    out.string(Float.toString(x));
                } else {
                    // The printer writes Float.toString; Jackson reads that back as a double and prints the double.
                    out.number(Double.toString(Double.parseDouble(Float.toString(x))));
                }
            }
            case DOUBLE -> {
                double x = (Double) v;
                if (Double.isNaN(x) || Double.isInfinite(x)) {
                    out.string(Double.toString(x));
                } else {
                    out.number(Double.toString(x));
                }
            }
            case STRING -> out.string((String) v);
            case BYTES -> out.string(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
            case ENUM -> {
                EnumValueDescriptor e = (EnumValueDescriptor) v;
                if (f.getEnumType().getFullName().equals("google.protobuf.NullValue")) {
                    out.nul();
                } else if (e.getIndex() == -1) {
                    out.number(Integer.toString(e.getNumber()));
                } else {
                    out.string(e.getName());
                }
            }
            case MESSAGE, GROUP -> message((Message) v);
        }
    }

    private static <T> T reparse(Message m, com.google.protobuf.Parser<T> parser) {
        try {
            return parser.parseFrom(m.toByteString());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
