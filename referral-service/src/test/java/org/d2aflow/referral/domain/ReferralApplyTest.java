package org.d2aflow.referral.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.referral.domain.ReferralTestData.ADMITTED;
import static org.d2aflow.referral.domain.ReferralTestData.WINDOW;
import static org.d2aflow.referral.domain.ReferralTestData.aReferral;
import static org.d2aflow.referral.domain.ReferralTestData.given;

import java.util.List;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.referral.ReferralEvent;
import org.d2aflow.referral.domain.ReferralCommand.DecidePathway;
import org.d2aflow.referral.domain.ReferralCommand.RecordDischarge;
import org.d2aflow.referral.domain.ReferralCommand.SetDischargeReadyDate;
import org.junit.jupiter.api.Test;

class ReferralApplyTest {

    @Test
    void anEmptyHistoryIsAReferralThatDoesNotExist() {
        Referral referral = Referral.from(List.of());

        assertThat(referral.exists()).isFalse();
        assertThat(referral.version()).isZero();
        assertThat(referral.status()).isNull();
        assertThat(referral.pathway()).isNull();
    }

    @Test
    void aSubmittedReferralExistsAtVersionOne() {
        Referral referral = Referral.from(List.of(aReferral().build()));

        assertThat(referral.exists()).isTrue();
        assertThat(referral.version()).isEqualTo(1);
        assertThat(referral.status()).isEqualTo(ReferralStatus.SUBMITTED);
    }

    @Test
    void eachEventIncrementsTheVersionByOne() {
        List<ReferralEvent> history = aReferral()
                .withDischargeReadyDate(ADMITTED.plusDays(5))
                .withDischargeReadyDate(ADMITTED.plusDays(6))
                .onPathway(Pathway.P1, ServiceType.REABLEMENT_HOME)
                .dischargedOn(ADMITTED.plusDays(8))
                .events();

        Referral referral = Referral.from(List.of());
        for (int i = 0; i < history.size(); i++) {
            referral.apply(history.get(i));
            assertThat(referral.version()).isEqualTo(i + 1);
        }
        assertThat(Referral.from(history).version()).isEqualTo(5);
    }

    @Test
    void aDischargeReadyDateDoesNotChangeTheStatus() {
        assertThat(given(aReferral().withDischargeReadyDate(ADMITTED.plusDays(2))).status()).isEqualTo(ReferralStatus.SUBMITTED);
        assertThat(given(aReferral().onPathway(Pathway.P3, ServiceType.SHORT_TERM_CARE_HOME).withDischargeReadyDate(ADMITTED.plusDays(2)))
                .status()).isEqualTo(ReferralStatus.PATHWAY_DECIDED);
    }

    @Test
    void goesFromSubmittedToPathwayDecidedToDischarged() {
        Referral referral = given(aReferral());
        assertThat(referral.status()).isEqualTo(ReferralStatus.SUBMITTED);

        referral.decide(new DecidePathway(Pathway.P1, ServiceType.REHAB_HOME, ADMITTED.plusDays(3), WINDOW)).forEach(referral::apply);
        assertThat(referral.status()).isEqualTo(ReferralStatus.PATHWAY_DECIDED);
        assertThat(referral.pathway()).isEqualTo(Pathway.P1);

        referral.decide(new SetDischargeReadyDate(ADMITTED.plusDays(4), WINDOW)).forEach(referral::apply);
        assertThat(referral.status()).isEqualTo(ReferralStatus.PATHWAY_DECIDED);

        referral.decide(new RecordDischarge(ADMITTED.plusDays(6), "19", "1", WINDOW)).forEach(referral::apply);
        assertThat(referral.status()).isEqualTo(ReferralStatus.DISCHARGED);
        assertThat(referral.version()).isEqualTo(4);
    }

    @Test
    void aSubmittedReferralCanBeWithdrawn() {
        assertThat(given(aReferral().withdrawn()).status()).isEqualTo(ReferralStatus.WITHDRAWN);
    }

    @Test
    void aReferralWithAPathwayCanBeWithdrawn() {
        Referral referral = given(aReferral().onPathway(Pathway.P2, ServiceType.BEDDED_REABLEMENT).withdrawn());

        assertThat(referral.status()).isEqualTo(ReferralStatus.WITHDRAWN);
        assertThat(referral.version()).isEqualTo(3);
    }

    @Test
    void aReferralCanBeDischargedWithoutAPathway() {
        assertThat(given(aReferral().dischargedOn(ADMITTED.plusDays(1))).status()).isEqualTo(ReferralStatus.DISCHARGED);
    }

    @Test
    void theLatestPathwayDecisionWins() {
        Referral referral = given(aReferral()
                .onPathway(Pathway.P1, ServiceType.REABLEMENT_HOME)
                .onPathway(Pathway.P2, ServiceType.BEDDED_REHAB));

        assertThat(referral.pathway()).isEqualTo(Pathway.P2);
        assertThat(referral.status()).isEqualTo(ReferralStatus.PATHWAY_DECIDED);
        assertThat(referral.version()).isEqualTo(3);
    }
}
