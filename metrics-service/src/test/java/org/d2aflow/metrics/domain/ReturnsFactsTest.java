package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.metrics.domain.TestLog.aLog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.metrics.domain.ReferralFacts.DelayReason;
import org.d2aflow.metrics.domain.ReferralFacts.Outcome;
import org.d2aflow.metrics.domain.ReferralFacts.OutcomeKind;
import org.junit.jupiter.api.Test;

/**
 * The facts later returns need (issue 20): the admission method, reasons for delay by date with their list, and dated
 * deaths and admissions to long-term care, each read as known at an instant.
 */
class ReturnsFactsTest {

    private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");

    private static Instant endOf(String date) {
        return LocalDate.parse(date).plusDays(1).atStartOfDay(FigureQuery.ZONE).toInstant();
    }

    @Test
    void theAdmissionMethodIsKeptAndTellsAnEmergencyAdmission() {
        LogFacts facts = aLog().on("2024-01-02").referral("r1").admitted("2024-01-01").admissionMethod("2A").submitted()
                .referral("r2").admitted("2024-01-01").admissionMethod("11").submitted()
                .referral("r3").admitted("2024-01-01").submitted().facts();
        assertThat(facts.referralOrNull("r1").submittedAt(LATER).orElseThrow().admissionMethod()).isEqualTo("2A");
        assertThat(facts.referralOrNull("r1").submittedAt(LATER).orElseThrow().emergencyAdmission()).isTrue();
        assertThat(facts.referralOrNull("r2").submittedAt(LATER).orElseThrow().emergencyAdmission()).isFalse();
        assertThat(facts.referralOrNull("r3").submittedAt(LATER).orElseThrow().admissionMethod()).isNull();
    }

    @Test
    void delayReasonsApplyFromTheirDateAndALaterRecordForADateReplacesItAsKnownThen() {
        LogFacts facts = aLog().on("2024-01-02").referral("r1").admitted("2024-01-01").submitted().drd("2024-01-05")
                .on("2024-01-06").delayReason("15", "2024-01-05")
                .on("2024-01-09").delayReason("13", "2024-01-08")
                .on("2024-01-12").delayReason("14", "2024-01-05")
                .facts();
        ReferralFacts r = facts.referralOrNull("r1");
        assertThat(r.delayReasonOn(LocalDate.parse("2024-01-04"), LATER)).isEmpty();
        assertThat(r.delayReasonOn(LocalDate.parse("2024-01-06"), LATER).map(DelayReason::code)).contains("14");
        assertThat(r.delayReasonOn(LocalDate.parse("2024-01-10"), LATER).map(DelayReason::code)).contains("13");
        // As known on the 10th, the correction of the 12th was not yet recorded.
        assertThat(r.delayReasonOn(LocalDate.parse("2024-01-06"), endOf("2024-01-10")).map(DelayReason::code)).contains("15");
        assertThat(r.delayReasonsAt(endOf("2024-01-06"))).containsExactly(
                Map.entry(LocalDate.parse("2024-01-05"), new DelayReason("acute-sitrep-2023", 1, "15", LocalDate.parse("2024-01-05"))));
    }

    @Test
    void deathsAndLongTermCareAdmissionsAreDatedFromDischargesPlacementEndsAndFollowUps() {
        LogFacts facts = aLog()
                .on("2024-02-01").referral("died-in-hospital").admitted("2024-01-20").submitted().discharged("2024-02-01", "79", "4")
                .on("2024-03-01").referral("died-in-service").admitted("2024-01-20").submitted().dischargedHome("2024-02-01")
                .placement("p1", "s1", ServiceType.REABLEMENT_HOME, "2024-02-01").placementEnded("p1", "2024-02-20", EndReason.DIED)
                .on("2024-03-01").referral("to-care-home").admitted("2024-01-20").submitted().dischargedHome("2024-02-01")
                .placement("p2", "s1", ServiceType.REABLEMENT_HOME, "2024-02-01")
                .placementEnded("p2", "2024-02-25", EndReason.LA_FUNDED_PLACEMENT)
                .on("2024-05-05").referral("died-at-home-later").admitted("2024-01-20").submitted().dischargedHome("2024-02-01")
                .placement("p3", "s1", ServiceType.REABLEMENT_HOME, "2024-02-01")
                .placementEnded("p3", "2024-02-28", EndReason.NO_ONGOING_SUPPORT)
                .followUpSince("p3", Day91Status.DIED, "2024-05-02", "2024-04-10")
                .on("2024-05-05").referral("undated").admitted("2024-01-20").submitted().dischargedHome("2024-02-01")
                .placement("p4", "s1", ServiceType.REABLEMENT_HOME, "2024-02-01").followUp("p4", Day91Status.DIED, "2024-05-02")
                .facts();
        assertThat(facts.referralOrNull("died-in-hospital").outcomesAt(LATER))
                .containsExactly(new Outcome(OutcomeKind.DIED, LocalDate.parse("2024-02-01"), "discharge"));
        assertThat(facts.referralOrNull("died-in-service").outcomesAt(LATER))
                .containsExactly(new Outcome(OutcomeKind.DIED, LocalDate.parse("2024-02-20"), "placement-end"));
        assertThat(facts.referralOrNull("to-care-home").firstOutcomeAt(OutcomeKind.LONG_TERM_CARE, LATER)).contains(LocalDate.parse("2024-02-25"));
        assertThat(facts.referralOrNull("to-care-home").firstOutcomeAt(OutcomeKind.DIED, LATER)).isEmpty();
        assertThat(facts.referralOrNull("died-at-home-later").outcomesAt(LATER))
                .containsExactly(new Outcome(OutcomeKind.DIED, LocalDate.parse("2024-04-10"), "follow-up"));
        // Both clocks: before the follow-up was recorded, the death on the 10th of April was not known.
        assertThat(facts.referralOrNull("died-at-home-later").outcomesAt(endOf("2024-05-04"))).isEmpty();
        // A follow-up without the date the status began dates nothing.
        assertThat(facts.referralOrNull("undated").outcomesAt(LATER)).isEqualTo(List.of());
    }
}
