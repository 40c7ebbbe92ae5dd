package io.contourcore.xds.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * YAML text byte for byte as {@link ProtoText#YAML} (Jackson's YAML generator over snakeyaml's emitter, with the
 * feature flags set there) writes the same tree, without either of them on the common path.
 *
 * <p>The block layout is snakeyaml's own bookkeeping (indent stack, column, "last char was whitespace", "in
 * indentation") replayed for the few constructs a JSON tree produces: block mappings, block sequences with the
 * indicator indented, and {@code {}} / {@code []} for empty ones. A scalar is written directly only when it is
 * certain what the emitter would do with it: printable ASCII that snakeyaml's analysis allows plain (or that Jackson
 * asked to double-quote and needs no escape), short enough that no line folding can happen at its column. Every
 * other scalar is handed to Jackson and snakeyaml themselves, in a small document that puts it at the same indent
 * and column, and their text is cut out of it (remembered per string and position). Keys that snakeyaml would not
 * write as simple keys ({@code ? key}) are not reproduced: {@link Unsupported} tells the caller to use the old path.
 */
final class YamlSink implements ProtoWalker.Sink {

    /** A construct this writer does not reproduce; the caller renders the document the old way. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    private enum Style { PLAIN, DOUBLE_QUOTED, LITERAL }

    private static final int BEST_WIDTH = 80;
    private static final int MAX_SIMPLE_KEY = 128;

    /** Runs of spaces by length: an indent is one append, not one per space (every line of the text starts with one). */
    private static final String[] SPACES = new String[64];
    /** What each ASCII character means to {@link #writtenInOnePass}: one of the kinds below. */
    private static final byte[] ONE_PASS = new byte[128];
    private static final byte PLAIN_CHAR = 0;
    private static final byte NOT_ONE_PASS = 1;
    private static final byte SPACE = 2;
    private static final byte ESCAPED = 3;
    private static final byte QUOTABLE = 4;
    private static final byte HASH = 5;
    private static final byte COLON = 6;

    static {
        for (int c = 0; c < 0x20; c++) {
            ONE_PASS[c] = NOT_ONE_PASS;
        }
        ONE_PASS[0x7F] = NOT_ONE_PASS;
        ONE_PASS[' '] = SPACE;
        ONE_PASS['"'] = ESCAPED;
        ONE_PASS['\\'] = ESCAPED;
        for (char c : new char[] {'[', ']', '{', '}', ','}) {
            ONE_PASS[c] = QUOTABLE;
        }
        ONE_PASS['#'] = HASH;
        ONE_PASS[':'] = COLON;
    }

    static {
        for (int i = 0; i < SPACES.length; i++) {
            SPACES[i] = " ".repeat(i);
        }
    }

    private final StringBuilder out;

    // snakeyaml's emitter state; -1 stands for its null indent.
    private int indent = -1;
    private int[] indents = new int[32];
    private int indentDepth;
    private int column;
    private boolean whitespace = true;
    private boolean indention = true;

    // Open containers, innermost last.
    private boolean[] isMap = new boolean[32];
    private boolean[] started = new boolean[32];
    private boolean[] first = new boolean[32];
    private boolean[] inMapping = new boolean[32];
    private int depth;

    /**
     * Whether every character written so far is ASCII. The one-pass and direct paths write printable ASCII only;
     * anything else is a text snakeyaml made, checked when first made: the caches below are this sink's own, so a
     * cached text that is not ASCII already turned this false when it was made.
     */
    private boolean ascii = true;

    private final Map<String, String> keyCache = new HashMap<>();
    private final Map<String, String> valueCache = new HashMap<>();
    private final Map<Long, String> prefixCache = new HashMap<>();
    /**
     * snakeyaml's texts shared with the other sinks writing pieces of the same document (null: none), each keyed as
     * in {@link #valueCache}: a text is a function of its key alone, so any sink may reuse it.
     */
    private final Map<String, String> sharedValues;

    YamlSink(StringBuilder out) {
        this(out, null);
    }

