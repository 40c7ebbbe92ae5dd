package io.contourcore.xds.validate;

/**
 * A cursor over protobuf wire bytes. The validator reads serialised messages directly, so it touches only the
 * fields that carry rules and never builds reflective field maps, boxes values or unpacks {@code Any} into objects.
 */
final class Wire {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;
    static final int START_GROUP = 3;
    static final int END_GROUP = 4;
    static final int FIXED32 = 5;

    /** Bytes that end before their declared length or hold an impossible tag. */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    byte[] buf = new byte[0];
    int pos;

    long varint(int limit) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) {
                throw new Malformed("truncated varint");
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new Malformed("malformed varint");
    }

    int fixed32(int limit) {
        if (limit - pos < 4) {
            throw new Malformed("truncated fixed32");
        }
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    long fixed64(int limit) {
        long lo = fixed32(limit) & 0xFFFFFFFFL;
        long hi = fixed32(limit) & 0xFFFFFFFFL;
        return lo | hi << 32;
    }

    /** Reads a length prefix and returns the end of the delimited bytes (which start at {@link #pos}). */
    int lengthEnd(int limit) {
        long len = varint(limit);
        if (len < 0 || len > limit - pos) {
            throw new Malformed("length " + len + " beyond the end of the message");
        }
        return pos + (int) len;
    }

    void skip(int wireType, int limit) {
        switch (wireType) {
            case VARINT -> varint(limit);
            case FIXED64 -> {
                if (limit - pos < 8) {
                    throw new Malformed("truncated fixed64");
                }
                pos += 8;
            }
            case LEN -> pos = lengthEnd(limit);
            case FIXED32 -> {
                if (limit - pos < 4) {
                    throw new Malformed("truncated fixed32");
                }
                pos += 4;
            }
            case START_GROUP -> {
                while (true) {
                    long tag = varint(limit);
                    int wt = (int) (tag & 7);
                    if (wt == END_GROUP) {
                        return;
                    }
                    skip(wt, limit);
                }
            }
            default -> throw new Malformed("wire type " + wireType);
        }
    }

    /** Runes (code points) in the UTF-8 bytes {@code [from, to)}, counted without decoding. */
    static int runes(byte[] b, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if ((b[i] & 0xC0) != 0x80) {
                n++;
            }
        }
        return n;
    }
}
