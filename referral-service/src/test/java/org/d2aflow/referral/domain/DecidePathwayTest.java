package org.d2aflow.referral.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.referral.domain.ReferralTestData.ADMITTED;
import static org.d2aflow.referral.domain.ReferralTestData.REFERRAL_ID;
import static org.d2aflow.referral.domain.ReferralTestData.TODAY;
import static org.d2aflow.referral.domain.ReferralTestData.WINDOW;
import static org.d2aflow.referral.domain.ReferralTestData.aReferral;
import static org.d2aflow.referral.domain.ReferralTestData.given;
import static org.d2aflow.testkit.Refusals.assertIllegalTransition;
import static org.d2aflow.testkit.Refusals.assertInvalid;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.stream.Stream;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.domain.InvalidCommandException;
import org.d2aflow.referral.domain.ReferralCommand.DecidePathway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class DecidePathwayTest {

    private static final LocalDate DECIDED = ADMITTED.plusDays(5);

    private static DecidePathway decide(Pathway pathway, ServiceType serviceType, LocalDate decidedAt) {
        return new DecidePathway(pathway, serviceType, decidedAt, WINDOW);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ServiceType.class)
    void decidesEveryPathwayWithAServiceTypeOfThatPathway(ServiceType serviceType) {
        Referral referral = given(aReferral());

        assertThat(referral.decide(decide(serviceType.pathway(), serviceType, DECIDED)))
                .containsExactly(new PathwayDecided(REFERRAL_ID, serviceType.pathway(), serviceType, DECIDED));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({
            "P0, SOCIAL_SUPPORT",
            "P1, REABLEMENT_HOME",
            "P1, REHAB_HOME",
            "P1, SHORT_TERM_DOMCARE",
            "P2, BEDDED_REABLEMENT",
            "P2, BEDDED_REHAB",
            "P3, SHORT_TERM_CARE_HOME"
    })
    void acceptsTheServiceTypesOfEachPathway(Pathway pathway, ServiceType serviceType) {
        assertThat(given(aReferral()).decide(decide(pathway, serviceType, DECIDED)))
                .containsExactly(new PathwayDecided(REFERRAL_ID, pathway, serviceType, DECIDED));
    }

    static Stream<Arguments> mismatchedPairs() {
        return Arrays.stream(Pathway.values()).flatMap(p -> Arrays.stream(ServiceType.values())
                .filter(t -> t.pathway() != p)
                .map(t -> Arguments.of(p, t)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("mismatchedPairs")
    void refusesAServiceTypeOfAnotherPathway(Pathway pathway, ServiceType serviceType) {
        Referral referral = given(aReferral());

        assertInvalid(() -> referral.decide(decide(pathway, serviceType, DECIDED)), "serviceType");
    }

    @Test
    void refusesABeddedServiceOnPathwayOneAndSaysWhy() {
        Referral referral = given(aReferral());

        InvalidCommandException e = assertInvalid(
                () -> referral.decide(decide(Pathway.P1, ServiceType.BEDDED_REABLEMENT, DECIDED)), "serviceType");
        assertThat(e.errors()).extracting(FieldError::message).singleElement().asString()
                .contains("BEDDED_REABLEMENT", "P2", "P1");
    }

    @Test
    void refusesHomeReablementOnPathwayZero() {
        assertInvalid(() -> given(aReferral()).decide(decide(Pathway.P0, ServiceType.REABLEMENT_HOME, DECIDED)), "serviceType");
    }

    @Test
    void refusesShortTermHomeCareOnPathwayThree() {
        assertInvalid(() -> given(aReferral()).decide(decide(Pathway.P3, ServiceType.SHORT_TERM_DOMCARE, DECIDED)), "serviceType");
    }

    @Test
    void allowsTheDecisionToBeRevisited() {
        Referral referral = given(aReferral().withPathway(Pathway.P1, ServiceType.REABLEMENT_HOME, DECIDED));

        assertThat(referral.decide(decide(Pathway.P2, ServiceType.BEDDED_REABLEMENT, DECIDED.plusDays(2))))
                .containsExactly(new PathwayDecided(REFERRAL_ID, Pathway.P2, ServiceType.BEDDED_REABLEMENT, DECIDED.plusDays(2)));
    }

    @Test
    void allowsTheSameDecisionAgainAsASecondEvent() {
        Referral referral = given(aReferral().withPathway(Pathway.P1, ServiceType.REABLEMENT_HOME, DECIDED));

        assertThat(referral.decide(decide(Pathway.P1, ServiceType.REABLEMENT_HOME, DECIDED)))
                .containsExactly(new PathwayDecided(REFERRAL_ID, Pathway.P1, ServiceType.REABLEMENT_HOME, DECIDED));
    }

    @Test
    void allowsADecisionOnTheAdmissionDayAndToday() {
        Referral referral = given(aReferral().admittedOn(ADMITTED));

        assertThat(referral.decide(decide(Pathway.P0, ServiceType.SOCIAL_SUPPORT, ADMITTED))).hasSize(1);
        assertThat(referral.decide(decide(Pathway.P0, ServiceType.SOCIAL_SUPPORT, TODAY))).hasSize(1);
    }

    @Test
    void refusesADecisionBeforeTheAdmission() {
        Referral referral = given(aReferral().admittedOn(ADMITTED));

        assertInvalid(() -> referral.decide(decide(Pathway.P1, ServiceType.REABLEMENT_HOME, ADMITTED.minusDays(1))), "decidedAt");
    }

    @Test
    void refusesADecisionInTheFuture() {
        Referral referral = given(aReferral());

        assertInvalid(() -> referral.decide(decide(Pathway.P1, ServiceType.REABLEMENT_HOME, TODAY.plusDays(1))), "decidedAt");
    }

    @Test
    void reportsAMismatchedServiceTypeAndABadDateTogether() {
        Referral referral = given(aReferral().admittedOn(ADMITTED));

        assertInvalid(() -> referral.decide(decide(Pathway.P1, ServiceType.BEDDED_REHAB, ADMITTED.minusDays(1))),
                "serviceType", "decidedAt");
    }

    @Test
    void refusesADecisionAfterWithdrawal() {
        Referral referral = given(aReferral().withdrawn());

        assertIllegalTransition(() -> referral.decide(decide(Pathway.P1, ServiceType.REABLEMENT_HOME, DECIDED)),
                "decide a pathway", "withdrawn");
    }

    @Test
    void refusesADecisionAfterDischarge() {
        Referral referral = given(aReferral().onPathway(Pathway.P1, ServiceType.REABLEMENT_HOME).dischargedOn(ADMITTED.plusDays(9)));

        assertIllegalTransition(() -> referral.decide(decide(Pathway.P2, ServiceType.BEDDED_REHAB, DECIDED)),
                "decide a pathway", "discharged");
    }
}
