package org.d2aflow.placement.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.placement.domain.PlacementTestData.DISCHARGED;
import static org.d2aflow.placement.domain.PlacementTestData.PLACEMENT_ID;
import static org.d2aflow.placement.domain.PlacementTestData.REFERRAL_ID;
import static org.d2aflow.placement.domain.PlacementTestData.SERVICE_ID;
import static org.d2aflow.placement.domain.PlacementTestData.TODAY;
import static org.d2aflow.placement.domain.PlacementTestData.WINDOW;
import static org.d2aflow.placement.domain.PlacementTestData.aClaim;
import static org.d2aflow.placement.domain.PlacementTestData.aClaimFor;
import static org.d2aflow.placement.domain.PlacementTestData.aClaimForAnUnknownService;
import static org.d2aflow.placement.domain.PlacementTestData.aPlacement;
import static org.d2aflow.placement.domain.PlacementTestData.aReleasedClaim;
import static org.d2aflow.placement.domain.PlacementTestData.diedInHospitalOn;
import static org.d2aflow.placement.domain.PlacementTestData.dischargedOn;
import static org.d2aflow.placement.domain.PlacementTestData.given;
import static org.d2aflow.placement.domain.PlacementTestData.stillInHospital;
import static org.d2aflow.placement.domain.PlacementTestData.withdrawn;
import static org.d2aflow.testkit.Refusals.assertIllegalTransition;
import static org.d2aflow.testkit.Refusals.assertInvalid;

import java.time.LocalDate;
import java.util.List;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.placement.PlacementStarted;
import org.d2aflow.kit.domain.EntryWindow;
import org.d2aflow.kit.domain.InvalidCommandException;
import org.d2aflow.placement.domain.PlacementCommand.StartPlacement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StartPlacementTest {

    private static final Placement PENDING = Placement.from(List.of());

    private static StartPlacement startOn(LocalDate startDate) {
        return new StartPlacement(aClaim(), dischargedOn(DISCHARGED), startDate, WINDOW);
    }

    @Test
    void startsOnTheHospitalDischargeDate() {
        assertThat(PENDING.decide(startOn(DISCHARGED)))
                .containsExactly(new PlacementStarted(REFERRAL_ID, PLACEMENT_ID, SERVICE_ID, ServiceType.REABLEMENT_HOME, DISCHARGED));
    }

    @Test
    void startsAfterTheHospitalDischargeDate() {
        assertThat(PENDING.decide(startOn(DISCHARGED.plusDays(3))))
                .containsExactly(new PlacementStarted(REFERRAL_ID, PLACEMENT_ID, SERVICE_ID, ServiceType.REABLEMENT_HOME,
                        DISCHARGED.plusDays(3)));
    }

    @Test
    void startsToday() {
        assertThat(PENDING.decide(startOn(TODAY))).extracting(e -> ((PlacementStarted) e).startDate()).containsExactly(TODAY);
    }

    @ParameterizedTest
    @EnumSource(ServiceType.class)
    void takesTheServiceTypeFromTheRegisteredService(ServiceType type) {
        StartPlacement start = new StartPlacement(aClaimFor(type), dischargedOn(DISCHARGED), DISCHARGED, WINDOW);

        assertThat(PENDING.decide(start)).containsExactly(new PlacementStarted(REFERRAL_ID, PLACEMENT_ID, SERVICE_ID, type, DISCHARGED));
    }

    @Test
    void refusesAStartBeforeTheHospitalDischargeDate() {
        assertIllegalTransition(() -> PENDING.decide(startOn(DISCHARGED.minusDays(1))), "before the hospital discharge date",
                DISCHARGED.toString());
    }

    @Test
    void refusesAStartWhileThePatientIsStillInHospital() {
        StartPlacement start = new StartPlacement(aClaim(), stillInHospital(), TODAY, WINDOW);

        assertIllegalTransition(() -> PENDING.decide(start), "not been discharged");
    }

    @Test
    void refusesAStartWhenThePatientDiedInHospital() {
        StartPlacement start = new StartPlacement(aClaim(), diedInHospitalOn(DISCHARGED), DISCHARGED, WINDOW);

        assertIllegalTransition(() -> PENDING.decide(start), "died in hospital");
    }

    @Test
    void refusesAStartForAWithdrawnReferral() {
        StartPlacement start = new StartPlacement(aClaim(), withdrawn(), TODAY, WINDOW);

        assertIllegalTransition(() -> PENDING.decide(start), "withdrawn");
    }

    @Test
    void refusesAStartWhoseClaimWasReleased() {
        StartPlacement start = new StartPlacement(aReleasedClaim(), dischargedOn(DISCHARGED), DISCHARGED, WINDOW);

        assertIllegalTransition(() -> PENDING.decide(start), "released");
    }

    @Test
    void refusesAStartWhileTheServiceRegistrationHasNotArrived() {
        StartPlacement start = new StartPlacement(aClaimForAnUnknownService(), dischargedOn(DISCHARGED), DISCHARGED, WINDOW);

        assertIllegalTransition(() -> PENDING.decide(start), "not known here yet", SERVICE_ID);
    }

    @Test
    void refusesAStartInTheFuture() {
        assertInvalid(() -> PENDING.decide(startOn(TODAY.plusDays(1))), "startDate");
    }

    @Test
    void refusesAStartWithoutADate() {
        assertInvalid(() -> PENDING.decide(startOn(null)), "startDate");
    }

    @Test
    void refusesASecondStart() {
        Placement active = given(aPlacement().startedOn(DISCHARGED));

        assertIllegalTransition(() -> active.decide(startOn(DISCHARGED.plusDays(1))), "already started on " + DISCHARGED);
    }

    @Test
    void refusesAStartAfterTheEnd() {
        Placement ended = given(aPlacement().startedOn(DISCHARGED).endedOn(DISCHARGED.plusDays(5)));

        assertIllegalTransition(() -> ended.decide(startOn(DISCHARGED.plusDays(6))), "already started");
    }

    @Test
    void startsAsLateAsTheWindowAllowsAndNoLater() {
        ReferralFacts longAgo = dischargedOn(TODAY.minusDays(120));

        assertThat(PENDING.decide(new StartPlacement(aClaim(), longAgo, TODAY.minusDays(90), WINDOW)))
                .extracting(e -> ((PlacementStarted) e).startDate()).containsExactly(TODAY.minusDays(90));
        InvalidCommandException refused = assertInvalid(
                () -> PENDING.decide(new StartPlacement(aClaim(), longAgo, TODAY.minusDays(91), WINDOW)), "startDate");
        assertThat(refused.errors().get(0).message()).contains("on or after " + TODAY.minusDays(90), "90 days late");
    }

    @Test
    void theWindowIsTheCallersOrganisations() {
        EntryWindow shorter = new EntryWindow(TODAY, 5);

        assertThat(PENDING.decide(new StartPlacement(aClaim(), dischargedOn(DISCHARGED), TODAY.minusDays(5), shorter))).hasSize(1);
        assertInvalid(() -> PENDING.decide(new StartPlacement(aClaim(), dischargedOn(DISCHARGED), TODAY.minusDays(6), shorter)),
                "startDate");
    }

    @Test
    void refusesAStartOnceTheDischargeWasVoidedAndSaysSo() {
        ReferralFacts voided = new ReferralFacts(null, null, false, true);

        assertIllegalTransition(() -> PENDING.decide(new StartPlacement(aClaim(), voided, TODAY, WINDOW)), "not been discharged",
                "voided");
    }
}
