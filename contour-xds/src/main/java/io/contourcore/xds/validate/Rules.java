package io.contourcore.xds.validate;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.contourcore.re2j.Pattern;
import io.envoyproxy.pgv.validate.Validate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The protoc-gen-validate rule families, compiled once from the rule messages into plain values. Checks follow
 * the C++ templates Envoy is built with (which fail on the first broken rule; here every broken rule is reported).
 */
final class Rules {

    private Rules() {}

    /** Where a check reports. */
    interface Sink {
        void report(String rule, String message);
    }

    /** Checks on one scalar value: numbers arrive as bits in the rule's domain, strings and bytes as UTF-8 ranges. */
    abstract static class Scalar {
        void number(Sink s, long bits) {}

        void bytes(Sink s, byte[] b, int from, int to) {}
    }

    static String quote(String s) {
        String t = s.length() > 80 ? s.substring(0, 77) + "..." : s;
        StringBuilder sb = new StringBuilder(t.length() + 2).append('"');
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    // ---------------------------------------------------------------- numbers

    enum Domain { SIGNED, UNSIGNED, FLOAT }

    static final class Numbers extends Scalar {
        final String family;
        final Domain domain;
        final boolean ignoreEmpty;
        final Long konst;
        final Long lt;
        final Long lte;
        final Long gt;
        final Long gte;
        final long[] in;
        final long[] notIn;

        Numbers(String family, Domain domain, Message r) {
            this.family = family;
            this.domain = domain;
            this.ignoreEmpty = bool(r, "ignore_empty");
            this.konst = bound(r, "const");
            this.lt = bound(r, "lt");
            this.lte = bound(r, "lte");
            this.gt = bound(r, "gt");
            this.gte = bound(r, "gte");
            this.in = list(r, "in");
            this.notIn = list(r, "not_in");
        }

        private Long bound(Message r, String name) {
            FieldDescriptor f = r.getDescriptorForType().findFieldByName(name);
            return r.hasField(f) ? bits(f, r.getField(f)) : null;
        }

        private long[] list(Message r, String name) {
            FieldDescriptor f = r.getDescriptorForType().findFieldByName(name);
            List<?> values = (List<?>) r.getField(f);
            long[] out = new long[values.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = bits(f, values.get(i));
            }
            return out;
        }

        private static long bits(FieldDescriptor f, Object v) {
            return switch (f.getType()) {
                case FLOAT -> Double.doubleToRawLongBits((Float) v);
                case DOUBLE -> Double.doubleToRawLongBits((Double) v);
                case UINT32, FIXED32 -> Integer.toUnsignedLong((Integer) v);
                case INT32, SINT32, SFIXED32 -> (Integer) v;
                default -> (Long) v;
            };
        }

        private int cmp(long a, long b) {
            return switch (domain) {
                case SIGNED -> Long.compare(a, b);
                case UNSIGNED -> Long.compareUnsigned(a, b);
                case FLOAT -> {
                    double x = Double.longBitsToDouble(a);
                    double y = Double.longBitsToDouble(b);
                    // NaN compares false both ways in C++, so treat it as failing every bound
                    yield x < y ? -1 : x > y ? 1 : x == y ? 0 : 2;
                }
            };
        }

        private boolean lessThan(long a, long b) {
            int c = cmp(a, b);
            return c < 0;
        }

        private boolean atMost(long a, long b) {
            int c = cmp(a, b);
            return c <= 0;
        }

        String show(long v) {
            return switch (domain) {
                case SIGNED -> Long.toString(v);
                case UNSIGNED -> Long.toUnsignedString(v);
                case FLOAT -> {
                    double d = Double.longBitsToDouble(v);
                    yield d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
                }
            };
        }

        private String showList(long[] vs) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < vs.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(show(vs[i]));
            }
            return sb.append(']').toString();
        }

        @Override
        void number(Sink s, long v) {
            if (ignoreEmpty && v == 0) {
                return;
            }
            if (konst != null && cmp(v, konst) != 0) {
                s.report(family + ".const", "value must equal " + show(konst) + got(v));
            }
            range(s, v);
            if (in.length > 0 && !contains(in, v)) {
                s.report(family + ".in", "value must be in list " + showList(in) + got(v));
            }
            if (notIn.length > 0 && contains(notIn, v)) {
                s.report(family + ".not_in", "value must not be in list " + showList(notIn) + got(v));
            }
        }

