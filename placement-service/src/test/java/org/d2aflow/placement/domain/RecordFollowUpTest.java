package org.d2aflow.placement.domain;

import static org.assertj.core.api.Assertions.assertThat;
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
import org.d2aflow.contracts.placement.FollowUpRecorded;
import org.d2aflow.kit.domain.InvalidCommandException;
import org.d2aflow.placement.domain.PlacementCommand.RecordFollowUp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class RecordFollowUpTest {

    /** Discharge 2026-11-10 + 91 days. */
    private static final LocalDate DAY_91 = LocalDate.of(2027, 2, 9);

    private static RecordFollowUp followUpOn(LocalDate today, Day91Status status) {
        return new RecordFollowUp(status, null, DISCHARGED, null, windowOn(today));
    }

    private static Placement activeReablement() {
        return given(aPlacement().of(ServiceType.REABLEMENT_HOME).startedOn(DISCHARGED));
    }

    @Test
    void day91IsTheDischargeDatePlus91CalendarDays() {
        assertThat(FollowUpSchedule.dueDate(DISCHARGED)).isEqualTo(DAY_91);
        assertThat(FollowUpSchedule.dueDate(LocalDate.of(2027, 12, 1))).as("across a leap day").isEqualTo(LocalDate.of(2028, 3, 1));
        assertThat(FollowUpSchedule.latestDischargeDueBy(DAY_91)).isEqualTo(DISCHARGED);
    }

    @Test
    void recordsTheFollowUpOnDay91() {
        assertThat(activeReablement().decide(followUpOn(DAY_91, Day91Status.AT_HOME)))
                .containsExactly(new FollowUpRecorded(REFERRAL_ID, PLACEMENT_ID, Day91Status.AT_HOME, DAY_91));
    }

    @Test
    void aDeathOrACareHomeAdmissionMaySayWhenItHappened() {
        Placement ended = given(aPlacement().startedOn(DISCHARGED).endedOn(DISCHARGED.plusDays(30)));
        LocalDate died = DISCHARGED.plusDays(60);
        assertThat(ended.decide(new RecordFollowUp(Day91Status.DIED, null, DISCHARGED, null, windowOn(DAY_91), died)))
                .containsExactly(new FollowUpRecorded(REFERRAL_ID, PLACEMENT_ID, Day91Status.DIED, DAY_91, died));
        assertThat(ended.decide(new RecordFollowUp(Day91Status.CARE_HOME, null, DISCHARGED, null, windowOn(DAY_91), DISCHARGED))).hasSize(1);
    }

    @Test
    void theDateAStatusBeganIsForDeathsAndCareHomesBetweenDischargeAndFollowUp() {
        Placement ended = given(aPlacement().startedOn(DISCHARGED).endedOn(DISCHARGED.plusDays(30)));
        assertInvalid(() -> ended.decide(new RecordFollowUp(Day91Status.AT_HOME, null, DISCHARGED, null, windowOn(DAY_91), DAY_91)),
                "statusSince");
        assertInvalid(() -> ended.decide(new RecordFollowUp(Day91Status.DIED, null, DISCHARGED, null, windowOn(DAY_91), DAY_91.plusDays(1))),
                "statusSince");
        assertInvalid(() -> ended.decide(new RecordFollowUp(Day91Status.DIED, null, DISCHARGED, null, windowOn(DAY_91),
                DISCHARGED.minusDays(1))), "statusSince");
    }

    @Test
    void recordsALateFollowUp() {
        assertThat(activeReablement().decide(followUpOn(DAY_91.plusDays(30), Day91Status.UNKNOWN)))
                .containsExactly(new FollowUpRecorded(REFERRAL_ID, PLACEMENT_ID, Day91Status.UNKNOWN, DAY_91.plusDays(30)));
    }

    @Test
    void recordsTheFollowUpWhileThePlacementIsStillRunning() {
        Placement longStay = given(aPlacement().of(ServiceType.BEDDED_REHAB).startedOn(DISCHARGED));

        assertThat(longStay.decide(followUpOn(DAY_91, Day91Status.CARE_HOME))).hasSize(1);
    }

    @Test
    void recordsTheFollowUpAfterThePlacementEnded() {
        Placement ended = given(aPlacement().startedOn(DISCHARGED).endedOn(DISCHARGED.plusDays(30)));

        assertThat(ended.decide(followUpOn(DAY_91, Day91Status.EXTRA_CARE_HOUSING)))
                .containsExactly(new FollowUpRecorded(REFERRAL_ID, PLACEMENT_ID, Day91Status.EXTRA_CARE_HOUSING, DAY_91));
    }

    @ParameterizedTest
    @EnumSource(value = ServiceType.class, names = {"REABLEMENT_HOME", "REHAB_HOME", "BEDDED_REABLEMENT", "BEDDED_REHAB"})
    void recordsTheFollowUpForEveryReablementAndRehabilitationType(ServiceType type) {
        Placement placement = given(aPlacement().of(type).startedOn(DISCHARGED));

        assertThat(placement.decide(followUpOn(DAY_91, Day91Status.AT_HOME))).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Day91Status.class)
    void acceptsEveryDay91Status(Day91Status status) {
        assertThat(activeReablement().decide(followUpOn(DAY_91, status)))
                .containsExactly(new FollowUpRecorded(REFERRAL_ID, PLACEMENT_ID, status, DAY_91));
    }

    @Test
    void refusesAFollowUpBeforeDay91AndSaysWhenItIsDue() {
        assertIllegalTransition(() -> activeReablement().decide(followUpOn(DAY_91.minusDays(1), Day91Status.AT_HOME)),
                "not due until " + DAY_91);
    }

    @Test
    void refusesAFollowUpOnTheDayOfDischarge() {
        assertIllegalTransition(() -> activeReablement().decide(followUpOn(DISCHARGED, Day91Status.AT_HOME)), "not due until");
    }

    @ParameterizedTest
    @EnumSource(value = ServiceType.class, names = {"SOCIAL_SUPPORT", "SHORT_TERM_DOMCARE", "SHORT_TERM_CARE_HOME"})
    void refusesAFollowUpOfAPlacementThatIsNotReablementOrRehabilitation(ServiceType type) {
        Placement placement = given(aPlacement().of(type).startedOn(DISCHARGED));

        assertIllegalTransition(() -> placement.decide(followUpOn(DAY_91, Day91Status.AT_HOME)), "only for reablement",
                type.name());
    }

    @Test
    void refusesASecondFollowUp() {
        Placement followedUp = given(aPlacement().startedOn(DISCHARGED).followedUp(Day91Status.IN_HOSPITAL));

        assertIllegalTransition(() -> followedUp.decide(followUpOn(DAY_91.plusDays(2), Day91Status.AT_HOME)), "already recorded",
                "IN_HOSPITAL");
    }

    @Test
    void refusesAFollowUpAlreadyRecordedOnAnotherPlacementOfTheReferral() {
        RecordFollowUp command = new RecordFollowUp(Day91Status.AT_HOME, null, DISCHARGED, "another-placement", windowOn(DAY_91));

        assertIllegalTransition(() -> activeReablement().decide(command), "already recorded, on placement another-placement");
    }

    @Test
    void refusesAFollowUpOfAPlacementThatHasNotStarted() {
        Placement pending = given(aPlacement().notStarted());

        assertIllegalTransition(() -> pending.decide(followUpOn(DAY_91, Day91Status.AT_HOME)), "not started");
    }

    @Test
    void refusesAFollowUpWhenTheDischargeDateIsUnknown() {
        RecordFollowUp command = new RecordFollowUp(Day91Status.AT_HOME, null, null, null, windowOn(DAY_91));

        assertIllegalTransition(() -> activeReablement().decide(command), "discharge date", "not known");
    }

    @Test
    void refusesAFollowUpWithoutAStatus() {
        assertInvalid(() -> activeReablement().decide(followUpOn(DAY_91, null)), "day91Status");
    }

    @ParameterizedTest(name = "died {0} days after discharge, recorded as {1}")
    @CsvSource({"30, AT_HOME", "91, IN_HOSPITAL", "60, UNKNOWN"})
    void refusesAnyStatusButDiedWhenThePlacementEndedWithADeathByDay91(int daysAfterDischarge, Day91Status status) {
        Placement died = given(aPlacement().startedOn(DISCHARGED).endedOn(DISCHARGED.plusDays(daysAfterDischarge), EndReason.DIED));

        assertInvalid(() -> died.decide(followUpOn(DAY_91.plusDays(5), status)), "day91Status");
    }

    @Test
    void recordsDiedWhenThePlacementEndedWithADeathBeforeDay91() {
        Placement died = given(aPlacement().startedOn(DISCHARGED).endedOn(DISCHARGED.plusDays(30), EndReason.DIED));

        assertThat(died.decide(followUpOn(DAY_91, Day91Status.DIED))).hasSize(1);
    }

    @Test
    void acceptsAnyStatusWhenTheDeathCameAfterDay91() {
        Placement diedLater = given(aPlacement().startedOn(DISCHARGED).endedOn(DAY_91.plusDays(3), EndReason.DIED));

        assertThat(diedLater.decide(followUpOn(DAY_91.plusDays(10), Day91Status.AT_HOME)))
                .containsExactly(new FollowUpRecorded(REFERRAL_ID, PLACEMENT_ID, Day91Status.AT_HOME, DAY_91.plusDays(10)));
    }

    private static RecordFollowUp obtainedOn(LocalDate obtained, LocalDate today) {
        return new RecordFollowUp(Day91Status.AT_HOME, obtained, DISCHARGED, null, windowOn(today));
    }

    @Test
    void recordsTheDayTheStatusWasObtainedWhenItIsEnteredLate() {
        assertThat(activeReablement().decide(obtainedOn(DAY_91.plusDays(3), DAY_91.plusDays(40))))
                .containsExactly(new FollowUpRecorded(REFERRAL_ID, PLACEMENT_ID, Day91Status.AT_HOME, DAY_91.plusDays(3)));
    }

    @Test
    void obtainedOnMayBeAsLateAsTheWindowAllowsAndNoLater() {
        LocalDate today = DAY_91.plusDays(100);

        assertThat(activeReablement().decide(obtainedOn(today.minusDays(90), today))).hasSize(1);
        assertThat(assertInvalid(() -> activeReablement().decide(obtainedOn(today.minusDays(91), today)), "obtainedOn").errors()
                .get(0).message()).contains("on or after " + today.minusDays(90), "90 days late");
    }

    @Test
    void refusesAnObtainedOnInTheFuture() {
        assertInvalid(() -> activeReablement().decide(obtainedOn(DAY_91.plusDays(1), DAY_91)), "obtainedOn");
    }

    @Test
    void judgesDay91OnTheDayTheStatusWasObtainedNotOnlyOnToday() {
        InvalidCommandException refused = assertInvalid(
                () -> activeReablement().decide(obtainedOn(DAY_91.minusDays(1), DAY_91.plusDays(5))), "obtainedOn");

        assertThat(refused.errors().get(0).message()).contains("day 91, " + DAY_91);
        assertThat(activeReablement().decide(obtainedOn(DAY_91, DAY_91.plusDays(5)))).hasSize(1);
    }

    @Test
    void beforeDay91NothingCanBeRecordedWhateverTheDate() {
        assertIllegalTransition(() -> activeReablement().decide(obtainedOn(DAY_91.minusDays(2), DAY_91.minusDays(1))),
                "not due until " + DAY_91);
    }

    @Test
    void refusesAFollowUpObtainedBeforeThePlacementStarted() {
        Placement lateStart = given(aPlacement().of(ServiceType.REHAB_HOME).startedOn(DAY_91.plusDays(10)));

        InvalidCommandException refused = assertInvalid(() -> lateStart.decide(obtainedOn(DAY_91.plusDays(5), DAY_91.plusDays(20))),
                "obtainedOn");
        assertThat(refused.errors().get(0).message()).contains("start date " + DAY_91.plusDays(10));
        assertThat(lateStart.decide(obtainedOn(DAY_91.plusDays(10), DAY_91.plusDays(20)))).hasSize(1);
    }
}
