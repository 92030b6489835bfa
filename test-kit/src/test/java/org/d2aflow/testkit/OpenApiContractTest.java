package org.d2aflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The contract's checks fail on a document that breaks them, one breach at a time, and pass on one that keeps them. */
class OpenApiContractTest {

    /** A small document that keeps the contract: one creation with its headers, refusals and examples. */
    private static final String GOOD = """
            {"openapi": "3.1.0",
             "components": {
               "schemas": {
                 "Problem": {"type": "object", "properties": {"type": {"type": "string"}, "title": {"type": "string"},
                   "status": {"type": "integer"}, "detail": {"type": "string"}, "instance": {"type": "string"},
                   "code": {"type": "string"}, "errors": {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"}}}},
                 "FieldError": {"type": "object", "properties": {"field": {"type": "string"}, "message": {"type": "string"}}},
                 "Thing": {"type": "object", "required": ["name"], "properties": {
                   "name": {"type": "string", "maxLength": 10, "examples": ["Home First"]},
                   "day": {"type": "string", "format": "date"}}}},
               "headers": {"Retry-After": {"schema": {"type": "integer"}}}},
             "paths": {"/things": {"post": {
               "operationId": "createThing",
               "parameters": [{"name": "Idempotency-Key", "in": "header", "schema": {"type": "string"}, "example": "k-1"}],
               "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"},
                 "examples": {"one": {"value": {"name": "Ward 7", "day": "2026-11-02"}}}}}},
               "responses": {
                 "201": {"description": "created", "headers": {"Location": {"schema": {"type": "string"}},
                     "Idempotent-Replay": {"schema": {"type": "string"}}},
                   "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                 "422": {"description": "bad", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"},
                   "examples": {"late": {"value": {"type": "urn:d2a:problem:invalid-input", "title": "Invalid input", "status": 422,
                     "errors": [{"field": "day", "message": "too late"}]}}}}}},
                 "429": {"description": "slow down", "headers": {"Retry-After": {"$ref": "#/components/headers/Retry-After"}},
                   "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}}}}}
            """;

    @Test
    void aDocumentThatKeepsTheContractPasses() {
        OpenApiContract.of(GOOD).operations("createThing").assertSatisfied();
    }

    @Test
    void anOperationWithoutAnIdFails() {
        assertThat(violations(GOOD.replace("\"operationId\": \"createThing\",", ""))).anyMatch(v -> v.contains("no operationId"));
    }

    @Test
    void anIdThatIsNotCamelCaseOrNotTheExpectedOneFails() {
        assertThat(violations(GOOD.replace("createThing", "create_thing"))).anyMatch(v -> v.contains("not camelCase"));
        assertThat(OpenApiContract.of(GOOD).operations("createThing", "getThing").violations())
                .containsExactly("operation getThing is missing");
    }

    @Test
    void aSuccessWithoutATypedSchemaFails() {
        String untyped = GOOD.replace("\"content\": {\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/Thing\"}}}}",
                "\"content\": {\"application/json\": {\"schema\": {}}}}");
        assertThat(untyped).isNotEqualTo(GOOD);
        assertThat(violations(untyped)).anyMatch(v -> v.contains("POST /things 201") && v.contains("not typed"));
        String freeForm = untyped.replace("\"schema\": {}}", "\"schema\": {\"type\": \"object\"}}");
        assertThat(violations(freeForm)).anyMatch(v -> v.contains("not typed"));
    }

    @Test
    void anErrorAnswerThatIsNotAProblemFails() {
        String plain = GOOD.replace("\"422\": {\"description\": \"bad\", \"content\": {\"application/problem+json\": {\"schema\": "
                + "{\"$ref\": \"#/components/schemas/Problem\"}", "\"422\": {\"description\": \"bad\", \"content\": {\"application/json\": "
                + "{\"schema\": {\"$ref\": \"#/components/schemas/Thing\"}");
        assertThat(plain).isNotEqualTo(GOOD);
        assertThat(violations(plain)).anyMatch(v -> v.contains("POST /things 422: not application/problem+json"));
        String noProblemSchema = GOOD.replace("\"Problem\": {\"type\": \"object\", \"properties\": {\"type\": {\"type\": \"string\"}, ",
                "\"Problem\": {\"type\": \"object\", \"properties\": {");
        assertThat(violations(noProblemSchema)).contains("components.schemas.Problem has no property 'type'");
    }

    @Test
    void aMissingHeaderFails() {
        assertThat(violations(GOOD.replace("\"Location\": {\"schema\": {\"type\": \"string\"}},", "")))
                .anyMatch(v -> v.contains("201: header Location is not documented"));
        assertThat(violations(GOOD.replace("\"headers\": {\"Retry-After\": {\"$ref\": \"#/components/headers/Retry-After\"}},", "")))
                .anyMatch(v -> v.contains("429: header Retry-After is not documented"));
        assertThat(violations(GOOD.replace("\"Idempotent-Replay\":", "\"X-Other\":")))
                .anyMatch(v -> v.contains("header Idempotent-Replay is not documented"));
        assertThat(OpenApiContract.of(GOOD).etagOn("createThing").violations())
                .containsExactly("POST /things 201: header ETag is not documented");
    }

    @Test
    void anExampleThatDoesNotValidateFails() {
        assertThat(violations(GOOD.replace("\"name\": \"Ward 7\"", "\"name\": 7"))).anyMatch(v -> v.contains("example 'one'"));
        assertThat(violations(GOOD.replace("\"day\": \"2026-11-02\"", "\"day\": \"2026-13-45\""))).anyMatch(v -> v.contains("example 'one'"));
        assertThat(violations(GOOD.replace("\"Home First\"", "\"Home First East Locality\"")))
                .anyMatch(v -> v.contains("schema Thing.name example"));
        assertThat(violations(GOOD.replace("\"status\": 422", "\"status\": \"422\""))).anyMatch(v -> v.contains("example 'late'"));
    }

    @Test
    void aJacksonNodePublishedAsASchemaFails() {
        String withNode = GOOD.replace("\"FieldError\":", "\"JsonNode\": {\"type\": \"object\", \"properties\": {\"valueNode\": "
                + "{\"type\": \"boolean\"}, \"containerNode\": {\"type\": \"boolean\"}}}, \"FieldError\":");
        assertThat(violations(withNode)).contains("schema JsonNode is a Jackson JsonNode, not a record");
    }

    @Test
    void assertSatisfiedListsEveryBreach() {
        assertThatThrownBy(() -> OpenApiContract.of(GOOD.replace("\"operationId\": \"createThing\",", "")).assertSatisfied())
                .isInstanceOf(AssertionError.class).hasMessageContaining("no operationId");
    }

    private static java.util.List<String> violations(String document) {
        return OpenApiContract.of(document).violations();
    }
}
