package org.d2aflow.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The schemas every rendered object is checked against, all read from this module's test resources (schemas/, see its
 * README): the Kubernetes 1.33 API definitions and the CustomResourceDefinitions that Strimzi and CloudNativePG publish.
 *
 * <p>Validation is strict, as the API server's field validation is: an object schema that lists its properties refuses
 * any other (unless the CRD says {@code x-kubernetes-preserve-unknown-fields}), so a misspelt field fails instead of
 * being dropped. An int-or-string accepts both; a quantity accepts a string or a number, as the API server does.
 */
final class ManifestSchemas {

    static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KUBERNETES = "schemas/kubernetes-1.33.0-definitions.json";
    private static final List<String> CRDS = List.of(
            "schemas/strimzi/040-Crd-kafka.yaml",
            "schemas/strimzi/043-Crd-kafkatopic.yaml",
            "schemas/strimzi/045-Crd-kafkanodepool.yaml",
            "schemas/cnpg/postgresql.cnpg.io_clusters.yaml");

    private final Map<String, JsonSchema> byKind = new HashMap<>();
    private final JsonSchema objectMeta;

    ManifestSchemas() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(false).build();

        ObjectNode definitions = (ObjectNode) read(KUBERNETES).get(0).get("definitions");
        definitions.forEach(ManifestSchemas::strict);
        Iterator<Map.Entry<String, JsonNode>> it = definitions.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> definition = it.next();
            for (JsonNode gvk : definition.getValue().path("x-kubernetes-group-version-kind")) {
                String group = gvk.path("group").asText();
                String apiVersion = group.isEmpty() ? gvk.path("version").asText() : group + "/" + gvk.path("version").asText();
                byKind.put(key(apiVersion, gvk.path("kind").asText()),
                        factory.getSchema(reference(definitions, definition.getKey()), config));
            }
        }
        objectMeta = factory.getSchema(reference(definitions, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"), config);

        for (String crdFile : CRDS) {
            for (JsonNode crd : read(crdFile)) {
                String group = crd.path("spec").path("group").asText();
                String kind = crd.path("spec").path("names").path("kind").asText();
                for (JsonNode version : crd.path("spec").path("versions")) {
                    if (!version.path("served").asBoolean()) {
                        continue;
                    }
                    JsonNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
                    strict(schema);
                    byKind.put(key(group + "/" + version.path("name").asText(), kind), factory.getSchema(schema, config));
                }
            }
        }
    }

    /** The kinds with a schema, as {@code apiVersion kind}. */
    List<String> kinds() {
        return byKind.keySet().stream().sorted(Comparator.naturalOrder()).toList();
    }

    /**
     * What is wrong with one object, each message naming the field as a JSON pointer ({@code /spec/replicas: string found, integer
     * expected}); empty when it is valid. An object whose apiVersion and kind have no schema is itself an error.
     */
    List<String> problems(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        JsonSchema schema = byKind.get(key(apiVersion, kind));
        if (schema == null) {
            return List.of("no schema for " + apiVersion + " " + kind + ": neither a Kubernetes kind nor a known CRD");
        }
        List<String> problems = new ArrayList<>();
        schema.validate(object).stream().map(ValidationMessage::getMessage).sorted().forEach(problems::add);
        // A CRD's own schema leaves metadata open; every object's metadata is an ObjectMeta all the same.
        objectMeta.validate(object.path("metadata")).stream()
                .map(m -> "/metadata" + m.getMessage().replaceFirst("^\\$", "")).sorted().forEach(problems::add);
        if (object.path("metadata").path("name").asText().isEmpty()) {
            problems.add("/metadata/name: missing");
        }
        return problems;
    }

    static List<JsonNode> read(String resource) {
        try (InputStream in = ManifestSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return resource.endsWith(".json") ? List.of(JSON.readTree(in)) : documents(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The objects of a multi-document YAML stream (empty documents skipped). */
    static List<JsonNode> documents(String yaml) {
        try {
            List<JsonNode> objects = new ArrayList<>();
            for (Iterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml); it.hasNext(); ) {
                JsonNode node = it.next();
                if (node != null && !node.isNull() && !node.isMissingNode() && !node.isEmpty()) {
                    objects.add(node);
                }
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }

    private static ObjectNode reference(ObjectNode definitions, String name) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("definitions", definitions);
        root.put("$ref", "#/definitions/" + name);
        return root;
    }

    /** Closes every object schema that lists its properties, and widens int-or-string and quantity, in place. */
    static void strict(JsonNode node) {
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        if ("int-or-string".equals(schema.path("format").asText()) || schema.path("x-kubernetes-int-or-string").asBoolean()) {
            schema.remove("format");
            schema.set("type", types("string", "integer"));
        }
        if (schema.path("description").asText().startsWith("Quantity is a fixed-point representation")) {
            schema.set("type", types("string", "number"));
        }
        if (schema.has("properties") && !schema.has("additionalProperties")
                && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            schema.put("additionalProperties", false);
        }
        schema.path("properties").forEach(ManifestSchemas::strict);
        Optional.ofNullable(schema.get("items")).ifPresent(ManifestSchemas::strict);
        Optional.ofNullable(schema.get("additionalProperties")).filter(JsonNode::isObject).ifPresent(ManifestSchemas::strict);
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            schema.path(combinator).forEach(ManifestSchemas::strict);
        }
        Optional.ofNullable(schema.get("not")).ifPresent(ManifestSchemas::strict);
    }

    private static ArrayNode types(String... names) {
        ArrayNode types = JsonNodeFactory.instance.arrayNode();
        for (String name : names) {
            types.add(name);
        }
        return types;
    }
}
