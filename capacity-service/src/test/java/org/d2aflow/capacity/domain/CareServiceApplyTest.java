package org.d2aflow.capacity.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.capacity.domain.CareServiceTestData.TODAY;
import static org.d2aflow.capacity.domain.CareServiceTestData.aService;
import static org.d2aflow.capacity.domain.CareServiceTestData.given;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.d2aflow.contracts.capacity.CapacityEvent;
import org.d2aflow.contracts.capacity.CapacityReleased;
import org.d2aflow.contracts.capacity.CapacitySet;
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

    /**
     * The plan keeps the active claims aside instead of walking every claim ever made; the slow, obvious reading
     * (every claim, filtered on active) is the specification it must match, on generated histories of claims,
     * releases and declarations.
     */
    @Test
    void planCountsTheActiveClaimsAsWalkingEveryClaimWould() {
        for (long seed = 1; seed <= 50; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<CapacityEvent> history = new ArrayList<>(aService().withUnits(40).events());
            List<String> active = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                int roll = random.nextInt(10);
                if (roll < 6) {
                    String claim = "claim-" + i;
                    history.add(new CapacityClaimed(CareServiceTestData.SERVICE_ID, claim, "referral-" + i, TODAY.plusDays(random.nextInt(30))));
                    active.add(claim);
                } else if (roll < 9 && !active.isEmpty()) {
                    history.add(new CapacityReleased(CareServiceTestData.SERVICE_ID, active.remove(random.nextInt(active.size())), "ended"));
                } else {
                    history.add(new CapacitySet(CareServiceTestData.SERVICE_ID, 20 + random.nextInt(300), TODAY.plusDays(random.nextInt(60))));
                }
            }
            CareService service = CareService.from(history);
            List<LocalDate> everyActiveStart = service.claims().stream().filter(CareService.Claim::active).map(CareService.Claim::startDate).toList();
            CapacityPlan spec = new CapacityPlan(service.plan().declarations(), everyActiveStart);
            for (int d = 0; d < 70; d++) {
                LocalDate day = TODAY.plusDays(d);
                assertThat(service.plan().occupiedOn(day)).as("seed %d, day %s", seed, day).isEqualTo(spec.occupiedOn(day));
                assertThat(service.plan().claimableFrom(day)).as("seed %d, day %s", seed, day).isEqualTo(spec.claimableFrom(day));
            }
        }
    }
}
