package org.d2aflow.metrics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.metrics.LogWriter;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.DefaultToken;
import org.d2aflow.testkit.hostile.HostileCampaign;
import org.d2aflow.testkit.hostile.HostileRequests;
import org.d2aflow.testkit.hostile.HostileSuite;
import org.d2aflow.testkit.hostile.ProblemShape;
import org.d2aflow.testkit.hostile.RawHttp;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input suite for metrics-service: about 2,000 bad requests generated from the service's own OpenAPI
 * document (see test-kit's {@code hostile} package), sent to the real service reading the real broker. Not one may get a
 * 5xx and every refusal is a problem naming the field at fault. The service has no database and publishes only its
 * periodic figure snapshots; its one change, a rebuild, is an administrator's: the good requests carry a commissioner's
 * token, so every request to it is refused, and no rebuild may have started.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class HostileInputTest {

    @Test
    void refusesEveryGeneratedBadRequestWithAProblemAndStartsNoRebuild() {
        LogWriter.dischargedReferral("East", 82, LocalDate.of(2018, 3, 1), LocalDate.of(2018, 3, 5), Pathway.P1,
                ServiceType.REABLEMENT_HOME, LocalDate.of(2018, 3, 6), "19", "1");
        LogWriter.dischargedReferral("North and West", 90, LocalDate.of(2018, 3, 3), LocalDate.of(2018, 3, 4), Pathway.P0,
                ServiceType.SOCIAL_SUPPORT, LocalDate.of(2018, 3, 4), "51", "1");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParam("from", "2018-03-01").queryParam("to", "2018-03-31")
                .get("/figures/discharge-to-usual-residence").then().statusCode(200).body("denominator", equalTo(2)));

        HostileCampaign.Report report = HostileSuite.run("metrics-service", RestAssured.port, List.of("commissioner"), DefaultToken.TEST_ORG,
                null, List.of(), List.of(), null, g -> g
                        .pathValues((path, name) -> "discharge-to-usual-residence")
                        .queryValue("from", "2018-01-01").queryValue("to", "2018-12-31").queryValue("asKnownAt", "2026-01-01T00:00:00Z")
                        .queryValue("breakdown", "locality").queryValue("count29AsHome", "false").queryValue("excludeUnknown99", "false")
                        .queryValue("at", "2018-06-30").queryValue("granularity", "week")
                        .queryValue("date", "2018-03-06").queryValue("month", "2018-03"));

        report.assertClean(HostileSuite.requests());
        given().get("/figures/projection").then().statusCode(200).body("rebuilding", nullValue());
    }

    @Test
    void anAsKnownAtOrDateWithAHugeYearIsRefusedNamingIt() {
        RawHttp http = new RawHttp("localhost", RestAssured.port, 20_000);
        for (String query : List.of("asKnownAt=%2B999999999-12-31T23:59:59Z", "asKnownAt=-999999999-01-01T00:00:00Z",
                "asKnownAt=%2B10000-01-01T00:00:00Z")) {
            RawHttp.Answer a = http.send(HostileRequests.get("/figures/discharge-to-usual-residence?" + query));
            assertThat(a.status()).as(query).isEqualTo(400);
            assertThat(ProblemShape.violations(400, a.header("Content-Type"), a.body())).as(query).isEmpty();
            assertThat(ProblemShape.fields(a.body())).as(query).containsExactly("asKnownAt");
        }
        RawHttp.Answer to = http.send(HostileRequests.get("/figures/discharge-to-usual-residence/trend?from=-999999999-01-01"));
        assertThat(to.status()).isEqualTo(400);
        assertThat(ProblemShape.fields(to.body())).containsExactly("from");
    }
}
