package org.d2aflow.capacity.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.capacity.domain.CareServiceTestData.SERVICE_ID;
import static org.d2aflow.capacity.domain.CareServiceTestData.aService;
import static org.d2aflow.capacity.domain.CareServiceTestData.given;
import static org.d2aflow.testkit.Refusals.assertIllegalTransition;
import static org.d2aflow.testkit.Refusals.assertInvalid;

import java.util.List;

import org.d2aflow.capacity.domain.CareServiceCommand.RegisterService;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityUnit;
import org.d2aflow.contracts.capacity.ServiceRegistered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegisterServiceTest {

    private static RegisterService register(String name, ServiceType type, String locality, CapacityUnit unit) {
        return new RegisterService(SERVICE_ID, name, type, locality, unit, "PROV-A");
    }

    private static CareService unregistered() {
        return CareService.from(List.of());
    }

    @Test
    void registersAServiceWithItsNameAndLocalityTrimmed() {
        assertThat(unregistered().decide(register("  Home First East ", ServiceType.REABLEMENT_HOME, " East\n", CapacityUnit.PACKAGE)))
                .containsExactly(new ServiceRegistered(SERVICE_ID, "Home First East", ServiceType.REABLEMENT_HOME, "East",
                        CapacityUnit.PACKAGE, "PROV-A"));
    }

    @ParameterizedTest(name = "{0} counts {1}")
    @CsvSource({
            "REABLEMENT_HOME, PACKAGE",
            "REHAB_HOME, PACKAGE",
            "SHORT_TERM_DOMCARE, PACKAGE",
            "BEDDED_REABLEMENT, BED",
            "BEDDED_REHAB, BED",
            "SHORT_TERM_CARE_HOME, BED"
    })
    void registersEveryServiceTypeOfPathwaysOneToThreeWithItsUnit(ServiceType type, CapacityUnit unit) {
        assertThat(unregistered().decide(register("Service", type, "East", unit)))
                .containsExactly(new ServiceRegistered(SERVICE_ID, "Service", type, "East", unit, "PROV-A"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ServiceType.class, names = "SOCIAL_SUPPORT", mode = EnumSource.Mode.EXCLUDE)
    void refusesAUnitThatDoesNotFitTheServiceType(ServiceType type) {
        CapacityUnit wrong = CareService.unitFor(type) == CapacityUnit.BED ? CapacityUnit.PACKAGE : CapacityUnit.BED;

        assertInvalid(() -> unregistered().decide(register("Service", type, "East", wrong)), "unit");
    }

    @Test
    void refusesAPathwayZeroServiceBecauseItHasNoCapacityToManage() {
        assertInvalid(() -> unregistered().decide(register("Age UK hospital to home", ServiceType.SOCIAL_SUPPORT, "East",
                CapacityUnit.PACKAGE)), "serviceType");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "\t"})
    void refusesABlankNameAndLocalityNamingBoth(String blank) {
        assertInvalid(() -> unregistered().decide(register(blank, ServiceType.REABLEMENT_HOME, blank, CapacityUnit.PACKAGE)),
                "name", "locality");
    }

    @Test
    void refusesANameLongerThan200Characters() {
        assertInvalid(() -> unregistered().decide(register("n".repeat(CareService.MAX_TEXT + 1), ServiceType.REABLEMENT_HOME, "East",
                CapacityUnit.PACKAGE)), "name");
    }

    @Test
    void refusesToRegisterTheSameServiceTwice() {
        CareService registered = given(aService());

        assertIllegalTransition(() -> registered.decide(register("Again", ServiceType.REABLEMENT_HOME, "East", CapacityUnit.PACKAGE)),
                SERVICE_ID, "already registered");
    }
}
