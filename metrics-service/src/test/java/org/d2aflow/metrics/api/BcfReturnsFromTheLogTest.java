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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.d2aflow.contracts.capacity.CapacitySet;
import org.d2aflow.contracts.capacity.CapacityUnit;
import org.d2aflow.contracts.capacity.ServiceRegistered;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.metrics.LogWriter;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.TopicWriter;
import org.junit.jupiter.api.Test;

/**
 * The two Better Care Fund returns fetched from the real service reading events written to the real broker: the quarterly
 * metrics of 2008-09 Q1 (a quarter no other test uses) and the capacity-and-demand sheet of 2024-25, checked as the change
 * that this test's service and referrals make to the sheet (other tests may write 2024-25 facts to the same broker).
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class BcfReturnsFromTheLogTest {

    @Test
    void theQuarterlyMetricsComeAsCsvOneRowPerMetricAndPeriod() {
        String onTheDay = LogWriter.dischargedReferral("East", 81, LocalDate.of(2008, 4, 1), LocalDate.of(2008, 4, 7), Pathway.P1,
                ServiceType.REABLEMENT_HOME, LocalDate.of(2008, 4, 7), "19", "1");
        String late = LogWriter.dischargedReferral("East", 70, LocalDate.of(2008, 5, 1), LocalDate.of(2008, 5, 5), Pathway.P3,
                ServiceType.SHORT_TERM_CARE_HOME, LocalDate.of(2008, 5, 8), "54", "1");

        // Delays 0 and 3 days: 3 days over 2 discharges, 1 on the DRD; 1 of 2 home.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String csv = given().queryParam("period", "2008-09-Q1").get("/returns/bcf-quarterly").then().statusCode(200)
                    .contentType(startsWith("text/csv")).header("Content-Disposition", containsString("bcf-quarterly-2008-09-Q1.csv"))
                    .extract().asString();
            assertThat(csv).startsWith("Metric,Period,Numerator,Denominator,Value,Incomplete,Definition source\r\n")
                    .contains("\r\nAverage length of discharge delay (days),2008-09-Q1,3,2,1.50,,")
                    .contains("\r\nAverage length of discharge delay (days),2008-05,3,1,3.00,,")
                    .contains("\r\nDischarged on their discharge ready date (%),2008-09-Q1,1,2,50.0,,")
                    .contains("\r\nAverage delay of those not discharged on their discharge ready date (days),2008-09-Q1,3,1,3.00,,")
                    .contains("\r\nDischarge to usual place of residence (%),2008-04,1,1,100.0,,")
                    .contains("\r\nDischarge to usual place of residence (%),2008-09-Q1,1,2,50.0,,")
                    .doesNotContain(onTheDay).doesNotContain(late);
            assertThat(csv.split("\r\n")).hasSize(1 + 6 * 4);
        });
        given().accept("application/json").queryParam("period", "2008-09-Q1").get("/returns/bcf-quarterly").then().statusCode(200)
                .body("size()", equalTo(24), "[3].Period", equalTo("2008-09-Q1"), "[3].Value", equalTo("1.50"));
        given().get("/returns/bcf-quarterly/columns").then().statusCode(200).contentType(startsWith("text/markdown"))
                .body(containsString("Better Care Exchange"));
        given().accept("application/json").get("/returns").then().statusCode(200).body("name", hasItems("bcf-quarterly", "capacity-demand"));
    }

    @Test
    void theCapacityAndDemandSheetCountsThisTestsServiceAndReferrals() {
        Map<String, List<Long>> before = sheet();
        String service = "svc-" + UUID.randomUUID();
        String source = "/d2a/capacity-service";
        TopicWriter.publish(source, 1, new ServiceRegistered(service, "Synthetic care home", ServiceType.SHORT_TERM_CARE_HOME, "East",
                CapacityUnit.BED));
        TopicWriter.publish(source, 2, new CapacitySet(service, 3, LocalDate.of(2025, 2, 15)));
        String placed = decided(LocalDate.of(2025, 2, 10));
        decided(LocalDate.of(2025, 2, 12));
        TopicWriter.publish(source, 3, new CapacityClaimed(service, "claim-" + UUID.randomUUID(), placed, LocalDate.of(2025, 2, 20)));

        // February: 2 decided, 1 placed; 3 beds from the 15th = 42 bed-days, one held from the 20th = 9. March: 93 and 31.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, List<Long>> after = sheet();
            assertThat(change(before, after, "2025-02|P3|SHORT_TERM_CARE_HOME")).containsExactly(2L, 1L, 1L, 42L, 9L, 33L);
            assertThat(change(before, after, "2025-03|P3|SHORT_TERM_CARE_HOME")).containsExactly(0L, 0L, 0L, 93L, 31L, 62L);
            assertThat(change(before, after, "2025-01|P3|SHORT_TERM_CARE_HOME")).containsExactly(0L, 0L, 0L, 0L, 0L, 0L);
        });
        given().queryParam("period", "2024-2025").get("/returns/capacity-demand").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("errors[0].field", equalTo("period"),
                        "errors[0].message", containsString("2024-25"));
        given().get("/returns/capacity-demand").then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("period"));
        given().queryParam("period", "2008-Q1").get("/returns/bcf-quarterly").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("errors[0].field", equalTo("period"),
                        "errors[0].message", containsString("2024-25-Q1"));
    }

    /** A synthetic referral submitted and decided for a short-term care home on the date; returns its id. */
    private static String decided(LocalDate on) {
        String id = UUID.randomUUID().toString();
        String source = "/d2a/referral-service";
        TopicWriter.publish(source, 1, new ReferralSubmitted(id, "a1b2c3" + id.replace("-", ""), 84, Sex.MALE, "East", "County Hospital",
                on.minusDays(9), UsualResidence.PRIVATE_HOME));
        TopicWriter.publish(source, 2, new PathwayDecided(id, Pathway.P3, ServiceType.SHORT_TERM_CARE_HOME, on));
        return id;
    }

    /** The 2024-25 sheet as CSV, each row's key (month|pathway|service type) to its counts, the average units left out. */
    private static Map<String, List<Long>> sheet() {
        String csv = given().queryParam("period", "2024-25").get("/returns/capacity-demand").then().statusCode(200)
                .contentType(startsWith("text/csv")).extract().asString();
        List<String> lines = Arrays.asList(csv.split("\r\n"));
        assertThat(lines.get(0)).isEqualTo("Month,Pathway,Service type,Demand (referrals),Demand met (referrals),Demand not met (referrals),"
                + "Capacity (unit-days),Average units,Occupied (unit-days),Spare capacity (unit-days)");
        assertThat(lines).hasSize(1 + 72);
        Map<String, List<Long>> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            rows.put(f[0] + "|" + f[1] + "|" + f[2], List.of(Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]),
                    Long.parseLong(f[6]), Long.parseLong(f[8]), Long.parseLong(f[9])));
        }
        return rows;
    }

    private static List<Long> change(Map<String, List<Long>> before, Map<String, List<Long>> after, String key) {
        return java.util.stream.IntStream.range(0, 6).mapToObj(i -> after.get(key).get(i) - before.get(key).get(i)).toList();
    }
}