    /**
     * A sink that also looks in, and adds to, {@code sharedValues} (thread-safe) before asking snakeyaml: the pieces
     * of one document are written by a sink each, and each asked snakeyaml again for the same long scalars (the Lua
     * sources of every HTTPS filter chain), ~1.5% of a TLS-heavy 10k render's CPU.
     */
    YamlSink(StringBuilder out, Map<String, String> sharedValues) {
        this.out = out;
        this.sharedValues = sharedValues;
    }

    /** The emitter state a member value starts from; the indent stack below it is never read by the value. */
    private record MemberState(int indent, int column, boolean whitespace, boolean indention) {
        // Written out rather than generated (invokedynamic, slow to link on a cold JDK 17): see ObjectRef.
        @Override
        public boolean equals(Object o) {
            return o instanceof MemberState m && indent == m.indent && column == m.column && whitespace == m.whitespace
                    && indention == m.indention;
        }

        @Override
        public int hashCode() {
            return ((indent * 31 + column) * 31 + Boolean.hashCode(whitespace)) * 31 + Boolean.hashCode(indention);
        }
    }

    /** What a value leaves: the indent is back where it was, the open containers are those before it. */
    private record EndState(int indent, int column, boolean whitespace, boolean indention) {}

    @Override
    public Object memberState() {
        return depth > 0 && isMap[depth - 1] ? new MemberState(indent, column, whitespace, indention) : null;
    }

    @Override
    public Object endState() {
        return new EndState(indent, column, whitespace, indention);
    }

    @Override
    public int written() {
        return out.length();
    }

    @Override
    public String textSince(int from) {
        return out.substring(from);
    }

    @Override
    public boolean ascii() {
        return ascii;
    }

    @Override
    public void replay(String text, Object end) {
        // Text this sink wrote before: had it held anything but ASCII, ascii would already be false.
        EndState e = (EndState) end;
        out.append(text);
        indent = e.indent();
        column = e.column();
        whitespace = e.whitespace();
        indention = e.indention();
    }

    /**
     * The indent stack and the open containers; the column and whether it follows whitespace only while the line is
     * still blank ({@code indention}): otherwise whatever comes next at a boundary starts a new line first, so
     * neither is read again.
     */
    @Override
    public Object boundary() {
        StringBuilder b = new StringBuilder(64).append(indent).append('|');
        for (int i = 0; i < indentDepth; i++) {
            b.append(indents[i]).append(',');
        }
        b.append('|');
        for (int i = 0; i < depth; i++) {
            b.append(isMap[i] ? 'm' : 's').append(started[i] ? '1' : '0').append(first[i] ? '1' : '0')
                    .append(inMapping[i] ? '1' : '0');
        }
        b.append('|').append(indention);
        if (indention) {
            b.append('|').append(column).append('|').append(whitespace);
        }
        return b.toString();
    }

    /** Ends the document as the emitter does at document end. */
    void finish() {
        writeIndent();
    }

    // ---- structure

    private void increaseIndent(boolean flow, boolean indentless) {
        if (indentDepth == indents.length) {
            indents = Arrays.copyOf(indents, indentDepth * 2);
        }
        indents[indentDepth++] = indent;
        if (indent < 0) {
            indent = flow ? 2 : 0;
        } else if (!indentless) {
            indent += 2;
        }
    }

    private void popIndent() {
        indent = indents[--indentDepth];
    }

    private void writeIndent() {
        int ind = Math.max(indent, 0);
        if (!indention || column > ind || (column == ind && !whitespace)) {
            out.append('\n');
            whitespace = true;
            indention = true;
            column = 0;
        }
        writeWhitespace(ind - column);
    }

    private void writeWhitespace(int n) {
        if (n <= 0) {
            return;
        }
        whitespace = true;
        if (n < SPACES.length) {
            out.append(SPACES[n]);
        } else {
            for (int i = 0; i < n; i++) {
                out.append(' ');
            }
        }
        column += n;
    }