        private boolean contains(long[] vs, long v) {
            for (long x : vs) {
                if (cmp(x, v) == 0) {
                    return true;
                }
            }
            return false;
        }

        private void range(Sink s, long v) {
            if (lt != null) {
                if (gt != null) {
                    if (lessThan(gt, lt)) {
                        if (atMost(v, gt) || !lessThan(v, lt)) {
                            s.report(family + (atMost(v, gt) ? ".gt" : ".lt"), "value must be inside range (" + show(gt) + ", " + show(lt) + ")" + got(v));
                        }
                    } else if (!lessThan(v, lt) && atMost(v, gt)) {
                        s.report(family + ".lt_gt", "value must be outside range [" + show(lt) + ", " + show(gt) + "]" + got(v));
                    }
                } else if (gte != null) {
                    if (lessThan(gte, lt)) {
                        if (lessThan(v, gte) || !lessThan(v, lt)) {
                            s.report(family + (lessThan(v, gte) ? ".gte" : ".lt"), "value must be inside range [" + show(gte) + ", " + show(lt) + ")" + got(v));
                        }
                    } else if (!lessThan(v, lt) && lessThan(v, gte)) {
                        s.report(family + ".lt_gte", "value must be outside range [" + show(lt) + ", " + show(gte) + ")" + got(v));
                    }
                } else if (!lessThan(v, lt)) {
                    s.report(family + ".lt", "value must be less than " + show(lt) + got(v));
                }
            } else if (lte != null) {
                if (gt != null) {
                    if (lessThan(gt, lte)) {
                        if (atMost(v, gt) || !atMost(v, lte)) {
                            s.report(family + (atMost(v, gt) ? ".gt" : ".lte"), "value must be inside range (" + show(gt) + ", " + show(lte) + "]" + got(v));
                        }
                    } else if (!atMost(v, lte) && atMost(v, gt)) {
                        s.report(family + ".lte_gt", "value must be outside range (" + show(lte) + ", " + show(gt) + "]" + got(v));
                    }
                } else if (gte != null) {
                    if (lessThan(gte, lte)) {
                        if (lessThan(v, gte) || !atMost(v, lte)) {
                            s.report(family + (lessThan(v, gte) ? ".gte" : ".lte"), "value must be inside range [" + show(gte) + ", " + show(lte) + "]" + got(v));
                        }
                    } else if (!atMost(v, lte) && lessThan(v, gte)) {
                        s.report(family + ".lte_gte", "value must be outside range (" + show(lte) + ", " + show(gte) + ")" + got(v));
                    }
                } else if (!atMost(v, lte)) {
                    s.report(family + ".lte", "value must be less than or equal to " + show(lte) + got(v));
                }
            } else if (gt != null) {
                if (atMost(v, gt)) {
                    s.report(family + ".gt", "value must be greater than " + show(gt) + got(v));
                }
            } else if (gte != null && lessThan(v, gte)) {
                s.report(family + ".gte", "value must be greater than or equal to " + show(gte) + got(v));
            }
        }

        private String got(long v) {
            return ", got " + show(v);
        }

