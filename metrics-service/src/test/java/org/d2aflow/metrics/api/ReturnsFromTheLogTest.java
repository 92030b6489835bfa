package org.d2aflow.metrics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.LocalDate;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.metrics.LogWriter;
import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.Test;

/** Both returns fetched as CSV from the real service reading referrals written to the real broker (May 2017, a month no other test uses). */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class ReturnsFromTheLogTest {

    @Test
    void bothReturnsComeAsCsvWithCountsOnly() {
        String home = LogWriter.dischargedReferral("East", 81, LocalDate.of(2017, 5, 1), LocalDate.of(2017, 5, 6), Pathway.P1,
                ServiceType.REABLEMENT_HOME, LocalDate.of(2017, 5, 10), "19", "1");
        String ward = LogWriter.dischargedReferral("East", 77, LocalDate.of(2017, 5, 1), LocalDate.of(2017, 5, 10), Pathway.P0,
                ServiceType.SOCIAL_SUPPORT, LocalDate.of(2017, 5, 10), "51", "1");

        // Delays 4 and 0 days: 2 patients, 4 bed days; 4/2 = 2.00 with zero-day delays, 4/1 = 4.00 without.
        String expected = "2017-05,2,4,50.0,50.0,1,50.0,0,0.0,0,0.0,1,50.0,0,0.0,0,0.0,0,0.0,2.00,4.00\r\n";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(given().queryParam("month", "2017-05")
                .get("/returns/drd-timeliness").then().statusCode(200).contentType(startsWith("text/csv")).extract().asString())
                .startsWith("Month,Total # of patients discharged,").endsWith(expected));

        String sitrep = given().queryParam("date", "2017-05-10").queryParam("asKnownAt", "2100-01-01T00:00:00Z").get("/returns/discharge-sitrep")
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        String row = sitrep.substring(sitrep.indexOf("\r\n") + 2);
        // NCTR 2, both discharged: P0 - Other (51) and P1 - Domestic home (19); none remain.
        assertThat(row).startsWith("2017-05-10,2,2,0,1,1,0,0,0,0,0,0,0,0,0,0,").endsWith("\r\n");
        assertThat(sitrep + expected).doesNotContain(home).doesNotContain(ward).doesNotContain("a1b2c3");

        given().accept("application/json").queryParam("date", "2017-05-10").get("/returns/discharge-sitrep").then().statusCode(200)
                .body("'Number of patients discharged'", equalTo("2"));
        given().get("/returns/drd-timeliness/columns").then().statusCode(200).contentType(startsWith("text/markdown"))
                .body(containsString("Average days from DRD to DoD (exc 0-day delays)"));
        given().get("/returns/discharge-sitrep").then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("period"));
        given().queryParam("period", "2017-05-10").get("/returns/drd-timeliness").then().statusCode(400)
                .body("errors[0].field", equalTo("period"), "errors[0].message", containsString("yyyy-MM"));
        given().accept("application/json").queryParam("period", "2017-05").get("/returns/drd-timeliness").then().statusCode(200)
                .body("Month", equalTo("2017-05"));
        given().get("/returns/no-such-return").then().statusCode(404).contentType(startsWith("application/problem+json"));
        given().accept("application/json").get("/returns").then().statusCode(200).body("name", hasItems("discharge-sitrep", "drd-timeliness"));
        given().queryParam("month", "2017-13").get("/returns/drd-timeliness").then().statusCode(400).body("errors[0].field", equalTo("month"));
    }
}
