package org.d2aflow.referral.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.d2aflow.referral.ReferralTestData.aReferralRequest;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

import org.d2aflow.kit.outbox.OutboxRelay;
import org.d2aflow.referral.ReferralApi;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.OwnPostgres;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away under a running service (its own server, stopped with every connection cut, then started
 * again): a write cut mid-transaction and every request meanwhile are 503 problem+json with Retry-After, never a 500;
 * readiness is DOWN; once the database is back, the same requests succeed, a retried write is recorded once, and
 * nothing is half-written.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = {@ResourceArg(name = "database", value = "d2a_referral"),
        @ResourceArg(name = "postgres", value = "own")})
class DatabaseOutageTest {

    private static final String DATABASE = "d2a_referral";
    private static final List<String> WRITTEN = List.of("event_store", "outbox", "referral", "patient_identity", "idempotency_key",
            "identity_read_audit");
    private static final String DATABASE_CHECK = "Database connections health check";

    @Inject
    OutboxRelay relay;

    private static Response submit(String key, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/referrals");
    }

    @Test
    void whileTheDatabaseIsDownRequestsAre503WithRetryAfterAndReadinessIsDownThenEverythingRecovers() throws SQLException {
        OwnPostgres postgres = OwnPostgres.get();
        String earlier = ReferralApi.create(aReferralRequest().admittedDaysAgo(6).build());
        Map<String, Long> before = postgres.rowCounts(DATABASE, WRITTEN);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = aReferralRequest().admittedDaysAgo(4).build();

        // A write caught mid-transaction: it waits for a lock held here when the server goes down under it.
        String inFlightKey = UUID.randomUUID().toString();
        Map<String, Object> inFlightBody = aReferralRequest().admittedDaysAgo(3).build();
        Connection lock = postgres.server().connect(DATABASE);
        lock.setAutoCommit(false);
        lock.createStatement().execute("LOCK TABLE referral IN ACCESS EXCLUSIVE MODE");
        CompletableFuture<Response> inFlight = CompletableFuture.supplyAsync(() -> submit(inFlightKey, inFlightBody));
        await().atMost(Duration.ofSeconds(30)).until(() -> waitingForALock(lock));
        postgres.stop();
        try {
            lock.close();
        } catch (SQLException gone) {
            // The server is gone: so is the connection that held the lock.
        }
        try {
            assertUnavailable(inFlight.join(), "/referrals");
            // Then a refused connection for each new attempt: all 503 as well.
            for (int i = 0; i < 3; i++) {
                assertUnavailable(submit(key, body), "/referrals");
                assertUnavailable(given().get("/referrals/{id}", earlier), "/referrals/" + earlier);
                assertUnavailable(given().get("/referrals?size=5"), "/referrals");
            }
            given().get("/q/health/ready").then().statusCode(503)
                    .body("status", equalTo("DOWN"))
                    .body("checks.find { it.name == '" + DATABASE_CHECK + "' }.status", equalTo("DOWN"));
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            postgres.start();
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then().body("checks.name", hasItem(DATABASE_CHECK));
        // The client retries the refused write with the same key, as Retry-After asked.
        Response accepted = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> submit(key, body), r -> r.statusCode() != 503);
        accepted.then().statusCode(201);
        String id = accepted.path("id");
        submit(key, body).then().statusCode(201).header("Idempotent-Replay", "true").body("id", equalTo(id));
        given().get("/referrals/{id}", earlier).then().statusCode(200).body("id", equalTo(earlier));

        Map<String, Long> expected = new HashMap<>(before);
        for (String table : List.of("event_store", "outbox", "referral", "patient_identity", "idempotency_key")) {
            expected.merge(table, 1L, Long::sum);
        }
        assertThat(postgres.rowCounts(DATABASE, WRITTEN)).as("one referral recorded, whole, for all the attempts; nothing of the "
                + "write cut mid-transaction").isEqualTo(expected);
        submit(inFlightKey, inFlightBody).then().statusCode(201).header("Idempotent-Replay", (String) null);
        expected.replaceAll((table, n) -> table.equals("identity_read_audit") ? n : n + 1);
        assertThat(postgres.rowCounts(DATABASE, WRITTEN)).isEqualTo(expected);

        // The relay lost its connections too, and publishes again.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            relay.wake();
            return relay.pending() == 0;
        });
    }

    private static boolean waitingForALock(Connection c) throws SQLException {
        try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted")) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    private static void assertUnavailable(Response response, String instance) {
        response.then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("type", equalTo("urn:d2a:problem:database-unavailable"))
                .body("status", equalTo(503))
                .body("instance", equalTo(instance));
    }
}
