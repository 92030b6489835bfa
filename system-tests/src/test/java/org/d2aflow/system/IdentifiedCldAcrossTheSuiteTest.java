package org.d2aflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

import org.junit.jupiter.api.Test;

/**
 * Identity stays home (issue 20, point 4), across the four packaged services: a P1 patient's reablement placement in a
 * past financial-year quarter reaches metrics-service's CLD extract under the patient key only, and referral-service,
 * for an admin, makes the same extract with the patient's NHS number filled in (fetched from that metrics-service, which
 * {@link Suite} points it at), audits the export, and refuses a commissioner.
 */
class IdentifiedCldAcrossTheSuiteTest {

    /** A synthetic NHS number of the test range (999 000 004, check digit 2) no other test of the module enters. */
    private static final String NHS_NUMBER = "9990000042";

    /**
     * The financial-year quarter holding the day 240 days back: it starts at most 331 days back (inside the suite's
     * 400-day late-entry window) and ends at least 149 days back, before the simulated county's 112 days and the other
     * tests' recent dates, so this person's are its only rows.
     */
    private static final LocalDate DAY = LocalDate.now(ZoneId.of("Europe/London")).minusDays(240);
    private static final int FY = DAY.getMonthValue() >= 4 ? DAY.getYear() : DAY.getYear() - 1;
    private static final int Q = (DAY.getMonthValue() + 8) % 12 / 3 + 1;
    private static final String PERIOD = FY + "-" + String.format("%02d", (FY + 1) % 100) + "-Q" + Q;
    private static final LocalDate FIRST = LocalDate.of(FY, 4, 1).plusMonths(3L * (Q - 1));
    private static final LocalDate LAST = FIRST.plusMonths(3).minusDays(1);

