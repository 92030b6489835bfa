package org.d2aflow.capacity.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.capacity.domain.CareServiceTestData.CLAIM_ID;
import static org.d2aflow.capacity.domain.CareServiceTestData.REFERRAL_ID;
import static org.d2aflow.capacity.domain.CareServiceTestData.SERVICE_ID;
import static org.d2aflow.capacity.domain.CareServiceTestData.TODAY;
import static org.d2aflow.capacity.domain.CareServiceTestData.aService;
import static org.d2aflow.capacity.domain.CareServiceTestData.given;
import static org.d2aflow.testkit.Refusals.assertIllegalTransition;
import static org.d2aflow.testkit.Refusals.assertInvalid;
import static org.d2aflow.testkit.Refusals.assertNotFound;

import org.d2aflow.capacity.domain.CareServiceCommand.ReleaseClaim;
import org.d2aflow.contracts.capacity.CapacityReleased;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReleaseClaimTest {

    private static CareServiceTestData.ServiceHistory claimed() {
        return aService().withUnits(2).withClaim(CLAIM_ID, REFERRAL_ID, TODAY);
    }

    @Test
    void releasesAnActiveClaimWithTheReasonTrimmed() {
        assertThat(given(claimed()).decide(new ReleaseClaim(CLAIM_ID, "  Start postponed\n")))
                .containsExactly(new CapacityReleased(SERVICE_ID, CLAIM_ID, "Start postponed"));
    }

    @Test
    void theReleasedUnitIsFreeAgain() {
        CareService service = given(claimed());
        service.decide(new ReleaseClaim(CLAIM_ID, "Start postponed")).forEach(service::apply);

        assertThat(service.plan().occupiedOn(TODAY)).isZero();
        assertThat(service.claim(CLAIM_ID)).hasValueSatisfying(c -> {
            assertThat(c.active()).isFalse();
            assertThat(c.releaseReason()).isEqualTo("Start postponed");
        });
    }

    @Test
    void refusesAClaimTheServiceDoesNotHaveAsNotFound() {
        assertNotFound(() -> given(claimed()).decide(new ReleaseClaim("no-such-claim", "Start postponed")), "no-such-claim");
    }

    @Test
    void refusesASecondReleaseAndSaysWhyTheFirstHappened() {
        CareService service = given(claimed().released(CLAIM_ID));

        assertIllegalTransition(() -> service.decide(new ReleaseClaim(CLAIM_ID, "Again")), "already released", "Start postponed");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void refusesABlankReason(String reason) {
        assertInvalid(() -> given(claimed()).decide(new ReleaseClaim(CLAIM_ID, reason)), "reason");
    }

    @Test
    void refusesAReasonLongerThan200Characters() {
        assertInvalid(() -> given(claimed()).decide(new ReleaseClaim(CLAIM_ID, "r".repeat(CareService.MAX_TEXT + 1))), "reason");
    }
}
