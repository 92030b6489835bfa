package org.d2aflow.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.MetricsScrape;
import org.d2aflow.testkit.ServiceHealthContract;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class MetricsServiceHealthTest extends ServiceHealthContract {

    @Override
    protected List<String> expectedReadinessChecks() {
        // No database: everything comes from the log.
        return List.of("Kafka broker", "Figures projection");
    }

    @Test
    void theServingProjectionsLagIsExportedAndDrains() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String scrape = given().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(MetricsScrape.sample(scrape, "d2a_projection_lag_records", "")).isZero();
        });
    }
}
