package io.contourcore.model.yaml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.contourcore.model.Location;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON (one value, or several one after another as {@code kubectl} accepts) into located {@link Node} trees with
 * Jackson's streaming parser.
 *
 * <pre>{@code
 * List<Node> docs = JsonTree.read("svc.json", "{\"kind\": \"Service\"}", Limits.DEFAULT, problems);
 * }</pre>
 */
final class JsonTree {

    private final String source;
    private final Limits limits;
    private final List<Problem> problems;
    private boolean documentBad;

    private JsonTree(String source, Limits limits, List<Problem> problems) {
        this.source = source;
        this.limits = limits;
        this.problems = problems;
    }

    private static final class Abandon extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final Location location;

        Abandon(Location location, String message) {
            super(message, null, false, false);
            this.location = location;
        }
    }

    static List<Node> read(String source, String text, Limits limits, List<Problem> problems) {
        return new JsonTree(source, limits, problems).readAll(text);
    }

    private List<Node> readAll(String text) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth() + 1)
                        .maxStringLength(limits.maxBytes())
                        .build())
                .build();
        List<Node> docs = new ArrayList<>();
        try (JsonParser p = factory.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                documentBad = false;
                try {
                    Node n = value(p, t, 0);
                    if (!documentBad && !(n instanceof Node.ScalarNode s && s.isNull())) {
                        docs.add(n);
                    }
                } catch (Abandon a) {
                    problems.add(new Problem(a.location, "", a.getMessage()));
                    return docs;
                }
            }
        } catch (StreamConstraintsException e) {
            problems.add(new Problem(Location.of(source), "", "JSON input is too large or too deep: " + e.getOriginalMessage()));
        } catch (JsonParseException e) {
            problems.add(new Problem(at(e.getLocation()), "", "invalid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            problems.add(new Problem(Location.of(source), "", "invalid JSON: " + e.getMessage()));
        }
        return docs;
    }

    private Node value(JsonParser p, JsonToken t, int depth) throws IOException {
        Location loc = at(p.currentTokenLocation());
        switch (t) {
            case START_OBJECT -> {
                checkDepth(loc, depth);
                Map<String, Node.Entry> entries = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    Location kloc = at(p.currentTokenLocation());
                    Node v = value(p, p.nextToken(), depth + 1);
                    Node.Entry previous = entries.putIfAbsent(name, new Node.Entry(name, kloc, v));
                    if (previous != null) {
                        documentBad = true;
                        problems.add(new Problem(kloc, "", "mapping key " + Node.quote(name)
                                + " already defined at line " + previous.keyLocation().line()));
                    }
                }
                return new Node.MapNode(loc, entries);
            }
            case START_ARRAY -> {
                checkDepth(loc, depth);
                List<Node> items = new ArrayList<>();
                JsonToken i;
                while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(value(p, i, depth + 1));
                }
                return new Node.ListNode(loc, items);
            }
            case VALUE_STRING -> {
                return new Node.ScalarNode(loc, Node.ScalarType.STR, p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return new Node.ScalarNode(loc, Node.ScalarType.INT, p.getText());
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Node.ScalarNode(loc, Node.ScalarType.FLOAT, p.getText());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Node.ScalarNode(loc, Node.ScalarType.BOOL, p.getText());
            }
            case VALUE_NULL -> {
                return new Node.ScalarNode(loc, Node.ScalarType.NULL, "null");
            }
            default -> throw new Abandon(loc, "invalid JSON: unexpected " + t);
        }
    }

    private void checkDepth(Location loc, int depth) {
        if (depth >= limits.maxDepth()) {
            throw new Abandon(loc, "document nests deeper than " + limits.maxDepth() + " levels");
        }
    }

    private Location at(JsonLocation l) {
        if (l == null) {
            return Location.of(source);
        }
        return new Location(source, Math.max(l.getLineNr(), 1), Math.max(l.getColumnNr(), 1));
    }
}
