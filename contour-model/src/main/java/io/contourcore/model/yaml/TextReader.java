package io.contourcore.model.yaml;

import java.io.StringReader;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.Constant;

/**
 * snakeyaml's reader over a text already held whole in memory, moving through it in linear time.
 *
 * <pre>{@code
 * TextReader r = new TextReader(text);
 * new ParserImpl(r, options);   // as snakeyaml's own StreamReader
 * }</pre>
 *
 * <p>snakeyaml's {@link StreamReader} keeps a window of the stream and, each time the scanner looks further ahead
 * than the window, reads 1,023 more characters and copies the whole window. The scanner looks ahead to the end of
 * a plain or quoted scalar before it moves, so a scalar of n characters on one line cost n²/1,023 copies: a 16 MB
 * value took a minute. Here the text is indexed directly: the same code points, line and column counting, marks and
 * code-point limit as {@link StreamReader}, every step constant time.
 *
 * <p>A character YAML does not allow (NUL, other C0 controls but tab and line breaks, surrogates on their own,
 * U+FFFE/U+FFFF) is refused as the scanner reaches it, with its position, so that the documents before it read as
 * they would without it and the problem points at the character ({@link #locate(int)}).
 */
final class TextReader extends StreamReader {

    private static final int[] NO_SNIPPET = new int[0];

    private final String text;
    /** The code points, when the text has any outside the BMP; null when every char is one code point. */
    private final int[] codePoints;
    private final int length;
    /** Index of the first code point YAML refuses, or {@code length}. */
    private final int firstBad;
    private int pointer;
    private int index;
    private int documentIndex;
    private int line;
    private int column;

    TextReader(String text) {
        super(new StringReader(""));
        this.text = text;
        boolean surrogates = false;
        for (int i = 0; i < text.length() && !surrogates; i++) {
            surrogates = Character.isSurrogate(text.charAt(i));
        }
        this.codePoints = surrogates ? text.codePoints().toArray() : null;
        this.length = surrogates ? codePoints.length : text.length();
        int bad = 0;
        while (bad < length && isPrintable(at(bad))) {
            bad++;
        }
        this.firstBad = bad;
    }

    private int at(int i) {
        return codePoints != null ? codePoints[i] : text.charAt(i);
    }

    /** The code point {@code i} ahead, or NUL past the end; a refused character fails the stream here. */
    private int look(int i) {
        if (i >= firstBad) {
            if (i >= length) {
                return '\0';
            }
            throw new ReaderException("'reader'", firstBad, at(firstBad), "special characters are not allowed");
        }
        return at(i);
    }

    @Override
    public Mark getMark() {
        // The snippet (a window of text for exception messages) is never shown: problems carry line and column.
        return new Mark("'reader'", index, line, column, NO_SNIPPET, 0);
    }

    @Override
    public void forward() {
        forward(1);
    }

    @Override
    public void forward(int n) {
        for (int i = 0; i < n && pointer < length; i++) {
            int c = look(pointer++);
            index++;
            documentIndex++;
            if (Constant.LINEBR.has(c) || c == '\r' && pointer < length && look(pointer) != '\n') {
                line++;
                column = 0;
            } else if (c != 0xFEFF) {
                column++;
            }
        }
    }

    @Override
    public int peek() {
        return look(pointer);
    }

    @Override
    public int peek(int i) {
        return look(pointer + i);
    }

    @Override
    public String prefix(int n) {
        if (n == 0) {
            return "";
        }
        int end = Math.min(pointer + n, length);
        if (end > firstBad) {
            look(firstBad);
        }
        if (codePoints != null) {
            return new String(codePoints, pointer, end - pointer);
        }
        return text.substring(pointer, end);
    }

    @Override
    public String prefixForward(int n) {
        String prefix = prefix(n);
        pointer += n;
        index += n;
        documentIndex += n;
        column += n; // the scanner asks for a prefix only where it holds no line break
        return prefix;
    }

    @Override
    public int getColumn() {
        return column;
    }

    @Override
    public int getDocumentIndex() {
        return documentIndex;
    }

    @Override
    public void resetDocumentIndex() {
        documentIndex = 0;
    }

    @Override
    public int getIndex() {
        return index;
    }

    @Override
    public int getLine() {
        return line;
    }

    /** The 0-based line and column of code point {@code position}, counted as the scanner counts them. */
    int[] locate(int position) {
        int end = codePoints == null ? Math.min(position, length) : text.offsetByCodePoints(0, Math.min(position, length));
        return lineAndColumn(text, end);
    }

    /**
     * The 0-based line and column just past {@code text[0..end)}: where the next character is, counting line breaks
     * and columns (in code points) as the scanner does.
     */
    static int[] lineAndColumn(String text, int end) {
        int l = 0;
        int c = 0;
        for (int i = 0; i < end; ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Constant.LINEBR.has(cp) || cp == '\r' && i < text.length() && text.charAt(i) != '\n') {
                l++;
                c = 0;
            } else if (cp != 0xFEFF) {
                c++;
            }
        }
        return new int[] {l, c};
    }
}
