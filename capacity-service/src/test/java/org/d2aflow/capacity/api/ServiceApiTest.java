package org.d2aflow.capacity.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.capacity.CapacityApi.aService;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

import org.d2aflow.capacity.CapacityApi;
import org.d2aflow.capacity.Tables;
import org.d2aflow.capacity.Today;
import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.Test;

/** Registering services and declaring their capacity, on real PostgreSQL. */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_capacity"))
class ServiceApiTest {

    static {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Inject
    Tables tables;

    private final LocalDate today = Today.date();

    @Test
    void registersAServiceWithLocationAndEtagAndRecordsTheEvent() {
        Map<String, Object> body = aService();
        Response r = given().contentType(ContentType.JSON).body(body).post("/services");

        r.then().statusCode(201)
                .header("Location", endsWith("/services/" + r.path("id")))
                .header("ETag", "\"1\"")
                .body("name", equalTo(body.get("name")))
                .body("serviceType", equalTo("REABLEMENT_HOME"))
                .body("pathway", equalTo("P1"))
                .body("unit", equalTo("PACKAGE"))
                .body("capacity", hasSize(0))
                .body("today.units", equalTo(0))
                .body("today.free", equalTo(0));
        String id = r.path("id");
        assertThat(tables.streamTypes(id)).containsExactly("d2a.capacity.service-registered.v1");
        assertThat(tables.outboxTypes(id)).containsExactly("d2a.capacity.service-registered.v1");
    }

    @Test
    void theSameIdempotencyKeyReturnsTheSameServiceAndWritesOnce() {
        Map<String, Object> body = aService();
        String key = UUID.randomUUID().toString();
        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/services")
                .then().statusCode(201).extract().path("id");
        Map<String, Long> before = tables.counts();

        String second = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/services")
                .then().statusCode(201).header("Idempotent-Replay", "true").extract().path("id");

        assertThat(second).isEqualTo(first);
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void aSecondServiceOfTheSameTypeAndNameInTheLocalityIsAConflict() {
        Map<String, Object> body = aService();
        CapacityApi.register(body);
        Map<String, Long> before = tables.counts();
        body.put("name", ((String) body.get("name")).toUpperCase());

        given().contentType(ContentType.JSON).body(body).post("/services").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("already registered"));
        assertThat(tables.counts()).isEqualTo(before);

        body.put("locality", "North and West");
        CapacityApi.register(body);
    }

    @Test
    void declaresCapacityByDateAndShowsItWithTodaysFigures() {
        String id = CapacityApi.register(aService());

        CapacityApi.setCapacity(id, 35, today).statusCode(200).header("ETag", "\"2\"").body("today.units", equalTo(35));
        CapacityApi.setCapacity(id, 30, today.plusDays(14)).statusCode(200).header("ETag", "\"3\"");
        CapacityApi.setCapacity(id, 32, today.plusDays(14)).statusCode(200).header("ETag", "\"4\"");

        given().get("/services/{id}", id).then().statusCode(200)
                .header("ETag", "\"4\"")
                .body("capacity.fromDate", equalTo(List.of(today.toString(), today.plusDays(14).toString())))
                .body("capacity.units", equalTo(List.of(35, 32)))
                .body("today.units", equalTo(35))
                .body("today.occupied", equalTo(0))
                .body("today.claimable", equalTo(32));
        assertThat(tables.streamTypes(id)).containsExactly("d2a.capacity.service-registered.v1", "d2a.capacity.capacity-set.v1",
                "d2a.capacity.capacity-set.v1", "d2a.capacity.capacity-set.v1");
    }

    @Test
    void capacityFromTodayIsAssumedWhenNoDateIsGiven() {
        String id = CapacityApi.register(aService());

        given().contentType(ContentType.JSON).body(Map.of("units", 12)).put("/services/{id}/capacity", id).then().statusCode(200)
                .body("capacity[0].fromDate", equalTo(today.toString()));
    }

    @Test
    void declaringTheUnitsAlreadyInForceWritesNothing() {
        String id = CapacityApi.register(aService());
        CapacityApi.setCapacity(id, 8, today).statusCode(200);
        Map<String, Long> before = tables.counts();

        CapacityApi.setCapacity(id, 8, today.plusDays(3)).statusCode(200).header("ETag", "\"2\"");
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void aStaleIfMatchIsRefusedAndWritesNothing() {
        String id = CapacityApi.register(aService());
        CapacityApi.setCapacity(id, 10, today).statusCode(200);
        Map<String, Long> before = tables.counts();

        given().contentType(ContentType.JSON).header("If-Match", "\"1\"").body(Map.of("units", 12))
                .put("/services/{id}/capacity", id).then().statusCode(412).contentType("application/problem+json");
        assertThat(tables.counts()).isEqualTo(before);

        given().contentType(ContentType.JSON).header("If-Match", "\"2\"").body(Map.of("units", 12))
                .put("/services/{id}/capacity", id).then().statusCode(200).header("ETag", "\"3\"");
    }

    @Test
    void capacityForAnUnknownServiceIsNotFound() {
        CapacityApi.setCapacity(UUID.randomUUID().toString(), 5, today).statusCode(404).contentType("application/problem+json");
        given().get("/services/{id}", UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void listsServicesByTypeAndLocality() {
        String locality = CapacityApi.freshLocality();
        Map<String, Object> homeFirst = aService();
        homeFirst.put("locality", locality);
        String home = CapacityApi.register(homeFirst);
        Map<String, Object> beds = aService();
        beds.putAll(Map.of("locality", locality, "serviceType", "BEDDED_REABLEMENT", "unit", "BED", "name", "Hillside " + UUID.randomUUID()));
        String hillside = CapacityApi.register(beds);

        given().queryParam("locality", locality).get("/services").then().statusCode(200).body("id", hasSize(2));
        given().queryParam("locality", locality).queryParam("serviceType", "BEDDED_REABLEMENT").get("/services").then()
                .body("id", equalTo(List.of(hillside)));
        given().queryParam("locality", locality).queryParam("serviceType", "REABLEMENT_HOME").get("/services").then()
                .body("id", equalTo(List.of(home)));
    }

    @Test
    void theOpenApiDocumentDescribesEveryOperationWithExamples() {
        String doc = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().asString();

        assertThat(doc).contains("/services/{id}/claims", "/services/{id}/availability", "/services/{id}/next-offer", "/waiting-list",
                "/services/{id}/declines", "/services/{id}/claims/{claimId}/release", "Home First East");
    }
}
