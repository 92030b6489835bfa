package org.d2aflow.referral.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.referral.ReferralTestData.aReferralRequest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

import org.d2aflow.referral.ReferralApi;
import org.d2aflow.referral.Tables;
import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A table of bad requests. Each must get a 4xx application/problem+json answer naming the field at fault
 * (where there is one), never a 500, and must write nothing at all.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_referral"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.now();
    private static final LocalDate ADMITTED = TODAY.minusDays(10);

    @Inject
    Tables tables;

    /** An open referral admitted ten days ago with a discharge ready date, for the change requests. */
    private String open;

    /** One bad request: where it goes, what it sends, what must come back. */
    record Case(String name, String method, String path, Map<String, String> headers, String contentType, String body,
            int status, String field) {

        @Override
        public String toString() {
            return name;
        }
    }

    /** Created on first use: REST Assured knows the test port only once a test runs. */
    private String openReferral() {
        if (open != null) {
            return open;
        }
        open = ReferralApi.create(aReferralRequest().with("admissionDate", ADMITTED.toString()).build());
        ReferralApi.setDrd(open, TODAY.minusDays(3)).statusCode(200);
        return open;
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        // --- create: NHS number
        create(c, "NHS number with a wrong check digit", body("nhsNumber", "987 654 4321"), 422, "nhsNumber");
        create(c, "NHS number too short", body("nhsNumber", "99900001"), 422, "nhsNumber");
        create(c, "NHS number with a letter", body("nhsNumber", "99900A0018"), 422, "nhsNumber");
        create(c, "NHS number with mixed separators", body("nhsNumber", "943-476 5919"), 422, "nhsNumber");
        create(c, "NHS number whose check digit would be 10", body("nhsNumber", nhsWithCheckTen()), 422, "nhsNumber");
        create(c, "NHS number far too long", body("nhsNumber", "9434765919123"), 400, "nhsNumber");
        create(c, "NHS number missing", without("nhsNumber"), 400, "nhsNumber");
        create(c, "NHS number blank", body("nhsNumber", ""), 400, "nhsNumber");
        create(c, "NHS number as a JSON number", body("nhsNumber", 9434765919L), 400, "nhsNumber");
        create(c, "NHS number as an array", body("nhsNumber", List.of("943")), 400, "nhsNumber");
        // --- create: dates
        create(c, "date of birth that does not exist", body("dateOfBirth", "1941-02-30"), 400, "dateOfBirth");
        create(c, "date of birth in day/month/year", body("dateOfBirth", "02/06/1941"), 400, "dateOfBirth");
        create(c, "date of birth after admission", body("dateOfBirth", TODAY.minusDays(2).toString()), 422, "dateOfBirth");
        create(c, "date of birth giving an age over 130", body("dateOfBirth", "1850-01-01"), 422, "dateOfBirth");
        create(c, "date of birth missing", without("dateOfBirth"), 400, "dateOfBirth");
        create(c, "admission in the future", body("admissionDate", TODAY.plusDays(1).toString()), 422, "admissionDate");
        create(c, "admission month 13", body("admissionDate", "2026-13-01"), 400, "admissionDate");
        create(c, "admission missing", without("admissionDate"), 400, "admissionDate");
        // --- create: codes and text
        create(c, "unknown sex", body("sex", "F"), 400, "sex");
        create(c, "sex as an enum ordinal", body("sex", 1), 400, "sex");
        create(c, "sex missing", without("sex"), 400, "sex");
        create(c, "unknown usual residence", body("usualResidence", "HOME"), 400, "usualResidence");
        create(c, "blank locality", body("locality", "   "), 400, "locality");
        create(c, "locality over 200 characters", body("locality", "x".repeat(201)), 400, "locality");
        create(c, "locality as an object", body("locality", Map.of("name", "East")), 400, "locality");
        create(c, "site missing", without("site"), 400, "site");
        create(c, "ward null", body("ward", null), 400, "ward");
        create(c, "an unknown field", body("nhsNo", "9434765919"), 400, "nhsNo");
        // --- create: the body itself
        c.add(new Case("a body that is not JSON", "POST", "/referrals", Map.of(), "application/json", "hello", 400, "body"));
        c.add(new Case("an empty body", "POST", "/referrals", Map.of(), "application/json", "", 400, "body"));
        c.add(new Case("a JSON array", "POST", "/referrals", Map.of(), "application/json", "[]", 400, null));
        c.add(new Case("truncated JSON", "POST", "/referrals", Map.of(), "application/json", "{\"nhsNumber\": \"943", 400, null));
        c.add(new Case("JSON followed by garbage", "POST", "/referrals", Map.of(), "application/json",
                json(aReferralRequest().build()) + " trailing", 400, null));
        c.add(new Case("a key given twice, null first", "POST", "/referrals", Map.of(), "application/json",
                "{\"ward\": null, " + json(aReferralRequest().build()).substring(1), 400, "ward"));
        c.add(new Case("a key given twice, two values", "POST", "/referrals", Map.of(), "application/json",
                json(aReferralRequest().build()).replaceFirst("\\{", "{\"site\": \"A\", "), 400, "site"));
        c.add(new Case("plain text instead of JSON", "POST", "/referrals", Map.of(), "text/plain", json(aReferralRequest().build()), 415, null));
        c.add(new Case("a wildcard Content-Type", "POST", "/referrals", Map.of(), "*/*", json(aReferralRequest().build()), 415, null));
        c.add(new Case("JSON said to be Latin-1", "POST", "/referrals", Map.of(), "application/json; charset=ISO-8859-1",
                json(aReferralRequest().build()), 415, null));
        c.add(new Case("XML instead of JSON", "PUT", "/referrals/{open}/discharge-ready-date", Map.of(),
                "application/xml", "<dischargeReadyDate>" + TODAY + "</dischargeReadyDate>", 415, null));
        c.add(new Case("a body over the size limit", "POST", "/referrals", Map.of(), "application/json",
                json(aReferralRequest().with("ward", "w".repeat(70_000)).build()), 413, null));
        c.add(new Case("an Idempotency-Key with spaces", "POST", "/referrals", Map.of("Idempotency-Key", "two words"),
                "application/json", json(aReferralRequest().build()), 422, "Idempotency-Key"));
        c.add(new Case("an empty Idempotency-Key", "POST", "/referrals", Map.of("Idempotency-Key", ""),
                "application/json", json(aReferralRequest().build()), 422, "Idempotency-Key"));
        c.add(new Case("an Idempotency-Key of blanks", "POST", "/referrals", Map.of("Idempotency-Key", "   "),
                "application/json", json(aReferralRequest().build()), 422, "Idempotency-Key"));
        c.add(new Case("an Idempotency-Key of 300 characters", "POST", "/referrals", Map.of("Idempotency-Key", "k".repeat(300)),
                "application/json", json(aReferralRequest().build()), 422, "Idempotency-Key"));
        // --- discharge ready date
        change(c, "discharge ready date before admission", "PUT", "discharge-ready-date",
                Map.of("dischargeReadyDate", ADMITTED.minusDays(1).toString()), 422, "dischargeReadyDate");
        change(c, "discharge ready date 29 February of a common year", "PUT", "discharge-ready-date",
                Map.of("dischargeReadyDate", "2025-02-29"), 400, "dischargeReadyDate");
        change(c, "discharge ready date missing", "PUT", "discharge-ready-date", Map.of(), 400, "dischargeReadyDate");
        change(c, "discharge ready date as a number", "PUT", "discharge-ready-date", Map.of("dischargeReadyDate", 20261101), 400,
                "dischargeReadyDate");
        change(c, "discharge ready date as an empty array", "PUT", "discharge-ready-date", Map.of("dischargeReadyDate", List.of()), 400,
                "dischargeReadyDate");
        change(c, "discharge ready date as [year, month, day]", "PUT", "discharge-ready-date",
                Map.of("dischargeReadyDate", List.of(2026, 11, 1)), 400, "dischargeReadyDate");
        c.add(new Case("an If-Match that is not a version", "PUT", "/referrals/{open}/discharge-ready-date", Map.of("If-Match", "abc"),
                "application/json", json(Map.of("dischargeReadyDate", TODAY.toString())), 422, "If-Match"));
        // --- pathway decision
        change(c, "P1 with a bedded service", "PUT", "pathway-decision", Map.of("pathway", "P1", "serviceType", "BEDDED_REABLEMENT"), 422,
                "serviceType");
        change(c, "P0 with reablement at home", "PUT", "pathway-decision", Map.of("pathway", "P0", "serviceType", "REABLEMENT_HOME"), 422,
                "serviceType");
        change(c, "P3 with short-term home care", "PUT", "pathway-decision", Map.of("pathway", "P3", "serviceType", "SHORT_TERM_DOMCARE"),
                422, "serviceType");
        change(c, "an unknown pathway", "PUT", "pathway-decision", Map.of("pathway", "P4", "serviceType", "SOCIAL_SUPPORT"), 400, "pathway");
        change(c, "service type missing", "PUT", "pathway-decision", Map.of("pathway", "P1"), 400, "serviceType");
        change(c, "decision dated in the future", "PUT", "pathway-decision",
                Map.of("pathway", "P0", "serviceType", "SOCIAL_SUPPORT", "decidedAt", TODAY.plusDays(2).toString()), 422, "decidedAt");
        change(c, "decision dated before admission", "PUT", "pathway-decision",
                Map.of("pathway", "P0", "serviceType", "SOCIAL_SUPPORT", "decidedAt", ADMITTED.minusDays(1).toString()), 422, "decidedAt");
        // --- discharge
        change(c, "unknown destination code", "POST", "discharge", discharge(TODAY, "20", "1"), 422, "destinationCode");
        change(c, "destination code of one digit", "POST", "discharge", discharge(TODAY, "1", "1"), 400, "destinationCode");
        change(c, "destination code with letters", "POST", "discharge", discharge(TODAY, "ab", "1"), 400, "destinationCode");
        change(c, "unknown method code", "POST", "discharge", discharge(TODAY, "19", "0"), 422, "methodCode");
        change(c, "death method with a home destination", "POST", "discharge", discharge(TODAY, "19", "4"), 422, "methodCode");
        change(c, "death destination with a clinical-advice method", "POST", "discharge", discharge(TODAY, "79", "1"), 422, "methodCode");
        change(c, "discharge in the future", "POST", "discharge", discharge(TODAY.plusDays(1), "19", "1"), 422, "dischargeDate");
        change(c, "discharge before admission", "POST", "discharge", discharge(ADMITTED.minusDays(1), "19", "1"), 422, "dischargeDate");
        change(c, "discharge date missing", "POST", "discharge", Map.of("destinationCode", "19", "methodCode", "1"), 400, "dischargeDate");
        // --- withdrawal
        change(c, "blank withdrawal reason", "POST", "withdrawal", Map.of("reason", " "), 400, "reason");
        change(c, "withdrawal reason over 200 characters", "POST", "withdrawal", Map.of("reason", "r".repeat(201)), 400, "reason");
        change(c, "withdrawal without a reason", "POST", "withdrawal", Map.of(), 400, "reason");
        // --- corrections (the open referral has a discharge ready date but no discharge; shape is checked before state)
        change(c, "discharge correction with a one-digit destination", "POST", "discharge/corrections",
                Map.of("destinationCode", "1", "reason", "Care home"), 400, "destinationCode");
        change(c, "discharge correction with a date that does not exist", "POST", "discharge/corrections",
                Map.of("dischargeDate", "2026-02-30", "reason", "Wrong day"), 400, "dischargeDate");
        change(c, "discharge correction with an unknown field", "POST", "discharge/corrections",
                Map.of("destination", "85", "reason", "Care home"), 400, "destination");
        change(c, "discharge void with a reason as a number", "POST", "discharge/void", Map.of("reason", 42), 400, "reason");
        change(c, "discharge ready date correction without the date", "POST", "discharge-ready-date/corrections",
                Map.of("reason", "Wrong day"), 400, "dischargeReadyDate");
        change(c, "discharge ready date correction without a reason", "POST", "discharge-ready-date/corrections",
                Map.of("dischargeReadyDate", TODAY.minusDays(4).toString()), 422, "reason");
        change(c, "discharge ready date correction with a blank reason", "POST", "discharge-ready-date/corrections",
                Map.of("dischargeReadyDate", TODAY.minusDays(4).toString(), "reason", "  "), 422, "reason");
        change(c, "discharge ready date correction before admission", "POST", "discharge-ready-date/corrections",
                Map.of("dischargeReadyDate", ADMITTED.minusDays(1).toString(), "reason", "Wrong day"), 422, "dischargeReadyDate");
        change(c, "discharge ready date correction to the same date", "POST", "discharge-ready-date/corrections",
                Map.of("dischargeReadyDate", TODAY.minusDays(3).toString(), "reason", "Wrong day"), 422, "dischargeReadyDate");
        // --- list
        c.add(new Case("page size 0", "GET", "/referrals?size=0", Map.of(), null, null, 400, "size"));
        c.add(new Case("page size 500", "GET", "/referrals?size=500", Map.of(), null, null, 400, "size"));
        c.add(new Case("an unknown status filter", "GET", "/referrals?status=OPEN", Map.of(), null, null, 400, "status"));
        c.add(new Case("a discharge date filter that is not a date", "GET", "/referrals?dischargedFrom=yesterday", Map.of(), null, null,
                400, "dischargedFrom"));
        c.add(new Case("a discharge date range backwards", "GET", "/referrals?dischargedFrom=2026-10-31&dischargedTo=2026-10-01",
                Map.of(), null, null, 422, "dischargedFrom"));
        return c.stream();
    }

    @Test
    void aBodyWithoutAnyContentTypeIsRefusedAndWritesNothing() throws Exception {
        Map<String, Long> before = tables.counts();
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/referrals"))
                .header("Authorization", org.d2aflow.testkit.TestTokens.bearer("coordinator", org.d2aflow.testkit.DefaultToken.TEST_ORG))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json(aReferralRequest().build()))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(415);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(answer.body()).contains("Content-Type is missing");
        assertThat(tables.counts()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithAProblemNamingTheFieldAndWritesNothing(Case bad) {
        String referral = openReferral();
        Map<String, Long> before = tables.counts();

        RequestSpecification request = given().headers(bad.headers());
        if (bad.body() != null) {
            // As bytes: REST Assured will not encode a string for a type it does not know (*/*), and sends these as they are.
            request = request.contentType(bad.contentType()).body(bad.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Response response = request.request(bad.method(), bad.path().replace("{open}", referral));

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(bad.status());
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.<Integer>path("status")).isEqualTo(bad.status());
        assertThat(response.<String>path("title")).isNotBlank();
        if (bad.field() != null) {
            assertThat(response.<List<String>>path("errors.field")).as(response.asString()).contains(bad.field());
        }
        assertThat(tables.counts()).as("nothing written").isEqualTo(before);
    }

    private static void create(List<Case> c, String name, Map<String, Object> body, int status, String field) {
        c.add(new Case(name, "POST", "/referrals", Map.of(), "application/json", json(body), status, field));
    }

    private static void change(List<Case> c, String name, String method, String action, Map<String, ?> body, int status, String field) {
        c.add(new Case(name, method, "/referrals/{open}/" + action, Map.of(), "application/json", json(body), status, field));
    }

    private static Map<String, Object> body(String field, Object value) {
        return aReferralRequest().with("admissionDate", ADMITTED.toString()).with(field, value).build();
    }

    private static Map<String, Object> without(String field) {
        return aReferralRequest().with("admissionDate", ADMITTED.toString()).without(field).build();
    }

    private static Map<String, String> discharge(LocalDate date, String destination, String method) {
        return Map.of("dischargeDate", date.toString(), "destinationCode", destination, "methodCode", method);
    }

    /** Ten digits whose first nine give a check digit of 10: the shape is right, but no valid number has them. */
    private static String nhsWithCheckTen() {
        for (long n = 999_000_000L;; n++) {
            String nine = Long.toString(n);
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (nine.charAt(i) - '0') * (10 - i);
            }
            if (11 - sum % 11 == 10) {
                return nine + "0";
            }
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
