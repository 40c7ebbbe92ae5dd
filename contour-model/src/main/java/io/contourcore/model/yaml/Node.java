package io.contourcore.model.yaml;

import io.contourcore.model.Location;
import java.util.List;
import java.util.Map;

/**
 * One node of the small located tree that both the YAML and the JSON readers build, so decoders never see which
 * syntax an object was written in.
 *
 * <pre>{@code
 * Node n = YamlTree.read("a.yaml", "port: 80\n", Limits.DEFAULT, problems).get(0);
 * ((Node.MapNode) n).get("port"); // ScalarNode[a.yaml:1:7, INT, "80"]
 * }</pre>
 */
sealed interface Node permits Node.MapNode, Node.ListNode, Node.ScalarNode {

    /** The file (or {@code -}) the node was written in. */
    String file();

    /** Where the node was written, made when asked: most nodes of a large input are never located. */
    Location location();

    /** What a node holds, in the words a problem message uses ("got a boolean"). */
    String describe();

    /** The YAML core types a scalar resolves to; timestamps and other implicit YAML 1.1 types count as strings. */
    enum ScalarType { STR, INT, FLOAT, BOOL, NULL }

    /**
     * A 1-based line and column in one {@code long}: a {@link Location} per node (and per key) was a fifth of what
     * reading a large input allocated, and nearly all of them were never read.
     */
    static long at(int line, int column) {
        return (long) line << 32 | column & 0xffffffffL;
    }

    static long at(Location loc) {
        return at(loc.line(), loc.column());
    }

    static Location location(String file, long at) {
        return new Location(file, (int) (at >>> 32), (int) at);
    }

    /** A mapping key with where it was written, and its value. */
    record Entry(String key, String file, long keyAt, Node value) {
        Entry(String key, Location keyLocation, Node value) {
            this(key, keyLocation.file(), Node.at(keyLocation), value);
        }

        Location keyLocation() {
            return Node.location(file, keyAt);
        }

        @Override
        public String toString() {
            return "Entry[key=" + key + ", keyLocation=" + keyLocation() + ", value=" + value + "]";
        }
    }

    record MapNode(String file, long at, Entries entries) implements Node {
        MapNode(Location location, Map<String, Entry> entries) {
            this(location.file(), Node.at(location), Entries.of(entries));
        }

        @Override
        public Location location() {
            return Node.location(file, at);
        }

        /** The value under {@code key}, or null. */
        Node get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        @Override
        public String describe() {
            return "a map";
        }

        @Override
        public String toString() {
            return "MapNode[location=" + location() + ", entries=" + entries + "]";
        }
    }

    record ListNode(String file, long at, List<Node> items) implements Node {
        public ListNode {
            items = List.copyOf(items);
        }

        ListNode(Location location, List<Node> items) {
            this(location.file(), Node.at(location), items);
        }

        @Override
        public Location location() {
            return Node.location(file, at);
        }

        @Override
        public String describe() {
            return "a list";
        }

        @Override
        public String toString() {
            return "ListNode[location=" + location() + ", items=" + items + "]";
        }
    }

    record ScalarNode(String file, long at, ScalarType type, String text) implements Node {
        ScalarNode(Location location, ScalarType type, String text) {
            this(location.file(), Node.at(location), type, text);
        }

        @Override
        public Location location() {
            return Node.location(file, at);
        }

        @Override
        public String describe() {
            return switch (type) {
                case STR -> "a string " + quote(text);
                case INT -> "an integer";
                case FLOAT -> "a number";
                case BOOL -> "a boolean";
                case NULL -> "null";
            };
        }

        boolean isNull() {
            return type == ScalarType.NULL;
        }

        @Override
        public String toString() {
            return "ScalarNode[location=" + location() + ", type=" + type + ", text=" + text + "]";
        }
    }

    /**
     * A mapping's entries in written order, read-only: two arrays rather than a {@code LinkedHashMap} (an object of
     * 40 bytes per entry, and a table), since most maps hold a handful of keys. Maps of more keys than
     * {@link #LINEAR} also get an index, so a ConfigMap of thousands of keys is not searched from the start each time.
     */
    final class Entries extends java.util.AbstractMap<String, Node.Entry> {
        static final Entries EMPTY = new Entries(new Node.Entry[0], 0);
        private static final int LINEAR = 8;

        private final Node.Entry[] items;
        private final Map<String, Node.Entry> index;

