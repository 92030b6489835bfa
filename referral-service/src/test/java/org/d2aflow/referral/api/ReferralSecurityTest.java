package org.d2aflow.referral.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.d2aflow.referral.ReferralTestData.aReferralRequest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.d2aflow.referral.Tables;
import org.d2aflow.testkit.AccessMatrix;
import org.d2aflow.testkit.AccessMatrix.Call;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.DefaultToken;
import org.d2aflow.testkit.TestTokens;
import org.junit.jupiter.api.Test;

/** Who may call what in referral-service, which referrals they see, and the audit of identity reads. */
@QuarkusTest
@DefaultToken(roles = {})
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_referral"))
class ReferralSecurityTest {

    private static final String TRUST = "RTRUST-A";
    private static final String OTHER_TRUST = "RTRUST-B";

    @Inject
    Tables tables;

    @Inject
    EntityManager em;

    private final LocalDate today = LocalDate.now();

    @Test
    void everyEndpointRefusesMissingBadAndWrongRoleTokensAndServesTheRightRole() {
        String forChanges = create(TRUST, aReferralRequest().build());
        String forWithdrawal = create(TRUST, aReferralRequest().build());
        String drd = "{\"dischargeReadyDate\": \"" + today.minusDays(1) + "\"}";
        String decision = "{\"pathway\": \"P1\", \"serviceType\": \"REABLEMENT_HOME\", \"decidedAt\": \"" + today + "\"}";
        String discharge = "{\"dischargeDate\": \"" + today + "\", \"destinationCode\": \"19\", \"methodCode\": \"1\"}";
        List<Call> matrix = List.of(
                Call.of("POST", "/referrals", aReferralRequest().build(), TRUST, 201, "coordinator"),
                Call.of("GET", "/referrals", null, TRUST, 200, "coordinator"),
                Call.of("GET", "/referrals/" + forChanges, null, TRUST, 200, "coordinator"),
                Call.of("PUT", "/referrals/" + forChanges + "/discharge-ready-date", drd, TRUST, 200, "coordinator"),
                Call.of("PUT", "/referrals/" + forChanges + "/pathway-decision", decision, TRUST, 200, "coordinator"),
                Call.of("POST", "/referrals/" + forChanges + "/discharge", discharge, TRUST, 200, "coordinator"),
                Call.of("POST", "/referrals/" + forChanges + "/discharge/corrections",
                        "{\"destinationCode\": \"85\", \"reason\": \"Went to a care home\"}", TRUST, 200, "coordinator"),
                Call.of("POST", "/referrals/" + forChanges + "/discharge-ready-date/corrections",
                        "{\"dischargeReadyDate\": \"" + today.minusDays(2) + "\", \"reason\": \"A day earlier\"}", TRUST, 200, "coordinator"),
                Call.of("POST", "/referrals/" + forChanges + "/discharge/void", "{\"reason\": \"Wrong patient\"}", TRUST, 200,
                        "coordinator"),
                Call.of("POST", "/referrals/" + forWithdrawal + "/withdrawal", "{\"reason\": \"Moved to another trust\"}", TRUST, 200,
                        "coordinator"),
                Call.of("GET", "/referrals/" + forChanges + "/identity?reason=Matrix+test", null, TRUST, 200, "coordinator"),
                Call.of("GET", "/audit/identity-reads", null, TRUST, 200, "admin"),
                Call.of("GET", "/audit/identity-exports", null, TRUST, 200, "admin"));
        for (Call call : matrix) {
            Map<String, Long> before = tables.counts();
            Response ok = AccessMatrix.verify(null, call);
            if (call.method().equals("GET") && !call.path().contains("/identity")) {
                assertThat(tables.counts()).as("a read writes nothing: " + call).isEqualTo(before);
            }
            assertThat(ok.statusCode()).isEqualTo(call.success());
        }
    }

