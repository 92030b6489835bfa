package org.d2aflow.metrics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.OpenApiContract;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document is the contract (test-kit OpenApiContract): every operation named, typed answers, every refusal a
 * Problem, its headers documented, every example valid. The document stored at build time for client generators
 * (target/openapi) keeps it too.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class OpenApiContractTest {

    private static OpenApiContract contract(String document) {
        return OpenApiContract.of(document)
                .operations("getHeadlineFigures", "getFigure", "getDrillDown", "getTrend", "streamFigures", "getLiveFigures",
                        "getProjectionProgress", "rebuildProjection")
                ;
    }

    @Test
    void theServedDocumentKeepsTheContract() {
        contract(given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract().asString())
                .assertSatisfied();
    }

    @Test
    void theDocumentStoredForClientGeneratorsKeepsTheContract() throws IOException {
        Path stored = Path.of("target/openapi/openapi.json");
        assertThat(stored).as("written by the build (quarkus.smallrye-openapi.store-schema-directory)").exists();

        contract(Files.readString(stored)).assertSatisfied();
    }
}
