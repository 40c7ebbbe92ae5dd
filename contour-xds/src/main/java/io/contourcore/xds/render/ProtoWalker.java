package io.contourcore.xds.render;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.FieldMaskUtil;
import com.google.protobuf.util.Timestamps;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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

        /**
         * Whether every character the sink has written since it was made is ASCII, so that its text's Latin-1
         * bytes are its UTF-8 bytes and need no check. Once false it stays false; false when the sink cannot tell.
         */
        default boolean ascii() {
            return false;
        }
    }

    private static final Map<Descriptor, Plan> PLANS = new ConcurrentHashMap<>();

    /**
     * Smallest and largest packed value whose text is replayed. The same filter or per-route config recurs thousands
     * of times (every TLS filter chain carries the same ten HTTP filters); its text is made once per position. A
     * value's text is kept only from its second sighting on, so unique values (each TLS connection manager) cost a
     * set entry, not their text.
     */
    private static final int MIN_REPLAYED = 16;
    private static final int MAX_REPLAYED = 1 << 14;

    private final Sink out;
    private final Map<String, Plan> anyTypes = new java.util.HashMap<>();
    /** Texts of packed values seen at least twice, by value and sink state. */
    private final Map<Replayable, Replay> replays = new java.util.HashMap<>();
    /**
     * The hashes of packed values seen once: most values (each TLS connection manager) are never seen again, and a
     * hash is all the first sighting keeps. Copying each value out instead cost a TLS-heavy 10k render ~30 MB of
     * garbage. Two values of one hash only mean that the second one's text is kept too, which is always right.
     */
    private final java.util.Set<Integer> seenOnce = new java.util.HashSet<>();

    /** Open captures of a value's text: nothing may be handed on while one is open. */
    private int capturing;

    /**
     * A packed value written as an object's member from a sink state. Its content is a range of wire bytes: while it
     * is only looked up, the range of the bytes being walked; once kept, a copy of just that range.
     */
    private static final class Replayable {
        private final String url;
        private final byte[] bytes;
        private final int from;
        private final int size;
        private final Object state;
        /** Of the type, the content (as {@code ByteString} hashes it) and the state: also the seen-once mark. */
        private final int hash;

        private Replayable(String url, byte[] bytes, int from, int size, Object state, int hash) {
            this.url = url;
            this.bytes = bytes;
            this.from = from;
            this.size = size;
            this.state = state;
            this.hash = hash;
        }

        static Replayable of(String url, byte[] bytes, int from, int size, Object state) {
            int h = size;
            for (int i = from; i < from + size; i++) {
                h = h * 31 + bytes[i];
            }
            return new Replayable(url, bytes, from, size, state,
                    (url.hashCode() * 31 + h) * 31 + java.util.Objects.hashCode(state));
        }

        /** This key holding its own copy of the content, so that it keeps no walk's bytes alive. */
        Replayable kept() {
            return new Replayable(url, java.util.Arrays.copyOfRange(bytes, from, from + size), 0, size, state, hash);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Replayable r && hash == r.hash && size == r.size && url.equals(r.url)
                    && java.util.Arrays.equals(bytes, from, from + size, r.bytes, r.from, r.from + size)
                    && java.util.Objects.equals(state, r.state);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The text it was written as, and the sink state it left. */
    private record Replay(String text, Object end) {}


    /** Run before each message: lets the caller take the text made so far (null: never). */
    private final Runnable drain;

    // The message being walked: its wire bytes and the read position in them.
    private Message root;
    private byte[] b;
    private int p;

    /**
     * Where the walk is in {@link #root}'s own messages (field and element index, -1 for a singular field), and how
     * many packed values deep: a string read back from the wire is checked against the message's own string only
     * when it could differ from it (see {@link #string}).
     */
    private FieldDescriptor[] pathFields = new FieldDescriptor[32];
    private int[] pathIndexes = new int[32];
    private int pathDepth;
    private int anyDepth;

    ProtoWalker(Sink out) {
        this(out, null);
    }

    ProtoWalker(Sink out, Runnable drain) {
        this.out = out;
        this.drain = drain;
    }

    /**
     * Walks {@code m} from its serialised bytes rather than through protobuf's reflection: a generated message
     * writes its fields in field-number order, present exactly when reflection says they are (set, or not the
     * default for a field without presence), which is the order and the set the JSON printer follows. Reading the
     * bytes touches only the fields that are there (an Envoy message has dozens, most unset, and each reflective
     * {@code hasField} is a method invocation), and a packed value is read in place rather than parsed.
     */
    void message(Message m) {
        walk(m, false);
    }

    /**
     * The members of {@code m} as {@link #message} writes them between its object's start and end: a message whose
     * text is written in parts writes each part's members from a copy holding only that part's fields.
     */
    void members(Message m) {
        walk(m, true);
    }

    private void walk(Message m, boolean membersOnly) {
        byte[] bytes = m.toByteArray();
        Message outerRoot = root;
        byte[] outerBytes = b;
        int outerP = p;
        int outerPath = pathDepth;
        int outerAny = anyDepth;
        root = m;
        b = bytes;
        pathDepth = 0;
        anyDepth = 0;
        try {
            Plan plan = plan(io.contourcore.xds.translate.Protos.descriptor(m));
            if (membersOnly) {
                fields(plan, 0, bytes.length);
            } else {
                message(plan, 0, bytes.length);
            }
        } finally {
            root = outerRoot;
            b = outerBytes;
            p = outerP;
            pathDepth = outerPath;
            anyDepth = outerAny;
        }
    }

    private enum Kind { PLAIN, ANY, WRAPPER, TIMESTAMP, DURATION, FIELD_MASK, STRUCT, VALUE, LIST_VALUE }

    /** What the walk needs of a message type, read once per type rather than from the descriptor every time. */
    private static final class Plan {
        final Descriptor descriptor;
        final Kind kind;
        final Field[] byNumber;
        final Map<Integer, Field> farNumbers;
        /** The type's lowest-numbered field (the value of a wrapper, Struct, ListValue); null when it has none. */
        final Field first;

        Plan(Descriptor d) {
            descriptor = d;
            kind = switch (d.getFullName()) {
                case "google.protobuf.Any" -> Kind.ANY;
                case "google.protobuf.BoolValue", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
                        "google.protobuf.Int64Value", "google.protobuf.UInt64Value", "google.protobuf.StringValue",
                        "google.protobuf.BytesValue", "google.protobuf.FloatValue", "google.protobuf.DoubleValue" -> Kind.WRAPPER;
                case "google.protobuf.Timestamp" -> Kind.TIMESTAMP;
                case "google.protobuf.Duration" -> Kind.DURATION;
                case "google.protobuf.FieldMask" -> Kind.FIELD_MASK;
                case "google.protobuf.Struct" -> Kind.STRUCT;
                case "google.protobuf.Value" -> Kind.VALUE;
                case "google.protobuf.ListValue" -> Kind.LIST_VALUE;
                default -> Kind.PLAIN;
            };
            int max = 0;
            for (FieldDescriptor f : d.getFields()) {
                max = Math.max(max, f.getNumber());
            }
            // Field numbers are small in practice; a type with a huge one keeps those in a map.
            byNumber = new Field[Math.min(max, 1024) + 1];
            Map<Integer, Field> far = new java.util.HashMap<>();
            Field lowest = null;
            for (FieldDescriptor f : d.getFields()) {
                Field field = new Field(f);
                if (f.getNumber() < byNumber.length) {
                    byNumber[f.getNumber()] = field;
                } else {
                    far.put(f.getNumber(), field);
                }
                if (lowest == null || f.getNumber() < lowest.number) {
                    lowest = field;
                }
            }
            farNumbers = far.isEmpty() ? Map.of() : far;
            first = lowest;
        }

        Field field(int number) {
            return number < byNumber.length ? byNumber[number] : farNumbers.get(number);
        }
    }

    /** What the walk needs of a field. */
    private static final class Field {
        final FieldDescriptor descriptor;
        final String name;
        final int number;
        final FieldDescriptor.Type type;
        final boolean repeated;
        final boolean map;
        /** Whether a repeated field of this type may come packed (numbers, booleans and enums). */
        final boolean packable;
        final boolean nullValue;
        private volatile Plan message;
        private volatile Field[] entry;

        Field(FieldDescriptor f) {
            descriptor = f;
            name = f.getName();
            number = f.getNumber();
            type = f.getType();
            repeated = f.isRepeated();
            map = f.isMapField();
            packable = switch (type) {
                case STRING, BYTES, MESSAGE, GROUP -> false;
                default -> true;
            };
            nullValue = type == FieldDescriptor.Type.ENUM && f.getEnumType().getFullName().equals("google.protobuf.NullValue");
        }

        Plan plan() {
            Plan m = message;
            if (m == null) {
                m = ProtoWalker.plan(descriptor.getMessageType());
                message = m;
            }
            return m;
        }

        /** A map field's key (1) and value (2) fields. */
        Field[] entry() {
            Field[] e = entry;
            if (e == null) {
                Descriptor d = descriptor.getMessageType();
                e = new Field[] {new Field(d.findFieldByNumber(1)), new Field(d.findFieldByNumber(2))};
                entry = e;
            }
            return e;
        }
    }

    private static Plan plan(Descriptor d) {
        Plan plan = PLANS.get(d);
        if (plan == null) {
            plan = new Plan(d);
            PLANS.put(d, plan);
        }
        return plan;
    }

    // ---- reading the wire

    private long varint() {
        byte x = b[p++];
        if (x >= 0) {
            return x;
        }
        long r = x & 0x7F;
        for (int shift = 7; ; shift += 7) {
            x = b[p++];
            r |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return r;
            }
        }
    }

    private int fixed32() {
        int v = (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
        p += 4;
        return v;
    }

    private long fixed64() {
        long lo = fixed32() & 0xFFFFFFFFL;
        long hi = fixed32() & 0xFFFFFFFFL;
        return lo | hi << 32;
    }

    private int length() {
        return (int) varint();
    }

    private void skip(int wireType) {
        switch (wireType) {
            case 0 -> varint();
            case 1 -> p += 8;
            case 2 -> {
                int n = length();
                p += n;
            }
            case 5 -> p += 4;
            default -> throw new IllegalArgumentException("unexpected wire type " + wireType);
        }
    }

    /** The position of field {@code number}'s value in {@code [from, to)}, -1 when absent; {@link #p} is left after its tag. */
    private int find(int from, int to, int number) {
        p = from;
        while (p < to) {
            int tag = (int) varint();
            if (tag >>> 3 == number) {
                return tag & 7;
            }
            skip(tag & 7);
        }
        return -1;
    }

    // ---- messages

    private void message(Plan plan, int from, int to) {
        if (drain != null && capturing == 0) {
            drain.run();
        }
        switch (plan.kind) {
            case PLAIN -> {
                out.startObject();
                fields(plan, from, to);
                out.endObject();
            }
            case ANY -> any(from, to);
            case WRAPPER -> {
                if (find(from, to, 1) < 0) {
                    defaultValue(plan.first);
                } else {
                    single(plan.first, -1);
                }
            }
            case TIMESTAMP -> {
                long[] sn = secondsAndNanos(from, to);
                out.string(Timestamps.toString(Timestamp.newBuilder().setSeconds(sn[0]).setNanos((int) sn[1]).build()));
            }
            case DURATION -> {
                long[] sn = secondsAndNanos(from, to);
                out.string(Durations.toString(Duration.newBuilder().setSeconds(sn[0]).setNanos((int) sn[1]).build()));
            }
            case FIELD_MASK -> {
                FieldMask.Builder mask = FieldMask.newBuilder();
                Field paths = plan.first;
                p = from;
                int index = 0;
                while (p < to) {
                    int tag = (int) varint();
                    if (tag >>> 3 == 1 && (tag & 7) == 2) {
                        mask.addPaths(string(paths, index++));
                    } else {
                        skip(tag & 7);
                    }
                }
                out.string(FieldMaskUtil.toJsonString(mask.build()));
            }
            case STRUCT -> {
                int wt = find(from, to, 1);
                if (wt < 0) {
                    out.startObject();
                    out.endObject();
                } else {
                    map(plan.first, to);
                }
            }
            case LIST_VALUE -> {
                int wt = find(from, to, 1);
                if (wt < 0) {
                    out.startArray();
                    out.endArray();
                } else {
                    repeated(plan.first, wt, to);
                }
            }
            case VALUE -> value(plan, from, to);
        }
        p = to;
    }

    private long[] secondsAndNanos(int from, int to) {
        long[] sn = new long[2];
        p = from;
        while (p < to) {
            int tag = (int) varint();
            int number = tag >>> 3;
            if ((number == 1 || number == 2) && (tag & 7) == 0) {
                long v = varint();
                sn[number - 1] = number == 2 ? (int) v : v;
            } else {
                skip(tag & 7);
            }
        }
        return sn;
    }

    private void fields(Plan plan, int from, int to) {
        p = from;
        int last = 0;
        while (p < to) {
            int tag = (int) varint();
            int number = tag >>> 3;
            Field f = plan.field(number);
            if (f == null) {
                // Unknown to the descriptor: reflection does not see it either.
                skip(tag & 7);
                continue;
            }
            if (number <= last) {
                // Serialised messages write each field once, in number order; anything else is not theirs.
                throw new IllegalStateException("fields out of order in " + plan.descriptor.getFullName());
            }
            last = number;
            out.key(f.name);
            if (f.map) {
                map(f, to);
            } else if (f.repeated) {
                repeated(f, tag & 7, to);
            } else {
                single(f, -1);
            }
        }
    }

    /** The elements of a repeated field, from its first one (after its tag) on, up to the next field. */
    private void repeated(Field f, int wireType, int to) {
        out.startArray();
        int index = 0;
        while (true) {
            if (wireType == 2 && f.packable) {
                int end = length() + p;
                while (p < end) {
                    single(f, index++);
                }
            } else {
                single(f, index++);
            }
            int tag = nextOf(f, to);
            if (tag < 0) {
                break;
            }
            wireType = tag & 7;
        }
        out.endArray();
    }

    /**
     * The tag of the next element of {@code f}, read past, when one follows before {@code to} (a repeated field's
     * elements are consecutive); else -1, nothing read.
     */
    private int nextOf(Field f, int to) {
        if (p >= to) {
            return -1;
        }
        int at = p;
        int tag = (int) varint();
        if (tag >>> 3 != f.number) {
            p = at;
            return -1;
        }
        return tag;
    }

    /**
     * A map field's entries, from its first one (after its tag) on, in the order of their keys (strings by their
     * UTF-8 bytes, as the JSON printer sorts them); of equal keys (only in odd wire bytes) the last one is kept, as a
     * TreeMap does.
     */
    private void map(Field f, int to) {
        Field[] kv = f.entry();
        Field keyField = kv[0];
        Field valueField = kv[1];
        int n = 0;
        // Per entry: the key's position (-1: absent), the value's position (-1: absent) and wire type.
        int[] keys = new int[8];
        int[] values = new int[8];
        int[] valueTypes = new int[8];
        while (true) {
            int end = length() + p;
            if (n == keys.length) {
                keys = java.util.Arrays.copyOf(keys, n * 2);
                values = java.util.Arrays.copyOf(values, n * 2);
                valueTypes = java.util.Arrays.copyOf(valueTypes, n * 2);
            }
            keys[n] = -1;
            values[n] = -1;
            while (p < end) {
                int tag = (int) varint();
                int number = tag >>> 3;
                if (number == 1) {
                    keys[n] = p;
                } else if (number == 2) {
                    values[n] = p;
                    valueTypes[n] = tag & 7;
                }
                skip(tag & 7);
            }
            n++;
            if (nextOf(f, to) < 0) {
                break;
            }
        }
        int after = p;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        final int[] keyAt = keys;
        boolean stringKeys = keyField.type == FieldDescriptor.Type.STRING;
        long[] numbers = stringKeys ? null : new long[n];
        if (!stringKeys) {
            for (int i = 0; i < n; i++) {
                numbers[i] = keyAt[i] < 0 ? 0 : numericKey(keyField, keyAt[i]);
            }
        }
        java.util.Comparator<Integer> byKey = stringKeys
                ? (x, y) -> compareStringKeys(keyAt[x], keyAt[y])
                : (x, y) -> Long.compare(numbers[x], numbers[y]);
        if (n > 1) {
            java.util.Arrays.sort(order, byKey);
        }
        out.startObject();
        for (int i = 0; i < n; ) {
            int last = i;
            while (last + 1 < n && byKey.compare(order[last + 1], order[i]) == 0) {
                last++;
            }
            int e = order[last];
            push(f.descriptor, e);
            if (stringKeys) {
                if (keyAt[e] < 0) {
                    out.key("");
                } else {
                    p = keyAt[e];
                    out.key(string(keyField, -1));
                }
            } else {
                out.key(keyText(keyField, numbers[e]));
            }
            if (values[e] < 0) {
                defaultValue(valueField);
            } else {
                p = values[e];
                single(valueField, -1);
            }
            pathDepth--;
            i = last + 1;
        }
        out.endObject();
        p = after;
    }

    /** Two string keys (positions of their lengths, -1: absent, the empty string) by their unsigned UTF-8 bytes. */
    private int compareStringKeys(int x, int y) {
        int save = p;
        int xn = 0;
        int yn = 0;
        int xs = 0;
        int ys = 0;
        if (x >= 0) {
            p = x;
            xn = length();
            xs = p;
        }
        if (y >= 0) {
            p = y;
            yn = length();
            ys = p;
        }
        p = save;
        return java.util.Arrays.compareUnsigned(b, xs, xs + xn, b, ys, ys + yn);
    }

    /** A numeric map key as the Java value reflection gives (an int sign-extended), so keys sort as they did. */
    private long numericKey(Field f, int at) {
        int save = p;
        p = at;
        long v = switch (f.type) {
            case INT32, UINT32, ENUM -> (int) varint();
            case SINT32 -> {
                int x = (int) varint();
                yield (x >>> 1) ^ -(x & 1);
            }
            case SFIXED32, FIXED32 -> fixed32();
            case INT64, UINT64 -> varint();
            case SINT64 -> {
                long x = varint();
                yield (x >>> 1) ^ -(x & 1);
            }
            case SFIXED64, FIXED64 -> fixed64();
            case BOOL -> varint() != 0 ? 1 : 0;
            default -> throw new IllegalArgumentException("map key of type " + f.type);
        };
        p = save;
        return v;
    }

    private static String keyText(Field f, long k) {
        return switch (f.type) {
            case UINT32, FIXED32 -> Integer.toUnsignedString((int) k);
            case UINT64, FIXED64 -> Long.toUnsignedString(k);
            case BOOL -> k != 0 ? "true" : "false";
            default -> Long.toString(k);
        };
    }

    private void any(int from, int to) {
        String url = "";
        int content = 0;
        int size = 0;
        p = from;
        while (p < to) {
            int tag = (int) varint();
            int number = tag >>> 3;
            if (number == 1 && (tag & 7) == 2) {
                int n = length();
                url = new String(b, p, n, StandardCharsets.UTF_8);
                p += n;
            } else if (number == 2 && (tag & 7) == 2) {
                size = length();
                content = p;
                p += size;
            } else {
                skip(tag & 7);
            }
        }
        Object state = size < MIN_REPLAYED || size > MAX_REPLAYED ? null : out.memberState();
        if (state == null) {
            any(url, content, size);
        } else {
            Replayable key = Replayable.of(url, b, content, size, state);
            Replay seen = replays.get(key);
            if (seen != null) {
                out.replay(seen.text(), seen.end());
            } else if (seenOnce.add(key.hash)) {
                any(url, content, size);
            } else {
                int start = out.written();
                capturing++;
                try {
                    any(url, content, size);
                } finally {
                    capturing--;
                }
                replays.put(key.kept(), new Replay(out.textSince(start), out.endState()));
            }
        }
        p = to;
    }

    private void any(String url, int content, int size) {
        if (url.isEmpty() && size == 0) {
            out.startObject();
            out.endObject();
            return;
        }
        Plan type = anyTypes.get(url);
        if (type == null) {
            String[] parts = url.split("/");
            if (parts.length == 1) {
                throw new IllegalArgumentException("invalid type url in Any: " + url);
            }
            String name = parts[parts.length - 1];
            type = plan(ProtoTypes.descriptor(name)
                    .orElseThrow(() -> new IllegalArgumentException("unknown type in Any: " + url)));
            anyTypes.put(url, type);
        }
        // The packed value is read where it lies, as a message of its type; it was serialised by protobuf when
        // packed, so its strings are already what a parse of it would give.
        anyDepth++;
        try {
            out.startObject();
            out.key("@type");
            out.string(url);
            if (type.kind != Kind.PLAIN) {
                out.key("value");
                message(type, content, content + size);
            } else {
                fields(type, content, content + size);
            }
            out.endObject();
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("Any of type " + type.descriptor.getName() + " does not parse", e);
        } finally {
            anyDepth--;
        }
    }

    private void value(Plan plan, int from, int to) {
        Field kind = null;
        int at = -1;
        p = from;
        while (p < to) {
            int tag = (int) varint();
            Field f = plan.field(tag >>> 3);
            if (f == null) {
                skip(tag & 7);
                continue;
            }
            if (kind != null && kind != f) {
                throw new IllegalArgumentException("invalid google.protobuf.Value: more than one kind set");
            }
            kind = f;
            at = p;
            skip(tag & 7);
        }
        if (kind == null) {
            out.nul();
            return;
        }
        p = at;
        if (kind.type == FieldDescriptor.Type.DOUBLE) {
            double v = Double.longBitsToDouble(fixed64());
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("google.protobuf.Value cannot encode double values for infinity or nan");
            }
            p = at;
        }
        single(kind, -1);
    }

    /** Marks the walk as inside {@code f}'s element {@code index} (-1: a singular field) of the current message. */
    private void push(FieldDescriptor f, int index) {
        if (pathDepth == pathFields.length) {
            pathFields = java.util.Arrays.copyOf(pathFields, pathDepth * 2);
            pathIndexes = java.util.Arrays.copyOf(pathIndexes, pathDepth * 2);
        }
        pathFields[pathDepth] = f;
        pathIndexes[pathDepth++] = index;
    }

    /**
     * A string field's value at {@link #p} (its length first). Serialising writes an unpaired surrogate as
     * {@code ?}, so a string read back with a {@code ?} in it is taken from the message itself, found by the path
     * walked to it; inside a packed value there is nothing else to take it from (it was serialised when packed).
     */
    private String string(Field f, int index) {
        int n = length();
        String s = new String(b, p, n, StandardCharsets.UTF_8);
        p += n;
        if (anyDepth == 0 && s.indexOf('?') >= 0) {
            Object o = root;
            for (int i = 0; i < pathDepth; i++) {
                o = element((Message) o, pathFields[i], pathIndexes[i]);
            }
            s = (String) element((Message) o, f.descriptor, index);
        }
        return s;
    }

    private static Object element(Message m, FieldDescriptor f, int index) {
        return index < 0 ? m.getField(f) : m.getRepeatedField(f, index);
    }

    /** A field's value at {@link #p}, the element {@code index} of a repeated field (-1: a singular one). */
    private void single(Field f, int index) {
        switch (f.type) {
            case INT32 -> out.number(Integer.toString((int) varint()));
            case SINT32 -> {
                int v = (int) varint();
                out.number(Integer.toString((v >>> 1) ^ -(v & 1)));
            }
            case SFIXED32 -> out.number(Integer.toString(fixed32()));
            case INT64 -> out.string(Long.toString(varint()));
            case SINT64 -> {
                long v = varint();
                out.string(Long.toString((v >>> 1) ^ -(v & 1)));
            }
            case SFIXED64 -> out.string(Long.toString(fixed64()));
            case UINT32 -> out.number(Integer.toUnsignedString((int) varint()));
            case FIXED32 -> out.number(Integer.toUnsignedString(fixed32()));
            case UINT64 -> out.string(Long.toUnsignedString(varint()));
            case FIXED64 -> out.string(Long.toUnsignedString(fixed64()));
            case BOOL -> out.bool(varint() != 0);
            case FLOAT -> floatValue(Float.intBitsToFloat(fixed32()));
            case DOUBLE -> doubleValue(Double.longBitsToDouble(fixed64()));
            case STRING -> out.string(string(f, index));
            case BYTES -> {
                int n = length();
                out.string(Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(b, p, p + n)));
                p += n;
            }
            case ENUM -> enumValue(f, (int) varint());
            case MESSAGE -> {
                int end = length() + p;
                push(f.descriptor, index);
                message(f.plan(), p, end);
                pathDepth--;
                p = end;
            }
            case GROUP -> throw new IllegalArgumentException("group fields are not supported: " + f.name);
        }
    }

    /** What reflection reads for a field that is not there: its default value. */
    private void defaultValue(Field f) {
        switch (f.type) {
            case INT32, SINT32, SFIXED32, UINT32, FIXED32 -> out.number("0");
            case INT64, SINT64, SFIXED64, UINT64, FIXED64 -> out.string("0");
            case BOOL -> out.bool(false);
            case FLOAT -> floatValue(0f);
            case DOUBLE -> doubleValue(0d);
            case STRING, BYTES -> out.string("");
            case ENUM -> enumValue(f, ((EnumValueDescriptor) f.descriptor.getDefaultValue()).getNumber());
            case MESSAGE -> {
                int at = p;
                message(f.plan(), at, at);
                p = at;
            }
            case GROUP -> throw new IllegalArgumentException("group fields are not supported: " + f.name);
        }
    }

    private void floatValue(float x) {
        if (Float.isNaN(x) || Float.isInfinite(x)) {
            out.string(Float.toString(x));
        } else {
            // The printer writes Float.toString; Jackson reads that back as a double and prints the double.
            out.number(Double.toString(Double.parseDouble(Float.toString(x))));
        }
    }

    private void doubleValue(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            out.string(Double.toString(x));
        } else {
            out.number(Double.toString(x));
        }
    }

    private void enumValue(Field f, int number) {
        if (f.nullValue) {
            out.nul();
            return;
        }
        EnumValueDescriptor e = f.descriptor.getEnumType().findValueByNumber(number);
        if (e == null) {
            out.number(Integer.toString(number));
        } else {
            out.string(e.getName());
        }
    }
}
