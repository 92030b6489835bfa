package org.d2aflow.referral.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.referral.ReferralTestData.aReferralRequest;
import static org.d2aflow.referral.ReferralTestData.syntheticNhsNumber;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import org.d2aflow.referral.LogCapture;
import org.d2aflow.referral.ReferralApi;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.TestTokens;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * No identity in any log line: every record the service logs (any logger, its own and this service's kits at DEBUG)
 * while referrals are created with identities, changed, read back through the identity endpoint, and while requests
 * carrying an NHS number, a name or a date of birth are refused (bad JSON, bad fields, unknown fields, duplicate keys,
 * no token, wrong role, wrong content type, an identity in the path), is formatted as a log line with its log
 * context and stack trace, and none may contain an NHS number, name or date of birth used, in any of the forms they
 * were sent or might be printed.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_referral"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoIdentityInLogsTest {

    private static final Matcher<Integer> FOUR_XX = both(greaterThanOrEqualTo(400)).and(lessThan(500));

    private final LogCapture capture = new LogCapture();
    /** Every identity value sent in the run: NHS numbers, names, dates of birth. */
    private final List<String> identities = new ArrayList<>();
    private final List<String> requestIds = new ArrayList<>();

    @BeforeAll
    void listen() {
        capture.listen();
    }

    @AfterAll
    void stopListening() {
        capture.stop();
    }

    @Test
    void aRunWithIdentitiesLogsNone() throws InterruptedException {
        LocalDate today = LocalDate.now();
        String first = null;
        for (int i = 0; i < 6; i++) {
            String nhs = syntheticNhsNumber();
            String name = "Quillon Example" + (char) ('a' + i) + "son";
            String born = "193" + i + "-0" + (i + 1) + "-1" + i;
            identities.addAll(List.of(nhs, name, born));
            // Every other one sent as people write it, with spaces.
            String sent = i % 2 == 0 ? nhs : nhs.substring(0, 3) + " " + nhs.substring(3, 6) + " " + nhs.substring(6);
            String requestId = UUID.randomUUID().toString();
            requestIds.add(requestId);
            String id = given().header("X-Request-Id", requestId).contentType(ContentType.JSON)
                    .body(aReferralRequest().with("nhsNumber", sent).with("name", name).with("dateOfBirth", born).build())
                    .post("/referrals").then().statusCode(201).header("X-Request-Id", requestId).extract().path("id");
            first = first == null ? id : first;
            ReferralApi.setDrd(id, today.minusDays(2)).statusCode(200);
            ReferralApi.decide(id, "P1", "REABLEMENT_HOME", today.minusDays(1)).statusCode(200);
            if (i % 3 == 0) {
                ReferralApi.discharge(id, today, "19", "1").statusCode(200);
            } else if (i % 3 == 1) {
                ReferralApi.withdraw(id, "Transferred to another trust").statusCode(200);
            }
            given().queryParam("reason", "Arranging transport home").get("/referrals/{id}/identity", id).then().statusCode(200);
            given().get("/referrals/{id}/identity", id).then().statusCode(400);
        }
        String nhs = identities.get(0);
        String name = identities.get(1);
        String born = identities.get(2);

        // Refused requests that carry an identity, in the body, a header or the path.
        String valid = "{\"nhsNumber\":\"" + nhs + "\",\"name\":\"" + name + "\",\"dateOfBirth\":\"" + born + "\"";
        refused(400, valid);                                                             // cut short
        refused(400, valid + ",\"nhsNumber\":\"" + nhs + "\"}");                         // a duplicate key
        refused(400, valid + ",\"patientName\":\"" + name + "\"}");                      // an unknown field
        refused(400, "{\"nhsNumber\":" + nhs + ",\"name\":\"" + name + "\",\"dateOfBirth\":[" + born.replace("-", ",") + "]}");
        String checksumWrong = nhs.substring(0, 9) + (char) ('0' + (nhs.charAt(9) - '0' + 1) % 10);
        identities.add(checksumWrong);
        given().contentType(ContentType.JSON).body(aReferralRequest().with("nhsNumber", checksumWrong).with("name", name)
                .with("dateOfBirth", born).build()).post("/referrals").then().statusCode(422);
        given().contentType(ContentType.JSON).body(aReferralRequest().with("nhsNumber", nhs).with("name", name + "x".repeat(200))
                .with("dateOfBirth", born).build()).post("/referrals").then().statusCode(400);
        given().contentType(ContentType.JSON).body(aReferralRequest().with("nhsNumber", nhs).with("name", name)
                .with("dateOfBirth", "1930-02-30").build()).post("/referrals").then().statusCode(FOUR_XX);
        given().contentType(ContentType.JSON).body(aReferralRequest().with("nhsNumber", nhs).with("name", name)
                .with("dateOfBirth", today.plusDays(1).toString()).build()).post("/referrals").then().statusCode(FOUR_XX);
        given().contentType(ContentType.TEXT).body(valid + "}").post("/referrals").then().statusCode(415);
        given().header("Authorization", TestTokens.bearer("homefirst", "TEST-ORG")).contentType(ContentType.JSON)
                .body(valid + "}").post("/referrals").then().statusCode(403);
        given().header("Authorization", "Bearer " + nhs).contentType(ContentType.JSON).body(valid + "}").post("/referrals")
                .then().statusCode(401);
        given().get("/referrals/{id}", nhs).then().statusCode(404);
        given().queryParam("reason", name).get("/referrals/{id}/identity", nhs).then().statusCode(404);
        // Requests refused before any resource runs get their id too.
        given().header("X-Request-Id", requestIds.get(0)).request("TRACE", "/referrals").then().statusCode(405)
                .header("X-Request-Id", requestIds.get(0));
        // A request id that is not a UUID is not taken up: the service gives the request its own.
        assertThat(given().header("X-Request-Id", nhs).get("/referrals/{id}", first).then().statusCode(200).extract().header("X-Request-Id"))
                .isNotEqualTo(nhs).matches("[0-9a-f-]{36}");

        // The relay publishes what the run recorded; give its rounds a moment to log what they do.
        Thread.sleep(2_000);

        List<String> lines = capture.lines();
        String firstId = first;
        assertThat(lines).as("the run's requests were logged, with their request id and the stream a command changed")
                .anyMatch(l -> l.contains("requestId=" + requestIds.get(0)) && l.contains("answered 201"))
                .anyMatch(l -> l.contains("requestId=" + requestIds.get(0)) && l.contains("streamId=" + firstId));
        for (String identity : identities) {
            assertThat(capture.linesContaining(identity)).as("log lines containing " + identity).isEmpty();
        }
    }

    /** A write refused for its body, which carries an identity. */
    private static void refused(int status, String body) {
        given().contentType(ContentType.JSON).body(body).post("/referrals").then().statusCode(status);
    }
}