    @Test
    void metricsServiceNamesThePersonByKeyOnlyAndReferralServiceAloneAddsTheNhsNumberForAnAdminAndAuditsIt() {
        Suite suite = Suite.get();
        String locality = "Wye Valley " + UUID.randomUUID().toString().substring(0, 8);
        LocalDate decided = FIRST.plusDays(4);
        LocalDate discharged = FIRST.plusDays(5);
        LocalDate ended = FIRST.plusDays(19);
        String serviceId = suite.homeFirstService(locality, 1, FIRST);

        Response submitted = Suite.as("coordinator").baseUri(suite.referral.url()).contentType(ContentType.JSON).body(Map.of(
                        "nhsNumber", NHS_NUMBER, "dateOfBirth", "1943-08-17", "sex", "MALE", "locality", locality,
                        "site", "County Hospital", "ward", "Ward 5", "admissionDate", FIRST.plusDays(2).toString(),
                        "usualResidence", "PRIVATE_HOME"))
                .post("/referrals");
        assertThat(submitted.statusCode()).as(submitted.asString()).isEqualTo(201);
        String referralId = submitted.path("id");
        String key = submitted.path("patientKey");
        assertThat(key).as("the patient key (HMAC-SHA256, hex)").matches("[0-9a-f]{64}");
        coordinator(suite).body(Map.of("dischargeReadyDate", decided.toString()))
                .put("/referrals/{id}/discharge-ready-date", referralId).then().statusCode(200);
        coordinator(suite).body(Map.of("pathway", "P1", "serviceType", "REABLEMENT_HOME", "decidedAt", decided.toString()))
                .put("/referrals/{id}/pathway-decision", referralId).then().statusCode(200);
        coordinator(suite).body(Map.of("dischargeDate", discharged.toString(), "destinationCode", "19", "methodCode", "1"))
                .post("/referrals/{id}/discharge", referralId).then().statusCode(200);

        // capacity-service learns of the decision and the discharge from the log: a claim sent before it has is a 409
        String[] claim = new String[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Response r = Suite.as("homefirst").baseUri(suite.capacity.url()).contentType(ContentType.JSON)
                    .body(Map.of("referralId", referralId, "startDate", discharged.toString())).post("/services/{id}/claims", serviceId);
            assertThat(r.statusCode()).as(r.asString()).isIn(201, 409);
            claim[0] = r.statusCode() == 201 ? r.path("id") : null;
            return claim[0] != null;
        });
        String placementId = claim[0];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Suite.as("homefirst").baseUri(suite.placement.url())
                .get("/placements/{id}", placementId).then().statusCode(200).body("status", equalTo("PENDING")));
        Suite.as("homefirst").baseUri(suite.placement.url()).contentType(ContentType.JSON).body(Map.of("startDate", discharged.toString()))
                .post("/placements/{id}/start", placementId).then().statusCode(200);
        Suite.as("homefirst").baseUri(suite.placement.url()).contentType(ContentType.JSON)
                .body(Map.of("endDate", ended.toString(), "endReason", "NO_ONGOING_SUPPORT"))
                .post("/placements/{id}/end", placementId).then().statusCode(200);

        String quarter = "," + FIRST + "," + LAST;
        List<String> expected = List.of(
                key + ",Request," + referralId + ",,,,," + decided + "," + decided + ",Progress to Reablement/ST-Max,Discharge from Hospital,,"
                        + quarter,
                key + ",Service," + placementId + ",,,,," + discharged + "," + ended + ",Service ended as planned,,Short Term Support: ST-Max,"
                        + "Reablement" + quarter);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rowsOf(pseudonymised(suite, null), key)).containsExactlyElementsOf(expected));

        // one instant for both, so that the identified extract can be compared with the pseudonymised one cell by cell
        String asKnownAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        String plain = pseudonymised(suite, asKnownAt);
        assertThat(rowsOf(plain, key)).containsExactlyElementsOf(expected);
        assertThat(plain).doesNotContain(NHS_NUMBER).doesNotContainPattern("(?<![0-9a-f])\\d{3}[ -]?\\d{3}[ -]?\\d{4}(?![0-9a-f])");
        assertThat(lines(plain).skip(1)).as("NHS_Number, the fourth column, empty in every row")
                .allSatisfy(l -> assertThat(l.split(",", -1)[3]).isEmpty());

        String reason = "CLD submission " + PERIOD + " " + UUID.randomUUID();
        ExtractableResponse<Response> export = identified(suite, "admin", asKnownAt, reason).then().statusCode(200)
                .contentType(startsWith("text/csv")).extract();
        assertThat(export.header("Cache-Control")).isEqualTo("no-store");
        assertThat(export.header("D2A-Unmatched-Rows")).as("every row's patient key is known to referral-service").isEqualTo("0");
        String withNumbers = new String(export.asByteArray(), StandardCharsets.UTF_8);
        assertThat(lines(withNumbers).findFirst()).isEqualTo(lines(plain).findFirst());
        assertThat(rowsOf(withNumbers, key)).as("metrics-service's rows with the NHS number of the referral filled in, nothing else changed")
                .containsExactlyElementsOf(expected.stream().map(r -> withNhsNumber(r, NHS_NUMBER)).toList());

        Map<String, Object> audited = Suite.as("admin").baseUri(suite.referral.url()).queryParams(Map.of("organisation", Suite.PROVIDER, "size", 500))
                .get("/audit/identity-exports").then().statusCode(200).extract().jsonPath()
                .getMap("items.find { it.id == " + export.header("D2A-Identity-Export-Id") + " }");
        assertThat(audited).as("the audit entry the export names").isNotNull()
                .containsEntry("returnName", "cld-reablement")
                .containsEntry("period", PERIOD)
                .containsEntry("asKnownAt", asKnownAt)
                .containsEntry("reason", reason)
                .containsEntry("organisation", Suite.PROVIDER)
                .containsEntry("nhsNumbers", 1)
                .containsEntry("rows", 2)
                .containsEntry("identifiedRows", 2)
                .containsEntry("unmatchedRows", 0);

        // a commissioner reads the pseudonymised extract at metrics-service but never the identified one, nor its audit
        identified(suite, "commissioner", asKnownAt, reason).then().statusCode(403).contentType(startsWith("application/problem+json"));
        Suite.as("commissioner").baseUri(suite.referral.url()).get("/audit/identity-exports").then().statusCode(403);
        int exports = Suite.as("admin").baseUri(suite.referral.url()).queryParams(Map.of("organisation", Suite.PROVIDER, "size", 500))
                .get("/audit/identity-exports").then().statusCode(200).extract().jsonPath().getList("items.findAll { it.reason == '" + reason + "' }")
                .size();
        assertThat(exports).as("the refused request is not audited").isEqualTo(1);
    }

    private static io.restassured.specification.RequestSpecification coordinator(Suite suite) {
        return Suite.as("coordinator").baseUri(suite.referral.url()).contentType(ContentType.JSON);
    }

    /** metrics-service's CLD extract, as a commissioner reads it; {@code asKnownAt} null for now. */
    private static String pseudonymised(Suite suite, String asKnownAt) {
        var request = Suite.as("commissioner").baseUri(suite.metrics.url()).queryParam("period", PERIOD);
        if (asKnownAt != null) {
            request = request.queryParam("asKnownAt", asKnownAt);
        }
        return request.get("/returns/cld-reablement").then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
    }

    /** referral-service's export of the extract with NHS numbers, asked by a user of the role. */
    private static Response identified(Suite suite, String role, String asKnownAt, String reason) {
        return Suite.as(role).baseUri(suite.referral.url()).queryParams(Map.of("period", PERIOD, "asKnownAt", asKnownAt, "reason", reason))
                .get("/admin/returns/cld-reablement");
    }

    private static java.util.stream.Stream<String> lines(String csv) {
        return Arrays.stream(csv.split("\r\n"));
    }

    /** The rows of one person, named by the patient key in the first column. */
    private static List<String> rowsOf(String csv, String key) {
        return lines(csv).filter(l -> l.startsWith(key + ",")).toList();
    }

    /** The row with its fourth cell, NHS_Number, set. */
    private static String withNhsNumber(String row, String nhsNumber) {
        String[] cells = row.split(",", -1);
        cells[3] = nhsNumber;
        return String.join(",", cells);
    }
}
