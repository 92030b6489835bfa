package org.d2aflow.placement;

import static io.restassured.RestAssured.given;

import java.time.LocalDate;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** The placement REST API as tests call it. */
public final class PlacementApi {

    private PlacementApi() {
    }

    public static ValidatableResponse get(String id) {
        return given().get("/placements/{id}", id).then();
    }

    public static ValidatableResponse start(String id, LocalDate startDate) {
        return given().contentType(ContentType.JSON).body(Map.of("startDate", startDate.toString()))
                .post("/placements/{id}/start", id).then();
    }

    public static ValidatableResponse end(String id, LocalDate endDate, String endReason) {
        return given().contentType(ContentType.JSON).body(Map.of("endDate", endDate.toString(), "endReason", endReason))
                .post("/placements/{id}/end", id).then();
    }

    public static ValidatableResponse followUp(String id, String day91Status) {
        return given().contentType(ContentType.JSON).body(Map.of("day91Status", day91Status))
                .post("/placements/{id}/follow-up", id).then();
    }

    public static ValidatableResponse followUp(String id, String day91Status, LocalDate obtainedOn) {
        return given().contentType(ContentType.JSON).body(Map.of("day91Status", day91Status, "obtainedOn", obtainedOn.toString()))
                .post("/placements/{id}/follow-up", id).then();
    }

    /** A correction of the follow-up in force; {@code obtainedOn} null keeps its date. */
    public static ValidatableResponse correctFollowUp(String id, String day91Status, LocalDate obtainedOn, String reason) {
        Map<String, String> body = new java.util.HashMap<>(Map.of("day91Status", day91Status, "reason", reason));
        if (obtainedOn != null) {
            body.put("obtainedOn", obtainedOn.toString());
        }
        return given().contentType(ContentType.JSON).body(body).post("/placements/{id}/follow-up/corrections", id).then();
    }
}
