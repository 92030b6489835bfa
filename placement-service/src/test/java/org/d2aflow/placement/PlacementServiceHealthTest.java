package org.d2aflow.placement;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.ServiceHealthContract;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_placement"))
class PlacementServiceHealthTest extends ServiceHealthContract {

    @Test
    void readinessIncludesTheBrokerAndTheConsumerChannels() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("Kafka broker"))
                .body("checks.name", hasItem(containsString("Reactive Messaging")));
    }

    @Override
    protected java.util.List<String> consumedTopics() {
        return java.util.List.of(org.d2aflow.contracts.Topics.REFERRALS, org.d2aflow.contracts.Topics.CAPACITY);
    }
}
