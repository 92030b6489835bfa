package org.d2aflow.placement.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.d2aflow.placement.domain.PlacementTestData.DISCHARGED;
import static org.d2aflow.placement.domain.PlacementTestData.PLACEMENT_ID;
import static org.d2aflow.placement.domain.PlacementTestData.REFERRAL_ID;
import static org.d2aflow.placement.domain.PlacementTestData.aPlacement;
import static org.d2aflow.placement.domain.PlacementTestData.given;
import static org.d2aflow.placement.domain.PlacementTestData.windowOn;
import static org.d2aflow.testkit.Refusals.assertIllegalTransition;
import static org.d2aflow.testkit.Refusals.assertInvalid;

import java.time.LocalDate;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.contracts.placement.FollowUpCorrected;
import org.d2aflow.contracts.reference.RefusalCode;
import org.d2aflow.kit.domain.IllegalTransitionException;
import org.d2aflow.placement.domain.PlacementCommand.CorrectFollowUp;
import org.d2aflow.placement.domain.PlacementCommand.FollowUpFact;
import org.junit.jupiter.api.Test;

class CorrectFollowUpTest {

    /** Discharge 2026-11-10 + 91 days. */
    private static final LocalDate DAY_91 = LocalDate.of(2027, 2, 9);
    private static final LocalDate OBTAINED = DAY_91.plusDays(2);
    private static final LocalDate TODAY = DAY_91.plusDays(10);
    private static final FollowUpFact RECORDED = new FollowUpFact("evt-recorded", OBTAINED);

    private static CorrectFollowUp correct(Day91Status status, LocalDate obtainedOn) {
        return correct(status, obtainedOn, TODAY);
    }

    private static CorrectFollowUp correct(Day91Status status, LocalDate obtainedOn, LocalDate today) {
        return new CorrectFollowUp(status, obtainedOn, "typed against the wrong person", "staff-7", RECORDED, DISCHARGED, null,
                windowOn(today));
    }

    private static Placement followedUp() {
        return given(aPlacement().of(ServiceType.REABLEMENT_HOME).startedOn(DISCHARGED).followedUp(Day91Status.AT_HOME, OBTAINED));
    }

    @Test
    void correctsTheStatusNamingTheFactInForceWhoAndWhyAndKeepsTheDate() {
        assertThat(followedUp().decide(correct(Day91Status.CARE_HOME, null))).containsExactly(new FollowUpCorrected(REFERRAL_ID,
                PLACEMENT_ID, "evt-recorded", Day91Status.CARE_HOME, OBTAINED, "typed against the wrong person", "staff-7"));
    }

    @Test
    void correctsTheDateAlone() {
        assertThat(followedUp().decide(correct(Day91Status.AT_HOME, DAY_91))).containsExactly(new FollowUpCorrected(REFERRAL_ID,
                PLACEMENT_ID, "evt-recorded", Day91Status.AT_HOME, DAY_91, "typed against the wrong person", "staff-7"));
    }

    @Test
    void aCorrectionOfACorrectionNamesTheLatestFactAndComparesWithIt() {
        Placement corrected = given(aPlacement().startedOn(DISCHARGED).followedUp(Day91Status.AT_HOME, OBTAINED)
                .corrected("evt-recorded", Day91Status.CARE_HOME, OBTAINED));
        CorrectFollowUp back = new CorrectFollowUp(Day91Status.AT_HOME, null, "the first correction was wrong", "staff-8",
                new FollowUpFact("evt-correction-1", OBTAINED), DISCHARGED, null, windowOn(TODAY));

        assertThat(corrected.decide(back)).singleElement()
                .satisfies(e -> assertThat(((FollowUpCorrected) e).correctsEventId()).isEqualTo("evt-correction-1"));
        assertInvalid(() -> corrected.decide(new CorrectFollowUp(Day91Status.CARE_HOME, null, "again", "staff-8",
                new FollowUpFact("evt-correction-1", OBTAINED), DISCHARGED, null, windowOn(TODAY))), "day91Status");
    }

