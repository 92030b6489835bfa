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

/**
 * The daily and monthly returns, and the weekly reasons, fetched as CSV from the real service reading referrals written to the
 * real broker (May 2017, a month no other test uses).
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class ReturnsFromTheLogTest {

    @Test
    void theReturnsComeAsCsvWithCountsOnly() {
        String home = LogWriter.dischargedReferral("East", 81, LocalDate.of(2017, 5, 1), LocalDate.of(2017, 5, 6), Pathway.P1,
                ServiceType.REABLEMENT_HOME, LocalDate.of(2017, 5, 10), "19", "1");
        String ward = LogWriter.dischargedReferral("East", 77, LocalDate.of(2017, 5, 1), LocalDate.of(2017, 5, 10), Pathway.P0,
                ServiceType.SOCIAL_SUPPORT, LocalDate.of(2017, 5, 10), "51", "1");
        // home waited for transport (code 8) from its DRD: no daily count below changes (it left on the 10th), the weekly one does.
        LogWriter.delayReason(home, 5, "8", LocalDate.of(2017, 5, 6));

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

        // Week 19 of 2017 is Monday 8 to Sunday 14 May. home remains on the 8th and 9th (stays 7 and 8) with code 8 and leaves
        // on the 10th; ward is discharged on the day it is ready. 2/7 = 0.3 at 7+; nobody reaches 14 days.
        String csv = await().atMost(Duration.ofSeconds(30)).until(() -> given().queryParam("period", "2017-W19").queryParam("asKnownAt", "2100-01-01T00:00:00Z")
                .get("/returns/discharge-sitrep-weekly-reasons").then().statusCode(200).contentType(startsWith("text/csv"))
                .header("Content-Disposition", containsString("discharge-sitrep-weekly-reasons-2017-W19.csv")).extract().asString(),
                c -> c.contains(",0.3,"));
        assertThat(csv.split("\r\n")).containsExactly(csv.substring(0, csv.indexOf("\r\n")),
                "2017-W19,7," + "0.0,".repeat(7) + "0.3," + "0.0,".repeat(11) + "0.3",
                "2017-W19,14," + "0.0,".repeat(19) + "0.0",
                "2017-W19,21," + "0.0,".repeat(19) + "0.0");
        assertThat(csv).startsWith("Week,Length of stay (days or more),").doesNotContain("a1b2c3");
        for (String bad : new String[] {"2017-W54", "2021-W53", "2017-W00", "2017-05-08"}) {
            given().queryParam("period", bad).get("/returns/discharge-sitrep-weekly-reasons").then().statusCode(400)
                    .contentType(startsWith("application/problem+json")).body("errors[0].field", equalTo("period"),
                            "errors[0].message", containsString("2024-W05"));
        }
        given().accept("application/json").get("/returns").then().statusCode(200).body("name", hasItems("discharge-sitrep-weekly-reasons"));
    }
}
