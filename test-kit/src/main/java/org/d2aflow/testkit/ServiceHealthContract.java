package org.d2aflow.testkit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

/**
 * What every service must answer once started against the real broker and database: health (readiness
 * includes the database), Prometheus metrics and its OpenAPI document. A service's test extends this
 * class and carries the {@code @QuarkusTest} and {@code @WithTestResource} annotations.
 */
public abstract class ServiceHealthContract {

    /** The readiness checks this service must report; a service with a database adds it. */
    protected java.util.List<String> expectedReadinessChecks() {
        return java.util.List.of("Database connections health check", "Kafka broker");
    }

    @Test
    void readinessIsUpAndCoversItsDependencies() {
        var response = given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"));
        for (String check : expectedReadinessChecks()) {
            response.body("checks.name", hasItem(check));
        }
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void prometheusMetricsAreServed() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("jvm_memory_used_bytes"));
    }

    @Test
    void everyD2aMetricSaysWhatItMeasures() {
        String scrape = given().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.List<String> offenders = MetricsScrape.withoutHelp(scrape, "d2a_");
        org.junit.jupiter.api.Assertions.assertTrue(offenders.isEmpty(), "d2a_ metrics with empty HELP text: " + offenders);
        org.junit.jupiter.api.Assertions.assertFalse(MetricsScrape.helpLines(scrape, "d2a_").isEmpty(),
                "the scrape exports d2a_ metrics at all");
    }

    @Test
    void openMetricsIsNegotiated() {
        String body = given().accept("application/openmetrics-text; version=1.0.0").when().get("/q/metrics").then()
                .statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/openmetrics-text"))
                .extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(body.stripTrailing().endsWith("# EOF"), "an OpenMetrics exposition ends with # EOF");
        given().accept("text/plain").when().get("/q/metrics").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/plain"))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("# EOF")));
    }

    /** The topics this service's Kafka consumers read; each must export its lag per partition. */
    protected java.util.List<String> consumedTopics() {
        return java.util.List.of();
    }

    @Test
    void everyConsumedPartitionExportsItsLag() throws InterruptedException {
        for (String topic : consumedTopics()) {
            // A consumer's partitions are assigned some seconds after the start.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            boolean found = false;
            while (!found && System.nanoTime() < deadline) {
                String scrape = given().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString();
                found = scrape.lines().anyMatch(line -> line.startsWith("kafka_consumer_fetch_manager_records_lag{")
                        && line.contains("partition=\"")
                        && (line.contains("topic=\"" + topic + "\"") || line.contains("topic=\"" + topic.replace('.', '_') + "\"")));
                if (!found) {
                    Thread.sleep(500);
                }
            }
            org.junit.jupiter.api.Assertions.assertTrue(found, "no kafka_consumer_fetch_manager_records_lag per partition of " + topic);
        }
    }

    @Test
    void theOpenApiDocumentIsServed() {
        given().accept("application/json").when().get("/q/openapi").then().statusCode(200)
                .body("openapi", org.hamcrest.Matchers.startsWith("3."));
    }
}
