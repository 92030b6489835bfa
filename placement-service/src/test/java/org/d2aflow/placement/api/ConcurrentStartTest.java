package org.d2aflow.placement.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.placement.PlacementFixtures.today;

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

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.placement.PlacementApi;
import org.d2aflow.placement.PlacementFixtures;
import org.d2aflow.placement.PlacementFixtures.Pending;
import org.d2aflow.placement.Tables;
import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_placement"))
class ConcurrentStartTest {

    @Inject
    PlacementFixtures fixtures;

    @Inject
    Tables tables;

    @Test
    void ofTwelveParallelStartsOfOnePendingPlacementExactlyOneSucceeds() throws Exception {
        Pending p = fixtures.pending(ServiceType.REABLEMENT_HOME, today().minusDays(12));
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                String date = today().minusDays(12 - i % 6).toString();
                Callable<Integer> attempt = () -> {
                    start.await();
                    return given().contentType(ContentType.JSON).header("If-Match", "\"0\"").body(Map.of("startDate", date))
                            .post("/placements/{id}/start", p.placementId()).statusCode();
                };
                results.add(pool.submit(attempt));
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
        assertThat(tables.eventTypes(p.placementId())).containsExactly("d2a.placement.started.v1");
        PlacementApi.get(p.placementId()).statusCode(200).header("ETag", "\"1\"");
    }
}
