package org.d2aflow.referral.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.referral.ReferralTestData.aReferralRequest;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

import org.d2aflow.referral.Tables;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.DefaultToken;
import org.d2aflow.testkit.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * Per-client rate limits (common-kit RateLimits), with limits tight enough to reach in a test: three writes and five
 * reads at once, then one every twenty seconds.
 */
@QuarkusTest
@TestProfile(RateLimitTest.Tight.class)
@WithTestResource(value = D2aStackResource.class, initArgs = {@ResourceArg(name = "database", value = "d2a_referral"),
        @ResourceArg(name = "rateLimits", value = "as-configured")})
@DefaultToken(roles = {})
class RateLimitTest {

    public static class Tight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("d2a.rate-limit.writes-per-second", "0.05", "d2a.rate-limit.write-burst", "3",
                    "d2a.rate-limit.reads-per-second", "0.05", "d2a.rate-limit.read-burst", "5");
        }
    }

    @Inject
    Tables tables;

    @Inject
    MeterRegistry registry;

    /** A coordinator of the test organisation with a subject of their own. */
    private static String coordinator(String name) {
        return "Bearer " + TestTokens.issuer().token(List.of("coordinator"), DefaultToken.TEST_ORG, name + "-" + UUID.randomUUID(),
                Instant.now(), Duration.ofHours(1));
    }

    private static Response submit(String token) {
        return given().header("Authorization", token).contentType(ContentType.JSON).body(aReferralRequest().admittedDaysAgo(5).build())
                .post("/referrals");
    }

    @Test
    void aClientPastItsBurstGets429WithRetryAfterWritesNothingAndAnotherClientGoesOn() {
        String alice = coordinator("alice");
        String bob = coordinator("bob");
        double refusedBefore = registry.counter("d2a.http.rate.limited", "kind", "write").count();

        // A token's first request counts against the address (its signature is checked only once the request is
        // let in); from then on the client is its subject, with a burst of three writes of its own.
        for (int i = 0; i < 4; i++) {
            submit(alice).then().statusCode(201);
        }
        Map<String, Long> afterBurst = tables.counts();
        List<Response> refused = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            refused.add(submit(alice));
        }

        for (Response r : refused) {
            r.then().statusCode(429)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:d2a:problem:rate-limited"))
                    .body("status", equalTo(429))
                    .body("title", equalTo("Too many requests"))
                    .body("instance", equalTo("/referrals"))
                    .body("detail", startsWith("This client has made more writes than it may"));
            assertThat(Integer.parseInt(r.header("Retry-After"))).as("whole seconds until the next token (one per 20 s)").isBetween(1, 20);
        }
        assertThat(tables.counts()).as("refused requests write nothing").isEqualTo(afterBurst);
        assertThat(registry.counter("d2a.http.rate.limited", "kind", "write").count() - refusedBefore).isEqualTo(3.0);

        // Bob, from the same address, is not held back by Alice.
        submit(bob).then().statusCode(201);
        submit(bob).then().statusCode(201);
        // Reads are counted apart from writes.
        given().header("Authorization", alice).get("/referrals?size=1").then().statusCode(200);
        submit(alice).then().statusCode(429);
    }

    @Test
    void anonymousRequestsAreLimitedByAddressButHealthProbesNeverAre() {
        int limitedAt = -1;
        for (int i = 0; i < 6 && limitedAt < 0; i++) {
            // No token: 401 while the address has reads left, then 429 before anything else is looked at.
            int status = given().get("/referrals").statusCode();
            if (status == 429) {
                limitedAt = i;
            } else {
                assertThat(status).isEqualTo(401);
            }
        }
        assertThat(limitedAt).as("the address's five reads are spent by the first five").isEqualTo(5);

        for (int i = 0; i < 20; i++) {
            given().get("/q/health/ready").then().statusCode(200);
            given().get("/q/health/live").then().statusCode(200);
        }
        given().get("/q/metrics").then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue());
    }
}
