package org.d2aflow.capacity.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.d2aflow.capacity.Referrals.aReferral;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import org.d2aflow.capacity.CapacityApi;
import org.d2aflow.capacity.EventLog;
import org.d2aflow.capacity.Referrals.Story;
import org.d2aflow.capacity.Tables;
import org.d2aflow.capacity.Today;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.DefaultToken;
import org.d2aflow.testkit.TestTokens;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The acceptance test of issue #4 on real PostgreSQL: 50 simultaneous claims for 50 different waiting referrals
 * against a service with 10 free units give exactly 10 claims and 40 refusals, and occupancy is 10; twenty times.
 * The referrals arrive the realistic way, as referral-service events on the broker.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_capacity"))
class ConcurrentClaimsTest {

    private static final int REPETITIONS = 20;
    private static final int CLAIMS = 50;
    private static final int UNITS = 10;
    private static final ServiceType HOME = ServiceType.REABLEMENT_HOME;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Tables tables;

    @TestHTTPResource("/")
    URI base;

    @Test
    void fiftyConcurrentClaimsForTenFreeUnitsGiveExactlyTenClaimsAndFortyRefusalsEveryTime() throws Exception {
        String locality = CapacityApi.freshLocality();
        // The 40 refused in one round still wait and take part in the next, with 10 fresh ones: 50 + 19 x 10 referrals.
        LinkedList<String> waiting = seedWaitingReferrals(locality, CLAIMS + (REPETITIONS - 1) * UNITS);
        LocalDate today = Today.date();
        ExecutorService pool = Executors.newFixedThreadPool(CLAIMS);
        // A plain HTTP client: the claims should race each other, not a heavyweight test client.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String staff = TestTokens.bearer("homefirst", DefaultToken.TEST_ORG);
        try {
            for (int round = 1; round <= REPETITIONS; round++) {
                String service = CapacityApi.serviceWith(HOME, locality, UNITS);
                List<String> contenders = new ArrayList<>(waiting.subList(0, CLAIMS));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<HttpResponse<String>>> calls = new ArrayList<>();
                for (String referral : contenders) {
                    HttpRequest request = HttpRequest.newBuilder(base.resolve("services/" + service + "/claims"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", staff)
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"referralId\": \"" + referral + "\", \"startDate\": \"" + today + "\"}"))
                            .build();
                    calls.add(pool.submit(() -> {
                        start.await();
                        return http.send(request, HttpResponse.BodyHandlers.ofString());
                    }));
                }
                start.countDown();
                List<String> claimedReferrals = new ArrayList<>();
                int refused = 0;
                for (int i = 0; i < CLAIMS; i++) {
                    HttpResponse<String> r = calls.get(i).get(60, TimeUnit.SECONDS);
                    if (r.statusCode() == 201) {
                        claimedReferrals.add(contenders.get(i));
                    } else {
                        assertThat(r.statusCode()).as("round %d: %s", round, r.body()).isEqualTo(409);
                        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
                        assertThat(JSON.readTree(r.body()).path("detail").asText()).as("round %d", round)
                                .startsWith("No free unit on " + today);
                        refused++;
                    }
                }

                assertThat(claimedReferrals).as("round %d: claims", round).hasSize(UNITS);
                assertThat(refused).as("round %d: refusals", round).isEqualTo(CLAIMS - UNITS);
                assertThat(CapacityApi.occupiedToday(service)).as("round %d: occupancy", round).isEqualTo(UNITS);
                assertThat(tables.count("SELECT count(*) FROM claim WHERE service_id = ?1 AND status = 'ACTIVE'", service)).isEqualTo(UNITS);
                assertThat(tables.streamTypes(service)).filteredOn("d2a.capacity.claimed.v1"::equals).hasSize(UNITS);
                waiting.removeAll(claimedReferrals);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(waiting).hasSize(CLAIMS - UNITS);
    }

    private LinkedList<String> seedWaitingReferrals(String locality, int count) {
        LinkedList<String> ids = new LinkedList<>();
        List<EventEnvelope<D2aEvent>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Story s = aReferral().inLocality(locality).decidedFor(HOME);
            all.addAll(s.envelopes());
            ids.add(s.id());
        }
        EventLog.publish(all);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().queryParam("serviceType", HOME.name()).queryParam("locality", locality).queryParam("size", 1)
                        .get("/waiting-list").then().extract().<Integer>path("total") == count);
        return ids;
    }
}
