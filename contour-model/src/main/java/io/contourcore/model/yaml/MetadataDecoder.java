package io.contourcore.model.yaml;

import io.contourcore.model.Kind;
import io.contourcore.model.Location;
import io.contourcore.model.ObjectMeta;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads {@code metadata}: name (required, validated as the API server does for the kind), namespace (defaulted for
 * namespaced kinds, empty for cluster-scoped ones), labels and annotations (maps of strings), generation and creationTimestamp.
 *
 * <pre>{@code
 * ObjectMeta m = MetadataDecoder.decode(Kind.SERVICE, object, "default", location);
 * }</pre>
 */
final class MetadataDecoder {

    private MetadataDecoder() {}

    /** The namespace an object is in, before it is decoded, for naming it in problems. */
    static String namespaceOf(Kind kind, Node.MapNode object, String defaultNamespace) {
        if (kind.clusterScoped()) {
            return "";
        }
        if (object.get("metadata") instanceof Node.MapNode m && m.get("namespace") instanceof Node.ScalarNode s
                && s.type() == Node.ScalarType.STR && !s.text().isEmpty()) {
            return s.text();
        }
        return defaultNamespace;
    }

    /** The name an object has, before it is decoded, or "" when it has none that is a string. */
    static String nameOf(Node.MapNode object) {
        if (object.get("metadata") instanceof Node.MapNode m && m.get("name") instanceof Node.ScalarNode s
                && s.type() == Node.ScalarType.STR) {
            return s.text();
        }
        return "";
    }

    /** The metadata, or null when it is unusable (problems reported). */
    static ObjectMeta decode(Kind kind, Field object, String defaultNamespace, Location location) {
        Field meta = object.get("metadata");
        if (!meta.present()) {
            meta.missing();
            return null;
        }
        Field nameField = meta.get("name");
        String name = nameField.requiredString();
        if (name != null) {
            String why = switch (kind) {
                case SERVICE -> Names.dns1035Label(name);
                case NAMESPACE -> Names.dns1123Label(name);
                default -> Names.dns1123Subdomain(name);
            };
            if (why != null) {
                nameField.error("invalid value " + Node.quote(name) + ": " + why);
                name = null;
            }
        }
        String namespace = "";
        Field nsField = meta.get("namespace");
        String ns = nsField.string();
        if (!kind.clusterScoped()) {
            namespace = ns == null || ns.isEmpty() ? defaultNamespace : ns;
            if (ns != null && !ns.isEmpty()) {
                String why = Names.dns1123Label(ns);
                if (why != null) {
                    nsField.error("invalid value " + Node.quote(ns) + ": " + why);
                }
            }
        }
        var labels = meta.get("labels").stringMap();
        var annotations = meta.get("annotations").stringMap();
        Long generation = meta.get("generation").integer();
        if (generation != null && generation < 0) {
            meta.get("generation").error("must be greater than or equal to 0, got " + generation);
        }
        Instant created = creationTimestamp(meta.get("creationTimestamp"));
        if (name == null) {
            return null;
        }
        return new ObjectMeta(namespace, name, labels, annotations, generation == null ? 0 : Math.max(generation, 0),
                location, created);
    }

    /**
     * {@code metadata.creationTimestamp}: RFC 3339 as the API server writes it ({@code 2024-05-01T10:00:00Z}), which
     * its JSON decoding requires of a time; null when absent or {@code null}.
     */
    private static Instant creationTimestamp(Field f) {
        String text = f.string();
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            f.error("invalid value " + Node.quote(text) + ": must be an RFC 3339 date-time such as 2024-05-01T10:00:00Z");
            return null;
        }
    }
}
