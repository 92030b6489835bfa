package org.d2aflow.referral.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.referral.ReferralTestData.aReferralRequest;

import java.time.Instant;
import java.util.List;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import org.d2aflow.referral.ReferralApi;
import org.d2aflow.referral.Tables;
import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One precision for the recorded time: whole microseconds at the source, so the CloudEvents {@code time} that goes
 * to Kafka and the time the API shows from the database are the same instant, and "as known at" that instant is
 * exact.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_referral"))
class RecordedTimeTest {

    @Inject
    Tables tables;

    @Test
    void theRecordedTimeIsTheSameMicrosecondOnTheLogAndInTheApi() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < 20; i++) {
            String id = ReferralApi.create(aReferralRequest().build());
            String shown = given().get("/referrals/{id}", id).then().statusCode(200).extract().path("history[0].recordedAt");
            List<String> headers = tables.outboxHeaders(id);
            String onTheLog = json.readTree(headers.get(0)).path("ce_time").asText();

            assertThat(Instant.parse(onTheLog)).as("referral %s", id).isEqualTo(Instant.parse(shown));
            assertThat(Instant.parse(onTheLog).getNano() % 1_000).isZero();
        }
    }
}
