package org.d2aflow.placement.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.placement.PlacementFixtures.today;

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

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.placement.PlacementApi;
import org.d2aflow.placement.PlacementFixtures;
import org.d2aflow.placement.PlacementFixtures.Pending;
import org.d2aflow.placement.Tables;
import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A table of bad requests. Each must get a 4xx application/problem+json answer naming the field at fault
 * (where there is one), never a 500, and must write nothing at all.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_placement"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = today();

    @Inject
    PlacementFixtures fixtures;

    @Inject
    Tables tables;

    /** A pending placement that could start today, and an active one that could end or be followed up today. */
    private Pending pending;
    private Pending active;

    /** One bad request: where it goes, what it sends, what must come back. */
    record Case(String name, String method, String path, Map<String, String> headers, String contentType, String body,
            int status, String field) {

        @Override
        public String toString() {
            return name;
        }
    }

    /** Created on first use: the fixtures exist only once the application runs. */
    private void placements() {
        if (pending != null) {
            return;
        }
        pending = fixtures.pending(ServiceType.REABLEMENT_HOME, TODAY.minusDays(100));
        active = fixtures.pendingAt(pending.serviceId(), TODAY.minusDays(100));
        PlacementApi.start(active.placementId(), TODAY.minusDays(90)).statusCode(200);
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        // --- start
        start(c, "start date missing", Map.of(), 400, "startDate");
        start(c, "start date null", nullValued("startDate"), 400, "startDate");
        start(c, "start date that is a word", Map.of("startDate", "tomorrow"), 400, "startDate");
        start(c, "start date 29 February of a common year", Map.of("startDate", "2025-02-29"), 400, "startDate");
        start(c, "start date in day/month/year", Map.of("startDate", "10/11/2026"), 400, "startDate");
        start(c, "start date as a number", Map.of("startDate", 20261110), 400, "startDate");
        start(c, "start date in the future", Map.of("startDate", TODAY.plusDays(1).toString()), 422, "startDate");
        start(c, "start date older than the late-entry window", Map.of("startDate", TODAY.minusDays(91).toString()), 422, "startDate");
        start(c, "an unknown field next to the start date", Map.of("startDate", TODAY.toString(), "serviceType", "REHAB_HOME"), 400,
                "serviceType");
        c.add(new Case("a body that is not JSON", "POST", "/placements/{pending}/start", Map.of(), "application/json", "hello", 400,
                "body"));
        c.add(new Case("an empty body", "POST", "/placements/{pending}/start", Map.of(), "application/json", "", 400, "body"));
        c.add(new Case("a JSON array", "POST", "/placements/{pending}/start", Map.of(), "application/json", "[]", 400, null));
        c.add(new Case("truncated JSON", "POST", "/placements/{pending}/start", Map.of(), "application/json", "{\"startDate\": \"2026",
                400, null));
        c.add(new Case("JSON followed by garbage", "POST", "/placements/{pending}/start", Map.of(), "application/json",
                json(Map.of("startDate", TODAY.toString())) + " trailing", 400, null));
        c.add(new Case("plain text instead of JSON", "POST", "/placements/{pending}/start", Map.of(), "text/plain",
                json(Map.of("startDate", TODAY.toString())), 415, null));
        c.add(new Case("a body over the size limit", "POST", "/placements/{pending}/start", Map.of(), "application/json",
                json(Map.of("startDate", TODAY.toString(), "note", "n".repeat(70_000))), 413, null));
        c.add(new Case("an If-Match that is not a version", "POST", "/placements/{pending}/start", Map.of("If-Match", "abc"),
                "application/json", json(Map.of("startDate", TODAY.toString())), 422, "If-Match"));
        // --- end
        end(c, "end date missing", Map.of("endReason", "OTHER"), 400, "endDate");
        end(c, "end reason missing", Map.of("endDate", TODAY.toString()), 400, "endReason");
        end(c, "an unknown end reason", Map.of("endDate", TODAY.toString(), "endReason", "RECOVERED"), 400, "endReason");
        end(c, "an end reason in lower case", Map.of("endDate", TODAY.toString(), "endReason", "died"), 400, "endReason");
        end(c, "an end reason as an enum ordinal", Map.of("endDate", TODAY.toString(), "endReason", 6), 400, "endReason");
        end(c, "end date month 13", Map.of("endDate", "2026-13-01", "endReason", "OTHER"), 400, "endDate");
        end(c, "end date as an object", Map.of("endDate", Map.of("day", 1), "endReason", "OTHER"), 400, "endDate");
        end(c, "end date in the future", Map.of("endDate", TODAY.plusDays(3).toString(), "endReason", "OTHER"), 422, "endDate");
        end(c, "end date older than the late-entry window", Map.of("endDate", TODAY.minusDays(91).toString(), "endReason", "OTHER"), 422,
                "endDate");
        c.add(new Case("an end with an empty body", "POST", "/placements/{active}/end", Map.of(), "application/json", "", 400, "body"));
        // --- follow-up
        followUp(c, "day-91 status missing", Map.of(), 400, "day91Status");
        followUp(c, "day-91 status null", nullValued("day91Status"), 400, "day91Status");
        followUp(c, "an unknown day-91 status", Map.of("day91Status", "HOME"), 400, "day91Status");
        followUp(c, "a day-91 status as a number", Map.of("day91Status", 0), 400, "day91Status");
        followUp(c, "a day-91 status as an array", Map.of("day91Status", List.of("AT_HOME")), 400, "day91Status");
        followUp(c, "an unknown field next to the status", Map.of("day91Status", "AT_HOME", "recordedOn", TODAY.toString()), 400,
                "recordedOn");
        followUp(c, "obtainedOn that is not a date", Map.of("day91Status", "AT_HOME", "obtainedOn", "last week"), 400, "obtainedOn");
        followUp(c, "obtainedOn in the future", Map.of("day91Status", "AT_HOME", "obtainedOn", TODAY.plusDays(1).toString()), 422,
                "obtainedOn");
        followUp(c, "obtainedOn before day 91", Map.of("day91Status", "AT_HOME", "obtainedOn", TODAY.minusDays(10).toString()), 422,
                "obtainedOn");
        followUp(c, "obtainedOn older than the late-entry window", Map.of("day91Status", "AT_HOME", "obtainedOn",
                TODAY.minusDays(91).toString()), 422, "obtainedOn");
        // --- follow-up corrections (shape first: the active placement has no follow-up to correct)
        correction(c, "a correction without a reason", Map.of("day91Status", "CARE_HOME"), 400, "reason");
        correction(c, "a correction with a blank reason", Map.of("day91Status", "CARE_HOME", "reason", "  "), 400, "reason");
        correction(c, "a correction with a reason over 200 characters", Map.of("day91Status", "CARE_HOME", "reason", "r".repeat(201)),
                400, "reason");
        correction(c, "a correction without a status", Map.of("reason", "mistyped"), 400, "day91Status");
        correction(c, "a correction with an unknown status", Map.of("day91Status", "AWAY", "reason", "mistyped"), 400, "day91Status");
        correction(c, "a correction with obtainedOn that is not a date", Map.of("day91Status", "CARE_HOME", "reason", "mistyped",
                "obtainedOn", "2026-02-30"), 400, "obtainedOn");
        correction(c, "a correction naming who corrected it", Map.of("day91Status", "CARE_HOME", "reason", "mistyped",
                "correctedBy", "someone-else"), 400, "correctedBy");
        // --- lists
        c.add(new Case("an unknown status filter", "GET", "/placements?status=OPEN", Map.of(), null, null, 400, "status"));
        c.add(new Case("an unknown service type filter", "GET", "/placements?serviceType=HOME_CARE", Map.of(), null, null, 400,
                "serviceType"));
        c.add(new Case("page size 0", "GET", "/placements?size=0", Map.of(), null, null, 400, "size"));
        c.add(new Case("page size 500", "GET", "/placements?size=500", Map.of(), null, null, 400, "size"));
        c.add(new Case("a negative page", "GET", "/placements?page=-1", Map.of(), null, null, 400, "page"));
        c.add(new Case("a due date that is a word", "GET", "/follow-ups/due?onOrBefore=yesterday", Map.of(), null, null, 400,
                "onOrBefore"));
        c.add(new Case("a due date that does not exist", "GET", "/follow-ups/due?onOrBefore=2026-02-30", Map.of(), null, null, 400,
                "onOrBefore"));
        c.add(new Case("a follow-up page size of 1000", "GET", "/follow-ups/due?size=1000", Map.of(), null, null, 400, "size"));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithAProblemNamingTheFieldAndWritesNothing(Case bad) {
        placements();
        Map<String, Long> before = tables.counts();

        RequestSpecification request = given().headers(bad.headers());
        if (bad.body() != null) {
            request = request.contentType(bad.contentType()).body(bad.body());
        }
        Response response = request.request(bad.method(),
                bad.path().replace("{pending}", pending.placementId()).replace("{active}", active.placementId()));

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(bad.status());
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.<Integer>path("status")).isEqualTo(bad.status());
        assertThat(response.<String>path("title")).isNotBlank();
        if (bad.field() != null) {
            assertThat(response.<List<String>>path("errors.field")).as(response.asString()).contains(bad.field());
        }
        assertThat(tables.counts()).as("nothing written").isEqualTo(before);
    }

    private static void start(List<Case> c, String name, Map<String, ?> body, int status, String field) {
        c.add(new Case(name, "POST", "/placements/{pending}/start", Map.of(), "application/json", json(body), status, field));
    }

    private static void end(List<Case> c, String name, Map<String, ?> body, int status, String field) {
        c.add(new Case(name, "POST", "/placements/{active}/end", Map.of(), "application/json", json(body), status, field));
    }

    private static void followUp(List<Case> c, String name, Map<String, ?> body, int status, String field) {
        c.add(new Case(name, "POST", "/placements/{active}/follow-up", Map.of(), "application/json", json(body), status, field));
    }

    private static void correction(List<Case> c, String name, Map<String, ?> body, int status, String field) {
        c.add(new Case(name, "POST", "/placements/{active}/follow-up/corrections", Map.of(), "application/json", json(body), status,
                field));
    }

    private static Map<String, Object> nullValued(String field) {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put(field, null);
        return m;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
