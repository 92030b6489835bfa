package org.d2aflow.placement.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes every operation, with an example of what to send or what comes back. */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_placement"))
class OpenApiDocumentTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationHasASummaryAndAnExample() {
        Map<String, Object> paths = given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath().getMap("paths");

        assertThat(paths).containsKeys("/placements", "/placements/{id}", "/placements/{id}/start", "/placements/{id}/end",
                "/placements/{id}/follow-up", "/placements/{id}/follow-up/corrections", "/follow-ups/due");
        Map<String, String> operations = Map.of("/placements", "get", "/placements/{id}", "get", "/placements/{id}/start", "post",
                "/placements/{id}/end", "post", "/placements/{id}/follow-up", "post", "/placements/{id}/follow-up/corrections", "post",
                "/follow-ups/due", "get");
        operations.forEach((path, method) -> {
            Map<String, Object> op = (Map<String, Object>) ((Map<String, Object>) paths.get(path)).get(method);
            assertThat(op).as(path).containsKey("summary");
            String text = op.toString();
            assertThat(text).as(path + " has an example").contains("example");
            assertThat(text).as(path + " documents its refusals").containsAnyOf("400", "404");
        });
    }

    @Test
    void theLateEntryAndCorrectionFieldsAreDescribed() {
        String document = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().asString();

        assertThat(document).contains("obtainedOn", "late-entry window", "follow-up-not-recorded", "correctedBy");
    }
}
