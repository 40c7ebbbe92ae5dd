package io.contourcore.cli;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the field trees of the core Kubernetes kinds we read into contour-model's data file
 * ({@code contour-model/src/main/resources/io/contourcore/model/yaml/kubernetes-api-fields.json}), which the loader
 * applies so a field the Kubernetes API does not have is refused as kubectl's {@code --validate=strict} refuses it.
 *
 * <p>The source is the Kubernetes API types as fabric8's kubernetes-model publishes them (the version this build
 * depends on; its classes are generated from the Kubernetes OpenAPI, one JSON property per API field): every
 * property of each kind, recursively, with lists as {@code items}, maps as {@code additionalProperties}, and
 * free-form values ({@code FieldsV1} in {@code managedFields}) as {@code x-kubernetes-preserve-unknown-fields}.
 * {@code metadata} is the full {@code ObjectMeta}, stored once; {@code status} is left out (always allowed).
 *
 * <p>Run when fabric8 (that is, the Kubernetes API version) changes, from the project root:
 * <pre>{@code
 * ./mvnw -B -o test -pl contour-cli -Dtest=KubernetesApiFieldsTest -Dapi.fields.update=true
 * }</pre>
 */
final class KubernetesApiFieldsGenerator {

    static final Path DATA_FILE = Path.of("../contour-model/src/main/resources/io/contourcore/model/yaml/kubernetes-api-fields.json");

    /** The kinds, as group, kind, version and fabric8 class. */
    private record Api(String group, String kind, String version, Class<?> type) {}

    private static final List<Api> KINDS = List.of(
            new Api("", "Service", "v1", Service.class),
            new Api("", "Endpoints", "v1", Endpoints.class),
            new Api("", "Secret", "v1", Secret.class),
            new Api("", "Namespace", "v1", Namespace.class),
            new Api("", "ConfigMap", "v1", ConfigMap.class),
            new Api("discovery.k8s.io", "EndpointSlice", "v1", EndpointSlice.class),
            new Api("networking.k8s.io", "Ingress", "v1", Ingress.class),
            new Api("networking.k8s.io", "IngressClass", "v1", IngressClass.class));

    /** Values written as one scalar whatever their Java class looks like. */
    private static final Set<Class<?>> SCALARS = Set.of(IntOrString.class, Quantity.class);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private KubernetesApiFieldsGenerator() {}

    /** The data document, as the data file holds it. */
    static ObjectNode extract() {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("source", "Kubernetes API types as io.fabric8:kubernetes-model-core " + fabric8Version()
                + " publishes them (generated from the Kubernetes OpenAPI)");
        doc.set("objectMeta", tree(MAPPER.constructType(ObjectMeta.class), new ArrayList<>()));
        ArrayNode kinds = doc.putArray("kinds");
        for (Api a : KINDS) {
            ObjectNode k = kinds.addObject();
            k.put("group", a.group());
            k.put("kind", a.kind());
            k.putArray("versions").add(a.version());
            ObjectNode schema = tree(MAPPER.constructType(a.type()), new ArrayList<>());
            ((ObjectNode) schema.get("properties")).remove(List.of("metadata", "status"));
            k.set("schema", schema);
        }
        return doc;
    }

    /** The version of fabric8's model on the classpath: the source the data says it came from. */
    static String fabric8Version() {
        java.util.Properties p = new java.util.Properties();
        try (java.io.InputStream in = Service.class.getResourceAsStream(
                "/META-INF/maven/io.fabric8/kubernetes-model-core/pom.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p.getProperty("version", "(unknown version)");
    }

    private static ObjectNode tree(JavaType t, List<Class<?>> path) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Class<?> c = t.getRawClass();
        if (t.isCollectionLikeType() || t.isArrayType() && c != byte[].class) {
            out.set("items", tree(t.getContentType(), path));
            return out;
        }
        if (t.isMapLikeType()) {
            out.set("additionalProperties", tree(t.getContentType(), path));
            return out;
        }
        if (c.isPrimitive() || c.isEnum() || c.getName().startsWith("java.lang.") && c != Object.class
                || SCALARS.contains(c) || c == byte[].class) {
            return out;
        }
        if (c == Object.class || JsonNode.class.isAssignableFrom(c) || path.contains(c)) {
            out.put("x-kubernetes-preserve-unknown-fields", true);
            return out;
        }
        BeanDescription d = MAPPER.getDeserializationConfig().introspect(t);
        Map<String, JsonNode> props = new TreeMap<>();
        path.add(c);
        for (BeanPropertyDefinition p : d.findProperties()) {
            if (p.getName().equals("additionalProperties")) {
                continue;
            }
            props.put(p.getName(), tree(p.getPrimaryType(), path));
        }
        path.remove(path.size() - 1);
        if (props.isEmpty()) {
            out.put("x-kubernetes-preserve-unknown-fields", true); // FieldsV1 and the like: free-form JSON
        } else {
            out.putObject("properties").setAll(props);
        }
        return out;
    }

    /** The text of the data file for {@code doc}: indented JSON, one final newline. */
    static String text(JsonNode doc) throws IOException {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
    }

    /** Writes the data file. */
    public static void main(String[] args) throws IOException {
        Files.writeString(DATA_FILE, text(extract()), StandardCharsets.UTF_8);
    }
}
