package org.d2aflow.referral;

import static io.restassured.RestAssured.given;
import static org.d2aflow.referral.ReferralTestData.aReferralRequest;

import java.util.List;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.ServiceRoleContract;
import org.d2aflow.testkit.TestTokens;

/** referral-service cannot rewrite its events nor the identity audit (reads and exports): it runs as a role that may only add to them. */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_referral"))
class ReferralServiceRoleTest extends ServiceRoleContract {

    private static final String TRUST = "RROLE-A";

    @Override
    protected List<String> appendOnlyTables() {
        return List.of("event_store", "processed_event", "identity_read_audit", "identity_export_audit", "patient_identity");
    }

    /** A referral (events, outbox rows, identity) and one read of its identity (an audit row). */
    @Override
    protected void recordSomething() {
        String coordinator = TestTokens.bearer("coordinator", TRUST);
        String id = given().header("Authorization", coordinator).contentType(ContentType.JSON).body(aReferralRequest().build())
                .post("/referrals").then().statusCode(201).extract().path("id");
        given().header("Authorization", coordinator).queryParam("reason", "Checking the service role")
                .get("/referrals/{id}/identity", id).then().statusCode(200);
    }
}
