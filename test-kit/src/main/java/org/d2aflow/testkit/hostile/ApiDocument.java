package org.d2aflow.testkit.hostile;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The operations of a service as its OpenAPI document (JSON, 3.0 or 3.1) describes them: method, path template,
 * parameters with their schemas, and the request body's schema with {@code $ref}s resolved. Reads what is there and
 * nothing more: a document without operationIds, typed bodies or declared headers still yields every operation, and a
 * richer one yields more precise requests.
 */
public final class ApiDocument {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

    private final JsonNode root;
    private final List<Operation> operations = new ArrayList<>();

    private ApiDocument(JsonNode root) {
        this.root = root;
        JsonNode paths = root.path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            List<Parameter> shared = parameters(path.getValue().path("parameters"));
            for (String method : METHODS) {
                JsonNode op = path.getValue().path(method);
                if (op.isMissingNode()) {
                    continue;
                }
                Map<String, Parameter> params = new LinkedHashMap<>();
                shared.forEach(p -> params.put(p.in() + ":" + p.name(), p));
                parameters(op.path("parameters")).forEach(p -> params.put(p.in() + ":" + p.name(), p));
                JsonNode body = resolve(op.path("requestBody"));
                Schema bodySchema = null;
                List<String> bodyTypes = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> c = body.path("content").fields(); c.hasNext();) {
                    Map.Entry<String, JsonNode> content = c.next();
                    bodyTypes.add(content.getKey());
                    if (bodySchema == null && content.getKey().contains("json")) {
                        bodySchema = new Schema(this, content.getValue().path("schema"));
                    }
                }
                boolean streams = false;
                for (JsonNode response : op.path("responses")) {
                    streams |= resolve(response).path("content").has("text/event-stream");
                }
                operations.add(new Operation(method.toUpperCase(Locale.ROOT), path.getKey(), List.copyOf(params.values()),
                        bodySchema, List.copyOf(bodyTypes), body.path("required").asBoolean(false), streams));
            }
        }
    }

    public static ApiDocument parse(String json) {
        try {
            return new ApiDocument(JSON.readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not an OpenAPI document in JSON: " + e.getMessage(), e);
        }
    }

    public List<Operation> operations() {
        return operations;
    }

    private List<Parameter> parameters(JsonNode list) {
        List<Parameter> out = new ArrayList<>();
        for (JsonNode p : list) {
            JsonNode param = resolve(p);
            out.add(new Parameter(param.path("name").asText(), param.path("in").asText(), param.path("required").asBoolean(false),
                    new Schema(this, param.path("schema"))));
        }
        return out;
    }

    /** Follows {@code $ref}s within the document ({@code #/components/...}); anything else is returned as it is. */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; hops < 20 && current.has("$ref"); hops++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                return MissingNode.getInstance();
            }
            current = root.at(ref.substring(1));
        }
        return current;
    }

    /** One operation: a method on a path template. */
    public record Operation(String method, String path, List<Parameter> parameters, Schema body, List<String> bodyTypes,
            boolean bodyRequired, boolean streams) {

        public List<Parameter> in(String where) {
            return parameters.stream().filter(p -> p.in().equals(where)).toList();
        }

        /** Whether the document says this header is read (Idempotency-Key, If-Match). */
        public boolean declaresHeader(String name) {
            return parameters.stream().anyMatch(p -> p.in().equals("header") && p.name().equalsIgnoreCase(name));
        }

        public boolean writes() {
            return !method.equals("GET");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    public record Parameter(String name, String in, boolean required, Schema schema) {
    }

    /** A schema node with references resolved on access. */
    public static final class Schema {

        private final ApiDocument doc;
        private final JsonNode node;

        Schema(ApiDocument doc, JsonNode node) {
            this.doc = doc;
            JsonNode resolved = doc.resolve(node);
            // allOf with one member (how generators wrap a $ref with a description) is that member.
            if (resolved.has("allOf") && resolved.get("allOf").size() == 1) {
                resolved = doc.resolve(resolved.get("allOf").get(0));
            }
            this.node = resolved;
        }

        /** The JSON type (string, integer, number, boolean, array, object), the first non-null one of a 3.1 type list, or null. */
        public String type() {
            JsonNode t = node.path("type");
            if (t.isArray()) {
                for (JsonNode each : t) {
                    if (!each.asText().equals("null")) {
                        return each.asText();
                    }
                }
                return null;
            }
            if (t.isTextual()) {
                return t.asText();
            }
            if (node.has("properties")) {
                return "object";
            }
            if (node.has("enum")) {
                return "string";
            }
            return null;
        }

        public String format() {
            return node.path("format").isTextual() ? node.get("format").asText() : null;
        }

        public List<String> enumValues() {
            List<String> out = new ArrayList<>();
            node.path("enum").forEach(v -> {
                if (!v.isNull()) {
                    out.add(v.asText());
                }
            });
            return out;
        }

        public Map<String, Schema> properties() {
            Map<String, Schema> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), new Schema(doc, e.getValue()));
            }
            return out;
        }

        public List<String> required() {
            List<String> out = new ArrayList<>();
            node.path("required").forEach(r -> out.add(r.asText()));
            return out;
        }

        public Schema items() {
            return new Schema(doc, node.path("items"));
        }

        public Integer maxLength() {
            return node.path("maxLength").isNumber() ? node.get("maxLength").asInt() : null;
        }

        public Integer minLength() {
            return node.path("minLength").isNumber() ? node.get("minLength").asInt() : null;
        }

        public Long maximum() {
            return node.path("maximum").isNumber() ? node.get("maximum").asLong() : null;
        }

        public Long minimum() {
            return node.path("minimum").isNumber() ? node.get("minimum").asLong() : null;
        }

        public String pattern() {
            return node.path("pattern").isTextual() ? node.get("pattern").asText() : null;
        }

        /** Whether the object's properties are closed ({@code additionalProperties: false}); null when the document does not say. */
        public Boolean closed() {
            JsonNode a = node.path("additionalProperties");
            return a.isBoolean() ? !a.asBoolean() : null;
        }

        public boolean isEmpty() {
            return node.isMissingNode() || node.isEmpty();
        }
    }
}
