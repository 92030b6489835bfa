package org.d2aflow.referral;

import static io.restassured.RestAssured.given;

import java.time.LocalDate;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** The referral REST API as tests call it. */
public final class ReferralApi {

    private ReferralApi() {
    }

    /** Creates a referral and returns its id. */
    public static String create(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/referrals")
                .then().statusCode(201).extract().path("id");
    }

    public static ValidatableResponse setDrd(String id, LocalDate drd) {
        return given().contentType(ContentType.JSON).body(Map.of("dischargeReadyDate", drd.toString()))
                .put("/referrals/{id}/discharge-ready-date", id).then();
    }

    public static ValidatableResponse decide(String id, String pathway, String serviceType, LocalDate decidedAt) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("pathway", pathway, "serviceType", serviceType, "decidedAt", decidedAt.toString()))
                .put("/referrals/{id}/pathway-decision", id).then();
    }

    public static ValidatableResponse discharge(String id, LocalDate date, String destination, String method) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("dischargeDate", date.toString(), "destinationCode", destination, "methodCode", method))
                .post("/referrals/{id}/discharge", id).then();
    }

    public static ValidatableResponse withdraw(String id, String reason) {
        return given().contentType(ContentType.JSON).body(Map.of("reason", reason)).post("/referrals/{id}/withdrawal", id).then();
    }

    /** Amends the discharge with the given fields (dischargeDate, destinationCode, methodCode, reason). */
    public static ValidatableResponse correctDischarge(String id, Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body).post("/referrals/{id}/discharge/corrections", id).then();
    }

    public static ValidatableResponse voidDischarge(String id, String reason) {
        return given().contentType(ContentType.JSON).body(Map.of("reason", reason)).post("/referrals/{id}/discharge/void", id).then();
    }

    public static ValidatableResponse correctDrd(String id, LocalDate drd, String reason) {
        return given().contentType(ContentType.JSON).body(Map.of("dischargeReadyDate", drd.toString(), "reason", reason))
                .post("/referrals/{id}/discharge-ready-date/corrections", id).then();
    }
}
