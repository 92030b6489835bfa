package org.d2aflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.d2aflow.contracts.capacity.CapacitySet;
import org.d2aflow.contracts.figures.FigureSnapshotPublished;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.FollowUpRecorded;
import org.d2aflow.contracts.referral.DelayReasonRecorded;
import org.d2aflow.contracts.placement.PlacementStarted;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.contracts.referral.Sex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventRecordsTest {

    private static final LocalDate DAY = LocalDate.of(2025, 11, 14);

    @Test
    void missingRequiredFieldIsRejectedByName() {
        assertThatThrownBy(() -> new ReferralSubmitted(SampleEvents.REFERRAL_ID, SampleEvents.PATIENT_KEY, 84, null,
                "East", "County Hospital", DAY, UsualResidence.PRIVATE_HOME))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("sex is required");
        assertThatThrownBy(() -> new CapacityClaimed(SampleEvents.SERVICE_ID, SampleEvents.CLAIM_ID, " ", DAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("referralId must not be blank");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9434765919", "943 476 5919", "943-476-5919"})
    void patientKeyThatLooksLikeAnNhsNumberIsRejected(String nhsNumber) {
        assertThatThrownBy(() -> SampleEvents.aReferral().withPatientKey(nhsNumber).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("patientKey")
                .hasMessageNotContaining(nhsNumber);
    }

    @Test
    void referralCarriesAgeButNoIdentity() {
        assertThat(SampleEvents.aReferral().aged(91).withSex(Sex.MALE).build().ageAtAdmission()).isEqualTo(91);
        assertThat(ReferralSubmitted.class.getRecordComponents())
                .extracting(component -> component.getName().toLowerCase())
                .noneMatch(name -> name.contains("nhs") || name.contains("name") || name.contains("birth"));
    }

    @Test
    void pathwayDecisionMustNameAServiceTypeOfThatPathway() {
        assertThatThrownBy(() -> new PathwayDecided(SampleEvents.REFERRAL_ID, Pathway.P1, ServiceType.BEDDED_REHAB, DAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BEDDED_REHAB belongs to pathway P2");
    }

    @Test
    void dischargeCodesMustBeDataDictionaryShaped() {
        assertThatThrownBy(() -> new PatientDischarged(SampleEvents.REFERRAL_ID, DAY, "9", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("destinationCode");
        assertThatThrownBy(() -> new PatientDischarged(SampleEvents.REFERRAL_ID, DAY, "19", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("methodCode");
    }

    @Test
    void admissionMethodIsOptionalButADataDictionaryCodeWhenGiven() {
        ReferralSubmitted base = SampleEvents.aReferral().build();
        assertThat(base.admissionMethod()).isEqualTo("21");
        assertThatThrownBy(() -> new ReferralSubmitted(base.referralId(), base.patientKey(), 84, Sex.FEMALE, "East", "County Hospital", DAY,
                UsualResidence.PRIVATE_HOME, null, "28")).hasMessageContaining("admissionMethod");
        assertThat(new ReferralSubmitted(base.referralId(), base.patientKey(), 84, Sex.FEMALE, "East", "County Hospital", DAY,
                UsualResidence.PRIVATE_HOME, null).admissionMethod()).isNull();
    }

    @Test
    void aFollowUpDatesOnlyADeathOrACareHomeAdmissionAndNotAfterItWasObtained() {
        assertThat(new FollowUpRecorded("r", "p", Day91Status.CARE_HOME, DAY, DAY.minusDays(20)).statusSince()).isEqualTo(DAY.minusDays(20));
        assertThatThrownBy(() -> new FollowUpRecorded("r", "p", Day91Status.AT_HOME, DAY, DAY.minusDays(20)))
                .hasMessageContaining("statusSince");
        assertThatThrownBy(() -> new FollowUpRecorded("r", "p", Day91Status.DIED, DAY, DAY.plusDays(1)))
                .hasMessageContaining("statusSince");
    }

    @Test
    void aDelayReasonNamesAListVersionAndCode() {
        assertThatThrownBy(() -> new DelayReasonRecorded("r", "Acute 2023", 1, "1", DAY)).hasMessageContaining("listId");
        assertThatThrownBy(() -> new DelayReasonRecorded("r", "acute-sitrep-2023", 0, "1", DAY)).hasMessageContaining("listVersion");
        assertThatThrownBy(() -> new DelayReasonRecorded("r", "acute-sitrep-2023", 1, " ", DAY)).hasMessageContaining("code");
    }

    @Test
    void capacityCannotBeNegativeButCanBeZero() {
        assertThat(new CapacitySet(SampleEvents.SERVICE_ID, 0, DAY).units()).isZero();
        assertThatThrownBy(() -> new CapacitySet(SampleEvents.SERVICE_ID, -1, DAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("units");
    }

    @Test
    void streamIdIsTheReferralForReferralAndPlacementEventsAndTheServiceForCapacity() {
        assertThat(SampleEvents.aReferral().build().streamId()).isEqualTo(SampleEvents.REFERRAL_ID);
        assertThat(new FollowUpRecorded(SampleEvents.REFERRAL_ID, SampleEvents.PLACEMENT_ID,
                org.d2aflow.contracts.placement.Day91Status.DIED).streamId()).isEqualTo(SampleEvents.REFERRAL_ID);
        assertThat(new PlacementStarted(SampleEvents.REFERRAL_ID, SampleEvents.PLACEMENT_ID, SampleEvents.SERVICE_ID,
                ServiceType.REHAB_HOME, DAY).streamId()).isEqualTo(SampleEvents.REFERRAL_ID);
        assertThat(new CapacitySet(SampleEvents.SERVICE_ID, 4, DAY).streamId()).isEqualTo(SampleEvents.SERVICE_ID);
    }

    @Test
    void figureSnapshotIsKeyedByFigureAndBreakdown() {
        assertThat(SampleEvents.aFigureSnapshot().build().streamId()).isEqualTo("still-at-home-91-days|pathway=P1");
    }

    @Test
    void figureSnapshotKeepsItsOwnCopyOfTheValue() {
        ObjectNode value = JsonNodeFactory.instance.objectNode().put("numerator", 1);
        FigureSnapshotPublished snapshot = SampleEvents.aFigureSnapshot().withValue(value).build();

        value.put("numerator", 2);

        assertThat(snapshot.value().get("numerator").asInt()).isEqualTo(1);
    }

    @Test
    void figurePeriodCannotEndBeforeItStarts() {
        assertThatThrownBy(() -> new FigureSnapshotPublished("f", "all", DAY, DAY.minusDays(1), SampleEvents.RECORDED_AT, 0,
                JsonNodeFactory.instance.objectNode()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("periodTo");
        assertThatThrownBy(() -> new FigureSnapshotPublished("f", "all", null, null, SampleEvents.RECORDED_AT, 0,
                JsonNodeFactory.instance.nullNode()))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("value is required");
    }
}
