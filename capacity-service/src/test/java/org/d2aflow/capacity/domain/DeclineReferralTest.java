package org.d2aflow.capacity.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.capacity.domain.CareServiceTestData.OTHER_SERVICE_ID;
import static org.d2aflow.capacity.domain.CareServiceTestData.REFERRAL_ID;
import static org.d2aflow.capacity.domain.CareServiceTestData.SERVICE_ID;
import static org.d2aflow.capacity.domain.CareServiceTestData.TODAY;
import static org.d2aflow.capacity.domain.CareServiceTestData.aReferral;
import static org.d2aflow.capacity.domain.CareServiceTestData.aService;
import static org.d2aflow.capacity.domain.CareServiceTestData.given;
import static org.d2aflow.testkit.Refusals.assertIllegalTransition;
import static org.d2aflow.testkit.Refusals.assertInvalid;

import java.time.LocalDate;

import org.d2aflow.capacity.domain.CareServiceCommand.DeclineReferral;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityDeclined;
import org.d2aflow.kit.domain.InvalidCommandException;
import org.junit.jupiter.api.Test;

class DeclineReferralTest {

    private static DeclineReferral decline(CareServiceTestData.StandingBuilder referral) {
        return new DeclineReferral(referral.build(), " No capacity this week ", null, CareServiceTestData.WINDOW);
    }

    @Test
    void declinesAWaitingReferralInTheReferralsLocality() {
        assertThat(given(aService()).decide(decline(aReferral().inLocality("Golden Valley"))))
                .containsExactly(new CapacityDeclined(SERVICE_ID, REFERRAL_ID, ServiceType.REABLEMENT_HOME, "Golden Valley",
                        "No capacity this week", CareServiceTestData.TODAY));
    }

    @Test
    void usesTheServicesLocalityWhenTheReferralsIsNotKnown() {
        assertThat(given(aService()).decide(decline(aReferral().inLocality(null))))
                .extracting(e -> ((CapacityDeclined) e).locality()).containsExactly("East");
    }

    @Test
    void declinesAReferralThatAnotherServiceDeclinedToo() {
        assertThat(given(aService()).decide(decline(aReferral().declinedBy(OTHER_SERVICE_ID)))).hasSize(1);
    }

    @Test
    void refusesASecondDeclineByTheSameServiceForTheSameDecision() {
        assertIllegalTransition(() -> given(aService().declined(REFERRAL_ID)).decide(decline(aReferral().declinedBy(SERVICE_ID))),
                "already declined by this service");
    }

    @Test
    void refusesAnUnknownReferral() {
        assertIllegalTransition(() -> given(aService()).decide(decline(aReferral().unknown())), "Cannot decline it", "unknown");
    }

    @Test
    void refusesAWithdrawnReferral() {
        assertIllegalTransition(() -> given(aService()).decide(decline(aReferral().withdrawn())), "withdrawn");
    }

    @Test
    void refusesAReferralWaitingForAnotherServiceType() {
        assertIllegalTransition(() -> given(aService()).decide(decline(aReferral().decidedFor(ServiceType.BEDDED_REHAB))),
                "waiting for BEDDED_REHAB");
    }

    @Test
    void refusesAReferralThatHoldsAClaim() {
        assertIllegalTransition(() -> given(aService()).decide(decline(aReferral().holding("held", OTHER_SERVICE_ID))), "already holds claim");
    }

    @Test
    void refusesABlankReason() {
        assertInvalid(() -> given(aService()).decide(new DeclineReferral(aReferral().build(), " ", null, CareServiceTestData.WINDOW)), "reason");
    }

    @Test
    void aDeclineChangesNothingButTheVersion() {
        CareService service = given(aService().withUnits(3).withClaims(1));
        long before = service.version();
        service.decide(decline(aReferral())).forEach(service::apply);

        assertThat(service.version()).isEqualTo(before + 1);
        assertThat(service.plan().occupiedOn(CareServiceTestData.TODAY)).isEqualTo(1);
    }

    // --- business dates: declines entered late ------------------------------------------------------------

    private static DeclineReferral declineOn(LocalDate declinedOn, LocalDate decided) {
        return new DeclineReferral(aReferral().decidedOn(decided).build(), "No capacity that week", declinedOn, CareServiceTestData.WINDOW);
    }

    @Test
    void aDeclineIsDatedTodayWhenLeftOut() {
        assertThat(given(aService()).decide(decline(aReferral()))).extracting(e -> ((CapacityDeclined) e).declinedOn())
                .containsExactly(TODAY);
    }

    @Test
    void declinesAsOfTheFirstDayOfTheLateEntryWindow() {
        assertThat(given(aService()).decide(declineOn(TODAY.minusDays(90), TODAY.minusDays(95))))
                .containsExactly(new CapacityDeclined(SERVICE_ID, REFERRAL_ID, ServiceType.REABLEMENT_HOME, "East", "No capacity that week",
                        TODAY.minusDays(90)));
    }

    @Test
    void refusesADeclineDatedTheDayBeforeTheWindow() {
        InvalidCommandException e = assertInvalid(() -> given(aService()).decide(declineOn(TODAY.minusDays(91), TODAY.minusDays(95))),
                "declinedOn");

        assertThat(e.errors().get(0).message()).contains("on or after " + TODAY.minusDays(90));
    }

    @Test
    void refusesADeclineDatedInTheFuture() {
        InvalidCommandException e = assertInvalid(() -> given(aService()).decide(declineOn(TODAY.plusDays(1), TODAY.minusDays(3))),
                "declinedOn");

        assertThat(e.errors().get(0).message()).contains("must not be in the future");
    }

    @Test
    void refusesADeclineDatedBeforeThePathwayDecisionItAnswers() {
        InvalidCommandException e = assertInvalid(() -> given(aService()).decide(declineOn(TODAY.minusDays(11), TODAY.minusDays(10))),
                "declinedOn");

        assertThat(e.errors().get(0).message()).contains("pathway decision (" + TODAY.minusDays(10) + ")");
        assertThat(given(aService()).decide(declineOn(TODAY.minusDays(10), TODAY.minusDays(10)))).hasSize(1);
    }
}
