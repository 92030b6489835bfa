package org.d2aflow.capacity.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.capacity.domain.CareServiceTestData.CLAIM_ID;
import static org.d2aflow.capacity.domain.CareServiceTestData.REFERRAL_ID;
import static org.d2aflow.capacity.domain.CareServiceTestData.SERVICE_ID;
import static org.d2aflow.capacity.domain.CareServiceTestData.TODAY;
import static org.d2aflow.capacity.domain.CareServiceTestData.WINDOW;
import static org.d2aflow.capacity.domain.CareServiceTestData.aService;
import static org.d2aflow.capacity.domain.CareServiceTestData.given;
import static org.d2aflow.testkit.Refusals.assertIllegalTransition;
import static org.d2aflow.testkit.Refusals.assertInvalid;
import static org.d2aflow.testkit.Refusals.assertNotFound;

import java.time.LocalDate;

import org.d2aflow.capacity.domain.CareServiceCommand.ReleaseClaim;
import org.d2aflow.contracts.capacity.CapacityReleased;
import org.d2aflow.kit.domain.InvalidCommandException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReleaseClaimTest {

    /** Staff release the claim today (no date given). */
    private static ReleaseClaim release(String reason) {
        return new ReleaseClaim(CLAIM_ID, reason, null, WINDOW);
    }

    private static CareServiceTestData.ServiceHistory claimed() {
        return aService().withUnits(2).withClaim(CLAIM_ID, REFERRAL_ID, TODAY);
    }

    @Test
    void releasesAnActiveClaimWithTheReasonTrimmed() {
        assertThat(given(claimed()).decide(release("  Start postponed\n")))
                .containsExactly(new CapacityReleased(SERVICE_ID, CLAIM_ID, "Start postponed", TODAY));
    }

    @Test
    void theReleasedUnitIsFreeAgain() {
        CareService service = given(claimed());
        service.decide(release("Start postponed")).forEach(service::apply);

        assertThat(service.plan().occupiedOn(TODAY)).isZero();
        assertThat(service.claim(CLAIM_ID)).hasValueSatisfying(c -> {
            assertThat(c.active()).isFalse();
            assertThat(c.releaseReason()).isEqualTo("Start postponed");
        });
    }

    @Test
    void refusesAClaimTheServiceDoesNotHaveAsNotFound() {
        assertNotFound(() -> given(claimed()).decide(new ReleaseClaim("no-such-claim", "Start postponed", null, WINDOW)), "no-such-claim");
    }

    @Test
    void refusesASecondReleaseAndSaysWhyTheFirstHappened() {
        CareService service = given(claimed().released(CLAIM_ID));

        assertIllegalTransition(() -> service.decide(release("Again")), "already released", "Start postponed");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void refusesABlankReason(String reason) {
        assertInvalid(() -> given(claimed()).decide(release(reason)), "reason");
    }

    @Test
    void refusesAReasonLongerThan200Characters() {
        assertInvalid(() -> given(claimed()).decide(release("r".repeat(CareService.MAX_TEXT + 1))), "reason");
    }

    // --- business dates: releases entered late ------------------------------------------------------------

    private static ReleaseClaim releaseOn(LocalDate releasedOn) {
        return new ReleaseClaim(CLAIM_ID, "Care arranged by family", releasedOn, WINDOW);
    }

    private static CareService startedDaysAgo(int days) {
        return given(aService().withUnits(2, TODAY.minusDays(200)).withClaim(CLAIM_ID, REFERRAL_ID, TODAY.minusDays(days)));
    }

    @Test
    void releasesAsOfTheFirstDayOfTheLateEntryWindow() {
        assertThat(startedDaysAgo(120).decide(releaseOn(TODAY.minusDays(90))))
                .containsExactly(new CapacityReleased(SERVICE_ID, CLAIM_ID, "Care arranged by family", TODAY.minusDays(90)));
    }

    @Test
    void refusesAReleaseDatedBeforeTheWindow() {
        InvalidCommandException e = assertInvalid(() -> startedDaysAgo(120).decide(releaseOn(TODAY.minusDays(91))), "releasedOn");

        assertThat(e.errors().get(0).message()).contains("on or after " + TODAY.minusDays(90));
    }

    @Test
    void refusesAReleaseDatedInTheFuture() {
        assertInvalid(() -> startedDaysAgo(10).decide(releaseOn(TODAY.plusDays(1))), "releasedOn");
    }

    @Test
    void refusesAReleaseDatedBeforeTheClaimStarted() {
        InvalidCommandException e = assertInvalid(() -> startedDaysAgo(10).decide(releaseOn(TODAY.minusDays(11))), "releasedOn");

        assertThat(e.errors().get(0).message()).contains("before the claim's start date (" + TODAY.minusDays(10) + ")");
    }

    @Test
    void aReleaseOnTheStartDateHeldNoDay() {
        CareService service = startedDaysAgo(10);
        service.decide(releaseOn(TODAY.minusDays(10))).forEach(service::apply);

        assertThat(service.plan().occupiedOn(TODAY.minusDays(10))).isZero();
    }

    @Test
    void aBackDatedReleaseFreesTheUnitFromItsOwnDay() {
        CareService service = startedDaysAgo(20);
        service.decide(releaseOn(TODAY.minusDays(7))).forEach(service::apply);

        assertThat(service.plan().occupiedOn(TODAY.minusDays(8))).isEqualTo(1);
        assertThat(service.plan().occupiedOn(TODAY.minusDays(7))).isZero();
        assertThat(service.claim(CLAIM_ID)).hasValueSatisfying(c -> assertThat(c.releasedOn()).isEqualTo(TODAY.minusDays(7)));
    }

    @Test
    void aClaimThatHasNotStartedIsCancelledAsOfToday() {
        CareService service = given(aService().withUnits(2).withClaim(CLAIM_ID, REFERRAL_ID, TODAY.plusDays(5)));

        assertThat(service.decide(release("Start cancelled")))
                .containsExactly(new CapacityReleased(SERVICE_ID, CLAIM_ID, "Start cancelled", TODAY));
        assertThat(service.decide(releaseOn(TODAY))).hasSize(1);
        InvalidCommandException e = assertInvalid(() -> service.decide(releaseOn(TODAY.minusDays(1))), "releasedOn");
        assertThat(e.errors().get(0).message()).contains("must be today (" + TODAY + ")", "starts on " + TODAY.plusDays(5));
    }

    @Test
    void aReleaseTheLogCausesKeepsTheDateOfItsCauseWhateverTheWindow() {
        // An ended placement was accepted by placement-service: capacity follows it, it never refuses it.
        CareService service = startedDaysAgo(150);

        assertThat(service.decide(ReleaseClaim.byLog(CLAIM_ID, "placement ended: DIED", TODAY.minusDays(120))))
                .containsExactly(new CapacityReleased(SERVICE_ID, CLAIM_ID, "placement ended: DIED", TODAY.minusDays(120)));
    }
}
