package org.d2aflow.capacity.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.capacity.domain.CareServiceTestData.TODAY;
import static org.d2aflow.capacity.domain.CareServiceTestData.aService;
import static org.d2aflow.capacity.domain.CareServiceTestData.given;

import java.util.List;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityEvent;
import org.d2aflow.contracts.capacity.CapacityUnit;
import org.junit.jupiter.api.Test;

class CareServiceApplyTest {

    @Test
    void anEmptyHistoryIsAServiceThatIsNotRegistered() {
        CareService service = CareService.from(List.of());

        assertThat(service.exists()).isFalse();
        assertThat(service.version()).isZero();
    }

    @Test
    void aRegisteredServiceExistsAtVersionOneWithItsTypeLocalityAndUnit() {
        CareService service = given(aService().ofType(ServiceType.BEDDED_REABLEMENT));

        assertThat(service.exists()).isTrue();
        assertThat(service.version()).isEqualTo(1);
        assertThat(service.serviceType()).isEqualTo(ServiceType.BEDDED_REABLEMENT);
        assertThat(service.locality()).isEqualTo("East");
        assertThat(service.unit()).isEqualTo(CapacityUnit.BED);
    }

    @Test
    void eachEventIncrementsTheVersionByOne() {
        List<CapacityEvent> history = aService().withUnits(5).withClaims(2).released("claim-1").declined("someone").events();

        CareService service = CareService.from(List.of());
        for (int i = 0; i < history.size(); i++) {
            service.apply(history.get(i));
            assertThat(service.version()).isEqualTo(i + 1);
        }
    }

    @Test
    void keepsEveryClaimWithWhetherItIsActive() {
        CareService service = given(aService().withUnits(5).withClaims(3).released("claim-2"));

        assertThat(service.claims()).extracting(CareService.Claim::claimId).containsExactly("claim-1", "claim-2", "claim-3");
        assertThat(service.claims()).extracting(CareService.Claim::active).containsExactly(true, false, true);
        assertThat(service.plan().occupiedOn(TODAY)).isEqualTo(2);
    }
}
