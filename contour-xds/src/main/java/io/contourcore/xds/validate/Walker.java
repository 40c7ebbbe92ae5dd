package io.contourcore.xds.validate;

import io.contourcore.xds.validate.Plans.FieldPlan;
import io.contourcore.xds.validate.Plans.MessagePlan;
import io.contourcore.xds.validate.Plans.OneofPlan;
import io.contourcore.xds.validate.Plans.ValuePlan;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks the wire bytes of one resource against its plan and records violations. Path segments, "seen" bits and
 * element counters live on stacks inside the walker, so a clean message allocates nothing per field.
 * Not thread-safe: one walker per resource.
 */
final class Walker implements Rules.Sink {

    private static final int MAX_DEPTH = 100;

    private final Wire wire = new Wire();
    private final List<Violation> out;
    private String resourceType = "";
    private String resourceName = "";

    private String[] names = new String[32];
    private int[] indexes = new int[32];
    private Object[] keys = new Object[32];
    private int depth;

    private long[] seen = new long[16];
    private int seenTop;
    private int[] counts = new int[16];
    private int countTop;

    private String prefix = "";

    /** The runtime's {@code re2.max_program_size.error_level} for the config being walked. */
    private final long regexLimit;

    Walker(List<Violation> out) {
        this(out, Re2Check.MAX_PROGRAM_SIZE);
    }

    Walker(List<Violation> out, long regexLimit) {
        this.out = out;
        this.regexLimit = regexLimit;
    }

    /** Walks one serialised resource; the walker can then take the next one. */
    void walk(byte[] bytes, String resourceType, String resourceName, MessagePlan plan) {
        if (!plan.trivial) {
            start(bytes, resourceType, resourceName);
            message(plan, 0, bytes.length, 0);
        }
    }

    private void start(byte[] bytes, String resourceType, String resourceName) {
        this.wire.buf = bytes;
        this.resourceType = resourceType;
        this.resourceName = resourceName;
        depth = 0;
        seenTop = 0;
        countTop = 0;
        prefix = "";
    }

    /**
     * Walks one element of a repeated message field of a top-level resource (element {@code index} of
     * {@code field}) as the walk of the whole resource would reach it: same path, same nesting. Sound only for a
     * field whose plan has no list or uniqueness rules (see {@link #plainMessageList}).
     */
    void walkElement(byte[] bytes, String resourceType, String resourceName, String field, int index, MessagePlan plan) {
        if (!plan.trivial) {
            start(bytes, resourceType, resourceName);
            push(field, index, null);
            message(plan, 0, bytes.length, 1);
            pop();
        }
    }

    /**
     * The plan of the elements of repeated message field {@code number} of {@code parent} when the walk of the parent
     * checks each element on its own and nothing across them (no count or uniqueness rule); else null.
     */
    static MessagePlan plainMessageList(MessagePlan parent, int number) {
        Plans.FieldPlan f = parent.field(number);
        if (f == null || f.card != Plans.Card.REPEATED || f.hasListRules() || f.value.kind != Plans.Kind.MESSAGE
                || f.value.skip) {
            return null;
        }
        return f.value.plan();
    }

    // ------------------------------------------------------------ reporting

    @Override
    public void report(String rule, String message) {
        out.add(new Violation(resourceType, resourceName, path(), prefix + rule, message));
    }

    private void reportRaw(String rule, String message) {
        out.add(new Violation(resourceType, resourceName, path(), rule, message));
    }

