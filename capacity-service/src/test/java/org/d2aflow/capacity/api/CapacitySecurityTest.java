package org.d2aflow.capacity.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.capacity.Referrals.aReferral;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

import org.d2aflow.capacity.CapacityApi;
import org.d2aflow.capacity.EventLog;
import org.d2aflow.capacity.Referrals.Story;
import org.d2aflow.capacity.Tables;
import org.d2aflow.capacity.Today;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.testkit.AccessMatrix;
import org.d2aflow.testkit.AccessMatrix.Call;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.DefaultToken;
import org.d2aflow.testkit.TestTokens;
import org.junit.jupiter.api.Test;

/** Who may call what in capacity-service, and that a provider manages only the services it runs. */
@QuarkusTest
@DefaultToken(roles = {})
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_capacity"))
class CapacitySecurityTest {

    private static final String PROVIDER = "PROV-SEC-A";
    private static final String OTHER_PROVIDER = "PROV-SEC-B";

    @Inject
    Tables tables;

    private final LocalDate today = Today.date();
    private final String locality = CapacityApi.freshLocality();

    @Test
    void everyEndpointRefusesMissingBadAndWrongRoleTokensAndServesTheRightRole() {
        String service = registered(PROVIDER, 5);
        String forClaim = waiting();
        String forDecline = waiting();
        String capacity = "{\"units\": 6, \"fromDate\": \"" + today + "\"}";

        AccessMatrix.verify(null, Call.of("POST", "/services", registration(PROVIDER), PROVIDER, 201, "admin"));
        AccessMatrix.verify(null, Call.of("GET", "/services?locality=" + locality, null, PROVIDER, 200, "homefirst", "admin"));
        AccessMatrix.verify(null, Call.of("GET", "/services/" + service, null, PROVIDER, 200, "homefirst", "admin"));
        AccessMatrix.verify(null, Call.of("GET", "/services/" + service + "/availability", null, PROVIDER, 200, "homefirst", "admin"));
        AccessMatrix.verify(null, Call.of("GET", "/waiting-list?locality=" + locality, null, PROVIDER, 200, "homefirst", "admin"));
        AccessMatrix.verify(null, Call.of("GET", "/services/" + service + "/next-offer", null, PROVIDER, 200, "homefirst"));
        AccessMatrix.verify(null, Call.of("PUT", "/services/" + service + "/capacity", capacity, PROVIDER, 200, "homefirst"));
        String claim = AccessMatrix.verify(null, Call.of("POST", "/services/" + service + "/claims",
                Map.of("referralId", forClaim, "startDate", today.toString()), PROVIDER, 201, "homefirst")).path("id");
        AccessMatrix.verify(null, Call.of("GET", "/services/" + service + "/claims", null, PROVIDER, 200, "homefirst"));
        AccessMatrix.verify(null, Call.of("GET", "/services/" + service + "/claims/" + claim, null, PROVIDER, 200, "homefirst"));
        AccessMatrix.verify(null, Call.of("POST", "/services/" + service + "/claims/" + claim + "/release",
                Map.of("reason", "Start postponed"), PROVIDER, 200, "homefirst"));
        String decline = AccessMatrix.verify(null, Call.of("POST", "/services/" + service + "/declines",
                Map.of("referralId", forDecline, "reason", "Referred to market home care"), PROVIDER, 201, "homefirst")).path("id");
        AccessMatrix.verify(null, Call.of("GET", "/services/" + service + "/declines", null, PROVIDER, 200, "homefirst"));
        AccessMatrix.verify(null, Call.of("GET", "/services/" + service + "/declines/" + decline, null, PROVIDER, 200, "homefirst"));
    }

    @Test
    void aProviderManagesOnlyTheServicesItRuns() {
        String service = registered(PROVIDER, 2);
        String referral = waiting();
        Map<String, Long> before = tables.counts();
        String stranger = TestTokens.bearer("homefirst", OTHER_PROVIDER);

        // The service itself is no secret: any provider may see it exists and how full it is.
        given().header("Authorization", stranger).get("/services/{id}", service).then().statusCode(200)
                .body("providerOrganisation", org.hamcrest.Matchers.equalTo(PROVIDER));
        // What happens inside it belongs to its own staff.
        given().header("Authorization", stranger).contentType(ContentType.JSON).body(Map.of("units", 9, "fromDate", today.toString()))
                .put("/services/{id}/capacity", service).then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", stranger).contentType(ContentType.JSON).body(Map.of("referralId", referral))
                .post("/services/{id}/claims", service).then().statusCode(403);
        given().header("Authorization", stranger).contentType(ContentType.JSON).body(Map.of("referralId", referral, "reason", "full"))
                .post("/services/{id}/declines", service).then().statusCode(403);
        given().header("Authorization", stranger).get("/services/{id}/claims", service).then().statusCode(403);
        given().header("Authorization", stranger).get("/services/{id}/declines", service).then().statusCode(403);
        given().header("Authorization", stranger).get("/services/{id}/next-offer", service).then().statusCode(403);
        assertThat(tables.counts()).isEqualTo(before);

        // Its own staff claim; the claim event names the provider, so that placements made from it are scoped too.
        String claim = given().header("Authorization", homefirst(PROVIDER)).contentType(ContentType.JSON).body(Map.of("referralId", referral))
                .post("/services/{id}/claims", service).then().statusCode(201).extract().path("id");
        given().header("Authorization", stranger).get("/services/{id}/claims/{c}", service, claim).then().statusCode(403);
        given().header("Authorization", stranger).contentType(ContentType.JSON).body(Map.of("reason", "not ours"))
                .post("/services/{id}/claims/{c}/release", service, claim).then().statusCode(403);
        assertThat(tables.count("SELECT count(*) FROM outbox WHERE message_key = ?1 AND convert_from(payload, 'UTF8') LIKE ?2",
                service, "%\"providerOrganisation\":\"" + PROVIDER + "\"%")).isEqualTo(2);

        // Registration is the administrators' job, and a provider token must say which organisation it is.
        given().header("Authorization", homefirst(PROVIDER)).contentType(ContentType.JSON).body(registration(PROVIDER))
                .post("/services").then().statusCode(403);
        given().header("Authorization", "Bearer " + TestTokens.issuer().token("homefirst", null))
                .get("/services/{id}/claims", service).then().statusCode(403);
    }

    private String registered(String provider, int units) {
        String id = given().header("Authorization", TestTokens.bearer("admin", "ADMIN-ORG")).contentType(ContentType.JSON)
                .body(registration(provider)).post("/services").then().statusCode(201).extract().path("id");
        given().header("Authorization", homefirst(provider)).contentType(ContentType.JSON)
                .body(Map.of("units", units, "fromDate", today.toString())).put("/services/{id}/capacity", id).then().statusCode(200);
        return id;
    }

    private Map<String, Object> registration(String provider) {
        Map<String, Object> body = new LinkedHashMap<>(CapacityApi.aService());
        body.put("locality", locality);
        body.put("providerOrganisation", provider);
        return body;
    }

    private String waiting() {
        Story s = aReferral().inLocality(locality).readyOn(today.minusDays(1)).decidedFor(ServiceType.REABLEMENT_HOME);
        List<org.d2aflow.contracts.EventEnvelope<org.d2aflow.contracts.D2aEvent>> envelopes = s.envelopes();
        EventLog.publish(envelopes);
        tables.awaitReferralEvents(envelopes);
        return s.id();
    }

    private static String homefirst(String org) {
        return TestTokens.bearer("homefirst", org);
    }
}
