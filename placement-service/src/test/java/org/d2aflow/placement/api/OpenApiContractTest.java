package org.d2aflow.placement.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.OpenApiContract;
import org.d2aflow.testkit.OpenApiDocumentContract;
import org.junit.jupiter.api.Test;

/** The OpenAPI document is the contract (test-kit OpenApiDocumentContract), with this service's operations. */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_placement"))
class OpenApiContractTest extends OpenApiDocumentContract {

    @Override
    protected OpenApiContract expectations(OpenApiContract document) {
        return document
                .operations("listPlacements", "getPlacement", "startPlacement", "endPlacement", "recordFollowUp",
                        "correctFollowUp", "listDueFollowUps")
                .etagOn("getPlacement");
    }

    @Test
    void theLateEntryAndCorrectionFieldsAreDescribed() {
        String document = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().asString();

        assertThat(document).contains("obtainedOn", "late-entry window", "follow-up-not-recorded", "correctedBy");
    }
}
