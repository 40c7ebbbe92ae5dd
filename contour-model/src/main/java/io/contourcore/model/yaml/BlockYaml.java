package io.contourcore.model.yaml;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A reader for the block YAML that {@code kubectl get -o yaml}, Helm and people write, giving the same {@link Node}
 * trees, with the same lines and columns, as snakeyaml's scanner, parser and composer read through {@link YamlTree},
 * in a fraction of the time. At the first document it is not sure of it stops; {@link YamlTree} has snakeyaml read
 * that document and starts it again at the next {@code ---} line ({@link #readFrom}).
 *
 * <pre>{@code
 * BlockYaml.Result r = BlockYaml.read("app.yaml", text, 0, Limits.DEFAULT, resolver);
 * r.docs();        // the trees of the documents before r.resume()
 * r.resume();      // text.length() when every document was read, else where snakeyaml takes over
 * }</pre>
 *
 * <p>What it reads: block mappings and sequences (also a sequence at its key's indentation and a mapping begun on a
 * {@code - } line), plain scalars on one line, single- and double-quoted scalars on one line, literal and folded
 * block scalars with their indicators, flow sequences and mappings on one line, comments, and the
 * {@code ---} and {@code ...} markers. It declines everything else and anything that snakeyaml would report as a
 * problem: anchors, aliases, tags, directives, complex keys, merge keys, duplicate keys, tabs outside scalars,
 * scalars over several lines, an indentation that is not one of the open collections', and characters outside
 * printable Unicode without line breaks other than {@code \n} (which also keeps a column one {@code char}). So a
 * document it reads has no problem, and where it declines nothing it built is kept.
 *
 * <p>Why snakeyaml and this reader may take turns at a {@code ---} line: a document that begins there (or at the
 * stream's start) after whole documents starts either in the state reading the whole stream would have reached, and
 * nothing this reader read carries over: it reads no directives, anchors or aliases. After {@code ...} only a
 * {@code ---} line or the end may follow here; anything else declines the document that {@code ...} ended.
 */
final class BlockYaml {

    /** The trees of the documents read, and the first char (at a line start) and line of what is left to snakeyaml. */
    record Result(List<Node> docs, int resume, int resumeLine) {}

    /** Stops reading the current document: snakeyaml reads it. Thrown often on odd input, so without a stack. */
    private static final class Decline extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Decline() {
            super("declined", null, false, false);
        }
    }

    private static final Decline DECLINE = new Decline();

    /** Longest simple key we take: snakeyaml refuses one whose ':' is more than 1,024 characters past its start. */
    private static final int MAX_KEY = 1000;
    private static final char EOF = 0;

    private final String source;
    /**
     * The text's chars, copied out of the string once: this reader looks at every char of a large input, and
     * {@code String.charAt} under the CLI's C1-only compiler cost half of its time.
     */
    private final char[] s;
    private final int n;
    /** The first char at or after the start of reading that this reader does not take (or n): reaching it declines. */
    private int limit;
    private final int lineOffset;
    private final int maxDepth;
    private final Resolver resolver;
    /** Keys made so far, by a hash of their text: see {@link #key}. */
    private final String[] keys = new String[4096];
    /** Short plain values made so far, the same way: namespaces, kinds, versions, port names, protocols, booleans. */
    private final String[] values = new String[4096];

    private int pos;
    private int line;
    private int lineStart;
    /** Column of the next content found by {@link #nextContent()}, or -1 at a document marker or the end. */
    private int ccol;

    private BlockYaml(String source, String text, int lineOffset, Limits limits, Resolver resolver) {
        this.source = source;
        this.s = text.toCharArray();
        this.n = text.length();
        this.limit = -1;
        this.lineOffset = lineOffset;
        this.maxDepth = limits.maxDepth();
        this.resolver = resolver;
    }

    /**
     * Reads the documents of {@code text} (without a byte order mark) that it can, {@code lineOffset} lines into its
     * stream. {@code resolver} types plain scalars exactly as the composer does.
     */
    static Result read(String source, String text, int lineOffset, Limits limits, Resolver resolver) {
        return new BlockYaml(source, text, lineOffset, limits, resolver).readFrom(0, 0);
    }

    /** A reader of {@code text} that {@link #readFrom} starts at a document's first line, again and again. */
    static BlockYaml over(String source, String text, int lineOffset, Limits limits, Resolver resolver) {
        return new BlockYaml(source, text, lineOffset, limits, resolver);
    }

    /**
     * Reads the documents from {@code start}, which is 0 or the start of a {@code ---} line ({@code startLine} its
     * 0-based line), up to the first it declines.
     */
    Result readFrom(int start, int startLine) {
        if (limit < start) {
            limit = firstOdd(s, start);
        }
        pos = start;
        line = startLine;
        lineStart = start;
        return stream(start == 0);
    }

    /** Printable, in the BMP, not a byte order mark, and no line break but {@code \n}; tabs are judged where met. */
    private static int firstOdd(char[] text, int from) {
        int len = text.length;
        for (int i = from; i < len; i++) {
            char c = text[i];
            if (c >= 0x20 && c < 0x7f || c == '\n' || c == '\t') {
                continue;
            }
            if (c >= 0xa0 && c < 0xd800 && c != '\u2028' && c != '\u2029' || c >= 0xe000 && c <= 0xfffd && c != 0xfeff) {
                continue;
            }
            return i;
        }
        return len;
    }

    private char at(int i) {
        if (i < limit) {
            return s[i];
        }
        if (limit < n) {
            throw DECLINE;
        }
        return EOF;
    }

    private Result stream(boolean first) {
        List<Node> docs = new ArrayList<>();
        while (true) {
            int docStart = pos;
            int docLine = line;
            try {
                nextContent();
                if (ccol == -1 && pos >= n) {
                    return new Result(docs, n, line);
                }
                boolean explicit = ccol == -1;
                if (explicit) {
                    if (s[pos] != '-') {
                        throw DECLINE; // "..." with no document before it
                    }
                    pos += 3;
                    endLine();
                    nextContent();
                } else if (!first) {
                    throw DECLINE;
                }
                first = false;
                Node root = null;
                if (ccol >= 0) {
                    root = root();
                    if (ccol != -1) {
                        throw DECLINE; // content less indented than the root, or a directive
                    }
                }
                if (pos < n && s[pos] == '.') {
                    pos += 3;
                    endLine();
                    nextContent();
                    if (ccol != -1 || pos < n && s[pos] == '.') {
                        throw DECLINE; // only "---" may follow "...": snakeyaml says what else does
                    }
                }
                add(docs, root);
                if (pos >= n) {
                    return new Result(docs, n, line);
                }
            } catch (Decline d) {
                return new Result(docs, docStart, docLine);
            }
        }
    }

    private static void add(List<Node> docs, Node root) {
        if (root != null) {
            docs.add(root);
        }
    }

    /** The root collection of a document, at the content found; ends at a marker or the end. */
    private Node root() {
        if (blockEntry(pos)) {
            return sequence(ccol, 0, false);
        }
        if (keyEnd(pos) >= 0) {
            return mapping(ccol, 0);
        }
        throw DECLINE; // a scalar or a flow collection at the root
    }

    // ---- lines -------------------------------------------------------------------------------------------------

    /**
     * Moves to the next content: past spaces, comments and line breaks, from the end of a line or inside a line's
     * indentation. Sets {@link #ccol} to its column, or -1 at a {@code ---} or {@code ...} line or the end (where
     * {@link #pos} is then the marker's first char or {@code n}).
     */
    private void nextContent() {
        while (true) {
            char c = at(pos);
            if (c == ' ') {
                pos++;
            } else if (c == '\n') {
                newLine(pos);
            } else if (c == '#') {
                skipComment();
            } else if (c == EOF) {
                ccol = -1;
                return;
            } else if (c == '\t') {
                throw DECLINE;
            } else {
                ccol = pos - lineStart;
                if (ccol == 0 && (c == '-' || c == '.') && at(pos + 1) == c && at(pos + 2) == c && blank(at(pos + 3))) {
                    ccol = -1;
                }
                return;
            }
        }
    }

    private void newLine(int breakAt) {
        pos = breakAt + 1;
        line++;
        lineStart = pos;
    }

    private void skipComment() {
        int i = pos;
        while (true) {
            char c = at(i);
            if (c == '\n' || c == EOF) {
                pos = i;
                return;
            }
            i++;
        }
    }

    /** After a token: spaces, maybe a comment, then the line's break or the end; anything else declines. */
    private void endLine() {
        char c;
        while ((c = at(pos)) == ' ') {
            pos++;
        }
        if (c == '#') {
            skipComment();
            c = at(pos);
        }
        if (c == '\n') {
            newLine(pos);
        } else if (c != EOF) {
            throw DECLINE;
        }
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == EOF;
    }

    private boolean blockEntry(int i) {
        return at(i) == '-' && blank(at(i + 1));
    }

    /** Where {@link #pos} is, as {@link Node#at}. */
    private long here() {
        return loc(pos - lineStart);
    }

    private long loc(int column) {
        return Node.at(line + 1 + lineOffset, column + 1);
    }

    // ---- collections ---------------------------------------------------------------------------------------------

    /** A block mapping whose keys are at column {@code indent}; {@link #pos} is at its first key. */
    private Node mapping(int indent, int depth) {
        if (depth >= maxDepth) {
            throw DECLINE;
        }
        long loc = here();
        Node.Entries.Builder entries = new Node.Entries.Builder();
        while (true) {
            int start = pos;
            long kloc = here();
            String name;
            char c = s[pos];
            if (c == '"' || c == '\'') {
                name = quoted(c);
                if (at(pos) != ':' || !blank(at(pos + 1))) {
                    throw DECLINE;
                }
            } else {
                int end = keyEnd(pos);
                if (end < 0) {
                    throw DECLINE; // a "- " at the mapping's indentation, or a line that is no key
                }
                name = shared(keys, pos, end);
                Tag t = resolver.resolve(NodeId.scalar, name, true);
                if (Tag.MERGE.equals(t)) {
                    throw DECLINE;
                }
                if (Tag.NULL.equals(t)) {
                    name = "null";
                }
                pos = end;
            }
            if (pos - start > MAX_KEY) {
                throw DECLINE;
            }
            pos++; // the ':'
            long empty = here();
            Node value = value(indent, depth + 1, empty);
            if (entries.add(new Node.Entry(name, source, kloc, value)) != null) {
                throw DECLINE; // a duplicate key: snakeyaml's problem
            }
            if (ccol == indent && !blockEntry(pos)) {
                continue;
            }
            if (ccol < indent) {
                return new Node.MapNode(source, loc, entries.build());
            }
            throw DECLINE;
        }
    }

    /**
     * A key's or a short value's text from {@code cache}: they recur thousands of times in a large input, so each is
     * made once, and the objects read keep one copy rather than one per object.
     */
    private String shared(String[] cache, int from, int to) {
        int len = to - from;
        if (len > 24) {
            return new String(s, from, len);
        }
        int h = len;
        for (int i = from; i < to; i++) {
            h = 31 * h + s[i];
        }
        int slot = (h ^ h >>> 12) & (cache.length - 1);
        String k = cache[slot];
        if (k != null && k.length() == len && same(k, from)) {
            return k;
        }
        k = new String(s, from, len);
        cache[slot] = k;
        return k;
    }

    /** Whether {@code k} is the text at {@code from}. */
    private boolean same(String k, int from) {
        for (int i = 0; i < k.length(); i++) {
            if (k.charAt(i) != s[from + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * A block sequence whose entries are at column {@code indent}; {@link #pos} is at its first {@code -}. An
     * indentless one (a mapping value at its key's column) ends at a line of the mapping.
     */
    private Node sequence(int indent, int depth, boolean indentless) {
        if (depth >= maxDepth) {
            throw DECLINE;
        }
        long loc = here();
        List<Node> items = new ArrayList<>();
        while (true) {
            pos++; // the '-'
            long empty = here();
            while (at(pos) == ' ') {
                pos++;
            }
            char c = at(pos);
            Node item;
            if (c == '\n' || c == EOF || c == '#') {
                endLine();
                nextContent();
                item = ccol > indent ? ownLine(indent, depth + 1) : empty(empty);
            } else if (blockEntry(pos)) {
                throw DECLINE; // "- - x"
            } else if (c != '"' && c != '\'' && keyEnd(pos) >= 0 || (c == '"' || c == '\'') && quotedKey(pos)) {
                item = mapping(pos - lineStart, depth + 1);
            } else {
                item = inline(indent, depth + 1);
            }
            items.add(item);
            if (ccol == indent && blockEntry(pos)) {
                continue;
            }
            if (ccol < indent || indentless && ccol == indent) {
                return new Node.ListNode(source, loc, items);
            }
            throw DECLINE;
        }
    }

    /** What follows a key's ':' in a mapping at {@code indent}; ends at the next content. */
    private Node value(int indent, int depth, long empty) {
        while (at(pos) == ' ') {
            pos++;
        }
        char c = at(pos);
        if (c == '\n' || c == EOF || c == '#') {
            endLine();
            nextContent();
            if (ccol > indent) {
                return ownLine(indent, depth);
            }
            if (ccol == indent && blockEntry(pos)) {
                return sequence(indent, depth, true);
            }
            return empty(empty);
        }
        return inline(indent, depth);
    }

    /** A node that begins a line of its own, deeper than the collection at {@code indent} that holds it. */
    private Node ownLine(int indent, int depth) {
        char c = s[pos];
        if (blockEntry(pos)) {
            return sequence(ccol, depth, false);
        }
        if (c == '"' || c == '\'' ? quotedKey(pos) : keyEnd(pos) >= 0) {
            return mapping(ccol, depth);
        }
        if (c == '|' || c == '>' || c == '[' || c == '{') {
            throw DECLINE;
        }
        return inline(indent, depth);
    }

    /** The null of a key or {@code -} with nothing after it, {@code at} just past its indicator. */
    private Node empty(long at) {
        return new Node.ScalarNode(source, at, Node.ScalarType.NULL, "");
    }

    /** A scalar or flow collection after "key: " or "- " (or alone on its line); ends at the next content. */
    private Node inline(int indent, int depth) {
        char c = at(pos);
        long loc = here();
        Node node;
        switch (c) {
            case '"', '\'' -> {
                node = new Node.ScalarNode(source, loc, Node.ScalarType.STR, quoted(c));
                endLine();
            }
            case '|', '>' -> {
                return blockScalar(indent, loc);
            }
            case '[' -> {
                node = flowSequence(depth, loc);
                endLine();
            }
            case '{' -> {
                node = flowMapping(depth, loc);
                endLine();
            }
            default -> {
                if (!plainStart(c, at(pos + 1), false)) {
                    throw DECLINE;
                }
                node = plain(loc);
            }
        }
        nextContent();
        return node;
    }

    // ---- scalars -------------------------------------------------------------------------------------------------

    /**
     * Where a plain key that starts at {@code i} ends (its ':' followed by a blank), or -1 when the line holds no
     * such key there. Spaces before the ':' decline (snakeyaml allows them; we need not).
     */
    private int keyEnd(int i) {
        if (!plainStart(at(i), at(i + 1), false)) {
            return -1;
        }
        int start = i;
        while (true) {
            char c = at(i);
            if (c == ':' && blank(at(i + 1))) {
                char p = s[i - 1];
                if (p == ' ' || p == '\t') {
                    throw DECLINE;
                }
                return i;
            }
            if (c == '\n' || c == EOF || i - start > MAX_KEY) {
                return -1;
            }
            if (c == ' ' || c == '\t') {
                int j = i;
                while (at(j) == ' ' || at(j) == '\t') {
                    j++;
                }
                char d = at(j);
                if (d == '#' || d == '\n' || d == EOF) {
                    return -1;
                }
                i = j;
                continue;
            }
            i++;
        }
    }

    /** Whether a quoted scalar at {@code i} closes on its line and is followed by ':' and a blank. */
    private boolean quotedKey(int i) {
        char q = at(i);
        int j = i + 1;
        while (true) {
            char c = at(j);
            if (c == '\n' || c == EOF) {
                return false;
            }
            if (q == '"' && c == '\\') {
                j += 2;
                continue;
            }
            if (c == q) {
                if (q == '\'' && at(j + 1) == '\'') {
                    j += 2;
                    continue;
                }
                return at(j + 1) == ':' && blank(at(j + 2));
            }
            j++;
        }
    }

    /** The indicators that may not begin a plain scalar unless snakeyaml's checkPlain lets them: {@code -?:,[]{}#&*!|>'"%@`}. */
    private static final boolean[] INDICATOR = new boolean[128];

    static {
        for (char c : "-?:,[]{}#&*!|>'\"%@`".toCharArray()) {
            INDICATOR[c] = true;
        }
    }

    /** snakeyaml's checkPlain: the first char of a plain scalar. */
    private static boolean plainStart(char c, char next, boolean flow) {
        if (blank(c)) {
            return false;
        }
        if (c >= 128 || !INDICATOR[c]) {
            return true;
        }
        return !blank(next) && (c == '-' || !flow && (c == '?' || c == ':'));
    }

    /** A plain scalar in block context, on one line; {@link #pos} ends past the line's break (or at the end). */
    private Node plain(long loc) {
        int start = pos;
        int end = plainEnd(false);
        if (at(pos) == '#') {
            skipComment();
        }
        endLine();
        return typed(loc, shared(values, start, end));
    }

    /**
     * snakeyaml's scanPlain over one line from {@link #pos}: where the scalar's text ends, with {@link #pos} left at
     * what ended it (a comment, the line's end, or in a flow collection ',', ']', '}' or a ':' indicator). What
     * would go on to another line, or that we need not read ("a: b: c", "key : v", tabs before a comment), declines.
     */
    private int plainEnd(boolean flow) {
        int i = pos;
        int end = pos;
        while (true) {
            char c = at(i);
            if (c == '\n' || c == EOF) {
                if (flow) {
                    throw DECLINE;
                }
                break;
            }
            if (c == ':') {
                char d = at(i + 1);
                if (blank(d) || flow && ",[]{}".indexOf(d) >= 0) {
                    if (!flow) {
                        throw DECLINE;
                    }
                    break;
                }
            }
            if (flow && (c == ',' || c == ']' || c == '}')) {
                break;
            }
            if (flow && (c == '?' || c == '[' || c == '{')) {
                throw DECLINE;
            }
            if (c == ' ' || c == '\t') {
                int j = i;
                boolean tab = false;
                while (at(j) == ' ' || at(j) == '\t') {
                    tab |= at(j) == '\t';
                    j++;
                }
                char d = at(j);
                if (d == '#' || d == '\n' || d == EOF) {
                    if (tab || flow) {
                        throw DECLINE;
                    }
                    i = j;
                    break;
                }
                if (flow && (tab || d == ':')) {
                    throw DECLINE;
                }
                i = j;
                if (flow && (d == ',' || d == ']' || d == '}')) {
                    break;
                }
                continue;
            }
            i++;
            end = i;
        }
        pos = i;
        return end;
    }

    private Node typed(long loc, String text) {
        Tag t = resolver.resolve(NodeId.scalar, text, true);
        Node.ScalarType type = Tag.STR.equals(t) ? Node.ScalarType.STR
                : Tag.INT.equals(t) ? Node.ScalarType.INT
                : Tag.FLOAT.equals(t) ? Node.ScalarType.FLOAT
                : Tag.BOOL.equals(t) ? Node.ScalarType.BOOL
                : Tag.NULL.equals(t) ? Node.ScalarType.NULL
                : Node.ScalarType.STR;
        return new Node.ScalarNode(source, loc, type, text);
    }

    /** A quoted scalar that closes on its line; {@link #pos} ends just past the closing quote. */
    private String quoted(char q) {
        int i = pos + 1;
        int from = i;
        StringBuilder b = null;
        while (true) {
            char c = at(i);
            if (c == '\n' || c == EOF) {
                throw DECLINE; // over several lines
            }
            if (c == q) {
                if (q == '\'' && at(i + 1) == '\'') {
                    b = append(b, from, i + 1);
                    i += 2;
                    from = i;
                    continue;
                }
                break;
            }
            if (q == '"' && c == '\\') {
                b = append(b, from, i);
                i = escape(b, i + 1);
                from = i;
                continue;
            }
            i++;
        }
        pos = i + 1;
        if (b == null) {
            return new String(s, from, i - from);
        }
        return b.append(s, from, i - from).toString();
    }

    private StringBuilder append(StringBuilder b, int from, int to) {
        if (b == null) {
            b = new StringBuilder(Math.max(16, 2 * (to - from)));
        }
        return b.append(s, from, to - from);
    }

    /** A double-quoted escape whose letter is at {@code i}, as snakeyaml reads it; returns the index past it. */
    private int escape(StringBuilder b, int i) {
        char e = at(i);
        String single = switch (e) {
            case '0' -> "\0";
            case 'a' -> "\u0007";
            case 'b' -> "\b";
            case 't' -> "\t";
            case 'n' -> "\n";
            case 'v' -> "\u000B";
            case 'f' -> "\f";
            case 'r' -> "\r";
            case 'e' -> "\u001B";
            case ' ' -> " ";
            case '"' -> "\"";
            case '\\' -> "\\";
            case 'N' -> "\u0085";
            case '_' -> "\u00A0";
            case 'L' -> "\u2028";
            case 'P' -> "\u2029";
            default -> null;
        };
        if (single != null) {
            b.append(single);
            return i + 1;
        }
        int digits = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
        if (digits == 0) {
            throw DECLINE; // an unknown escape, or a line continuation
        }
        int cp = 0;
        for (int k = 1; k <= digits; k++) {
            char h = at(i + k);
            int d = h <= 'f' ? Character.digit(h, 16) : -1; // ASCII only, as snakeyaml's [0-9A-Fa-f]
            if (d < 0) {
                throw DECLINE;
            }
            cp = cp * 16 + d;
        }
        if (cp < 0 || cp > Character.MAX_CODE_POINT || cp >= 0xd800 && cp <= 0xdfff) {
            throw DECLINE;
        }
        b.appendCodePoint(cp);
        return i + 1 + digits;
    }

    /**
     * A literal or folded block scalar whose header is at {@link #pos}, in a collection at {@code indent}, as
     * snakeyaml's scanBlockScalar reads it; ends at the next content.
     */
    private Node blockScalar(int indent, long loc) {
        boolean folded = s[pos] == '>';
        pos++;
        int chomp = 0; // -1 strip, 0 clip, 1 keep
        int increment = -1;
        char c = at(pos);
        if (c == '+' || c == '-') {
            chomp = c == '+' ? 1 : -1;
            c = at(++pos);
            if (c >= '0' && c <= '9') {
                increment = digit(c);
                c = at(++pos);
            }
        } else if (c >= '0' && c <= '9') {
            increment = digit(c);
            c = at(++pos);
            if (c == '+' || c == '-') {
                chomp = c == '+' ? 1 : -1;
                c = at(++pos);
            }
        }
        if (c != ' ' && c != '\n' && c != EOF) {
            throw DECLINE;
        }
        endLine();
        int minIndent = Math.max(indent + 1, 1);
        int blockIndent;
        int breaks = 0;
        if (increment == -1) {
            int maxIndent = 0;
            while (true) {
                c = at(pos);
                if (c == '\n') {
                    breaks++;
                    newLine(pos);
                } else if (c == ' ') {
                    pos++;
                    maxIndent = Math.max(maxIndent, pos - lineStart);
                } else {
                    break;
                }
            }
            blockIndent = Math.max(minIndent, maxIndent);
        } else {
            blockIndent = minIndent + increment - 1;
            breaks = breaks(blockIndent);
        }
        StringBuilder b = new StringBuilder();
        boolean lineBreak = false;
        while (pos - lineStart == blockIndent && at(pos) != EOF) {
            appendBreaks(b, breaks);
            c = at(pos);
            boolean leadingNonSpace = c != ' ' && c != '\t';
            int from = pos;
            while ((c = at(pos)) != '\n' && c != EOF) {
                pos++;
            }
            b.append(s, from, pos - from);
            lineBreak = c == '\n';
            if (lineBreak) {
                newLine(pos);
            }
            breaks = breaks(blockIndent);
            if (pos - lineStart == blockIndent && at(pos) != EOF) {
                c = at(pos);
                if (folded && lineBreak && leadingNonSpace && c != ' ' && c != '\t') {
                    if (breaks == 0) {
                        b.append(' ');
                    }
                } else if (lineBreak) {
                    b.append('\n');
                }
            } else {
                break;
            }
        }
        if (chomp >= 0 && lineBreak) {
            b.append('\n');
        }
        if (chomp > 0) {
            appendBreaks(b, breaks);
        }
        nextContent();
        return new Node.ScalarNode(source, loc, Node.ScalarType.STR, b.toString());
    }

    private static int digit(char c) {
        if (c == '0') {
            throw DECLINE; // snakeyaml: an indentation indicator of 0 is an error
        }
        return c - '0';
    }

    private static void appendBreaks(StringBuilder b, int breaks) {
        for (int k = 0; k < breaks; k++) {
            b.append('\n');
        }
    }

    /** snakeyaml's scanBlockScalarBreaks: up to {@code indent} spaces on each line, counting the empty lines. */
    private int breaks(int indent) {
        int count = 0;
        while (pos - lineStart < indent && at(pos) == ' ') {
            pos++;
        }
        while (at(pos) == '\n') {
            count++;
            newLine(pos);
            while (pos - lineStart < indent && at(pos) == ' ') {
                pos++;
            }
        }
        return count;
    }

    // ---- flow collections on one line ----------------------------------------------------------------------------

    private Node flowSequence(int depth, long loc) {
        List<Node> items = new ArrayList<>();
        flowEntries(depth, ']', () -> items.add(flowNode(depth + 1)));
        return new Node.ListNode(source, loc, items);
    }

    private Node flowMapping(int depth, long loc) {
        Node.Entries.Builder entries = new Node.Entries.Builder();
        flowEntries(depth, '}', () -> {
            long kloc = here();
            boolean plainKey = at(pos) != '"' && at(pos) != '\'';
            Node.ScalarNode k = flowScalar();
            if (at(pos) != ':' || at(pos + 1) != ' ' || plainKey && k.text().equals("<<")) {
                throw DECLINE; // not "key: ", or a merge key
            }
            String name = k.type() == Node.ScalarType.NULL ? "null" : k.text();
            pos += 2;
            skipSpaces();
            Node v = flowNode(depth + 1);
            if (entries.add(new Node.Entry(name, source, kloc, v)) != null) {
                throw DECLINE;
            }
        });
        return new Node.MapNode(source, loc, entries.build());
    }

    /** The entries of a flow collection on one line, from its opening bracket to {@code close}, read by {@code entry}. */
    private void flowEntries(int depth, char close, Runnable entry) {
        if (depth >= maxDepth) {
            throw DECLINE;
        }
        pos++;
        skipSpaces();
        if (at(pos) == close) {
            pos++;
            return;
        }
        while (true) {
            entry.run();
            skipSpaces();
            char c = at(pos++);
            if (c == close) {
                return;
            }
            if (c != ',') {
                throw DECLINE;
            }
            skipSpaces();
            if (at(pos) == close) {
                throw DECLINE; // a trailing comma
            }
        }
    }

    private void skipSpaces() {
        while (at(pos) == ' ') {
            pos++;
        }
    }

    /** An entry of a flow collection on one line: a scalar, or a flow collection of its own. */
    private Node flowNode(int depth) {
        char c = at(pos);
        if (c == '[') {
            return flowSequence(depth, here());
        }
        if (c == '{') {
            return flowMapping(depth, here());
        }
        return flowScalar();
    }

    /** A quoted or plain scalar inside a flow collection on one line. */
    private Node.ScalarNode flowScalar() {
        long loc = here();
        char c = at(pos);
        if (c == '"' || c == '\'') {
            return new Node.ScalarNode(source, loc, Node.ScalarType.STR, quoted(c));
        }
        if (!plainStart(c, at(pos + 1), true)) {
            throw DECLINE;
        }
        int start = pos;
        int end = plainEnd(true);
        return (Node.ScalarNode) typed(loc, new String(s, start, end - start));
    }
}