    @Test
    void refusedAndUnknownRequestsLeaveNoRawIdInTheMetricsUriTags() {
        String marker = java.util.UUID.randomUUID().toString();
        given().get("/referrals/" + marker).then().statusCode(401);
        given().contentType(ContentType.JSON).body("{}").post("/referrals/" + marker + "/discharge").then().statusCode(401);
        given().header("Authorization", TestTokens.bearer("homefirst", TRUST)).get("/referrals/" + marker).then().statusCode(403);
        given().header("Authorization", coordinator(TRUST)).get("/referrals/" + marker).then().statusCode(404);
        given().header("Authorization", coordinator(TRUST)).get("/referrals/" + marker + "/nowhere").then().statusCode(404);
        given().request("TRACE", "/referrals/" + marker).then().statusCode(405);
        given().get("/" + marker).then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400));

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).as("a raw path would give every id a time series of its own").doesNotContain(marker)
                .contains("http_server_requests_seconds_count{method=\"TRACE\",outcome=\"CLIENT_ERROR\",status=\"405\",uri=\"/REFUSED\"}");
    }

    @Test
    void traceIsRefusedEverywhereHealthIncluded() {
        String id = create(TRUST, aReferralRequest().build());
        Map<String, Long> before = tables.counts();
        for (String path : List.of("/q/health", "/q/health/ready", "/q/metrics", "/referrals", "/referrals/" + id, "/nowhere")) {
            for (String method : List.of("TRACE", "CONNECT")) {
                given().header("Authorization", TestTokens.bearer("coordinator", TRUST)).request(method, path).then()
                        .statusCode(405).contentType("application/problem+json").header("Allow", org.hamcrest.Matchers.not(
                                org.hamcrest.Matchers.containsString("TRACE")))
                        .body("status", org.hamcrest.Matchers.equalTo(405));
            }
        }
        given().get("/q/health").then().statusCode(200);
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void refusalsWriteNothing() {
        String id = create(TRUST, aReferralRequest().build());
        Map<String, Long> before = tables.counts();
        for (String role : List.of("homefirst", "commissioner", "admin")) {
            given().header("Authorization", TestTokens.bearer(role, TRUST)).contentType(ContentType.JSON).body(aReferralRequest().build())
                    .post("/referrals").then().statusCode(403);
            given().header("Authorization", TestTokens.bearer(role, TRUST)).get("/referrals/{id}/identity?reason=curious", id)
                    .then().statusCode(403);
        }
        given().contentType(ContentType.JSON).body(aReferralRequest().build()).post("/referrals").then().statusCode(401);
        given().header("Authorization", TestTokens.expired("coordinator", TRUST)).contentType(ContentType.JSON)
                .body(aReferralRequest().build()).post("/referrals").then().statusCode(401);
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void aCoordinatorSeesAndChangesOnlyTheirOwnOrganisationsReferrals() {
        String ours = create(TRUST, aReferralRequest().inLocality("Scoping").build());
        String theirs = create(OTHER_TRUST, aReferralRequest().inLocality("Scoping").build());

        List<String> listedForUs = given().header("Authorization", coordinator(TRUST)).queryParam("locality", "Scoping")
                .queryParam("size", 200).get("/referrals").then().statusCode(200).extract().path("items.id");
        assertThat(listedForUs).contains(ours).doesNotContain(theirs);
        List<String> listedForThem = given().header("Authorization", coordinator(OTHER_TRUST)).queryParam("locality", "Scoping")
                .queryParam("size", 200).get("/referrals").then().statusCode(200).extract().path("items.id");
        assertThat(listedForThem).contains(theirs).doesNotContain(ours);

        // Another organisation's referral answers exactly as a missing one: its existence is not disclosed.
        Map<String, Long> before = tables.counts();
        given().header("Authorization", coordinator(TRUST)).get("/referrals/{id}", theirs).then().statusCode(404);
        given().header("Authorization", coordinator(TRUST)).contentType(ContentType.JSON)
                .body(Map.of("dischargeReadyDate", today.toString())).put("/referrals/{id}/discharge-ready-date", theirs)
                .then().statusCode(404);
        given().header("Authorization", coordinator(TRUST)).contentType(ContentType.JSON).body(Map.of("reason", "not ours"))
                .post("/referrals/{id}/withdrawal", theirs).then().statusCode(404);
        given().header("Authorization", coordinator(TRUST)).get("/referrals/{id}/identity?reason=Curious", theirs).then().statusCode(404);
        assertThat(tables.counts()).isEqualTo(before);

        // A coordinator's token must say which organisation they work for.
        given().header("Authorization", "Bearer " + TestTokens.issuer().token("coordinator", null)).get("/referrals")
                .then().statusCode(403).contentType("application/problem+json");
        String id = given().header("Authorization", coordinator(TRUST)).get("/referrals/{id}", ours).then().statusCode(200)
                .extract().path("id");
        assertThat(id).isEqualTo(ours);
    }

    @Test
    void identityIsShownOnlyToTheOwningOrganisationAndEveryReadIsAudited() {
        Map<String, Object> body = aReferralRequest().with("name", "Ada Example").with("dateOfBirth", "1939-05-04").build();
        String id = create(TRUST, body);
        String nhs = (String) body.get("nhsNumber");

        // Nowhere but the identity endpoint: not in the referral, not in its history.
        String plain = given().header("Authorization", coordinator(TRUST)).get("/referrals/{id}", id).then().statusCode(200)
                .extract().asString();
        assertThat(plain).doesNotContain(nhs).doesNotContain("Ada Example").doesNotContain("1939-05-04");

        // A read without a reason is refused before anything is shown or recorded.
        assertThat(given().header("Authorization", coordinator(TRUST)).get("/referrals/{id}/identity", id).then().statusCode(400)
                .contentType("application/problem+json").extract().<String>path("errors[0].field")).isEqualTo("reason");

        List<String> reasons = new ArrayList<>();
        for (String reason : List.of("Arranging transport home", "Checking GP registration")) {
            JsonPath identity = given().header("Authorization", coordinator(TRUST)).queryParam("reason", reason)
                    .get("/referrals/{id}/identity", id).then().statusCode(200).header("Cache-Control", "no-store")
                    .extract().jsonPath();
            assertThat(identity.getString("nhsNumber").replace(" ", "")).isEqualTo(nhs);
            assertThat(identity.getString("name")).isEqualTo("Ada Example");
            assertThat(identity.getString("dateOfBirth")).isEqualTo("1939-05-04");
            reasons.add(reason);
        }

        JsonPath audit = given().header("Authorization", TestTokens.bearer("admin", "ADMIN-ORG")).queryParam("referralId", id)
                .get("/audit/identity-reads").then().statusCode(200).extract().jsonPath();
        assertThat(audit.getList("items.reason", String.class)).containsExactlyElementsOf(reasons);
        assertThat(audit.getList("items.reader", String.class)).containsOnly("dev-coordinator@" + TRUST);
        assertThat(audit.getList("items.organisation", String.class)).containsOnly(TRUST);
        assertThat(audit.getList("items.readAt")).doesNotContainNull();
        assertThat(audit.getInt("total")).isEqualTo(2);
    }

    /** Through the service's own connection pool: its role may add to the audit but not rewrite it (ReferralServiceRoleTest has the rest). */
    @Test
    void theAuditCannotBeRewrittenThroughTheServicesOwnConnections() {
        String id = create(TRUST, aReferralRequest().build());
        given().header("Authorization", coordinator(TRUST)).queryParam("reason", "Family asked for an update")
                .get("/referrals/{id}/identity", id).then().statusCode(200);
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> em
                .createNativeQuery("UPDATE identity_read_audit SET reason = 'nothing to see' WHERE referral_id = ?1")
                .setParameter(1, id).executeUpdate())).hasStackTraceContaining("permission denied for table identity_read_audit");
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> em
                .createNativeQuery("DELETE FROM identity_read_audit WHERE referral_id = ?1").setParameter(1, id).executeUpdate()))
                .hasStackTraceContaining("permission denied for table identity_read_audit");
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> em
                .createNativeQuery("ALTER TABLE identity_read_audit DISABLE TRIGGER identity_read_audit_no_change").executeUpdate()))
                .hasStackTraceContaining("must be owner of table identity_read_audit");
        assertThat(given().header("Authorization", TestTokens.bearer("admin", "ADMIN-ORG")).queryParam("referralId", id)
                .get("/audit/identity-reads").then().statusCode(200).extract().<String>path("items[0].reason"))
                .isEqualTo("Family asked for an update");
    }

    private static String coordinator(String org) {
        return TestTokens.bearer("coordinator", org);
    }

    private static String create(String org, Map<String, Object> body) {
        return given().header("Authorization", coordinator(org)).contentType(ContentType.JSON).body(body).post("/referrals")
                .then().statusCode(201).extract().path("id");
    }
}
