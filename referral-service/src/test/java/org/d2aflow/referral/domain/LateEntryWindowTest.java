package org.d2aflow.referral.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.referral.domain.ReferralTestData.TODAY;
import static org.d2aflow.referral.domain.ReferralTestData.WINDOW;
import static org.d2aflow.referral.domain.ReferralTestData.aReferral;
import static org.d2aflow.referral.domain.ReferralTestData.aSubmission;
import static org.d2aflow.referral.domain.ReferralTestData.given;
import static org.d2aflow.testkit.Refusals.assertInvalid;

import java.time.LocalDate;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.kit.domain.EntryWindow;
import org.d2aflow.referral.domain.ReferralCommand.DecidePathway;
import org.d2aflow.referral.domain.ReferralCommand.RecordDischarge;
import org.d2aflow.referral.domain.ReferralCommand.SetDischargeReadyDate;
import org.junit.jupiter.api.Test;

/**
 * The late-entry window on the dates that say when something happened: discharge, pathway decision, discharge ready
 * date. The edge is inclusive: with the default 90 days, today - 90 is accepted and today - 91 refused, naming the field
 * and the limit. Admission is not windowed: long stays are real.
 */
class LateEntryWindowTest {

    private static final LocalDate EDGE = TODAY.minusDays(90);
    private static final LocalDate BEYOND = TODAY.minusDays(91);
    /** Admitted long ago, so that only the window can refuse a date. */
    private static final LocalDate LONG_AGO = TODAY.minusDays(200);

    private static Referral admittedLongAgo() {
        return given(aReferral().admittedOn(LONG_AGO));
    }

    @Test
    void acceptsADischargeOnTheLastDayOfTheWindow() {
        assertThat(admittedLongAgo().decide(new RecordDischarge(EDGE, "19", "1", WINDOW))).hasSize(1);
    }

    @Test
    void refusesADischargeOneDayBeyondTheWindowNamingTheFieldAndTheLimit() {
        var refusal = assertInvalid(() -> admittedLongAgo().decide(new RecordDischarge(BEYOND, "19", "1", WINDOW)), "dischargeDate");

        assertThat(refusal.errors().get(0).message()).contains("on or after " + EDGE).contains("90 days late");
    }

    @Test
    void stillRefusesADischargeInTheFuture() {
        assertInvalid(() -> admittedLongAgo().decide(new RecordDischarge(TODAY.plusDays(1), "19", "1", WINDOW)), "dischargeDate");
    }

    @Test
    void acceptsAPathwayDecisionOnTheLastDayOfTheWindowAndRefusesOneBeyond() {
        assertThat(admittedLongAgo().decide(new DecidePathway(Pathway.P1, ServiceType.REABLEMENT_HOME, EDGE, WINDOW))).hasSize(1);

        var refusal = assertInvalid(() -> admittedLongAgo().decide(new DecidePathway(Pathway.P1, ServiceType.REABLEMENT_HOME, BEYOND,
                WINDOW)), "decidedAt");
        assertThat(refusal.errors().get(0).message()).contains(EDGE.toString());
    }

    @Test
    void stillRefusesAPathwayDecisionInTheFuture() {
        assertInvalid(() -> admittedLongAgo().decide(new DecidePathway(Pathway.P1, ServiceType.REABLEMENT_HOME, TODAY.plusDays(1),
                WINDOW)), "decidedAt");
    }

    @Test
    void acceptsADischargeReadyDateOnTheLastDayOfTheWindowAndRefusesOneBeyond() {
        assertThat(admittedLongAgo().decide(new SetDischargeReadyDate(EDGE, WINDOW))).hasSize(1);

        var refusal = assertInvalid(() -> admittedLongAgo().decide(new SetDischargeReadyDate(BEYOND, WINDOW)), "dischargeReadyDate");
        assertThat(refusal.errors().get(0).message()).contains(EDGE.toString());
    }

    @Test
    void aDischargeReadyDateMayStillLieInTheFuture() {
        assertThat(admittedLongAgo().decide(new SetDischargeReadyDate(TODAY.plusDays(5), WINDOW))).hasSize(1);
    }

    @Test
    void theOrganisationsOwnWindowApplies() {
        EntryWindow week = new EntryWindow(TODAY, 7);

        assertThat(admittedLongAgo().decide(new RecordDischarge(TODAY.minusDays(7), "19", "1", week))).hasSize(1);
        assertInvalid(() -> admittedLongAgo().decide(new RecordDischarge(TODAY.minusDays(8), "19", "1", week)), "dischargeDate");
    }

    @Test
    void anAdmissionLongBeforeTheWindowIsAccepted() {
        assertThat(Referral.from(java.util.List.of()).decide(aSubmission().admittedOn(TODAY.minusDays(400)).submittedOn(TODAY).build()))
                .hasSize(1);
    }

    @Test
    void beforeAdmissionIsNamedRatherThanTheWindow() {
        var refusal = assertInvalid(() -> given(aReferral().admittedOn(TODAY.minusDays(10)))
                .decide(new RecordDischarge(BEYOND, "19", "1", WINDOW)), "dischargeDate");

        assertThat(refusal.errors().get(0).message()).contains("admission");
    }
}
