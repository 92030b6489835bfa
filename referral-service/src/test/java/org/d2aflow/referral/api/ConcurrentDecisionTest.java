package org.d2aflow.referral.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.referral.ReferralTestData.aReferralRequest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

import org.d2aflow.referral.ReferralApi;
import org.d2aflow.referral.Tables;
import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_referral"))
class ConcurrentDecisionTest {

    @Inject
    Tables tables;

    @Test
    void ofTwentyParallelDecisionsOnTheSameVersionExactlyOneSucceeds() throws Exception {
        String id = ReferralApi.create(aReferralRequest().admittedDaysAgo(5).build());
        String[] services = {"SOCIAL_SUPPORT", "REABLEMENT_HOME", "BEDDED_REABLEMENT", "SHORT_TERM_CARE_HOME"};
        String[] pathways = {"P0", "P1", "P2", "P3"};
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                int n = i % 4;
                Callable<Integer> decide = () -> {
                    start.await();
                    return given().contentType(ContentType.JSON).header("If-Match", "\"1\"")
                            .body(Map.of("pathway", pathways[n], "serviceType", services[n], "decidedAt", LocalDate.now().toString()))
                            .put("/referrals/{id}/pathway-decision", id).statusCode();
                };
                results.add(pool.submit(decide));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
            assertThat(statuses).filteredOn(s -> s != 200).allMatch(s -> s == 409 || s == 412);
        } finally {
            pool.shutdownNow();
        }
        assertThat(tables.events(id, "d2a.referral.pathway-decided.v1")).isEqualTo(1);
        given().get("/referrals/{id}", id).then().statusCode(200).header("ETag", "\"2\"");
    }
}
