package io.contourcore.xds.validate;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofOptions;
import io.contourcore.xds.render.ProtoTypes;
import io.envoyproxy.pgv.validate.Validate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validation plans compiled from the {@code validate.*} options of message descriptors, once per type and cached.
 * A plan lists only the fields that carry rules or lead to messages that do; everything else is skipped unread.
 */
final class Plans {

    private Plans() {}

    private static final Map<Descriptor, MessagePlan> PLANS = new ConcurrentHashMap<>();
    private static final Map<String, Optional<MessagePlan>> BY_TYPE_URL = new ConcurrentHashMap<>();
    private static final ExtensionRegistry REGISTRY = registry();

    /** Message types whose {@code regex} field Envoy compiles with RE2 when it loads the config. */
    static final List<String> REGEX_MATCHERS = List.of("envoy.type.matcher.v3.RegexMatcher", "xds.type.matcher.v3.RegexMatcher");

    private static ExtensionRegistry registry() {
        ExtensionRegistry r = ExtensionRegistry.newInstance();
        Validate.registerAllExtensions(r);
        return r;
    }

    enum Card { SINGLE, REPEATED, MAP }

    enum Kind { NONE, SCALAR, MESSAGE, WRAPPER, DURATION, TIMESTAMP, ANY }

    static final class MessagePlan {
        final String typeName;
        final boolean skipAll;
        FieldPlan[] fields = new FieldPlan[0];
        /** The fields that can break a rule when absent or by their count, checked after the walk. */
        FieldPlan[] finals = new FieldPlan[0];
        FieldPlan[] dense;
        Map<Integer, FieldPlan> sparse;
        OneofPlan[] requiredOneofs = new OneofPlan[0];
        int counters;
        boolean hasUnique;
        /** True when nothing in this type or below it can break a rule, so the walker skips it unread. */
        volatile boolean trivial;

        MessagePlan(String typeName, boolean skipAll) {
            this.typeName = typeName;
            this.skipAll = skipAll;
        }

        FieldPlan field(int number) {
            if (dense != null) {
                return number < dense.length ? dense[number] : null;
            }
            return sparse.get(number);
        }
    }

    record OneofPlan(String name, int[] slots) {}

    /** A finding known ahead of any value: its full rule name and message. */
    record Finding(String rule, String message) {}

    static final class FieldPlan {
        final String name;
        final int number;
        final Card card;
        final ValuePlan value;
        final ValuePlan key;
        final boolean presenceOnly;
        int slot;
        int counter = -1;
        // repeated and map rules
        final String listFamily;
        final long min;
        final long max;
        final boolean unique;
        final boolean ignoreEmpty;

        FieldPlan(FieldDescriptor f, Card card, ValuePlan value, ValuePlan key, String listFamily, long min, long max,
                boolean unique, boolean ignoreEmpty) {
            this.name = f.getName();
            this.number = f.getNumber();
            this.card = card;
            this.value = value;
            this.key = key;
            this.presenceOnly = f.getContainingOneof() != null;
            this.listFamily = listFamily;
            this.min = min;
            this.max = max;
            this.unique = unique;
            this.ignoreEmpty = ignoreEmpty;
        }

        boolean hasListRules() {
            return min >= 0 || max >= 0 || unique;
        }
    }

    static final class ValuePlan {
        final Kind kind;
        final FieldDescriptor.Type scalarType;
        final Rules.Scalar scalar;
        final Rules.Times times;
        final Rules.Anys any;
        final Descriptor messageType;
        final boolean required;
        final boolean skip;
        final String prefix;
        final boolean envoyRegex;

        ValuePlan(Kind kind, FieldDescriptor.Type scalarType, Rules.Scalar scalar, Rules.Times times, Rules.Anys any,
                Descriptor messageType, boolean required, boolean skip, String prefix, boolean envoyRegex) {
            this.kind = kind;
            this.scalarType = scalarType;
            this.scalar = scalar;
            this.times = times;
            this.any = any;
            this.messageType = messageType;
            this.required = required;
            this.skip = skip;
            this.prefix = prefix;
            this.envoyRegex = envoyRegex;
        }

