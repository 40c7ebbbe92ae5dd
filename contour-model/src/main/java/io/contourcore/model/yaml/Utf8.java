package io.contourcore.model.yaml;

import io.contourcore.model.Location;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the bytes of a manifest or configuration file, refusing what is not UTF-8 at the first bad byte.
 *
 * <pre>{@code
 * String text = Utf8.decode("app.yaml", bytes);   // or Utf8.Malformed, at "app.yaml:4:14"
 * }</pre>
 */
final class Utf8 {

    /** Bytes that are not UTF-8; {@code at} is the first bad byte, its column counted in the characters before it. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Location at;

        Malformed(Location at) {
            super("not valid UTF-8", null, false, false);
            this.at = at;
        }
    }

    private Utf8() {}

    static String decode(String name, byte[] bytes) throws Malformed {
        if (ascii(bytes)) {
            // Most manifests are ASCII: one copy into a Latin-1 string, not a char buffer twice its size and a copy.
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult r = decoder.decode(ByteBuffer.wrap(bytes), out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        out.flip();
        if (r.isError()) {
            // The text before the bad byte decodes, so its lines and columns are counted as the scanner counts them.
            String before = out.toString();
            int[] at = TextReader.lineAndColumn(before, before.length());
            throw new Malformed(new Location(name, at[0] + 1, at[1] + 1));
        }
        return out.toString();
    }

    private static boolean ascii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
