package org.d2aflow.capacity.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.capacity.Referrals.aReferral;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

import org.d2aflow.capacity.CapacityApi;
import org.d2aflow.capacity.EventLog;
import org.d2aflow.capacity.Referrals.Story;
import org.d2aflow.capacity.Tables;
import org.d2aflow.capacity.Today;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A table of bad requests. Each must get a 4xx application/problem+json answer naming the field at fault (where
 * there is one), never a 500, and must write nothing at all.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_capacity"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = Today.date();
    private static final String REFERRAL = "{referral}";

    @Inject
    Tables tables;

    /** A service with free units, a referral waiting for it, and an active claim: the targets of the change requests. */
    private Map<String, String> targets;

    record Case(String name, String method, String path, Map<String, String> headers, String contentType, String body, int status,
            String field) {

        @Override
        public String toString() {
            return name;
        }
    }

    private Map<String, String> targets() {
        if (targets != null) {
            return targets;
        }
        String locality = CapacityApi.freshLocality();
        String service = CapacityApi.serviceWith(ServiceType.REABLEMENT_HOME, locality, 5);
        Story waiting = aReferral().inLocality(locality).decidedFor(ServiceType.REABLEMENT_HOME);
        Story claimed = aReferral().inLocality(locality).decidedFor(ServiceType.REABLEMENT_HOME);
        var a = waiting.envelopes();
        var b = claimed.envelopes();
        EventLog.publish(a);
        EventLog.publish(b);
        tables.awaitReferralEvents(a);
        tables.awaitReferralEvents(b);
        String claim = CapacityApi.claim(service, claimed.id()).statusCode(201).extract().path("id");
        targets = Map.of("{svc}", service, "{claim}", claim, REFERRAL, waiting.id());
        return targets;
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        // --- register a service
        register(c, "an unknown service type", with("serviceType", "HOME_FIRST"), 400, "serviceType");
        register(c, "a service type as an enum ordinal", with("serviceType", 1), 400, "serviceType");
        register(c, "a pathway 0 service", with("serviceType", "SOCIAL_SUPPORT"), 422, "serviceType");
        register(c, "an unknown unit", with("unit", "ROOM"), 400, "unit");
        register(c, "beds for home reablement", with("unit", "BED"), 422, "unit");
        register(c, "packages for a care home", withAll(Map.of("serviceType", "SHORT_TERM_CARE_HOME", "unit", "PACKAGE")), 422, "unit");
        register(c, "name missing", without("name"), 400, "name");
        register(c, "name blank", with("name", "  "), 400, "name");
        register(c, "name over 200 characters", with("name", "n".repeat(201)), 400, "name");
        register(c, "locality null", with("locality", null), 400, "locality");
        register(c, "locality as an object", with("locality", Map.of("name", "East")), 400, "locality");
        register(c, "unit missing", without("unit"), 400, "unit");
        register(c, "an unknown field", with("capacity", 10), 400, "capacity");
        c.add(new Case("a body that is not JSON", "POST", "/services", Map.of(), "application/json", "hello", 400, "body"));
        c.add(new Case("an empty body", "POST", "/services", Map.of(), "application/json", "", 400, "body"));
        c.add(new Case("a JSON array", "POST", "/services", Map.of(), "application/json", "[]", 400, null));
        c.add(new Case("truncated JSON", "POST", "/services", Map.of(), "application/json", "{\"name\": \"Home", 400, null));
        c.add(new Case("JSON followed by garbage", "POST", "/services", Map.of(), "application/json", json(CapacityApi.aService()) + " x",
                400, null));
        c.add(new Case("plain text instead of JSON", "POST", "/services", Map.of(), "text/plain", json(CapacityApi.aService()), 415, null));
        c.add(new Case("a body over the size limit", "POST", "/services", Map.of(), "application/json",
                json(with("name", "n".repeat(70_000))), 413, null));
        c.add(new Case("an Idempotency-Key with spaces", "POST", "/services", Map.of("Idempotency-Key", "two words"), "application/json",
                json(CapacityApi.aService()), 422, "Idempotency-Key"));
        // --- capacity
        capacity(c, "negative units", Map.of("units", -1), 400, "units");
        capacity(c, "more units than any service has", Map.of("units", 10_001), 400, "units");
        capacity(c, "units beyond a 32-bit number", Map.of("units", 1L << 40), 400, "units");
        capacity(c, "fractional units", Map.of("units", 2.5), 400, "units");
        capacity(c, "units as text", Map.of("units", "10"), 400, "units");
        capacity(c, "units missing", Map.of("fromDate", TODAY.toString()), 400, "units");
        capacity(c, "a from date that does not exist", Map.of("units", 5, "fromDate", "2026-02-30"), 400, "fromDate");
        capacity(c, "a from date in day/month/year", Map.of("units", 5, "fromDate", "23/11/2026"), 400, "fromDate");
        capacity(c, "a from date as a number", Map.of("units", 5, "fromDate", 20261123), 400, "fromDate");
        capacity(c, "a from date one day older than the late-entry window", Map.of("units", 5, "fromDate", TODAY.minusDays(91).toString()),
                422, "fromDate");
        capacity(c, "a from date three years ahead", Map.of("units", 5, "fromDate", TODAY.plusYears(3).toString()), 422, "fromDate");
        c.add(new Case("an If-Match that is not a version", "PUT", "/services/{svc}/capacity", Map.of("If-Match", "latest"),
                "application/json", json(Map.of("units", 5)), 422, "If-Match"));
        // --- claims
        claim(c, "referral id missing", Map.of("startDate", TODAY.toString()), 400, "referralId");
        claim(c, "referral id blank", Map.of("referralId", " "), 400, "referralId");
        claim(c, "referral id as a number", Map.of("referralId", 42), 400, "referralId");
        claim(c, "referral id over 100 characters", Map.of("referralId", "r".repeat(101)), 400, "referralId");
        claim(c, "a start date one day older than the late-entry window", Map.of("referralId", REFERRAL, "startDate",
                TODAY.minusDays(91).toString()), 422, "startDate");
        claim(c, "a start date before the service declared any capacity", Map.of("referralId", REFERRAL, "startDate",
                TODAY.minusDays(1).toString()), 422, "startDate");
        claim(c, "a start date that does not exist", Map.of("referralId", REFERRAL, "startDate", "2026-13-01"), 400, "startDate");
        claim(c, "a start date three years ahead", Map.of("referralId", REFERRAL, "startDate", TODAY.plusYears(3).toString()), 422,
                "startDate");
        claim(c, "an unknown field in a claim", Map.of("referralId", REFERRAL, "units", 2), 400, "units");
        c.add(new Case("an Idempotency-Key of 300 characters", "POST", "/services/{svc}/claims", Map.of("Idempotency-Key", "k".repeat(300)),
                "application/json", json(Map.of("referralId", REFERRAL)), 422, "Idempotency-Key"));
        c.add(new Case("a claim with no body", "POST", "/services/{svc}/claims", Map.of(), "application/json", "", 400, "body"));
        // --- release
        release(c, "a release without a reason", Map.of(), 400, "reason");
        release(c, "a blank release reason", Map.of("reason", "\t"), 400, "reason");
        release(c, "a release reason over 200 characters", Map.of("reason", "r".repeat(201)), 400, "reason");
        release(c, "a release dated tomorrow", Map.of("reason", "Care arranged", "releasedOn", TODAY.plusDays(1).toString()), 422,
                "releasedOn");
        release(c, "a release dated before the claim started", Map.of("reason", "Care arranged", "releasedOn",
                TODAY.minusDays(1).toString()), 422, "releasedOn");
        release(c, "a release date that does not exist", Map.of("reason", "Care arranged", "releasedOn", "2026-04-31"), 400, "releasedOn");
        // --- declines
        decline(c, "a decline without a reason", Map.of("referralId", REFERRAL), 400, "reason");
        decline(c, "a decline without a referral", Map.of("reason", "No capacity"), 400, "referralId");
        decline(c, "a decline naming a locality of its own", Map.of("referralId", REFERRAL, "reason", "Full", "locality", "West"), 400,
                "locality");
        decline(c, "a decline dated tomorrow", Map.of("referralId", REFERRAL, "reason", "Full", "declinedOn", TODAY.plusDays(1).toString()),
                422, "declinedOn");
        decline(c, "a decline dated one day older than the late-entry window", Map.of("referralId", REFERRAL, "reason", "Full",
                "declinedOn", TODAY.minusDays(91).toString()), 422, "declinedOn");
        decline(c, "a decline dated before the referral's pathway decision", Map.of("referralId", REFERRAL, "reason", "Full",
                "declinedOn", TODAY.minusDays(2).toString()), 422, "declinedOn");
        decline(c, "a decline date as a number", Map.of("referralId", REFERRAL, "reason", "Full", "declinedOn", 20261120), 400,
                "declinedOn");
        // --- queries
        get(c, "availability from a day that is not a date", "/services/{svc}/availability?from=tomorrow", 400, "from");
        get(c, "availability to month 13", "/services/{svc}/availability?to=2026-13-01", 400, "to");
        get(c, "availability backwards", "/services/{svc}/availability?from=" + TODAY + "&to=" + TODAY.minusDays(1), 422, "to");
        get(c, "availability over more than 366 days", "/services/{svc}/availability?from=" + TODAY + "&to=" + TODAY.plusDays(366), 422,
                "to");
        get(c, "a waiting list of an unknown service type", "/waiting-list?serviceType=HOME_FIRST", 400, "serviceType");
        get(c, "a waiting list page size of 0", "/waiting-list?size=0", 400, "size");
        get(c, "a waiting list page size of 500", "/waiting-list?size=500", 400, "size");
        get(c, "a waiting list page size that is not a number", "/waiting-list?size=ten", 400, "size");
        get(c, "a negative waiting list page", "/waiting-list?page=-1", 400, "page");
        get(c, "a next offer on a day that is not a date", "/services/{svc}/next-offer?date=2026-02-29", 400, "date");
        get(c, "claims with an unknown status", "/services/{svc}/claims?status=OPEN", 400, "status");
        get(c, "services of an unknown type", "/services?serviceType=P1", 400, "serviceType");
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithAProblemNamingTheFieldAndWritesNothing(Case bad) {
        Map<String, String> t = targets();
        Map<String, Long> before = tables.counts();

        RequestSpecification request = given().headers(bad.headers());
        if (bad.body() != null) {
            request = request.contentType(bad.contentType()).body(fill(bad.body(), t));
        }
        Response response = request.request(bad.method(), fill(bad.path(), t));

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(bad.status());
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.<Integer>path("status")).isEqualTo(bad.status());
        assertThat(response.<String>path("title")).isNotBlank();
        if (bad.field() != null) {
            assertThat(response.<List<String>>path("errors.field")).as(response.asString()).contains(bad.field());
        }
        assertThat(tables.counts()).as("nothing written").isEqualTo(before);
    }

    private static String fill(String text, Map<String, String> targets) {
        String out = text;
        for (Map.Entry<String, String> e : targets.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    private static void register(List<Case> c, String name, Map<String, Object> body, int status, String field) {
        c.add(new Case(name, "POST", "/services", Map.of(), "application/json", json(body), status, field));
    }

    private static void capacity(List<Case> c, String name, Map<String, ?> body, int status, String field) {
        c.add(new Case(name, "PUT", "/services/{svc}/capacity", Map.of(), "application/json", json(body), status, field));
    }

    private static void claim(List<Case> c, String name, Map<String, ?> body, int status, String field) {
        c.add(new Case(name, "POST", "/services/{svc}/claims", Map.of(), "application/json", json(body), status, field));
    }

    private static void release(List<Case> c, String name, Map<String, ?> body, int status, String field) {
        c.add(new Case(name, "POST", "/services/{svc}/claims/{claim}/release", Map.of(), "application/json", json(body), status, field));
    }

    private static void decline(List<Case> c, String name, Map<String, ?> body, int status, String field) {
        c.add(new Case(name, "POST", "/services/{svc}/declines", Map.of(), "application/json", json(body), status, field));
    }

    private static void get(List<Case> c, String name, String path, int status, String field) {
        c.add(new Case(name, "GET", path, Map.of(), null, null, status, field));
    }

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> body = CapacityApi.aService();
        body.put(field, value);
        return body;
    }

    private static Map<String, Object> withAll(Map<String, Object> values) {
        Map<String, Object> body = CapacityApi.aService();
        body.putAll(values);
        return body;
    }

    private static Map<String, Object> without(String field) {
        Map<String, Object> body = new LinkedHashMap<>(CapacityApi.aService());
        body.remove(field);
        return body;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