    private void writeIndicator(String indicator, boolean needWhitespace, boolean ws, boolean indentation) {
        if (!whitespace && needWhitespace) {
            column++;
            out.append(' ');
        }
        whitespace = ws;
        indention = indention && indentation;
        column += indicator.length();
        out.append(indicator);
    }

    private void ensureStarted(int d) {
        if (started[d]) {
            return;
        }
        started[d] = true;
        if (isMap[d]) {
            increaseIndent(false, false);
        } else {
            increaseIndent(false, inMapping[d] && !indention);
        }
    }

    /** What the emitter writes before a node: a sequence's item indicator. */
    private void beforeNode() {
        if (depth == 0) {
            return;
        }
        int d = depth - 1;
        if (isMap[d]) {
            return;
        }
        ensureStarted(d);
        writeIndent();
        if (first[d]) {
            writeWhitespace(2);
        }
        writeIndicator("-", true, false, true);
        if (first[d]) {
            indent += 2;
            first[d] = false;
        }
    }

    private void open(boolean map) {
        beforeNode();
        if (depth == isMap.length) {
            int n = depth * 2;
            isMap = Arrays.copyOf(isMap, n);
            started = Arrays.copyOf(started, n);
            first = Arrays.copyOf(first, n);
            inMapping = Arrays.copyOf(inMapping, n);
        }
        isMap[depth] = map;
        started[depth] = false;
        first[depth] = true;
        inMapping[depth] = depth > 0 && isMap[depth - 1];
        depth++;
    }

    private void close(String emptyOpen, String emptyClose) {
        depth--;
        if (started[depth]) {
            popIndent();
        } else {
            writeIndicator(emptyOpen, true, true, false);
            writeIndicator(emptyClose, false, false, false);
        }
    }

    @Override
    public void startObject() {
        open(true);
    }

    @Override
    public void endObject() {
        close("{", "}");
    }

    @Override
    public void startArray() {
        open(false);
    }

    @Override
    public void endArray() {
        close("[", "]");
    }

    @Override
    public void key(String name) {
        int d = depth - 1;
        ensureStarted(d);
        writeIndent();
        if (!whitespace) {
            // writeIndent always leaves whitespace before a key; the cached texts assume it.
            throw new Unsupported("a key after a non-space");
        }
        // Field names repeat in every message of a type: the key's text is decided once per distinct name.
        String text = keyCache.get(name);
        if (text == null) {
            text = keyText(name);
            keyCache.put(name, text);
            ascii &= isAscii(text);
        }
        out.append(text);
        column += text.length();
        whitespace = false;
        indention = false;
        writeIndicator(":", false, false, false);
        first[d] = false;
    }

    @Override
    public void string(String value) {
        beforeNode();
        if (!writtenInOnePass(value)) {
            scalar(value, valueStyle(value), true);
        }
    }

