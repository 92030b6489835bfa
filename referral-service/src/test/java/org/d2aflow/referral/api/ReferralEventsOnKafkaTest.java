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
import org.d2aflow.contracts.referral.DischargeCorrected;
import org.d2aflow.contracts.referral.DischargeReadyDateCorrected;
import org.d2aflow.contracts.referral.DischargeVoided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.referral.ReferralApi;
import org.d2aflow.testkit.TopicReader;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.DefaultToken;
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

    @Test
    void correctionsArriveOnTheReferralsTopicAsCloudEventsNamingTheFactsTheyCorrect() {
        LocalDate today = LocalDate.now();
        String id = ReferralApi.create(aReferralRequest().admittedDaysAgo(12).build());
        ReferralApi.setDrd(id, today.minusDays(6)).statusCode(200);
        ReferralApi.discharge(id, today.minusDays(3), "19", "1").statusCode(200);
        ReferralApi.correctDischarge(id, Map.of("destinationCode", "85", "reason", "Went to a care home")).statusCode(200);
        ReferralApi.correctDrd(id, today.minusDays(7), "MDT notes say a day earlier").statusCode(200);
        ReferralApi.voidDischarge(id, "Recorded against the wrong patient").statusCode(200);

        List<ConsumerRecord<String, EventEnvelope<D2aEvent>>> records = TopicReader.read(Topics.REFERRALS, id, Duration.ofSeconds(60),
                found -> found.size() >= 6);

        assertThat(records).extracting(r -> r.value().type()).containsExactly(
                "d2a.referral.submitted.v1",
                "d2a.referral.discharge-ready-date-set.v1",
                "d2a.referral.patient-discharged.v1",
                "d2a.referral.discharge-corrected.v1",
                "d2a.referral.discharge-ready-date-corrected.v1",
                "d2a.referral.discharge-voided.v1");
        for (ConsumerRecord<String, EventEnvelope<D2aEvent>> r : records.subList(3, 6)) {
            assertThat(header(r, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(r, "ce_source")).isEqualTo("/d2a/referral-service");
            assertThat(header(r, "ce_subject")).isEqualTo(id);
            assertThat(header(r, "ce_type")).isEqualTo(r.value().type());
            assertThat(header(r, "ce_id")).isEqualTo(r.value().id());
            assertThat(header(r, "ce_time")).isNotBlank();
            assertThat(r.key()).isEqualTo(id);
        }
        DischargeCorrected corrected = (DischargeCorrected) records.get(3).value().event();
        assertThat(corrected.correctsEventId()).isEqualTo(records.get(2).value().id());
        assertThat(corrected.destinationCode()).isEqualTo("85");
        assertThat(corrected.dischargeDate()).isEqualTo(today.minusDays(3));
        assertThat(corrected.correctedBy()).isEqualTo("test-user@" + DefaultToken.TEST_ORG);
        assertThat(corrected.reason()).isEqualTo("Went to a care home");
        DischargeReadyDateCorrected drd = (DischargeReadyDateCorrected) records.get(4).value().event();
        assertThat(drd.correctsEventId()).isEqualTo(records.get(1).value().id());
        assertThat(drd.dischargeReadyDate()).isEqualTo(today.minusDays(7));
        DischargeVoided voided = (DischargeVoided) records.get(5).value().event();
        assertThat(voided.correctsEventId()).as("the void names the standing correction").isEqualTo(records.get(3).value().id());
        assertThat(voided.reason()).isEqualTo("Recorded against the wrong patient");
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