        private volatile MessagePlan resolved;
        private volatile List<Finding> defaults;

        MessagePlan plan() {
            MessagePlan p = resolved;
            if (p == null) {
                p = Plans.plan(messageType);
                resolved = p;
            }
            return p;
        }

        /**
         * What this value's scalar rules say about the type's default (zero, empty), worked out once: an absent
         * proto3 scalar is checked as its default, and that answer never changes.
         */
        List<Finding> defaultFindings() {
            List<Finding> d = defaults;
            if (d == null) {
                List<Finding> found = new ArrayList<>();
                if (scalar != null) {
                    Rules.Sink sink = (rule, message) -> found.add(new Finding(prefix + rule, message));
                    if (scalarType == FieldDescriptor.Type.STRING || scalarType == FieldDescriptor.Type.BYTES) {
                        scalar.bytes(sink, new byte[0], 0, 0);
                    } else {
                        scalar.number(sink, 0L);
                    }
                }
                if (envoyRegex) {
                    Re2Check.Problem p = Re2Check.check("");
                    if (p != null) {
                        found.add(new Finding(p.rule(), p.message()));
                    }
                }
                d = List.copyOf(found);
                defaults = d;
            }
            return d;
        }

        boolean checksScalar() {
            return scalar != null || envoyRegex;
        }
    }

    static final ValuePlan NONE = new ValuePlan(Kind.NONE, null, null, null, null, null, false, false, "", false);

    /** The plan for {@code d}, compiling it and every type reachable through its fields on first use. */
    static MessagePlan plan(Descriptor d) {
        MessagePlan p = PLANS.get(d);
        return p != null ? p : compileClosure(d);
    }

    /** The plan for the type a type URL names, or empty when no such type is on the class path. */
    static Optional<MessagePlan> planForTypeUrl(String typeUrl) {
        return BY_TYPE_URL.computeIfAbsent(typeUrl, u -> ProtoTypes.descriptor(ProtoTypes.typeName(u)).map(Plans::plan));
    }

