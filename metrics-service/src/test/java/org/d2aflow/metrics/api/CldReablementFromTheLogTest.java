package org.d2aflow.metrics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.contracts.placement.PlacementEnded;
import org.d2aflow.contracts.placement.PlacementStarted;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.TopicWriter;
import org.junit.jupiter.api.Test;

/**
 * The CLD reablement extract of October to December 2024 from the real service reading a referral and its reablement
 * placement written to the real broker: the person is the patient key referral-service would derive from a synthetic NHS
 * number of the test range, and no NHS number is in the extract.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class CldReablementFromTheLogTest {

    /** A synthetic NHS number of the test range (999 000 0018, check digit 8), never written to the log. */
    private static final String NHS_NUMBER = "9990000018";
    private static final String Q3 = ",2024-10-01,2024-12-31";

    /** The pseudonym as referral-service makes it: HMAC-SHA256 of the ten digits under a secret (a test one here). */
    private static String patientKey(String nhsNumber) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("cld-test-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(nhsNumber.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String extract(String asKnownAt) {
        var request = given().queryParam("period", "2024-25-Q3");
        if (asKnownAt != null) {
            request = request.queryParam("asKnownAt", asKnownAt);
        }
        return request.get("/returns/cld-reablement").then().statusCode(200).contentType(startsWith("text/csv"))
                .header("Content-Disposition", containsString("cld-reablement-2024-25-Q3.csv")).extract().asString();
    }

    /** The rows of one person (other tests may write to the same quarter). */
    private static List<String> rowsOf(String csv, String person) {
        return Arrays.stream(csv.split("\r\n")).filter(l -> l.startsWith(person + ",")).toList();
    }

    @Test
    void theQuarterlyExtractNamesThePersonByPatientKeyOnlyAndEndsThePlacementOnceTheEndIsKnown() throws Exception {
        String key = patientKey(NHS_NUMBER);
        String referral = UUID.randomUUID().toString();
        String placement = UUID.randomUUID().toString();
        TopicWriter.publish("/d2a/referral-service", 1, new ReferralSubmitted(referral, key, 82, Sex.FEMALE, "East", "County Hospital",
                LocalDate.of(2024, 10, 1), UsualResidence.PRIVATE_HOME, null, "21"));
        TopicWriter.publish("/d2a/referral-service", 2, new PathwayDecided(referral, Pathway.P1, ServiceType.REABLEMENT_HOME,
                LocalDate.of(2024, 10, 8)));
        TopicWriter.publish("/d2a/referral-service", 3, new PatientDischarged(referral, LocalDate.of(2024, 10, 9), "19", "1", 82));
        EventEnvelope<D2aEvent> started = TopicWriter.publish("/d2a/placement-service", 1, new PlacementStarted(referral, placement,
                "svc-reablement", ServiceType.REABLEMENT_HOME, LocalDate.of(2024, 10, 9)));

        String request = key + ",Request," + referral + ",,,,,2024-10-08,2024-10-08,Progress to Reablement/ST-Max,Discharge from Hospital,,"
                + Q3;
        String open = key + ",Service," + placement + ",,,,,2024-10-09,,,,Short Term Support: ST-Max,Reablement" + Q3;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rowsOf(extract(null), key)).containsExactly(request, open));

        EventEnvelope<D2aEvent> ended = TopicWriter.publish("/d2a/placement-service", 2, new PlacementEnded(referral, placement,
                LocalDate.of(2024, 11, 20), EndReason.NO_ONGOING_SUPPORT));
        String closed = key + ",Service," + placement + ",,,,,2024-10-09,2024-11-20,Service ended as planned,,Short Term Support: ST-Max,"
                + "Reablement" + Q3;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rowsOf(extract(ended.time().toString()), key))
                .containsExactly(request, closed));
        // as known just before the end was recorded, and when the start was: the placement is open
        assertThat(rowsOf(extract(ended.time().minusNanos(1000).toString()), key)).containsExactly(request, open);
        assertThat(rowsOf(extract(started.time().toString()), key)).containsExactly(request, open);

        String csv = extract(null);
        assertThat(csv).startsWith("LA_Person_Unique_Identifier,Event_Type,Event_Reference,NHS_Number,")
                .doesNotContain(NHS_NUMBER).doesNotContainPattern("(?<![0-9a-f])\\d{3}[ -]?\\d{3}[ -]?\\d{4}(?![0-9a-f])");
        // every row's NHS_Number (the fourth column) is empty
        assertThat(Arrays.stream(csv.split("\r\n")).skip(1)).allSatisfy(l -> assertThat(l.split(",", -1)[3]).isEmpty());

        given().accept("application/json").queryParam("period", "2024-25-Q3").get("/returns/cld-reablement").then().statusCode(200)
                .body("find { it.Event_Reference == '" + placement + "' }.Event_Outcome", equalTo("Service ended as planned"))
                .body("find { it.Event_Reference == '" + placement + "' }.NHS_Number", equalTo(""));
        given().queryParam("period", "2024-10").get("/returns/cld-reablement").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("errors[0].field", equalTo("period"),
                        "errors[0].message", containsString("2024-25-Q1"));
        given().get("/returns/cld-reablement/columns").then().statusCode(200).body(containsString("CLD specification Release 1"));
    }
}
