package org.d2aflow.metrics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.placement.PlacementStarted;
import org.d2aflow.metrics.LogWriter;
import org.d2aflow.metrics.XlsxCells;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.TopicWriter;
import org.junit.jupiter.api.Test;

/**
 * The ascof-reablement return of 2007-08 (a year no other test uses) from referrals and a placement written to the real
 * broker, as CSV and as xlsx.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class AscofReablementFromTheLogTest {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final String KNOWN = "2100-01-01T00:00:00Z";

    @Test
    void theReturnComesAsCsvAndAsTheSameValuesInAReproducibleXlsx() throws IOException {
        // 80, discharged 10 Oct 2007 into home reablement started that day: linked, remained; no follow-up (2B(1): unknown)
        String linked = LogWriter.dischargedReferral("East", 80, LocalDate.of(2007, 10, 1), LocalDate.of(2007, 10, 8), Pathway.P1,
                ServiceType.REABLEMENT_HOME, LocalDate.of(2007, 10, 10), "19", "1");
        TopicWriter.publish("/d2a/placement-service", 1, new PlacementStarted(linked, "pl-" + linked, "svc-2007",
                ServiceType.REABLEMENT_HOME, LocalDate.of(2007, 10, 10)));
        // 70, admitted and discharged on 10 Oct 2007: excluded as a zero-day stay
        LogWriter.dischargedReferral("East", 70, LocalDate.of(2007, 10, 10), LocalDate.of(2007, 10, 10), Pathway.P0,
                ServiceType.SOCIAL_SUPPORT, LocalDate.of(2007, 10, 10), "19", "1");

        String all2d = "ASCOF 2D,All,All,2007-04-01,2008-03-31,84,2,1,0,0,0,1,1,100.0,0,1,1,100.0,0,0,0,,";
        String allLegacy = "ASCOF 2B(1) legacy,All,All,2007-10-01,2007-12-31,91,,,,,,,1,,0,1,0,0.0,0,0,0,1,1";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(csv()).contains("\r\n" + all2d + "\r\n")
                .contains("\r\n" + allLegacy + "\r\n"));
        String csv = csv();

        byte[] xlsx = given().accept(XLSX).queryParam("period", "2007-08").queryParam("asKnownAt", KNOWN).get("/returns/ascof-reablement")
                .then().statusCode(200).contentType(startsWith(XLSX))
                .header("Content-Disposition", equalTo("attachment; filename=\"ascof-reablement-2007-08.xlsx\"")).extract().asByteArray();
        byte[] again = given().accept(XLSX).queryParam("period", "2007-08").queryParam("asKnownAt", KNOWN).get("/returns/ascof-reablement")
                .then().statusCode(200).extract().asByteArray();

        assertThat(again).isEqualTo(xlsx);
        List<String> lines = Arrays.asList(csv.split("\r\n"));
        List<List<String>> sheet = XlsxCells.of(xlsx);
        assertThat(sheet).hasSize(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            // no value of this return holds a comma or a quote, so each CSV line is its fields joined by commas
            assertThat(String.join(",", sheet.get(i))).isEqualTo(lines.get(i));
        }
        assertThat(csv).doesNotContain(linked);

        given().accept("application/json").queryParam("period", "2007-08").queryParam("asKnownAt", KNOWN).get("/returns/ascof-reablement")
                .then().statusCode(200).body("$", hasSize(10)).body("[0].Measure", equalTo("ASCOF 2D"))
                .body("[0].'Excluded: zero-day stays'", equalTo("1"));
        given().accept(XLSX).queryParam("period", "2007-09").get("/returns/ascof-reablement").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("errors[0].field", equalTo("period"));
    }

    private static String csv() {
        return given().queryParam("period", "2007-08").queryParam("asKnownAt", KNOWN).get("/returns/ascof-reablement").then()
                .statusCode(200).contentType(startsWith("text/csv")).extract().asString();
    }
}
