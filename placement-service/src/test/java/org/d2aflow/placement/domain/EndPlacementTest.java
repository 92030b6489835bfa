package org.d2aflow.placement.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.placement.domain.PlacementTestData.DISCHARGED;
import static org.d2aflow.placement.domain.PlacementTestData.PLACEMENT_ID;
import static org.d2aflow.placement.domain.PlacementTestData.REFERRAL_ID;
import static org.d2aflow.placement.domain.PlacementTestData.TODAY;
import static org.d2aflow.placement.domain.PlacementTestData.WINDOW;
import static org.d2aflow.placement.domain.PlacementTestData.aPlacement;
import static org.d2aflow.placement.domain.PlacementTestData.given;
import static org.d2aflow.testkit.Refusals.assertIllegalTransition;
import static org.d2aflow.testkit.Refusals.assertInvalid;

import java.time.LocalDate;

import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.contracts.placement.PlacementEnded;
import org.d2aflow.placement.domain.PlacementCommand.EndPlacement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EndPlacementTest {

    private static final LocalDate STARTED = DISCHARGED.plusDays(1);

    private static EndPlacement endOn(LocalDate date, EndReason reason) {
        return new EndPlacement(date, reason, WINDOW);
    }

    private static Placement active() {
        return given(aPlacement().startedOn(STARTED));
    }

    @Test
    void endsAnActivePlacement() {
        assertThat(active().decide(endOn(STARTED.plusDays(5), EndReason.NO_ONGOING_SUPPORT)))
                .containsExactly(new PlacementEnded(REFERRAL_ID, PLACEMENT_ID, STARTED.plusDays(5), EndReason.NO_ONGOING_SUPPORT));
    }

    @Test
    void endsOnTheDayItStarted() {
        assertThat(active().decide(endOn(STARTED, EndReason.READMITTED)))
                .containsExactly(new PlacementEnded(REFERRAL_ID, PLACEMENT_ID, STARTED, EndReason.READMITTED));
    }

    @Test
    void endsToday() {
        assertThat(active().decide(endOn(TODAY, EndReason.OTHER)))
                .containsExactly(new PlacementEnded(REFERRAL_ID, PLACEMENT_ID, TODAY, EndReason.OTHER));
    }

    @ParameterizedTest
    @EnumSource(EndReason.class)
    void acceptsEveryEndReason(EndReason reason) {
        assertThat(active().decide(endOn(STARTED.plusDays(2), reason)))
                .containsExactly(new PlacementEnded(REFERRAL_ID, PLACEMENT_ID, STARTED.plusDays(2), reason));
    }

    @Test
    void endsAPlacementWhoseFollowUpIsAlreadyRecorded() {
        Placement followedUp = given(aPlacement().startedOn(STARTED).followedUp(Day91Status.AT_HOME));

        assertThat(followedUp.decide(endOn(TODAY, EndReason.LONG_TERM_HOME_CARE))).hasSize(1);
    }

    @Test
    void refusesAnEndBeforeTheStart() {
        assertIllegalTransition(() -> active().decide(endOn(STARTED.minusDays(1), EndReason.DIED)), "before the start date",
                STARTED.toString());
    }

    @Test
    void refusesASecondEnd() {
        Placement ended = given(aPlacement().startedOn(STARTED).endedOn(STARTED.plusDays(4), EndReason.DIED));

        assertIllegalTransition(() -> ended.decide(endOn(STARTED.plusDays(6), EndReason.OTHER)),
                "already ended on " + STARTED.plusDays(4), "DIED");
    }

    @Test
    void refusesASecondEndEvenWithTheSameDateAndReason() {
        Placement ended = given(aPlacement().startedOn(STARTED).endedOn(STARTED.plusDays(4), EndReason.OTHER));

        assertIllegalTransition(() -> ended.decide(endOn(STARTED.plusDays(4), EndReason.OTHER)), "already ended");
    }

    @Test
    void refusesToEndAPlacementThatHasNotStarted() {
        Placement pending = given(aPlacement().notStarted());

        assertIllegalTransition(() -> pending.decide(endOn(TODAY, EndReason.OTHER)), "end it", "not started");
    }

    @Test
    void refusesAnEndInTheFuture() {
        assertInvalid(() -> active().decide(endOn(TODAY.plusDays(1), EndReason.OTHER)), "endDate");
    }

    @Test
    void refusesAnEndWithoutAReason() {
        assertInvalid(() -> active().decide(endOn(TODAY, null)), "endReason");
    }

    @Test
    void reportsAMissingDateAndAMissingReasonTogether() {
        assertInvalid(() -> active().decide(endOn(null, null)), "endDate", "endReason");
    }

    @Test
    void endsAsLateAsTheWindowAllowsAndNoLater() {
        Placement longRunning = given(aPlacement().startedOn(TODAY.minusDays(150)));

        assertThat(longRunning.decide(endOn(TODAY.minusDays(90), EndReason.OTHER)))
                .containsExactly(new PlacementEnded(REFERRAL_ID, PLACEMENT_ID, TODAY.minusDays(90), EndReason.OTHER));
        assertThat(assertInvalid(() -> longRunning.decide(endOn(TODAY.minusDays(91), EndReason.OTHER)), "endDate").errors().get(0)
                .message()).contains("on or after " + TODAY.minusDays(90));
    }
}
