package org.d2aflow.referral.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.referral.ReferralTestData.aReferralRequest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.referral.ReferralApi;
import org.d2aflow.testkit.TopicReader;
import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.Test;

/** Across the real broker: what a downstream service sees of one referral's life. */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_referral"))
class ReferralEventsOnKafkaTest {

    @Test
    void oneReferralsWholeLifeArrivesOnTheReferralsTopicInOrderAsCloudEvents() {
        LocalDate today = LocalDate.now();
        Map<String, Object> body = aReferralRequest().admittedDaysAgo(15).with("dateOfBirth", "1938-07-21").build();
        String id = ReferralApi.create(body);
        ReferralApi.setDrd(id, today.minusDays(6)).statusCode(200);
        ReferralApi.setDrd(id, today.minusDays(5)).statusCode(200);
        ReferralApi.decide(id, "P2", "BEDDED_REABLEMENT", today.minusDays(5)).statusCode(200);
        ReferralApi.discharge(id, today.minusDays(2), "51", "1").statusCode(200);

        List<ConsumerRecord<String, EventEnvelope<D2aEvent>>> records = TopicReader.read(Topics.REFERRALS, id, Duration.ofSeconds(60),
                found -> found.size() >= 5);

        assertThat(records).extracting(r -> r.value().type()).containsExactly(
                "d2a.referral.submitted.v1",
                "d2a.referral.discharge-ready-date-set.v1",
                "d2a.referral.discharge-ready-date-set.v1",
                "d2a.referral.pathway-decided.v1",
                "d2a.referral.patient-discharged.v1");
        assertThat(records).extracting(r -> r.value().streamVersion()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(records).extracting(ConsumerRecord::partition).as("one key, one partition").containsOnly(records.get(0).partition());
        assertThat(records).extracting(r -> r.value().id()).doesNotHaveDuplicates();
        for (ConsumerRecord<String, EventEnvelope<D2aEvent>> r : records) {
            assertThat(header(r, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(r, "ce_source")).isEqualTo("/d2a/referral-service");
            assertThat(header(r, "ce_subject")).isEqualTo(id);
            assertThat(header(r, "content-type")).isEqualTo("application/json");
            assertThat(new String(r.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8)).isEqualTo(r.value().id());
            String all = StreamSupport.stream(r.headers().spliterator(), false).map(h -> new String(h.value(), StandardCharsets.UTF_8))
                    .reduce("", String::concat);
            assertThat(all).doesNotContain((String) body.get("nhsNumber"));
        }
        ReferralSubmitted submitted = (ReferralSubmitted) records.get(0).value().event();
        assertThat(submitted.referralId()).isEqualTo(id);
        assertThat(submitted.ageAtAdmission()).isBetween(87, 88);
        assertThat(submitted.patientKey()).hasSize(64);
        PatientDischarged discharged = (PatientDischarged) records.get(4).value().event();
        assertThat(discharged.destinationCode()).isEqualTo("51");
        assertThat(discharged.ageAtDischarge()).as("born 21 July 1938").isEqualTo(
                java.time.Period.between(LocalDate.of(1938, 7, 21), today.minusDays(2)).getYears());
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