        private Entries(Node.Entry[] items, int size) {
            this.items = items.length == size ? items : java.util.Arrays.copyOf(items, size);
            if (size > LINEAR) {
                Map<String, Node.Entry> m = new java.util.HashMap<>(size * 2);
                for (Node.Entry e : this.items) {
                    m.put(e.key(), e);
                }
                this.index = m;
            } else {
                this.index = null;
            }
        }

        /** A copy of {@code entries}, whose keys must be their entries' keys. */
        static Entries of(Map<String, Node.Entry> entries) {
            if (entries instanceof Entries e) {
                return e;
            }
            return new Entries(entries.values().toArray(new Node.Entry[0]), entries.size());
        }

        @Override
        public Node.Entry get(Object key) {
            if (index != null) {
                return index.get(key);
            }
            for (Node.Entry e : items) {
                if (e.key().equals(key)) {
                    return e;
                }
            }
            return null;
        }

        /** The {@code i}th entry in written order: a walk over every map of every object goes by index, without an iterator. */
        Node.Entry entry(int i) {
            return items[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public int size() {
            return items.length;
        }

        @Override
        public java.util.Collection<Node.Entry> values() {
            return java.util.Collections.unmodifiableList(java.util.Arrays.asList(items));
        }

        @Override
        public void forEach(java.util.function.BiConsumer<? super String, ? super Node.Entry> action) {
            for (Node.Entry e : items) {
                action.accept(e.key(), e);
            }
        }

        @Override
        public java.util.Set<Map.Entry<String, Node.Entry>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public java.util.Iterator<Map.Entry<String, Node.Entry>> iterator() {
                    return new java.util.Iterator<>() {
                        private int i;

                        @Override
                        public boolean hasNext() {
                            return i < items.length;
                        }

                        @Override
                        public Map.Entry<String, Node.Entry> next() {
                            if (i >= items.length) {
                                throw new java.util.NoSuchElementException();
                            }
                            Node.Entry e = items[i++];
                            return Map.entry(e.key(), e);
                        }
                    };
                }

                @Override
                public int size() {
                    return items.length;
                }
            };
        }

        /** Collects a mapping's entries as a reader meets them, refusing a key met before. */
        static final class Builder {
            private Node.Entry[] items = new Node.Entry[4];
            private int size;
            private Map<String, Node.Entry> index;

            /** Adds {@code e} and answers null, or answers the entry of the same key already added (adding nothing). */
            Node.Entry add(Node.Entry e) {
                Node.Entry previous = find(e.key());
                if (previous != null) {
                    return previous;
                }
                if (size == items.length) {
                    items = java.util.Arrays.copyOf(items, size * 2);
                }
                items[size++] = e;
                if (index != null) {
                    index.put(e.key(), e);
                } else if (size > LINEAR) {
                    index = new java.util.HashMap<>();
                    for (int i = 0; i < size; i++) {
                        index.put(items[i].key(), items[i]);
                    }
                }
                return null;
            }

            private Node.Entry find(String key) {
                if (index != null) {
                    return index.get(key);
                }
                for (int i = 0; i < size; i++) {
                    if (items[i].key().equals(key)) {
                        return items[i];
                    }
                }
                return null;
            }

            Entries build() {
                return size == 0 ? EMPTY : new Entries(items, size);
            }
        }
    }

    /** A Go-style quoted string, shortened so a huge value cannot flood a message. */
    static String quote(String s) {
        String t = s.length() > 60 ? s.substring(0, 57) + "..." : s;
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> escape(b, c);
            }
        }
        return b.append('"').toString();
    }

    /**
     * {@code s} with every character that could end a line or drive a terminal (C0 and C1 controls, DEL, the
     * Unicode line and paragraph separators) written as quote writes it: what keeps every problem on one line of
     * stderr whatever the input holds. Text without such characters is returned as it is.
     */
    static String oneLine(String s) {
        int i = 0;
        while (i < s.length() && !control(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            escape(b, s.charAt(i));
        }
        return b.toString();
    }

    private static boolean control(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029';
    }

    private static void escape(StringBuilder b, char c) {
        switch (c) {
            case '\n' -> b.append("\\n");
            case '\t' -> b.append("\\t");
            case '\r' -> b.append("\\r");
            default -> {
                if (!control(c)) {
                    b.append(c);
                } else if (c <= 0xff) {
                    b.append(String.format("\\x%02x", (int) c));
                } else {
                    b.append(String.format("\\u%04x", (int) c));
                }
            }
        }
    }
}