    private String path() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            if (names[i] != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(names[i]);
            }
            if (indexes[i] >= 0) {
                sb.append('[').append(indexes[i]).append(']');
            } else if (keys[i] != null) {
                Object k = keys[i];
                sb.append('[').append(k instanceof String s ? Rules.quote(s) : k.toString()).append(']');
            }
        }
        return sb.toString();
    }

    private void push(String name, int index, Object key) {
        if (depth == names.length) {
            names = Arrays.copyOf(names, depth * 2);
            indexes = Arrays.copyOf(indexes, depth * 2);
            keys = Arrays.copyOf(keys, depth * 2);
        }
        names[depth] = name;
        indexes[depth] = index;
        keys[depth] = key;
        depth++;
    }

    private void pop() {
        keys[--depth] = null;
    }

    // ------------------------------------------------------------ messages

    private void message(MessagePlan p, int start, int end, int nesting) {
        if (nesting > MAX_DEPTH) {
            reportRaw("envoy.message.depth", "messages nest deeper than " + MAX_DEPTH + " levels");
            return;
        }
        int words = (p.fields.length + 63) >>> 6;
        int seenBase = seenTop;
        if (seenTop + words > seen.length) {
            seen = Arrays.copyOf(seen, Math.max(seen.length * 2, seenTop + words));
        }
        Arrays.fill(seen, seenBase, seenBase + words, 0L);
        seenTop += words;
        int countBase = countTop;
        if (countTop + p.counters > counts.length) {
            counts = Arrays.copyOf(counts, Math.max(counts.length * 2, countTop + p.counters));
        }
        Arrays.fill(counts, countBase, countBase + p.counters, 0);
        countTop += p.counters;
        List<Set<Object>> uniques = p.hasUnique ? new java.util.ArrayList<>(java.util.Collections.nCopies(p.fields.length, null)) : null;
        try {
            wire.pos = start;
            while (wire.pos < end) {
                long tag = wire.varint(end);
                int number = (int) (tag >>> 3);
                int wt = (int) (tag & 7);
                if (number <= 0) {
                    throw new Wire.Malformed("field number 0");
                }
                FieldPlan f = p.field(number);
                if (f == null) {
                    wire.skip(wt, end);
                    continue;
                }
                seen[seenBase + (f.slot >>> 6)] |= 1L << (f.slot & 63);
                switch (f.card) {
                    case SINGLE -> {
                        push(f.name, -1, null);
                        value(f.value, wt, end, nesting, null);
                        pop();
                    }
                    case REPEATED -> {
                        Set<Object> u = null;
                        if (f.unique) {
                            if (uniques.get(f.slot) == null) {
                                uniques.set(f.slot, new HashSet<>());
                            }
                            u = uniques.get(f.slot);
                        }
                        if (wt == Wire.LEN && f.value.scalarType != null && f.value.kind != Plans.Kind.WRAPPER && packable(f.value.scalarType)) {
                            int e = wire.lengthEnd(end);
                            int elementWt = fixedWireType(f.value.scalarType);
                            while (wire.pos < e) {
                                push(f.name, counts[countBase + f.counter]++, null);
                                value(f.value, elementWt, e, nesting, u);
                                pop();
                            }
                        } else {
                            push(f.name, counts[countBase + f.counter]++, null);
                            value(f.value, wt, end, nesting, u);
                            pop();
                        }
                    }
                    case MAP -> {
                        counts[countBase + f.counter]++;
                        if (wt != Wire.LEN) {
                            throw new Wire.Malformed("map entry with wire type " + wt);
                        }
                        int e = wire.lengthEnd(end);
                        mapEntry(f, wire.pos, e, nesting);
                        wire.pos = e;
                    }
                }
            }
            for (FieldPlan f : p.finals) {
                boolean present = (seen[seenBase + (f.slot >>> 6)] & (1L << (f.slot & 63))) != 0;
                switch (f.card) {
                    case SINGLE -> {
                        if (!present && !f.presenceOnly) {
                            push(f.name, -1, null);
                            absent(f.value);
                            pop();
                        }
                    }
                    case REPEATED, MAP -> listRules(f, present ? counts[countBase + f.counter] : 0);
                }
            }
            for (OneofPlan o : p.requiredOneofs) {
                boolean any = false;
                for (int slot : o.slots()) {
                    any |= (seen[seenBase + (slot >>> 6)] & (1L << (slot & 63))) != 0;
                }
                if (!any) {
                    push(o.name(), -1, null);
                    reportRaw("oneof.required", "value is required");
                    pop();
                }
            }
        } finally {
            seenTop = seenBase;
            countTop = countBase;
        }
    }

    private void listRules(FieldPlan f, int n) {
        if (!f.hasListRules() || (f.ignoreEmpty && n == 0)) {
            return;
        }
        String unit = f.listFamily.equals("map") ? "pair(s)" : "item(s)";
        String rulePrefix = f.listFamily + (f.listFamily.equals("map") ? ".min_pairs" : ".min_items");
        push(f.name, -1, null);
        if (f.min >= 0 && n < f.min) {
            reportRaw(rulePrefix, "value must contain at least " + f.min + " " + unit + ", got " + n);
        }
        if (f.max >= 0 && n > f.max) {
            reportRaw(f.listFamily + (f.listFamily.equals("map") ? ".max_pairs" : ".max_items"),
                    "value must contain no more than " + f.max + " " + unit + ", got " + n);
        }
        pop();
    }

    private void mapEntry(FieldPlan f, int start, int end, int nesting) {
        int keyPos = -1;
        int keyWt = 0;
        int valuePos = -1;
        int valueWt = 0;
        wire.pos = start;
        while (wire.pos < end) {
            long tag = wire.varint(end);
            int number = (int) (tag >>> 3);
            int wt = (int) (tag & 7);
            if (number == 1) {
                keyPos = wire.pos;
                keyWt = wt;
            } else if (number == 2) {
                valuePos = wire.pos;
                valueWt = wt;
            }
            wire.skip(wt, end);
        }
        Object key = keyPos < 0 ? defaultKey(f.key) : readKey(f.key, keyPos, keyWt, end);
        push(f.name, -1, key);
        try {
            if (f.key.checksScalar()) {
                if (keyPos < 0) {
                    absent(f.key);
                } else {
                    wire.pos = keyPos;
                    value(f.key, keyWt, end, nesting, null);
                }
            }
            if (valuePos < 0) {
                if (f.value.kind == Plans.Kind.MESSAGE && !f.value.skip) {
                    MessagePlan mp = f.value.plan();
                    if (!mp.trivial) {
                        message(mp, end, end, nesting + 1);
                    }
                } else {
                    absent(f.value);
                }
            } else {
                wire.pos = valuePos;
                value(f.value, valueWt, end, nesting, null);
            }
        } finally {
            pop();
        }
    }

    private Object defaultKey(ValuePlan k) {
        return k.scalarType == com.google.protobuf.Descriptors.FieldDescriptor.Type.STRING ? "" : (Object) 0L;
    }

    private Object readKey(ValuePlan k, int pos, int wt, int end) {
        int saved = wire.pos;
        wire.pos = pos;
        try {
            if (wt == Wire.LEN) {
                int e = wire.lengthEnd(end);
                return new String(wire.buf, wire.pos, e - wire.pos, StandardCharsets.UTF_8);
            }
            if (k.scalarType == null) {
                return wt == Wire.VARINT ? (Object) wire.varint(end) : "?";
            }
            long bits = numeric(k.scalarType, wt, end);
            return switch (k.scalarType) {
                case BOOL -> bits != 0;
                case UINT64, FIXED64 -> new java.math.BigInteger(Long.toUnsignedString(bits));
                default -> bits;
            };
        } finally {
            wire.pos = saved;
        }
    }

    // ------------------------------------------------------------ values

    private void value(ValuePlan v, int wt, int limit, int nesting, Set<Object> unique) {
        switch (v.kind) {
            case NONE -> wire.skip(wt, limit);
            case SCALAR -> scalar(v, wt, limit, unique);
            case MESSAGE -> {
                int e = lengthOf(wt, limit);
                int s = wire.pos;
                if (unique != null) {
                    duplicate(unique, ByteBuffer.wrap(wire.buf, s, e - s).slice());
                }
                if (!v.skip) {
                    MessagePlan mp = v.plan();
                    if (!mp.trivial) {
                        message(mp, s, e, nesting + 1);
                    }
                }
                wire.pos = e;
            }
            case WRAPPER -> {
                int e = lengthOf(wt, limit);
                if (unique != null) {
                    duplicate(unique, ByteBuffer.wrap(wire.buf, wire.pos, e - wire.pos).slice());
                }
                wrapped(v, e);
                wire.pos = e;
            }
            case DURATION, TIMESTAMP -> {
                int e = lengthOf(wt, limit);
                long sec = 0;
                int nanos = 0;
                while (wire.pos < e) {
                    long tag = wire.varint(e);
                    int number = (int) (tag >>> 3);
                    int fwt = (int) (tag & 7);
                    if (number == 1 && fwt == Wire.VARINT) {
                        sec = wire.varint(e);
                    } else if (number == 2 && fwt == Wire.VARINT) {
                        nanos = (int) wire.varint(e);
                    } else {
                        wire.skip(fwt, e);
                    }
                }
                v.times.check(prefixed(v), sec, nanos);
                prefix = "";
                wire.pos = e;
            }
            case ANY -> any(v, wt, limit, nesting);
        }
    }

    private Rules.Sink prefixed(ValuePlan v) {
        prefix = v.prefix;
        return this;
    }

    private int lengthOf(int wt, int limit) {
        if (wt != Wire.LEN) {
            throw new Wire.Malformed("message field with wire type " + wt);
        }
        return wire.lengthEnd(limit);
    }

    private void duplicate(Set<Object> unique, Object value) {
        if (!unique.add(value)) {
            reportRaw("repeated.unique", "repeated value must contain unique items");
        }
    }

    private void scalar(ValuePlan v, int wt, int limit, Set<Object> unique) {
        prefix = v.prefix;
        try {
            if (wt == Wire.LEN && (v.scalarType == com.google.protobuf.Descriptors.FieldDescriptor.Type.STRING
                    || v.scalarType == com.google.protobuf.Descriptors.FieldDescriptor.Type.BYTES)) {
                int e = wire.lengthEnd(limit);
                int s = wire.pos;
                if (unique != null) {
                    duplicate(unique, ByteBuffer.wrap(wire.buf, s, e - s).slice());
                }
                if (v.scalar != null) {
                    v.scalar.bytes(this, wire.buf, s, e);
                }
                if (v.envoyRegex) {
                    regex(new String(wire.buf, s, e - s, StandardCharsets.UTF_8));
                }
                wire.pos = e;
                return;
            }
            long bits = numeric(v.scalarType, wt, limit);
            if (unique != null) {
                duplicate(unique, bits);
            }
            if (v.scalar != null) {
                v.scalar.number(this, bits);
            }
        } finally {
            prefix = "";
        }
    }

    private void regex(String regex) {
        Re2Check.Problem p = Re2Check.check(regex, regexLimit);
        if (p != null) {
            reportRaw(p.rule(), p.message());
        }
    }

    private void wrapped(ValuePlan v, int end) {
        boolean found = false;
        while (wire.pos < end) {
            long tag = wire.varint(end);
            int number = (int) (tag >>> 3);
            int wt = (int) (tag & 7);
            if (number == 1 && v.scalar != null) {
                found = true;
                scalar(v, wt, end, null);
            } else {
                wire.skip(wt, end);
            }
        }
        if (!found && v.scalar != null) {
            defaultScalar(v);
        }
    }

    private void absent(ValuePlan v) {
        switch (v.kind) {
            case NONE -> { }
            case SCALAR -> defaultScalar(v);
            case MESSAGE, ANY -> {
                if (v.required) {
                    reportRaw(v.prefix + "message.required", "value is required");
                }
                if (v.kind == Plans.Kind.ANY && v.any != null && v.any.required) {
                    reportRaw(v.prefix + "any.required", "value is required");
                }
            }
            case WRAPPER -> {
                if (v.required) {
                    reportRaw(v.prefix + "message.required", "value is required and must not be nil.");
                }
            }
            case DURATION, TIMESTAMP -> {
                if (v.times.required) {
                    reportRaw(v.prefix + v.times.family + ".required", "value is required");
                }
            }
        }
    }

    private void defaultScalar(ValuePlan v) {
        for (Plans.Finding f : v.defaultFindings()) {
            reportRaw(f.rule(), f.message());
        }
    }

    private void any(ValuePlan v, int wt, int limit, int nesting) {
        int e = lengthOf(wt, limit);
        String typeUrl = "";
        int valueStart = -1;
        int valueEnd = -1;
        while (wire.pos < e) {
            long tag = wire.varint(e);
            int number = (int) (tag >>> 3);
            int fwt = (int) (tag & 7);
            if (number == 1 && fwt == Wire.LEN) {
                int se = wire.lengthEnd(e);
                typeUrl = new String(wire.buf, wire.pos, se - wire.pos, StandardCharsets.UTF_8);
                wire.pos = se;
            } else if (number == 2 && fwt == Wire.LEN) {
                valueEnd = wire.lengthEnd(e);
                valueStart = wire.pos;
                wire.pos = valueEnd;
            } else {
                wire.skip(fwt, e);
            }
        }
        if (v.any != null) {
            v.any.check(prefixed(v), typeUrl);
            prefix = "";
        }
        if (!v.skip && !typeUrl.isEmpty()) {
            var plan = Plans.planForTypeUrl(typeUrl);
            if (plan.isEmpty()) {
                reportRaw("envoy.any.type_url", "unknown type " + Rules.quote(typeUrl));
            } else if (!plan.get().trivial) {
                int saveDepth = depth;
                try {
                    message(plan.get(), valueStart < 0 ? e : valueStart, valueStart < 0 ? e : valueEnd, nesting + 1);
                } catch (Wire.Malformed m) {
                    depth = saveDepth;
                    reportRaw("envoy.any.value", "value does not parse as " + plan.get().typeName + ": " + m.getMessage());
                }
            }
        }
        wire.pos = e;
    }

    // ------------------------------------------------------------ numbers on the wire

    private static boolean packable(com.google.protobuf.Descriptors.FieldDescriptor.Type t) {
        return t != com.google.protobuf.Descriptors.FieldDescriptor.Type.STRING
                && t != com.google.protobuf.Descriptors.FieldDescriptor.Type.BYTES
                && t != com.google.protobuf.Descriptors.FieldDescriptor.Type.MESSAGE
                && t != com.google.protobuf.Descriptors.FieldDescriptor.Type.GROUP;
    }

    private static int fixedWireType(com.google.protobuf.Descriptors.FieldDescriptor.Type t) {
        return switch (t) {
            case FIXED32, SFIXED32, FLOAT -> Wire.FIXED32;
            case FIXED64, SFIXED64, DOUBLE -> Wire.FIXED64;
            default -> Wire.VARINT;
        };
    }

    /** The value as bits in its rule domain: signed or unsigned long, or the raw bits of a double. */
    private long numeric(com.google.protobuf.Descriptors.FieldDescriptor.Type t, int wt, int limit) {
        int expected = fixedWireType(t);
        if (wt != expected) {
            throw new Wire.Malformed("field of type " + t + " with wire type " + wt);
        }
        return switch (t) {
            case INT32, ENUM -> (int) wire.varint(limit);
            case UINT32 -> wire.varint(limit) & 0xFFFFFFFFL;
            case SINT32 -> {
                int n = (int) wire.varint(limit);
                yield (n >>> 1) ^ -(n & 1);
            }
            case SINT64 -> {
                long n = wire.varint(limit);
                yield (n >>> 1) ^ -(n & 1);
            }
            case BOOL -> wire.varint(limit) != 0 ? 1 : 0;
            case FIXED32 -> wire.fixed32(limit) & 0xFFFFFFFFL;
            case SFIXED32 -> wire.fixed32(limit);
            case FLOAT -> Double.doubleToRawLongBits(Float.intBitsToFloat(wire.fixed32(limit)));
            case FIXED64, SFIXED64, DOUBLE -> wire.fixed64(limit);
            default -> wire.varint(limit);
        };
    }
}