    /**
     * The common case of {@link #scalar} for a string value in one pass over it: printable ASCII that Jackson asks
     * to double-quote (and needs no escape), or that it asks plain and snakeyaml allows plain, with no fold
     * possible. False when the string is anything else; then nothing was written.
     */
    private boolean writtenInOnePass(String s) {
        int n = s.length();
        if (n == 0) {
            return false;
        }
        boolean space = false;
        boolean escape = false;
        boolean quotable = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            // Most characters are letters, digits and the like: one table look-up each, not a switch's compares.
            int kind = c < ONE_PASS.length ? ONE_PASS[c] : NOT_ONE_PASS;
            if (kind == PLAIN_CHAR) {
                continue;
            }
            switch (kind) {
                case NOT_ONE_PASS -> {
                    return false;
                }
                case SPACE -> space = true;
                case ESCAPED -> escape = true;
                case QUOTABLE -> quotable = true;
                case HASH -> quotable |= i == 0 || s.charAt(i - 1) == ' ';
                default -> quotable |= i == n - 1 || s.charAt(i + 1) == ' '; // COLON
            }
        }
        if (space && column + n + 3 > BEST_WIDTH) {
            return false;
        }
        if (quotable || isReserved(s) || looksLikePlainNumber(s)) {
            if (escape) {
                return false;
            }
            writeDirect(s, true);
            return true;
        }
        // Jackson asks plain; no ": ", " #" or leading "#" is left, so only the leading-character rules remain.
        char c0 = s.charAt(0);
        if (c0 == ' ' || s.charAt(n - 1) == ' ' || "#,[]{}&*!|>'\"%@`".indexOf(c0) >= 0
                || ((c0 == '?' || c0 == ':' || c0 == '-') && (n == 1 || s.charAt(1) == ' '))
                || s.startsWith("---") || s.startsWith("...") || (c0 == '0' && n > 1 && leadingZeroNumber(s))) {
            return false;
        }
        writeDirect(s, false);
        return true;
    }

    private static boolean leadingZeroNumber(String s) {
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void number(String text) {
        beforeNode();
        scalar(text, Style.PLAIN, false);
    }

    @Override
    public void bool(boolean value) {
        beforeNode();
        scalar(value ? "true" : "false", Style.PLAIN, false);
    }

    @Override
    public void nul() {
        beforeNode();
        scalar("null", Style.PLAIN, false);
    }

    // ---- scalars

    private void scalar(String text, Style style, boolean isString) {
        int len = text.length();
        switch (style) {
            case DOUBLE_QUOTED -> {
                if (needsNoEscape(text) && (text.indexOf(' ') < 0 || column + len + 3 <= BEST_WIDTH)) {
                    writeDirect(text, true);
                    return;
                }
            }
            case PLAIN -> {
                if (plainAllowed(text) && (text.indexOf(' ') < 0 || column + len + 1 <= BEST_WIDTH)) {
                    writeDirect(text, false);
                    return;
                }
            }
            case LITERAL -> { }
        }
        if (!isString) {
            // The probe documents hold strings; a number, boolean or null that is not plain is never printed.
            throw new Unsupported("a non-string scalar that is not plain");
        }
        if (whitespace) {
            throw new Unsupported("a scalar after whitespace");
        }
        int scalarIndent = indent + 2;
        String key = scalarIndent + ":" + column + ":" + text;
        String written = valueCache.get(key);
        if (written == null) {
            written = sharedValues == null ? null : sharedValues.get(key);
            if (written == null) {
                written = askValue(text, scalarIndent, column);
                if (sharedValues != null) {
                    sharedValues.putIfAbsent(key, written);
                }
            }
            valueCache.put(key, written);
            ascii &= isAscii(written);
        }
        out.append(written);
        int lastBreak = -1;
        for (int i = written.length() - 1; i >= 0; i--) {
            if (isLineBreak(written.charAt(i))) {
                lastBreak = i;
                break;
            }
        }
        column = lastBreak < 0 ? column + written.length() : written.length() - lastBreak - 1;
        boolean endsWithBreak = lastBreak == written.length() - 1;
        whitespace = endsWithBreak;
        indention = endsWithBreak;
    }

    private void writeDirect(String text, boolean quoted) {
        if (!whitespace) {
            out.append(' ');
            column++;
        }
        if (quoted) {
            out.append('"').append(text).append('"');
            column += text.length() + 2;
        } else {
            out.append(text);
            column += text.length();
        }
        whitespace = false;
        indention = false;
    }

    /** A key as written at the start of its line; a simple key is never folded, so its position does not matter. */
    private static String keyText(String name) {
        if (name.isEmpty() || name.length() >= MAX_SIMPLE_KEY || hasLineBreak(name)) {
            throw new Unsupported("a key snakeyaml writes as a complex key");
        }
        boolean quote = keyNeedsQuotes(name);
        if (quote ? needsNoEscape(name) : plainAllowed(name)) {
            return quote ? '"' + name + '"' : name;
        }
        return askKey(name);
    }

    /** The key as Jackson and snakeyaml write it; a simple key is never folded, so its position does not matter. */
    private static String askKey(String name) {
        String text = yaml(g -> {
            g.writeStartObject();
            g.writeFieldName(name);
            g.writeString("x");
            g.writeEndObject();
        });
        if (!text.endsWith(": x\n") || text.startsWith("?")) {
            throw new Unsupported("unexpected key form");
        }
        return text.substring(0, text.length() - ": x\n".length());
    }

    /**
     * The scalar as Jackson and snakeyaml write it when it starts at {@code column} with the emitter's indent at
     * {@code scalarIndent}: a document whose nesting and key width put it exactly there, minus that document's
     * text for a plain one-letter scalar at the same place.
     */
    private String askValue(String text, int scalarIndent, int column) {
        String prefix = prefixCache.get(((long) scalarIndent << 32) | column);
        if (prefix == null) {
            String probe = placed("x", scalarIndent, column);
            if (!probe.endsWith(" x\n")) {
                throw new Unsupported("unexpected probe form");
            }
            prefix = probe.substring(0, probe.length() - " x\n".length());
            if (prefix.length() - prefix.lastIndexOf('\n') - 1 != column) {
                throw new Unsupported("the probe document does not reach column " + column);
            }
            prefixCache.put(((long) scalarIndent << 32) | column, prefix);
        }
        String doc = placed(text, scalarIndent, column);
        if (!doc.startsWith(prefix)) {
            throw new Unsupported("unexpected scalar placement");
        }
        String written = doc.substring(prefix.length());
        // The document end adds a line break unless the scalar (a literal block) already ended with one.
        if (!written.startsWith(" |") && written.endsWith("\n")) {
            written = written.substring(0, written.length() - 1);
        }
        return written;
    }

    /** The YAML of a document that puts {@code text} at that indent and column. */
    private static String placed(String text, int scalarIndent, int column) {
        if (scalarIndent % 2 != 0) {
            throw new Unsupported("odd indent");
        }
        if (column >= scalarIndent && scalarIndent >= 2) {
            // A mapping value: the mapping at scalarIndent - 2, a key wide enough to end at column - 1.
            int levels = (scalarIndent - 2) / 2;
            String key = keyOfWidth(column - (scalarIndent - 2) - 1);
            return yaml(g -> {
                nest(g, levels);
                g.writeFieldName(key);
                g.writeString(text);
                unnest(g, levels);
            });
        } else if (column == scalarIndent - 1 && scalarIndent >= 4) {
            // A sequence item: "- " under a key of a mapping at scalarIndent - 4.
            int levels = (scalarIndent - 4) / 2;
            return yaml(g -> {
                nest(g, levels);
                g.writeFieldName("a");
                g.writeStartArray();
                g.writeString(text);
                g.writeEndArray();
                unnest(g, levels);
            });
        }
        throw new Unsupported("a scalar position no probe document reaches");
    }

    /**
     * A key snakeyaml writes {@code width} characters wide as a simple key, which must be under 128 characters: plain
     * letters, or past that a double-quoted key of control characters, each written as a four-character escape.
     */
    private static String keyOfWidth(int width) {
        if (width < MAX_SIMPLE_KEY) {
            return "k".repeat(width);
        }
        for (int escapes = 0; 2 + 4 * escapes <= width; escapes++) {
            int letters = width - 2 - 4 * escapes;
            if (escapes + letters < MAX_SIMPLE_KEY) {
                return "\u0001".repeat(escapes) + "k".repeat(letters);
            }
        }
        throw new Unsupported("a key wider than a probe key can be");
    }

    /** Opens the root mapping and {@code levels} mappings under keys "a", as the probe documents nest. */
    private static void nest(JsonGenerator g, int levels) throws IOException {
        g.writeStartObject();
        for (int i = 0; i < levels; i++) {
            g.writeFieldName("a");
            g.writeStartObject();
        }
    }

    private static void unnest(JsonGenerator g, int levels) throws IOException {
        for (int i = 0; i <= levels; i++) {
            g.writeEndObject();
        }
    }

    private interface Probe {
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * A probe document as {@link ProtoText#YAML} writes it: the same factory settings and the same generator calls
     * its tree serialiser makes, without an {@code ObjectMapper}, whose set-up a render otherwise never needs.
     */
    private static String yaml(Probe probe) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Probes.FACTORY.createGenerator(out)) {
            probe.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A factory of YAML generators with the settings of {@link ProtoText#YAML}, which is made with one. */
    static YAMLFactory yamlFactory() {
        return YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .build();
    }

    private static final class Probes {
        static final YAMLFactory FACTORY = yamlFactory();
    }

    // ---- Jackson's choice of style (YAMLGenerator with MINIMIZE_QUOTES and ALWAYS_QUOTE_NUMBERS_AS_STRINGS)

    private static Style valueStyle(String s) {
        if (s.isEmpty()) {
            return Style.DOUBLE_QUOTED;
        }
        if (s.indexOf('\n') >= 0) {
            return Style.LITERAL;
        }
        if (isReserved(s) || hasQuotableChar(s) || looksLikePlainNumber(s)) {
            return Style.DOUBLE_QUOTED;
        }
        return Style.PLAIN;
    }

    private static boolean keyNeedsQuotes(String s) {
        if (isReserved(s)) {
            return true;
        }
        char c = s.charAt(0);
        if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < 0x20) {
                return true;
            }
        }
        return false;
    }

    private static boolean isReserved(String s) {
        if (s.isEmpty()) {
            return true;
        }
        return switch (s.charAt(0)) {
            case '~' -> true;
            case 'f', 'n', 'o', 't', 'y', 'F', 'N', 'O', 'T', 'Y' -> switch (s) {
                case "false", "False", "FALSE", "n", "N", "no", "No", "NO", "null", "Null", "NULL", "on", "On", "ON",
                        "off", "Off", "OFF", "true", "True", "TRUE", "y", "Y", "yes", "Yes", "YES" -> true;
                default -> false;
            };
            default -> false;
        };
    }

    private static boolean hasQuotableChar(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            switch (s.charAt(i)) {
                case '[', ']', '{', '}', ',' -> {
                    return true;
                }
                case '#' -> {
                    if (i == 0 || isBlank(s.charAt(i - 1))) {
                        return true;
                    }
                }
                case ':' -> {
                    if (i == n - 1 || isBlank(s.charAt(i + 1))) {
                        return true;
                    }
                }
                default -> { }
            }
        }
        return false;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** {@code [+-]?[0-9]*(\.[0-9]*)?} over the whole string. */
    private static boolean looksLikePlainNumber(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
        }
        return i == n;
    }

    // ---- snakeyaml's analysis, for the only strings decided here: printable ASCII

    /** Printable ASCII without a quote or backslash: double-quoted as is. */
    private static boolean needsNoEscape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Whether snakeyaml's analysis allows a block plain scalar; false also for anything not printable ASCII. */
    static boolean plainAllowed(String s) {
        int n = s.length();
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        if (s.startsWith("---") || s.startsWith("...")) {
            return false;
        }
        if (s.charAt(0) == ' ' || s.charAt(n - 1) == ' ') {
            return false;
        }
        if (n > 1 && s.charAt(0) == '0') {
            boolean leadingZeroNumber = true;
            for (int i = 1; i < n; i++) {
                char c = s.charAt(i);
                if (!((c >= '0' && c <= '9') || c == '_')) {
                    leadingZeroNumber = false;
                    break;
                }
            }
            if (leadingZeroNumber) {
                return false;
            }
        }
        char c0 = s.charAt(0);
        if ("#,[]{}&*!|>'\"%@`".indexOf(c0) >= 0) {
            return false;
        }
        if ((c0 == '?' || c0 == ':' || c0 == '-') && followedBySpace(s, 0)) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (c == ':' && followedBySpace(s, i)) {
                return false;
            }
            if (c == '#' && s.charAt(i - 1) == ' ') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean followedBySpace(String s, int i) {
        return i + 1 >= s.length() || s.charAt(i + 1) == ' ';
    }

    private static boolean hasLineBreak(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isLineBreak(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
}
