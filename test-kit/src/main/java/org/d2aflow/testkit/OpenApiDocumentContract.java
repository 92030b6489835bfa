package org.d2aflow.testkit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document is the contract ({@link OpenApiContract}): the document a service serves and the one its build
 * stores for client generators ({@code target/openapi}, {@code quarkus.smallrye-openapi.store-schema-directory}) both
 * keep it. A service's test extends this class, carries the {@code @QuarkusTest} and {@code @WithTestResource}
 * annotations, and names its operations.
 */
public abstract class OpenApiDocumentContract {

    /** The service's own expectations on a document: its operationIds, the operations that answer with an ETag. */
    protected abstract OpenApiContract expectations(OpenApiContract document);

    @Test
    void theServedDocumentKeepsTheContract() {
        String served = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract().asString();

        expectations(OpenApiContract.of(served)).assertSatisfied();
    }

    @Test
    void theDocumentStoredForClientGeneratorsKeepsTheContract() throws IOException {
        Path stored = Path.of("target/openapi/openapi.json");
        assertThat(stored).as("written by the build (quarkus.smallrye-openapi.store-schema-directory)").exists();

        expectations(OpenApiContract.of(Files.readString(stored))).assertSatisfied();
    }
}
