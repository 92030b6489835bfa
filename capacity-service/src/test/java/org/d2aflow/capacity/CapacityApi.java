package org.d2aflow.capacity;

import static io.restassured.RestAssured.given;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.d2aflow.testkit.DefaultToken;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import org.d2aflow.contracts.ServiceType;

/** The capacity REST API as tests call it. */
public final class CapacityApi {

    private CapacityApi() {
    }

    /** A registration body: a Home First service in East with a unique name, unless the test changes it. */
    public static Map<String, Object> aService() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Home First " + UUID.randomUUID());
        body.put("serviceType", "REABLEMENT_HOME");
        body.put("locality", "East");
        body.put("unit", "PACKAGE");
        body.put("providerOrganisation", DefaultToken.TEST_ORG);
        return body;
    }

    public static String register(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/services").then().statusCode(201).extract().path("id");
    }

    /** Registers a service of the type in the locality with the units from today. */
    public static String serviceWith(ServiceType type, String locality, int units) {
        return serviceWith(type, locality, units, Today.date());
    }

    /** Registers a service of the type in the locality with the units from a date (in the past: declared late). */
    public static String serviceWith(ServiceType type, String locality, int units, LocalDate from) {
        Map<String, Object> body = aService();
        body.put("serviceType", type.name());
        body.put("locality", locality);
        body.put("unit", type.pathway().name().equals("P1") ? "PACKAGE" : "BED");
        String id = register(body);
        setCapacity(id, units, from).statusCode(200);
        return id;
    }

    public static ValidatableResponse setCapacity(String serviceId, int units, LocalDate from) {
        return given().contentType(ContentType.JSON).body(Map.of("units", units, "fromDate", from.toString()))
                .put("/services/{id}/capacity", serviceId).then();
    }

    public static ValidatableResponse claim(String serviceId, String referralId, LocalDate start) {
        return given().contentType(ContentType.JSON).body(Map.of("referralId", referralId, "startDate", start.toString()))
                .post("/services/{id}/claims", serviceId).then();
    }

    public static ValidatableResponse claim(String serviceId, String referralId) {
        return claim(serviceId, referralId, Today.date());
    }

    public static ValidatableResponse release(String serviceId, String claimId, String reason) {
        return given().contentType(ContentType.JSON).body(Map.of("reason", reason))
                .post("/services/{id}/claims/{claimId}/release", serviceId, claimId).then();
    }

    /** Releases a claim as of a business date (entered late). */
    public static ValidatableResponse release(String serviceId, String claimId, String reason, LocalDate releasedOn) {
        return given().contentType(ContentType.JSON).body(Map.of("reason", reason, "releasedOn", releasedOn.toString()))
                .post("/services/{id}/claims/{claimId}/release", serviceId, claimId).then();
    }

    /** Records a decline that happened on a business date (entered late). */
    public static ValidatableResponse decline(String serviceId, String referralId, String reason, LocalDate declinedOn) {
        return given().contentType(ContentType.JSON).body(Map.of("referralId", referralId, "reason", reason, "declinedOn", declinedOn.toString()))
                .post("/services/{id}/declines", serviceId).then();
    }

    public static ValidatableResponse decline(String serviceId, String referralId, String reason) {
        return given().contentType(ContentType.JSON).body(Map.of("referralId", referralId, "reason", reason))
                .post("/services/{id}/declines", serviceId).then();
    }

    public static ValidatableResponse waitingList(ServiceType type, String locality) {
        return given().queryParam("serviceType", type.name()).queryParam("locality", locality).get("/waiting-list").then();
    }

    public static ValidatableResponse availability(String serviceId, LocalDate from, LocalDate to) {
        return given().queryParam("from", from.toString()).queryParam("to", to.toString())
                .get("/services/{id}/availability", serviceId).then();
    }

    /** Occupied units today, from the availability endpoint. */
    public static int occupiedToday(String serviceId) {
        return availability(serviceId, Today.date(), Today.date()).statusCode(200).extract().path("days[0].occupied");
    }

    /** A locality no other test uses, so that waiting lists do not mix. */
    public static String freshLocality() {
        return "Locality " + UUID.randomUUID().toString().substring(0, 8);
    }
}
