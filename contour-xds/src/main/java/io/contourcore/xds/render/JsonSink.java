package io.contourcore.xds.render;

/**
 * Pretty JSON in exactly the layout of Jackson's default pretty printer as {@link ProtoText#JSON} uses it: objects
 * open a new line per entry indented two spaces a level, {@code "name" : value}, arrays stay on the line
 * ({@code [ a, b ]}), empty containers are {@code { }} and {@code [ ]}, and strings escape as Jackson does.
 */
final class JsonSink implements ProtoWalker.Sink {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final StringBuilder out;
    /** Entries written so far in each open container, innermost last. */
    private int[] counts = new int[32];
    private boolean[] isObject = new boolean[32];
    private int depth;
    /** Object nesting: arrays do not indent, so this is not {@code depth}. */
    private int nesting;
    private boolean afterKey;
    /** Whether every character written so far is ASCII: only a string's own characters can be anything else. */
    private boolean ascii = true;

    JsonSink(StringBuilder out) {
        this.out = out;
    }

    /** A member's text depends only on the object nesting it starts at; after it, no key is pending. */
    @Override
    public Object memberState() {
        return afterKey ? nesting : null;
    }

    @Override
    public Object endState() {
        return Boolean.FALSE;
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
    public void replay(String text, Object end) {
        // Text this sink wrote before: had it held anything but ASCII, ascii would already be false.
        out.append(text);
        afterKey = false;
    }

    @Override
    public boolean ascii() {
        return ascii;
    }

    /** The open containers, each with whether it has an entry yet (only that decides a separator). */
    @Override
    public Object boundary() {
        StringBuilder b = new StringBuilder(32).append(nesting).append('|').append(afterKey).append('|');
        for (int i = 0; i < depth; i++) {
            b.append(isObject[i] ? 'o' : 'a').append(counts[i] > 0 ? '1' : '0');
        }
        return b.toString();
    }

    private void beforeValue() {
        if (afterKey) {
            afterKey = false;
            return;
        }
        if (depth > 0 && !isObject[depth - 1]) {
            out.append(counts[depth - 1] == 0 ? " " : ", ");
            counts[depth - 1]++;
        }
    }

    private void push(boolean object) {
        if (depth == counts.length) {
            counts = java.util.Arrays.copyOf(counts, depth * 2);
            isObject = java.util.Arrays.copyOf(isObject, depth * 2);
        }
        counts[depth] = 0;
        isObject[depth] = object;
        depth++;
    }

    private void newline() {
        out.append('\n');
        for (int i = 0; i < nesting; i++) {
            out.append("  ");
        }
    }

    @Override
    public void startObject() {
        beforeValue();
        out.append('{');
        nesting++;
        push(true);
    }

    @Override
    public void endObject() {
        depth--;
        nesting--;
        if (counts[depth] > 0) {
            newline();
        } else {
            out.append(' ');
        }
        out.append('}');
    }

    @Override
    public void startArray() {
        beforeValue();
        out.append('[');
        push(false);
    }

    @Override
    public void endArray() {
        depth--;
        out.append(' ');
        out.append(']');
    }

    @Override
    public void key(String name) {
        if (counts[depth - 1] > 0) {
            out.append(',');
        }
        counts[depth - 1]++;
        newline();
        quoted(name);
        out.append(" : ");
        afterKey = true;
    }

    @Override
    public void string(String value) {
        beforeValue();
        quoted(value);
    }

    @Override
    public void number(String text) {
        beforeValue();
        out.append(text);
    }

    @Override
    public void bool(boolean value) {
        beforeValue();
        out.append(value ? "true" : "false");
    }

    @Override
    public void nul() {
        beforeValue();
        out.append("null");
    }

    private void quoted(String s) {
        out.append('"');
        int n = s.length();
        int plainFrom = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                if (c >= 0x80) {
                    ascii = false;
                }
                continue;
            }
            out.append(s, plainFrom, i);
            plainFrom = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(s, plainFrom, n);
        out.append('"');
    }
}
