package io.contourcore.model.yaml;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a large YAML stream into runs of whole documents that can be read at the same time.
 *
 * <pre>{@code
 * List<YamlChunks.Chunk> chunks = YamlChunks.split(text);   // each starts at a "---" line (the first at 0)
 * }</pre>
 *
 * <p>A cut is made only before a line that is exactly a document marker ({@code ---} at the start of a line, then a
 * space, a tab, a newline or the end). snakeyaml starts a document at such a line wherever it is: a block scalar
 * needs an indent of at least one, a plain scalar ends there, and inside a quoted scalar or a flow collection it
 * is a syntax error, which the caller sees in the chunks and answers by reading the stream whole. Streams with
 * line breaks other than {@code \n} are not cut, so that lines are counted as snakeyaml counts them, nor streams
 * with a block scalar header that could put a document's root scalar at indent 0.
 */
final class YamlChunks {

    /** Smallest chunk worth a task of its own; smaller streams are read whole. */
    static final int MIN_CHUNK_CHARS = 256 * 1024;

    /**
     * One run of whole documents, {@code text[start, end)}, {@code lineOffset} lines into the stream. Its text is
     * copied out only when it is read, so that the copies of every chunk are not all held at once.
     */
    record Chunk(String whole, int start, int end, int lineOffset) {
        String text() {
            return start == 0 && end == whole.length() ? whole : whole.substring(start, end);
        }
    }

    private YamlChunks() {}

    /** The stream's chunks in order; one chunk (the whole text) when it is small or cannot be cut safely. */
    static List<Chunk> split(String text) {
        if (text.length() < 2 * MIN_CHUNK_CHARS || !cuttable(text)) {
            return List.of(new Chunk(text, 0, text.length(), 0));
        }
        return cut(text);
    }

    /**
     * {@link #split}'s chunks without asking whether the text may be cut: the caller asks {@link #cuttable} of each
     * chunk's text, on the threads that read them, and reads the text whole when any chunk says no (a chunk holds
     * whole lines, so a block scalar header never straddles two). Lines are counted at {@code \n} only, which is
     * right whenever every chunk is cuttable.
     */
    static List<Chunk> cut(String text) {
        if (text.length() < 2 * MIN_CHUNK_CHARS) {
            return List.of(new Chunk(text, 0, text.length(), 0));
        }
        List<Chunk> chunks = new ArrayList<>();
        int start = 0;
        int line = 0;
        int from = MIN_CHUNK_CHARS;
        while (from < text.length()) {
            int cut = nextMarker(text, from);
            if (cut < 0 || text.length() - cut < MIN_CHUNK_CHARS / 2) {
                break;
            }
            chunks.add(new Chunk(text, start, cut, line));
            line += count(text, start, cut);
            start = cut;
            from = cut + MIN_CHUNK_CHARS;
        }
        chunks.add(new Chunk(text, start, text.length(), line));
        return chunks;
    }

    /** The start of the first document-marker line at or after {@code from}, or -1 (also for one that ends the text). */
    static int nextMarker(String text, int from) {
        int i = from - 1;
        while ((i = text.indexOf("\n---", i)) >= 0) {
            int after = i + 4;
            if (after == text.length()) {
                return -1; // a marker at the very end starts an empty document: not worth a chunk
            }
            char c = text.charAt(after);
            if (c == ' ' || c == '\t' || c == '\n') {
                return i + 1;
            }
            i = after;
        }
        return -1;
    }

    private static int count(String text, int from, int to) {
        // indexOf runs over the string's bytes; charAt per char, as the CLI's C1 compiles it, took several times longer.
        int n = 0;
        for (int i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * Whether every line break is {@code \n} (snakeyaml also breaks lines at \r, NEL, LS and PS), and no block
     * scalar header has the indentation indicator 1: at the root of a document that gives the scalar an indent of 0,
     * and then a {@code ---} line could be its content rather than a marker. Such a header anywhere (even inside a
     * string) leaves the stream whole; that only costs time.
     */
    static boolean cuttable(String text) {
        // The two breaks outside Latin-1 are looked for first: in a Latin-1 string (any ASCII manifest) indexOf
        // answers that without a scan.
        if (text.indexOf('\u2028') >= 0 || text.indexOf('\u2029') >= 0) {
            return false;
        }
        // Then one pass over blocks of the text's low bytes: for a Latin-1 string getBytes is a plain copy, where
        // getChars widened every character (and charAt per char, or indexOf once per character sought, cost more
        // under the CLI's C1 compiler). A character above Latin-1 can only look like one of those sought (its low
        // byte), which leaves the stream whole: that only costs time.
        int n = text.length();
        byte[] block = new byte[8192];
        for (int from = 0; from < n; from += block.length) {
            int to = Math.min(n, from + block.length);
            copyLowBytes(text, from, to, block);
            for (int i = 0; i < to - from; i++) {
                byte c = block[i];
                if (c == '\r' || c == (byte) 0x85) {
                    return false;
                }
                if ((c == '|' || c == '>') && indentOne(text, from + i + 1)) {
                    return false;
                }
            }
        }
        return true;
    }

    @SuppressWarnings("deprecation") // the low byte of each character is exactly what is wanted here
    private static void copyLowBytes(String text, int from, int to, byte[] block) {
        text.getBytes(from, to, block, 0);
    }

    /** Whether a block scalar header's indicators starting at {@code i} ({@code 1}, {@code +1}, {@code 1-}, ...) set indent 1. */
    private static boolean indentOne(String text, int i) {
        int n = text.length();
        int end = Math.min(n, i + 2);
        boolean one = false;
        int j = i;
        for (; j < end; j++) {
            char d = text.charAt(j);
            if (d == '1') {
                one = true;
            } else if (d != '+' && d != '-') {
                break;
            }
        }
        return one && (j == n || text.charAt(j) == ' ' || text.charAt(j) == '\t' || text.charAt(j) == '\n' || text.charAt(j) == '#');
    }
}
