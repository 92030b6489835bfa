package org.d2aflow.testkit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * What every service's OpenAPI document must say, checked on the document it serves ({@code /q/openapi?format=json}):
 * <ul>
 * <li>every operation has a camelCase {@code operationId}, unique in the document;</li>
 * <li>every 2xx answer but 204 has a typed schema (a reference, a type or array items: never {@code {}}, never a free-form
 * object), and no schema is a Jackson {@code JsonNode};</li>
 * <li>every 4xx and 5xx answer is {@code application/problem+json} referencing the one {@code Problem} schema;</li>
 * <li>headers: {@code Location} on every 201, {@code Retry-After} on 429 and 503, {@code ETag} on the 2xx of an operation
 * taking {@code If-Match} (and its 412), {@code Idempotent-Replay} on the 2xx of one taking {@code Idempotency-Key}, and
 * {@code ETag} wherever the service's test says its answer sets one;</li>
 * <li>every example (media type, parameter and schema examples) validates against its schema.</li>
 * </ul>
 * {@link #violations()} lists every breach in words; {@link #assertSatisfied()} fails with all of them.
 */
public final class OpenApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CAMEL_CASE = Pattern.compile("[a-z][a-zA-Z0-9]*");
    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    // Formats (date, date-time) are rules here: an example dated 2026-13-01 is wrong.
    private static final SchemaValidatorsConfig STRICT = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private final JsonNode document;
    private final Set<String> expectedOperations = new LinkedHashSet<>();
    private final Set<String> etagOperations = new LinkedHashSet<>();

    private OpenApiContract(JsonNode document) {
        this.document = document;
    }

    /** The contract for a document given as JSON text. */
    public static OpenApiContract of(String json) {
        try {
            return new OpenApiContract(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON document", e);
        }
    }

    /** These operationIds, and no others, must be in the document. */
    public OpenApiContract operations(String... operationIds) {
        expectedOperations.addAll(List.of(operationIds));
        return this;
    }

    /** These operations answer with an ETag, so their 2xx must document it. */
    public OpenApiContract etagOn(String... operationIds) {
        etagOperations.addAll(List.of(operationIds));
        return this;
    }

    public void assertSatisfied() {
        List<String> violations = violations();
        if (!violations.isEmpty()) {
            throw new AssertionError("The OpenAPI document breaks the contract in " + violations.size() + " place(s):\n  "
                    + String.join("\n  ", violations));
        }
    }

    /** Every breach of the contract, one line each. */
    public List<String> violations() {
        List<String> out = new ArrayList<>();
        checkProblemSchema(out);
        checkNoJsonNode(out);
        Set<String> ids = new HashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (METHODS.contains(op.getKey())) {
                    String where = op.getKey().toUpperCase() + " " + path.getKey();
                    String id = op.getValue().path("operationId").asText("");
                    if (id.isEmpty()) {
                        out.add(where + ": no operationId");
                    } else if (!CAMEL_CASE.matcher(id).matches()) {
                        out.add(where + ": operationId '" + id + "' is not camelCase");
                    } else if (!ids.add(id)) {
                        out.add(where + ": operationId '" + id + "' is used twice");
                    }
                    seen.add(id);
                    checkOperation(where, id, op.getValue(), out);
                }
            }
        }
        for (String expected : expectedOperations) {
            if (!seen.contains(expected)) {
                out.add("operation " + expected + " is missing");
            }
        }
        if (!expectedOperations.isEmpty()) {
            for (String id : seen) {
                if (!id.isEmpty() && !expectedOperations.contains(id)) {
                    out.add("operation " + id + " is not in the list the test expects");
                }
            }
        }
        checkSchemaExamples(out);
        return out;
    }

    private void checkProblemSchema(List<String> out) {
        JsonNode problem = document.path("components").path("schemas").path("Problem");
        for (String property : List.of("type", "title", "status", "detail", "instance", "code", "errors")) {
            if (problem.path("properties").path(property).isMissingNode()) {
                out.add("components.schemas.Problem has no property '" + property + "'");
            }
        }
        JsonNode error = resolve(problem.path("properties").path("errors").path("items"));
        for (String property : List.of("field", "message")) {
            if (error.path("properties").path(property).isMissingNode()) {
                out.add("Problem.errors[] has no property '" + property + "'");
            }
        }
    }

    private void checkNoJsonNode(List<String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("components").path("schemas").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> schema = it.next();
            JsonNode properties = schema.getValue().path("properties");
            if (schema.getKey().startsWith("JsonNode") || (properties.has("valueNode") && properties.has("containerNode"))) {
                out.add("schema " + schema.getKey() + " is a Jackson JsonNode, not a record");
            }
        }
    }

    private void checkOperation(String where, String id, JsonNode op, List<String> out) {
        boolean ifMatch = hasParameter(op, "header", "If-Match");
        boolean idempotencyKey = hasParameter(op, "header", "Idempotency-Key");
        JsonNode responses = op.path("responses");
        boolean anySuccess = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> r = it.next();
            String status = r.getKey();
            JsonNode response = resolve(r.getValue());
            String at = where + " " + status;
            if (status.startsWith("2")) {
                anySuccess = true;
                if (!status.equals("204")) {
                    checkTypedContent(at, response, out);
                }
                if (status.equals("201")) {
                    requireHeader(at, response, "Location", out);
                }
                if (ifMatch || etagOperations.contains(id)) {
                    requireHeader(at, response, "ETag", out);
                }
                if (idempotencyKey) {
                    requireHeader(at, response, "Idempotent-Replay", out);
                }
            } else if (status.startsWith("4") || status.startsWith("5")) {
                checkProblem(at, response, out);
                if (status.equals("429") || status.equals("503")) {
                    requireHeader(at, response, "Retry-After", out);
                }
            }
            checkMediaExamples(at, response.path("content"), out);
        }
        if (!anySuccess) {
            out.add(where + ": no 2xx answer");
        }
        if (ifMatch && responses.path("412").isMissingNode()) {
            out.add(where + ": takes If-Match but documents no 412");
        }
        for (JsonNode p : op.path("parameters")) {
            JsonNode parameter = resolve(p);
            if (parameter.has("example") && parameter.has("schema")) {
                validate(where + " parameter " + parameter.path("name").asText(), parameter.path("schema"), parameter.path("example"), out);
            }
        }
        checkMediaExamples(where + " request body", resolve(op.path("requestBody")).path("content"), out);
    }

    private void checkTypedContent(String at, JsonNode response, List<String> out) {
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            out.add(at + ": no content schema");
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = content.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> media = it.next();
            JsonNode schema = media.getValue().path("schema");
            if (!typed(schema)) {
                out.add(at + " " + media.getKey() + ": schema is not typed (" + schema + ")");
            }
        }
    }

    /** A reference, an array of something typed, a scalar type, or an object that names its properties. */
    private boolean typed(JsonNode schema) {
        if (schema.has("$ref")) {
            return true;
        }
        String type = schema.path("type").isArray() ? schema.path("type").path(0).asText("") : schema.path("type").asText("");
        return switch (type) {
            case "array" -> typed(schema.path("items"));
            case "object" -> schema.path("properties").size() > 0 || typed(schema.path("additionalProperties"));
            case "string", "integer", "number", "boolean" -> true;
            default -> false;
        };
    }

    private void checkProblem(String at, JsonNode response, List<String> out) {
        JsonNode content = response.path("content");
        JsonNode problem = content.path("application/problem+json");
        if (problem.isMissingNode()) {
            out.add(at + ": not application/problem+json");
        } else if (!PROBLEM_REF.equals(problem.path("schema").path("$ref").asText())) {
            out.add(at + ": does not reference " + PROBLEM_REF);
        }
        if (content.size() > 1) {
            out.add(at + ": an error answer has other media types than application/problem+json");
        }
    }

    private void requireHeader(String at, JsonNode response, String header, List<String> out) {
        if (response.path("headers").path(header).isMissingNode()) {
            out.add(at + ": header " + header + " is not documented");
        }
    }

    private void checkMediaExamples(String at, JsonNode content, List<String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = content.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> media = it.next();
            JsonNode schema = media.getValue().path("schema");
            if (media.getValue().has("example")) {
                validate(at + " " + media.getKey() + " example", schema, media.getValue().path("example"), out);
            }
            for (Iterator<Map.Entry<String, JsonNode>> ex = media.getValue().path("examples").fields(); ex.hasNext();) {
                Map.Entry<String, JsonNode> example = ex.next();
                JsonNode value = resolve(example.getValue()).path("value");
                if (schema.isMissingNode()) {
                    out.add(at + " " + media.getKey() + " example '" + example.getKey() + "': no schema to validate it against");
                } else if (!value.isMissingNode()) {
                    validate(at + " " + media.getKey() + " example '" + example.getKey() + "'", schema, value, out);
                }
            }
        }
    }

    /** Examples written on schemas and their properties (from the records' {@code @Schema(examples = ...)}). */
    private void checkSchemaExamples(List<String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("components").path("schemas").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> schema = it.next();
            checkExamplesOf("schema " + schema.getKey(), schema.getValue(), out);
            for (Iterator<Map.Entry<String, JsonNode>> props = schema.getValue().path("properties").fields(); props.hasNext();) {
                Map.Entry<String, JsonNode> property = props.next();
                checkExamplesOf("schema " + schema.getKey() + "." + property.getKey(), property.getValue(), out);
            }
        }
    }

    private void checkExamplesOf(String at, JsonNode schema, List<String> out) {
        for (JsonNode example : schema.path("examples")) {
            validate(at + " example " + example, schema, example, out);
        }
        if (schema.has("example")) {
            validate(at + " example " + schema.path("example"), schema, schema.path("example"), out);
        }
    }

    private void validate(String at, JsonNode schema, JsonNode instance, List<String> out) {
        // The schema is validated inside a copy of the document's components, so that its $refs resolve.
        ObjectNode root = schema.isObject() ? ((ObjectNode) schema).deepCopy() : JSON.createObjectNode();
        root.set("components", document.path("components"));
        Set<ValidationMessage> messages = SCHEMAS.getSchema(root, STRICT).validate(instance);
        for (ValidationMessage m : messages) {
            out.add(at + " does not validate: " + m.getMessage());
        }
    }

    private boolean hasParameter(JsonNode op, String in, String name) {
        for (JsonNode p : op.path("parameters")) {
            JsonNode parameter = resolve(p);
            if (in.equals(parameter.path("in").asText()) && name.equalsIgnoreCase(parameter.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Follows a local {@code $ref} such as {@code #/components/headers/Retry-After}. */
    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText("");
        if (!ref.startsWith("#/")) {
            return node;
        }
        JsonNode target = document.at(ref.substring(1));
        return target.isMissingNode() ? node : target;
    }
}