    @Test
    void aDateKeptIsNotHeldToTheWindowButANewOneIs() {
        LocalDate muchLater = OBTAINED.plusDays(200);

        assertThat(followedUp().decide(correct(Day91Status.DIED, null, muchLater))).hasSize(1);
        assertThat(followedUp().decide(correct(Day91Status.DIED, muchLater.minusDays(90), muchLater))).hasSize(1);
        assertInvalid(() -> followedUp().decide(correct(Day91Status.DIED, muchLater.minusDays(91), muchLater)), "obtainedOn");
        assertInvalid(() -> followedUp().decide(correct(Day91Status.DIED, TODAY.plusDays(1))), "obtainedOn");
    }

    @Test
    void theCorrectedDateKeepsToDay91AndTheStart() {
        assertThat(assertInvalid(() -> followedUp().decide(correct(Day91Status.AT_HOME, DAY_91.minusDays(1))), "obtainedOn").errors()
                .get(0).message()).contains("day 91, " + DAY_91);
        Placement lateStart = given(aPlacement().startedOn(DAY_91.plusDays(1)).followedUp(Day91Status.AT_HOME, OBTAINED));
        assertInvalid(() -> lateStart.decide(correct(Day91Status.AT_HOME, DAY_91)), "obtainedOn");
    }

    @Test
    void nothingToCorrectIsAConflictWithItsCode() {
        Placement notFollowedUp = given(aPlacement().startedOn(DISCHARGED));

        assertThatThrownBy(() -> notFollowedUp.decide(correct(Day91Status.CARE_HOME, null)))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
                    assertThat(e.code()).isEqualTo(RefusalCode.FOLLOW_UP_NOT_RECORDED.code());
                    assertThat(e.getMessage()).contains("nothing to correct", "record it instead");
                });
    }

    @Test
    void aFollowUpCarriedByAnotherPlacementIsCorrectedThere() {
        CorrectFollowUp elsewhere = new CorrectFollowUp(Day91Status.CARE_HOME, null, "wrong", "staff-7", null, DISCHARGED,
                "the-step-down-placement", windowOn(TODAY));

        assertIllegalTransition(() -> given(aPlacement().startedOn(DISCHARGED)).decide(elsewhere),
                "recorded on placement the-step-down-placement", "correct it there");
    }

    @Test
    void aPendingPlacementHasNothingToCorrect() {
        assertIllegalTransition(() -> given(aPlacement().notStarted()).decide(correct(Day91Status.CARE_HOME, null)), "not started");
    }

    @Test
    void aCorrectionThatChangesNothingIsRefused() {
        assertThat(assertInvalid(() -> followedUp().decide(correct(Day91Status.AT_HOME, OBTAINED)), "day91Status").errors().get(0)
                .message()).contains("already AT_HOME", "must change the status or obtainedOn");
    }

    @Test
    void aCorrectionNeedsAStatusAndAReason() {
        assertInvalid(() -> followedUp().decide(new CorrectFollowUp(null, null, " ", "staff-7", RECORDED, DISCHARGED, null,
                windowOn(TODAY))), "day91Status", "reason");
    }

    @Test
    void aVoidedDischargeLeavesNoDay91ToCorrectAgainst() {
        CorrectFollowUp voided = new CorrectFollowUp(Day91Status.CARE_HOME, null, "wrong", "staff-7", RECORDED, null, null,
                windowOn(TODAY));

        assertIllegalTransition(() -> followedUp().decide(voided), "discharge date", "voided");
    }

    @Test
    void aDeathByDay91StillAllowsOnlyDied() {
        Placement died = given(aPlacement().startedOn(DISCHARGED).endedOn(DISCHARGED.plusDays(30), EndReason.DIED)
                .followedUp(Day91Status.DIED, OBTAINED));

        assertInvalid(() -> died.decide(correct(Day91Status.AT_HOME, null)), "day91Status");
        assertThat(died.decide(correct(Day91Status.DIED, DAY_91))).hasSize(1);
    }
}