        boolean isEmpty() {
            return konst == null && lt == null && lte == null && gt == null && gte == null && in.length == 0 && notIn.length == 0;
        }
    }

    private static boolean bool(Message r, String name) {
        FieldDescriptor f = r.getDescriptorForType().findFieldByName(name);
        return f != null && (Boolean) r.getField(f);
    }

    // ---------------------------------------------------------------- bool

    static final class Bool extends Scalar {
        final boolean konst;

        Bool(Validate.BoolRules r) {
            this.konst = r.getConst();
        }

        @Override
        void number(Sink s, long bits) {
            if ((bits != 0) != konst) {
                s.report("bool.const", "value must equal " + konst);
            }
        }
    }

    // ---------------------------------------------------------------- enums

    static final class Enums extends Scalar {
        final EnumDescriptor type;
        final Integer konst;
        final int[] in;
        final int[] notIn;
        final boolean definedOnly;

        Enums(Validate.EnumRules r, EnumDescriptor type) {
            this.type = type;
            this.konst = r.hasConst() ? r.getConst() : null;
            this.in = r.getInList().stream().mapToInt(Integer::intValue).toArray();
            this.notIn = r.getNotInList().stream().mapToInt(Integer::intValue).toArray();
            this.definedOnly = r.getDefinedOnly();
        }

        private String show(int v) {
            var d = type.findValueByNumber(v);
            return d == null ? Integer.toString(v) : d.getName();
        }

        private String showList(int[] vs) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < vs.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(show(vs[i]));
            }
            return sb.append(']').toString();
        }

        @Override
        void number(Sink s, long bits) {
            int v = (int) bits;
            if (konst != null && v != konst) {
                s.report("enum.const", "value must equal " + show(konst) + ", got " + show(v));
            }
            if (in.length > 0 && Arrays.stream(in).noneMatch(x -> x == v)) {
                s.report("enum.in", "value must be in list " + showList(in) + ", got " + show(v));
            }
            if (notIn.length > 0 && Arrays.stream(notIn).anyMatch(x -> x == v)) {
                s.report("enum.not_in", "value must not be in list " + showList(notIn) + ", got " + show(v));
            }
            if (definedOnly && type.findValueByNumber(v) == null) {
                s.report("enum.defined_only", "value must be one of the defined enum values, got " + v);
            }
        }
    }

    // ---------------------------------------------------------------- strings

    static final String HTTP_HEADER_NAME = "^:?[0-9a-zA-Z!#$%&'*+-.^_|~\u0060]+$";
    static final String HTTP_HEADER_VALUE = "^[^\u0000-\u0008\n-\u001f\u007f]*$";
    static final String HEADER_STRING = "^[^\u0000\n\r]*$";

    enum Known { NONE, EMAIL, HOSTNAME, IP, IPV4, IPV6, URI, URI_REF, ADDRESS, UUID }

    enum Header { NONE, NAME, VALUE, STRING }

    static final class Strings extends Scalar {
        final boolean ignoreEmpty;
        final String konst;
        final long len;
        final long minLen;
        final long maxLen;
        final long lenBytes;
        final long minBytes;
        final long maxBytes;
        final String prefix;
        final String suffix;
        final String contains;
        final String notContains;
        final List<String> in;
        final List<String> notIn;
        final Pattern pattern;
        final String patternText;
        final String patternRule;
        final Known known;
        final Header header;
        /** True when only length and header rules apply, so the value need not be decoded. */
        final boolean lengthOnly;

        Strings(Validate.StringRules r) {
            ignoreEmpty = r.getIgnoreEmpty();
            konst = r.hasConst() ? r.getConst() : null;
            len = r.hasLen() ? r.getLen() : -1;
            minLen = r.hasMinLen() ? r.getMinLen() : -1;
            maxLen = r.hasMaxLen() ? r.getMaxLen() : -1;
            lenBytes = r.hasLenBytes() ? r.getLenBytes() : -1;
            minBytes = r.hasMinBytes() ? r.getMinBytes() : -1;
            maxBytes = r.hasMaxBytes() ? r.getMaxBytes() : -1;
            prefix = r.hasPrefix() && !r.getPrefix().isEmpty() ? r.getPrefix() : null;
            suffix = r.hasSuffix() && !r.getSuffix().isEmpty() ? r.getSuffix() : null;
            contains = r.hasContains() && !r.getContains().isEmpty() ? r.getContains() : null;
            notContains = r.hasNotContains() && !r.getNotContains().isEmpty() ? r.getNotContains() : null;
            in = List.copyOf(r.getInList());
            notIn = List.copyOf(r.getNotInList());
            String p = null;
            String rule = "string.pattern";
            Header h = Header.NONE;
            if (r.getWellKnownCase() == Validate.StringRules.WellKnownCase.WELL_KNOWN_REGEX) {
                // PGV turns these into patterns; they are single character classes, so scan the bytes instead
                boolean strict = r.getStrict();
                switch (r.getWellKnownRegex()) {
                    case HTTP_HEADER_NAME -> h = strict ? Header.NAME : Header.STRING;
                    case HTTP_HEADER_VALUE -> h = strict ? Header.VALUE : Header.STRING;
                    default -> h = Header.NONE;
                }
                p = switch (h) {
                    case NAME -> HTTP_HEADER_NAME;
                    case VALUE -> HTTP_HEADER_VALUE;
                    case STRING -> HEADER_STRING;
                    case NONE -> null;
                };
                rule = "string.well_known_regex";
            } else if (r.hasPattern()) {
                p = r.getPattern();
            }
            header = h;
            patternText = p;
            patternRule = rule;
            pattern = p == null || h != Header.NONE ? null : Pattern.compile(p, Pattern.DOTALL);
            known = switch (r.getWellKnownCase()) {
                case EMAIL -> r.getEmail() ? Known.EMAIL : Known.NONE;
                case HOSTNAME -> r.getHostname() ? Known.HOSTNAME : Known.NONE;
                case IP -> r.getIp() ? Known.IP : Known.NONE;
                case IPV4 -> r.getIpv4() ? Known.IPV4 : Known.NONE;
                case IPV6 -> r.getIpv6() ? Known.IPV6 : Known.NONE;
                case URI -> r.getUri() ? Known.URI : Known.NONE;
                case URI_REF -> r.getUriRef() ? Known.URI_REF : Known.NONE;
                case ADDRESS -> r.getAddress() ? Known.ADDRESS : Known.NONE;
                case UUID -> r.getUuid() ? Known.UUID : Known.NONE;
                default -> Known.NONE;
            };
            lengthOnly = konst == null && prefix == null && suffix == null && contains == null && notContains == null
                    && in.isEmpty() && notIn.isEmpty() && pattern == null && known == Known.NONE;
        }

        @Override
        void bytes(Sink s, byte[] b, int from, int to) {
            if (ignoreEmpty && from == to) {
                return;
            }
            if (lengthOnly) {
                lengths(s, b, from, to, null);
                header(s, b, from, to);
                return;
            }
            String v = new String(b, from, to - from, StandardCharsets.UTF_8);
            if (konst != null && !konst.equals(v)) {
                s.report("string.const", "value must equal " + quote(konst) + got(v));
            }
            if (!in.isEmpty() && !in.contains(v)) {
                s.report("string.in", "value must be in list " + in + got(v));
            }
            if (!notIn.isEmpty() && notIn.contains(v)) {
                s.report("string.not_in", "value must not be in list " + notIn + got(v));
            }
            lengths(s, b, from, to, v);
            if (prefix != null && !v.startsWith(prefix)) {
                s.report("string.prefix", "value does not have prefix " + quote(prefix) + got(v));
            }
            if (suffix != null && !v.endsWith(suffix)) {
                s.report("string.suffix", "value does not have suffix " + quote(suffix) + got(v));
            }
            if (contains != null && !v.contains(contains)) {
                s.report("string.contains", "value does not contain substring " + quote(contains) + got(v));
            }
            if (notContains != null && v.contains(notContains)) {
                s.report("string.not_contains", "value contains substring " + quote(notContains) + got(v));
            }
            if (pattern != null && !pattern.matches(v)) {
                s.report(patternRule, "value does not match regex pattern " + quote(patternText) + got(v));
            }
            header(s, b, from, to);
            switch (known) {
                case NONE -> { }
                case EMAIL -> { if (!WellKnown.email(v)) s.report("string.email", "value must be a valid email address" + got(v)); }
                case HOSTNAME -> { if (!WellKnown.hostname(v)) s.report("string.hostname", "value must be a valid hostname" + got(v)); }
                case IP -> { if (!WellKnown.ip(v)) s.report("string.ip", "value must be a valid IP Address" + got(v)); }
                case IPV4 -> { if (!WellKnown.ipv4(v)) s.report("string.ipv4", "value must be a valid IPv4 Address" + got(v)); }
                case IPV6 -> { if (!WellKnown.ipv6(v)) s.report("string.ipv6", "value must be a valid IPv6 Address" + got(v)); }
                case URI -> { if (!WellKnown.uri(v)) s.report("string.uri", "value must be a valid absolute URI" + got(v)); }
                case URI_REF -> { if (!WellKnown.uriRef(v)) s.report("string.uri_ref", "value must be a valid URI" + got(v)); }
                case ADDRESS -> {
                    if (!WellKnown.hostname(v) && !WellKnown.ip(v)) {
                        s.report("string.address", "value must be an ip address, or a hostname" + got(v));
                    }
                }
                case UUID -> { if (!WellKnown.uuid(v)) s.report("string.uuid", "value must be a valid UUID" + got(v)); }
            }
        }

        private static String got(String v) {
            return ", got " + quote(v);
        }

        /**
         * The value, or where it was not decoded its length, as a length finding ends: made only for a finding, as
         * every string checked for its length (most of Envoy's names) made it before, ~14 MB at TLS-heavy 10k.
         */
        private static String gotLength(String value, long runes) {
            return value != null ? got(value) : ", got " + runes + " characters";
        }

        /**
         * The header patterns, byte by byte. Every character they allow or refuse is ASCII, and UTF-8 continuation
         * bytes are never ASCII, so testing bytes is the same as matching the pattern.
         */
        private void header(Sink s, byte[] b, int from, int to) {
            if (header == Header.NONE) {
                return;
            }
            boolean ok = switch (header) {
                case NAME -> headerName(b, from, to);
                case VALUE -> noneOf(b, from, to, true);
                case STRING -> noneOf(b, from, to, false);
                case NONE -> true;
            };
            if (!ok) {
                s.report(patternRule, "value does not match regex pattern " + quote(patternText)
                        + got(new String(b, from, to - from, StandardCharsets.UTF_8)));
            }
        }

        private static boolean headerName(byte[] b, int from, int to) {
            int i = from;
            if (i < to && b[i] == ':') {
                i++;
            }
            if (i == to) {
                return false;
            }
            for (; i < to; i++) {
                int c = b[i];
                boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                        || "!#$%&'*+,-.^_|~`".indexOf(c) >= 0;
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        /** Strict values refuse NUL to BS, LF to US and DEL; loose ones only NUL, LF and CR. */
        private static boolean noneOf(byte[] b, int from, int to, boolean strict) {
            for (int i = from; i < to; i++) {
                int c = b[i];
                boolean bad = strict ? (c >= 0 && c <= 0x08) || (c >= 0x0A && c <= 0x1F) || c == 0x7F : c == 0 || c == '\n' || c == '\r';
                if (bad) {
                    return false;
                }
            }
            return true;
        }

        private void lengths(Sink s, byte[] b, int from, int to, String value) {
            if (len >= 0 || minLen >= 0 || maxLen >= 0) {
                long runes = Wire.runes(b, from, to);
                if (len >= 0) {
                    if (runes != len) {
                        s.report("string.len", "value length must be " + len + " characters" + gotLength(value, runes));
                    }
                } else {
                    if (minLen >= 0 && runes < minLen) {
                        s.report("string.min_len",
                                "value length must be at least " + minLen + " characters" + gotLength(value, runes));
                    }
                    if (maxLen >= 0 && runes > maxLen) {
                        s.report("string.max_len",
                                "value length must be at most " + maxLen + " characters" + gotLength(value, runes));
                    }
                }
            }
            long n = to - from;
            if (lenBytes >= 0) {
                if (n != lenBytes) {
                    s.report("string.len_bytes", "value length must be " + lenBytes + " bytes" + ", got " + n + " bytes");
                }
            } else {
                if (minBytes >= 0 && n < minBytes) {
                    s.report("string.min_bytes", "value length must be at least " + minBytes + " bytes" + ", got " + n + " bytes");
                }
                if (maxBytes >= 0 && n > maxBytes) {
                    s.report("string.max_bytes", "value length must be at most " + maxBytes + " bytes" + ", got " + n + " bytes");
                }
            }
        }
    }

    // ---------------------------------------------------------------- bytes

    static final class Bytes extends Scalar {
        /** A length finding's ending, made only for a finding. */
        private static String gotBytes(long n) {
            return ", got " + n + " bytes";
        }

        final boolean ignoreEmpty;
        final ByteString konst;
        final long len;
        final long minLen;
        final long maxLen;
        final Pattern pattern;
        final String patternText;
        final ByteString prefix;
        final ByteString suffix;
        final ByteString contains;
        final List<ByteString> in;
        final List<ByteString> notIn;
        final Known known;

        Bytes(Validate.BytesRules r) {
            ignoreEmpty = r.getIgnoreEmpty();
            konst = r.hasConst() ? r.getConst() : null;
            len = r.hasLen() ? r.getLen() : -1;
            minLen = r.hasMinLen() ? r.getMinLen() : -1;
            maxLen = r.hasMaxLen() ? r.getMaxLen() : -1;
            patternText = r.hasPattern() ? r.getPattern() : null;
            pattern = patternText == null ? null : Pattern.compile(patternText, Pattern.DOTALL);
            prefix = r.hasPrefix() && !r.getPrefix().isEmpty() ? r.getPrefix() : null;
            suffix = r.hasSuffix() && !r.getSuffix().isEmpty() ? r.getSuffix() : null;
            contains = r.hasContains() && !r.getContains().isEmpty() ? r.getContains() : null;
            in = List.copyOf(r.getInList());
            notIn = List.copyOf(r.getNotInList());
            known = switch (r.getWellKnownCase()) {
                case IP -> r.getIp() ? Known.IP : Known.NONE;
                case IPV4 -> r.getIpv4() ? Known.IPV4 : Known.NONE;
                case IPV6 -> r.getIpv6() ? Known.IPV6 : Known.NONE;
                default -> Known.NONE;
            };
        }

        @Override
        void bytes(Sink s, byte[] b, int from, int to) {
            int n = to - from;
            if (ignoreEmpty && n == 0) {
                return;
            }
            ByteString v = ByteString.copyFrom(b, from, n);
            if (konst != null && !konst.equals(v)) {
                s.report("bytes.const", "value must equal the configured constant");
            }
            if (!in.isEmpty() && !in.contains(v)) {
                s.report("bytes.in", "value must be in the configured list");
            }
            if (!notIn.isEmpty() && notIn.contains(v)) {
                s.report("bytes.not_in", "value must not be in the configured list");
            }
            // The ", got" ending is made only for a finding (see Strings.gotLength).
            if (len >= 0) {
                if (n != len) {
                    s.report("bytes.len", "value length must be " + len + " bytes" + gotBytes(n));
                }
            } else {
                if (minLen >= 0 && n < minLen) {
                    s.report("bytes.min_len", "value length must be at least " + minLen + " bytes" + gotBytes(n));
                }
                if (maxLen >= 0 && n > maxLen) {
                    s.report("bytes.max_len", "value length must be at most " + maxLen + " bytes" + gotBytes(n));
                }
            }
            if (prefix != null && !v.startsWith(prefix)) {
                s.report("bytes.prefix", "value does not have the configured prefix");
            }
            if (suffix != null && !v.endsWith(suffix)) {
                s.report("bytes.suffix", "value does not have the configured suffix");
            }
            if (contains != null && indexOf(v, contains) < 0) {
                s.report("bytes.contains", "value does not contain the configured bytes");
            }
            if (pattern != null && !pattern.matches(v.toByteArray())) {
                s.report("bytes.pattern", "value does not match regex pattern " + quote(patternText));
            }
            switch (known) {
                case IP -> { if (n != 4 && n != 16) s.report("bytes.ip", "value must be a valid IP address" + gotBytes(n)); }
                case IPV4 -> { if (n != 4) s.report("bytes.ipv4", "value must be a valid IPv4 address" + gotBytes(n)); }
                case IPV6 -> { if (n != 16) s.report("bytes.ipv6", "value must be a valid IPv6 address" + gotBytes(n)); }
                default -> { }
            }
        }

        private static int indexOf(ByteString hay, ByteString needle) {
            outer:
            for (int i = 0; i + needle.size() <= hay.size(); i++) {
                for (int j = 0; j < needle.size(); j++) {
                    if (hay.byteAt(i + j) != needle.byteAt(j)) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    // ---------------------------------------------------------------- durations and timestamps

    /** A (seconds, nanos) instant or span; compared as a pair, as protobuf's own ordering does. */
    record Span(long seconds, int nanos) {
        static Span of(com.google.protobuf.Duration d) {
            return new Span(d.getSeconds(), d.getNanos());
        }

        static Span of(com.google.protobuf.Timestamp t) {
            return new Span(t.getSeconds(), t.getNanos());
        }

        int compare(long s, int n) {
            int c = Long.compare(s, seconds);
            return c != 0 ? c : Integer.compare(n, nanos);
        }

        String text() {
            if (nanos == 0) {
                return seconds + "s";
            }
            java.math.BigDecimal v = java.math.BigDecimal.valueOf(seconds).add(java.math.BigDecimal.valueOf(nanos, 9));
            return v.stripTrailingZeros().toPlainString() + "s";
        }
    }

    /** Duration or timestamp rules; {@code lt_now}, {@code gt_now} and {@code within} depend on the clock and are skipped. */
    static final class Times {
        final String family;
        final boolean required;
        final Span konst;
        final Span lt;
        final Span lte;
        final Span gt;
        final Span gte;
        final List<Span> in;
        final List<Span> notIn;
        final boolean any;

        Times(Validate.DurationRules r) {
            family = "duration";
            required = r.getRequired();
            konst = r.hasConst() ? Span.of(r.getConst()) : null;
            lt = r.hasLt() ? Span.of(r.getLt()) : null;
            lte = r.hasLte() ? Span.of(r.getLte()) : null;
            gt = r.hasGt() ? Span.of(r.getGt()) : null;
            gte = r.hasGte() ? Span.of(r.getGte()) : null;
            in = r.getInList().stream().map(Span::of).toList();
            notIn = r.getNotInList().stream().map(Span::of).toList();
            any = konst != null || lt != null || lte != null || gt != null || gte != null || !in.isEmpty() || !notIn.isEmpty();
        }

        Times(Validate.TimestampRules r) {
            family = "timestamp";
            required = r.getRequired();
            konst = r.hasConst() ? Span.of(r.getConst()) : null;
            lt = r.hasLt() ? Span.of(r.getLt()) : null;
            lte = r.hasLte() ? Span.of(r.getLte()) : null;
            gt = r.hasGt() ? Span.of(r.getGt()) : null;
            gte = r.hasGte() ? Span.of(r.getGte()) : null;
            in = List.of();
            notIn = List.of();
            any = konst != null || lt != null || lte != null || gt != null || gte != null;
        }

        private static final long MAX_SECONDS = 315_576_000_000L;

        void check(Sink s, long sec, int nanos) {
            if (!any) {
                return;
            }
            if (family.equals("duration") && (nanos > 999_999_999 || nanos < -999_999_999 || sec > MAX_SECONDS || sec < -MAX_SECONDS)) {
                s.report("duration.valid", "value is not a valid duration" + got(sec, nanos));
                return;
            }
            if (konst != null && konst.compare(sec, nanos) != 0) {
                s.report(family + ".const", "value must equal " + konst.text() + got(sec, nanos));
            }
            if (lt != null) {
                if (gt != null) {
                    inside(s, gt.compare(lt.seconds, lt.nanos) > 0, lt.compare(sec, nanos) >= 0, gt.compare(sec, nanos) <= 0,
                            ".lt", ".gt", "(" + gt.text() + ", " + lt.text() + ")", "[" + lt.text() + ", " + gt.text() + "]", sec, nanos);
                } else if (gte != null) {
                    inside(s, gte.compare(lt.seconds, lt.nanos) > 0, lt.compare(sec, nanos) >= 0, gte.compare(sec, nanos) < 0,
                            ".lt", ".gte", "[" + gte.text() + ", " + lt.text() + ")", "[" + lt.text() + ", " + gte.text() + ")", sec, nanos);
                } else if (lt.compare(sec, nanos) >= 0) {
                    s.report(family + ".lt", "value must be less than " + lt.text() + got(sec, nanos));
                }
            } else if (lte != null) {
                if (gt != null) {
                    inside(s, gt.compare(lte.seconds, lte.nanos) > 0, lte.compare(sec, nanos) > 0, gt.compare(sec, nanos) <= 0,
                            ".lte", ".gt", "(" + gt.text() + ", " + lte.text() + "]", "(" + lte.text() + ", " + gt.text() + "]", sec, nanos);
                } else if (gte != null) {
                    inside(s, gte.compare(lte.seconds, lte.nanos) > 0, lte.compare(sec, nanos) > 0, gte.compare(sec, nanos) < 0,
                            ".lte", ".gte", "[" + gte.text() + ", " + lte.text() + "]", "(" + lte.text() + ", " + gte.text() + ")", sec, nanos);
                } else if (lte.compare(sec, nanos) > 0) {
                    s.report(family + ".lte", "value must be less than or equal to " + lte.text() + got(sec, nanos));
                }
            } else if (gt != null) {
                if (gt.compare(sec, nanos) <= 0) {
                    s.report(family + ".gt", "value must be greater than " + gt.text() + got(sec, nanos));
                }
            } else if (gte != null && gte.compare(sec, nanos) < 0) {
                s.report(family + ".gte", "value must be greater than or equal to " + gte.text() + got(sec, nanos));
            }
            if (!in.isEmpty() && in.stream().noneMatch(x -> x.compare(sec, nanos) == 0)) {
                s.report(family + ".in", "value must be in list " + in.stream().map(Span::text).toList() + got(sec, nanos));
            }
            if (!notIn.isEmpty() && notIn.stream().anyMatch(x -> x.compare(sec, nanos) == 0)) {
                s.report(family + ".not_in", "value must not be in list " + notIn.stream().map(Span::text).toList() + got(sec, nanos));
            }
        }

        private static String got(long sec, int nanos) {
            return ", got " + new Span(sec, nanos).text();
        }

        /**
         * The shared shape of PGV's two-sided bounds: when the upper bound is above the lower one the value must lie
         * between them, otherwise (an exclusive range) outside them.
         */
        private void inside(Sink s, boolean upperAboveLower, boolean tooHigh, boolean tooLow, String upper, String lower,
                String insideText, String outsideText, long sec, int nanos) {
            if (upperAboveLower) {
                if (tooHigh || tooLow) {
                    s.report(family + (tooLow ? lower : upper), "value must be inside range " + insideText + got(sec, nanos));
                }
            } else if (tooHigh && tooLow) {
                s.report(family + upper + "_" + lower.substring(1), "value must be outside range " + outsideText + got(sec, nanos));
            }
        }
    }

    // ---------------------------------------------------------------- any

    static final class Anys {
        final boolean required;
        final List<String> in;
        final List<String> notIn;

        Anys(Validate.AnyRules r) {
            required = r.getRequired();
            in = List.copyOf(r.getInList());
            notIn = List.copyOf(r.getNotInList());
        }

        void check(Sink s, String typeUrl) {
            if (!in.isEmpty() && !in.contains(typeUrl)) {
                s.report("any.in", "type URL must be in list " + in + ", got " + quote(typeUrl));
            }
            if (!notIn.isEmpty() && notIn.contains(typeUrl)) {
                s.report("any.not_in", "type URL must not be in list " + notIn + ", got " + quote(typeUrl));
            }
        }
    }

    /** Several scalar checks on one value, in order. */
    static Scalar chain(List<Scalar> parts) {
        List<Scalar> ps = new ArrayList<>(parts);
        ps.removeIf(p -> p == null);
        if (ps.isEmpty()) {
            return null;
        }
        if (ps.size() == 1) {
            return ps.get(0);
        }
        Scalar[] arr = ps.toArray(new Scalar[0]);
        return new Scalar() {
            @Override
            void number(Sink s, long bits) {
                for (Scalar p : arr) {
                    p.number(s, bits);
                }
            }

            @Override
            void bytes(Sink s, byte[] b, int from, int to) {
                for (Scalar p : arr) {
                    p.bytes(s, b, from, to);
                }
            }
        };
    }
}