    private static synchronized MessagePlan compileClosure(Descriptor root) {
        MessagePlan existing = PLANS.get(root);
        if (existing != null) {
            return existing;
        }
        Map<Descriptor, MessagePlan> fresh = new HashMap<>();
        Deque<Descriptor> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            Descriptor d = todo.pop();
            if (fresh.containsKey(d) || PLANS.containsKey(d)) {
                continue;
            }
            MessagePlan p = compile(d);
            fresh.put(d, p);
            for (FieldPlan f : p.fields) {
                for (ValuePlan v : new ValuePlan[] {f.value, f.key}) {
                    if (v != null && v.kind == Kind.MESSAGE) {
                        todo.push(v.messageType);
                    }
                }
            }
        }
        settleTriviality(fresh);
        PLANS.putAll(fresh);
        return fresh.get(root);
    }

    /**
     * A plan is trivial when it has no rules of its own and every message it leads to is trivial. Cycles make this
     * a fixed point: start from "trivial unless it has rules" and clear the flag until nothing changes.
     */
    private static void settleTriviality(Map<Descriptor, MessagePlan> fresh) {
        for (MessagePlan p : fresh.values()) {
            p.trivial = p.skipAll || !ownChecks(p);
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (MessagePlan p : fresh.values()) {
                if (!p.trivial || p.skipAll) {
                    continue;
                }
                for (FieldPlan f : p.fields) {
                    ValuePlan v = f.value;
                    if (v.kind == Kind.MESSAGE && !v.skip) {
                        MessagePlan child = fresh.containsKey(v.messageType) ? fresh.get(v.messageType) : PLANS.get(v.messageType);
                        if (child != null && !child.trivial) {
                            p.trivial = false;
                            changed = true;
                            break;
                        }
                    }
                }
            }
        }
    }

    private static boolean ownChecks(MessagePlan p) {
        if (p.requiredOneofs.length > 0) {
            return true;
        }
        for (FieldPlan f : p.fields) {
            if (f.hasListRules() || (f.key != null && f.key.checksScalar())) {
                return true;
            }
            ValuePlan v = f.value;
            switch (v.kind) {
                case NONE -> { }
                case SCALAR -> {
                    if (v.checksScalar()) {
                        return true;
                    }
                }
                case MESSAGE -> {
                    if (v.required) {
                        return true;
                    }
                }
                case WRAPPER, DURATION, TIMESTAMP, ANY -> {
                    return true;
                }
            }
        }
        return false;
    }

    private static MessagePlan compile(Descriptor d) {
        MessageOptions mo = reparse(d.getOptions());
        boolean skipAll = mo.getExtension(Validate.disabled) || mo.getExtension(Validate.ignored);
        MessagePlan p = new MessagePlan(d.getFullName(), skipAll);
        if (skipAll) {
            p.sparse = Map.of();
            return p;
        }
        List<OneofDescriptor> requiredOneofs = new ArrayList<>();
        for (OneofDescriptor o : d.getRealOneofs()) {
            if (reparse(o.getOptions()).getExtension(Validate.required)) {
                requiredOneofs.add(o);
            }
        }
        List<FieldPlan> fields = new ArrayList<>();
        boolean regexHolder = REGEX_MATCHERS.contains(d.getFullName());
        for (FieldDescriptor f : d.getFields()) {
            FieldPlan fp = compileField(f, regexHolder && f.getName().equals("regex"));
            boolean inRequiredOneof = f.getRealContainingOneof() != null && requiredOneofs.contains(f.getRealContainingOneof());
            if (fp == null && inRequiredOneof) {
                fp = new FieldPlan(f, f.isRepeated() ? Card.REPEATED : Card.SINGLE, NONE, null, "", -1, -1, false, false);
            }
            if (fp != null) {
                fp.slot = fields.size();
                if (fp.card != Card.SINGLE) {
                    fp.counter = p.counters++;
                }
                p.hasUnique |= fp.unique;
                fields.add(fp);
            }
        }
        p.fields = fields.toArray(new FieldPlan[0]);
        p.finals = fields.stream().filter(Plans::checkedAtEnd).toArray(FieldPlan[]::new);
        int maxNumber = fields.stream().mapToInt(f -> f.number).max().orElse(0);
        if (maxNumber < 1024) {
            p.dense = new FieldPlan[maxNumber + 1];
            for (FieldPlan f : fields) {
                p.dense[f.number] = f;
            }
        } else {
            p.sparse = new HashMap<>();
            for (FieldPlan f : fields) {
                p.sparse.put(f.number, f);
            }
        }
        List<OneofPlan> oneofs = new ArrayList<>();
        for (OneofDescriptor o : requiredOneofs) {
            int[] slots = fields.stream()
                    .filter(fp -> o.getFields().stream().anyMatch(of -> of.getNumber() == fp.number))
                    .mapToInt(fp -> fp.slot).toArray();
            oneofs.add(new OneofPlan(o.getName(), slots));
        }
        p.requiredOneofs = oneofs.toArray(new OneofPlan[0]);
        return p;
    }

    private static boolean checkedAtEnd(FieldPlan f) {
        if (f.card != Card.SINGLE) {
            return f.hasListRules();
        }
        if (f.presenceOnly) {
            return false;
        }
        ValuePlan v = f.value;
        return switch (v.kind) {
            case NONE -> false;
            case SCALAR -> v.checksScalar();
            case MESSAGE, WRAPPER -> v.required;
            case ANY -> v.required || (v.any != null && v.any.required);
            case DURATION, TIMESTAMP -> v.times.required;
        };
    }

    private static FieldPlan compileField(FieldDescriptor f, boolean envoyRegex) {
        FieldOptions fo = reparse(f.getOptions());
        Validate.FieldRules rules = fo.hasExtension(Validate.rules) ? fo.getExtension(Validate.rules) : Validate.FieldRules.getDefaultInstance();
        if (f.isMapField()) {
            Validate.MapRules mr = rules.getTypeCase() == Validate.FieldRules.TypeCase.MAP ? rules.getMap() : Validate.MapRules.getDefaultInstance();
            Descriptor entry = f.getMessageType();
            ValuePlan key = resolve(entry.findFieldByNumber(1), mr.getKeys(), "map.keys.", false);
            ValuePlan value = resolve(entry.findFieldByNumber(2), mr.getValues(), "map.values.", false);
            long min = mr.hasMinPairs() ? mr.getMinPairs() : -1;
            long max = mr.hasMaxPairs() ? mr.getMaxPairs() : -1;
            if (min < 0 && max < 0 && key.kind == Kind.NONE && !key.checksScalar() && value.kind == Kind.NONE) {
                return null;
            }
            return new FieldPlan(f, Card.MAP, value, key, "map", min, max, false, mr.getIgnoreEmpty());
        }
        if (f.isRepeated()) {
            Validate.RepeatedRules rr = rules.getTypeCase() == Validate.FieldRules.TypeCase.REPEATED ? rules.getRepeated() : Validate.RepeatedRules.getDefaultInstance();
            ValuePlan value = resolve(f, rr.getItems(), "repeated.items.", envoyRegex);
            long min = rr.hasMinItems() ? rr.getMinItems() : -1;
            long max = rr.hasMaxItems() ? rr.getMaxItems() : -1;
            if (min < 0 && max < 0 && !rr.getUnique() && value.kind == Kind.NONE) {
                return null;
            }
            return new FieldPlan(f, Card.REPEATED, value, null, "repeated", min, max, rr.getUnique(), rr.getIgnoreEmpty());
        }
        ValuePlan value = resolve(f, rules, "", envoyRegex);
        if (value.kind == Kind.NONE) {
            return null;
        }
        return new FieldPlan(f, Card.SINGLE, value, null, "", -1, -1, false, false);
    }

    /** The checks one value gets, by PGV's rule resolution: typed rules first, then plain message recursion. */
    private static ValuePlan resolve(FieldDescriptor f, Validate.FieldRules r, String prefix, boolean envoyRegex) {
        boolean isMessage = f.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
        Validate.MessageRules mr = r.getMessage();
        Descriptor mt = isMessage ? f.getMessageType() : null;
        FieldDescriptor.Type type = isMessage ? wrappedType(mt) : f.getType();
        Rules.Scalar scalar = switch (r.getTypeCase()) {
            case FLOAT -> nums("float", Rules.Domain.FLOAT, r.getFloat());
            case DOUBLE -> nums("double", Rules.Domain.FLOAT, r.getDouble());
            case INT32 -> nums("int32", Rules.Domain.SIGNED, r.getInt32());
            case INT64 -> nums("int64", Rules.Domain.SIGNED, r.getInt64());
            case UINT32 -> nums("uint32", Rules.Domain.SIGNED, r.getUint32());
            case UINT64 -> nums("uint64", Rules.Domain.UNSIGNED, r.getUint64());
            case SINT32 -> nums("sint32", Rules.Domain.SIGNED, r.getSint32());
            case SINT64 -> nums("sint64", Rules.Domain.SIGNED, r.getSint64());
            case FIXED32 -> nums("fixed32", Rules.Domain.SIGNED, r.getFixed32());
            case FIXED64 -> nums("fixed64", Rules.Domain.UNSIGNED, r.getFixed64());
            case SFIXED32 -> nums("sfixed32", Rules.Domain.SIGNED, r.getSfixed32());
            case SFIXED64 -> nums("sfixed64", Rules.Domain.SIGNED, r.getSfixed64());
            case BOOL -> r.getBool().hasConst() ? new Rules.Bool(r.getBool()) : null;
            case STRING -> new Rules.Strings(r.getString());
            case BYTES -> new Rules.Bytes(r.getBytes());
            case ENUM -> f.getJavaType() == FieldDescriptor.JavaType.ENUM ? new Rules.Enums(r.getEnum(), f.getEnumType()) : null;
            default -> null;
        };
        switch (r.getTypeCase()) {
            case FLOAT, DOUBLE, INT32, INT64, UINT32, UINT64, BOOL, STRING, BYTES -> {
                if (isMessage) {
                    return new ValuePlan(Kind.WRAPPER, type, scalar, null, null, mt, mr.getRequired(), false, prefix, false);
                }
                return new ValuePlan(Kind.SCALAR, type, scalar, null, null, null, false, false, prefix, envoyRegex);
            }
            case SINT32, SINT64, FIXED32, FIXED64, SFIXED32, SFIXED64, ENUM -> {
                return new ValuePlan(Kind.SCALAR, type, scalar, null, null, null, false, false, prefix, envoyRegex);
            }
            case DURATION -> {
                return new ValuePlan(Kind.DURATION, null, null, new Rules.Times(r.getDuration()), null, mt, false, false, prefix, false);
            }
            case TIMESTAMP -> {
                return new ValuePlan(Kind.TIMESTAMP, null, null, new Rules.Times(r.getTimestamp()), null, mt, false, false, prefix, false);
            }
            case ANY -> {
                Validate.AnyRules ar = r.getAny();
                return new ValuePlan(Kind.ANY, null, null, null, new Rules.Anys(ar), mt, false, false, prefix, false);
            }
            default -> {
                if (isMessage && mt.getFullName().equals("google.protobuf.Any")) {
                    return new ValuePlan(Kind.ANY, null, null, null, null, mt, mr.getRequired(), mr.getSkip(), prefix, false);
                }
                if (isMessage) {
                    return new ValuePlan(Kind.MESSAGE, null, null, null, null, mt, mr.getRequired(), mr.getSkip(), prefix, false);
                }
                if (envoyRegex) {
                    return new ValuePlan(Kind.SCALAR, type, null, null, null, null, false, false, prefix, true);
                }
                // no checks, but keep the type: a map key without rules still names its entry in paths
                return new ValuePlan(Kind.NONE, type, null, null, null, null, false, false, prefix, false);
            }
        }
    }

    private static Rules.Numbers nums(String family, Rules.Domain domain, com.google.protobuf.Message r) {
        Rules.Numbers n = new Rules.Numbers(family, domain, r);
        return n.isEmpty() ? null : n;
    }

    /** The type of a wrapper's {@code value} field, or null for other messages. */
    private static FieldDescriptor.Type wrappedType(Descriptor d) {
        if (!d.getFile().getPackage().equals("google.protobuf") || !d.getName().endsWith("Value")) {
            return null;
        }
        FieldDescriptor v = d.findFieldByName("value");
        return v == null ? null : v.getType();
    }

    /** Options as parsed with the validate extensions known, whatever registry the generated code used. */
    private static FieldOptions reparse(FieldOptions o) {
        if (o.hasExtension(Validate.rules) || !o.getUnknownFields().hasField(1071)) {
            return o;
        }
        try {
            return FieldOptions.parseFrom(o.toByteString(), REGISTRY);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable field options", e);
        }
    }

    private static MessageOptions reparse(MessageOptions o) {
        if (!o.getUnknownFields().hasField(1071) && !o.getUnknownFields().hasField(1072)) {
            return o;
        }
        try {
            return MessageOptions.parseFrom(o.toByteString(), REGISTRY);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable message options", e);
        }
    }

    private static OneofOptions reparse(OneofOptions o) {
        if (!o.getUnknownFields().hasField(1071)) {
            return o;
        }
        try {
            return OneofOptions.parseFrom(o.toByteString(), REGISTRY);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable oneof options", e);
        }
    }
}
