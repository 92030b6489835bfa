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

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.referral.domain.ReferralCommand.RecordDischarge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecordDischargeTest {

    private static final LocalDate DRD = ADMITTED.plusDays(7);

    private static RecordDischarge discharge(LocalDate date, String destination, String method) {
        return new RecordDischarge(date, destination, method, WINDOW);
    }

    private static RecordDischarge homeOn(LocalDate date) {
        return discharge(date, "19", "1");
    }

    @Test
    void recordsADischargeOnTheDischargeReadyDate() {
        Referral referral = given(aReferral().withDischargeReadyDate(DRD).onPathway(Pathway.P1, ServiceType.REABLEMENT_HOME));

        assertThat(referral.decide(homeOn(DRD))).containsExactly(new PatientDischarged(REFERRAL_ID, DRD, "19", "1"));
    }

    @Test
    void recordsADischargeAfterTheDischargeReadyDate() {
        Referral referral = given(aReferral().withDischargeReadyDate(DRD));

        assertThat(referral.decide(discharge(DRD.plusDays(4), "85", "1")))
                .containsExactly(new PatientDischarged(REFERRAL_ID, DRD.plusDays(4), "85", "1"));
    }

    @Test
    void refusesADischargeBeforeTheDischargeReadyDate() {
        Referral referral = given(aReferral().withDischargeReadyDate(DRD));

        assertIllegalTransition(() -> referral.decide(homeOn(DRD.minusDays(1))), "before the discharge ready date");
    }

    @Test
    void recordsADischargeWithoutAnyDischargeReadyDate() {
        Referral referral = given(aReferral());

        assertThat(referral.decide(homeOn(ADMITTED.plusDays(2))))
                .containsExactly(new PatientDischarged(REFERRAL_ID, ADMITTED.plusDays(2), "19", "1"));
    }

    @Test
    void recordsASameDayDischarge() {
        Referral referral = given(aReferral().admittedOn(ADMITTED));

        assertThat(referral.decide(homeOn(ADMITTED))).containsExactly(new PatientDischarged(REFERRAL_ID, ADMITTED, "19", "1"));
    }

    @Test
    void recordsADischargeToday() {
        assertThat(given(aReferral()).decide(homeOn(TODAY))).containsExactly(new PatientDischarged(REFERRAL_ID, TODAY, "19", "1"));
    }

    @Test
    void refusesASecondDischarge() {
        Referral referral = given(aReferral().dischargedOn(DRD));

        assertIllegalTransition(() -> referral.decide(homeOn(DRD.plusDays(1))), "record a discharge", "discharged");
    }

    @Test
    void refusesADischargeAfterWithdrawal() {
        Referral referral = given(aReferral().withdrawn());

        assertIllegalTransition(() -> referral.decide(homeOn(DRD)), "record a discharge", "withdrawn");
    }

    @ParameterizedTest
    @ValueSource(strings = {"20", "00", "01", "55", "80", "97"})
    void refusesAnUnknownDestinationCode(String destination) {
        assertInvalid(() -> given(aReferral()).decide(discharge(DRD, destination, "1")), "destinationCode");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0"})
    void refusesAnUnknownMethodCode(String method) {
        assertInvalid(() -> given(aReferral()).decide(discharge(DRD, "19", method)), "methodCode");
    }

    @Test
    void reportsAnUnknownDestinationAndAnUnknownMethodTogether() {
        assertInvalid(() -> given(aReferral()).decide(discharge(DRD, "00", "0")), "destinationCode", "methodCode");
    }

    @ParameterizedTest(name = "destination {0}")
    @ValueSource(strings = {"19", "29", "30", "37", "38", "48", "49", "50", "51", "52", "53", "54", "65", "66", "84", "85", "87",
            "88", "98", "99"})
    void acceptsEveryDataDictionaryDestinationOtherThanDeath(String destination) {
        assertThat(given(aReferral()).decide(discharge(DRD, destination, "1")))
                .containsExactly(new PatientDischarged(REFERRAL_ID, DRD, destination, "1"));
    }

    @ParameterizedTest(name = "method {0}")
    @ValueSource(strings = {"1", "2", "3", "6", "7", "8", "9"})
    void acceptsEveryMethodOtherThanDeathWithAUsualResidence(String method) {
        assertThat(given(aReferral()).decide(discharge(DRD, "19", method)))
                .containsExactly(new PatientDischarged(REFERRAL_ID, DRD, "19", method));
    }

    @ParameterizedTest(name = "method {0} with destination {1}")
    @CsvSource({"4, 19", "5, 19", "4, 51", "5, 85"})
    void refusesADeathMethodWithADestinationOtherThanDied(String method, String destination) {
        assertInvalid(() -> given(aReferral()).decide(discharge(DRD, destination, method)), "methodCode");
    }

    @ParameterizedTest(name = "destination 79 with method {0}")
    @ValueSource(strings = {"1", "2", "6", "9"})
    void refusesDestinationDiedWithAMethodOtherThanDeath(String method) {
        assertInvalid(() -> given(aReferral()).decide(discharge(DRD, "79", method)), "methodCode");
    }

    @ParameterizedTest(name = "destination 79 with method {0}")
    @ValueSource(strings = {"4", "5"})
    void recordsADeathWithDestination79AndMethod4Or5(String method) {
        Referral referral = given(aReferral().withDischargeReadyDate(DRD));

        assertThat(referral.decide(discharge(DRD.plusDays(1), "79", method)))
                .containsExactly(new PatientDischarged(REFERRAL_ID, DRD.plusDays(1), "79", method));
    }

    @Test
    void refusesADischargeBeforeTheAdmission() {
        Referral referral = given(aReferral().admittedOn(ADMITTED));

        assertInvalid(() -> referral.decide(homeOn(ADMITTED.minusDays(1))), "dischargeDate");
    }

    @Test
    void refusesADischargeInTheFuture() {
        assertInvalid(() -> given(aReferral()).decide(homeOn(TODAY.plusDays(1))), "dischargeDate");
    }

    @Test
    void reportsBadCodesAndABadDateTogether() {
        assertInvalid(() -> given(aReferral()).decide(discharge(TODAY.plusDays(1), "20", "0")),
                "destinationCode", "methodCode", "dischargeDate");
    }
}
