package org.d2aflow.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.Period;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.d2aflow.contracts.reference.DischargeCodes;

import org.d2aflow.simulator.model.Codes.Day91Status;
import org.d2aflow.simulator.model.Codes.EndReason;
import org.d2aflow.simulator.model.Codes.Pathway;
import org.d2aflow.simulator.model.Codes.ServiceType;
import org.d2aflow.simulator.model.CountyPlan.ClaimPlan;
import org.d2aflow.simulator.model.CountyPlan.PlannedCase;
import org.d2aflow.simulator.model.PlannedPatient.Category;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CountyModelTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    static final Set<String> DESTINATIONS = Set.of("19", "29", "30", "37", "38", "48", "49", "50", "51", "52", "53", "54", "65", "66",
            "79", "84", "85", "87", "88", "98", "99");

    static CountyPlan year;

    @BeforeAll
    static void planAYear() {
        year = yearOf(42, 1.0);
    }

    static CountyPlan yearOf(long seed, double scale) {
        return CountyPlan.of(new CountyModel(seed, scale), TODAY.minusDays(365), TODAY.minusDays(1), TODAY);
    }

    @Test
    void theSameSeedPlansTheSameCounty() {
        CountyPlan again = yearOf(42, 1.0);
        assertThat(again.cases()).isEqualTo(year.cases());
    }

    @Test
    void anotherSeedPlansAnotherCounty() {
        LocalDate day = TODAY.minusDays(10);
        assertThat(new CountyModel(43, 1.0).dischargesOn(day)).isNotEqualTo(new CountyModel(42, 1.0).dischargesOn(day));
    }

    @Test
    void aDaysPatientsDoNotDependOnTheWindowAroundIt() {
        LocalDate day = TODAY.minusDays(20);
        CountyPlan shortRun = CountyPlan.of(new CountyModel(42, 1.0), TODAY.minusDays(30), TODAY.minusDays(1), TODAY);
        List<PlannedPatient> inYear = year.cases().stream().map(PlannedCase::patient).filter(p -> p.dischargeDate().equals(day)).toList();
        List<PlannedPatient> inShortRun = shortRun.cases().stream().map(PlannedCase::patient).filter(p -> p.dischargeDate().equals(day)).toList();
        assertThat(inShortRun).isNotEmpty().isEqualTo(inYear);
    }

    @Test
    void nhsNumbersAreValidTestNumbersAndNeverRepeat() {
        Set<String> seen = new HashSet<>();
        for (PlannedCase c : year.cases()) {
            String n = c.patient().nhsNumber();
            assertThat(NhsNumbers.isValid(n)).as(n).isTrue();
            assertThat(Long.parseLong(n)).isBetween(9_990_000_000L, 9_999_999_999L);
            assertThat(seen.add(n)).as("repeated %s", n).isTrue();
        }
    }

    @Test
    void everyPlannedDateIsConsistent() {
        for (PlannedCase c : year.cases()) {
            PlannedPatient p = c.patient();
            String who = p.toString();
            assertThat(p.admissionDate()).as(who).isBeforeOrEqualTo(year.last());
            assertThat(p.dischargeDate()).as(who).isAfterOrEqualTo(p.admissionDate());
            assertThat(Period.between(p.dateOfBirth(), p.admissionDate()).getYears()).as(who).isBetween(18, 110);
            if (p.dischargeReadyDate() != null) {
                assertThat(p.dischargeReadyDate()).as(who).isBetween(p.admissionDate(), p.dischargeDate());
            }
            if (p.pathway() != null) {
                assertThat(p.serviceType().pathway()).as(who).isEqualTo(p.pathway());
                assertThat(p.decidedAt()).as(who).isBetween(p.admissionDate(), p.dischargeReadyDate());
            } else {
                assertThat(p.category()).as(who).isIn(Category.DIED, Category.SELF_DISCHARGE);
                assertThat(p.decidedAt()).isNull();
                assertThat(p.dischargeReadyDate()).isNull();
            }
            assertThat(p.needsService()).as(who).isEqualTo(p.pathway() != null && p.pathway() != Pathway.P0);
            if (p.needsService()) {
                assertThat(p.placementStart()).as(who).isEqualTo(p.dischargeDate());
                assertThat(p.placementEnd()).as(who).isAfter(p.placementStart());
                assertThat(p.followUpDue() != null).as(who).isEqualTo(p.serviceType().reablementOrRehab());
            }
            if (c.claim() != ClaimPlan.NONE) {
                assertThat(year.inWindow(p.dischargeDate())).as(who).isTrue();
                assertThat(p.needsService()).isTrue();
            }
        }
    }

    @Test
    void codesFollowTheDataDictionary() {
        for (PlannedCase c : year.cases()) {
            PlannedPatient p = c.patient();
            assertThat(DESTINATIONS).as(p.id()).contains(p.destinationCode());
            assertThat(p.methodCode()).as(p.id()).matches("[1-9]");
            // Method 4 (died) if and only if destination 79.
            assertThat(DischargeCodes.METHOD_DIED.equals(p.methodCode())).as(p.id()).isEqualTo(DischargeCodes.DESTINATION_DIED.equals(p.destinationCode()));
            if (p.serviceType() == ServiceType.BEDDED_REABLEMENT || p.serviceType() == ServiceType.BEDDED_REHAB) {
                assertThat(p.destinationCode()).isIn("51", "85");
            }
            if (p.pathway() == Pathway.P3) {
                assertThat(p.destinationCode()).isIn("85", "65");
            }
        }
    }

    @Test
    void followUpsArePlannedOnlyWhenDueAndDeathsInServiceAreFollowedUpAsDied() {
        int entered = 0;
        for (PlannedCase c : year.cases()) {
            PlannedPatient p = c.patient();
            if (year.followUpEntered(p)) {
                entered++;
                assertThat(p.followUpDue()).isBeforeOrEqualTo(TODAY);
                assertThat(p.placement().day91Status()).isNotNull();
            }
            if (p.needsService() && p.serviceType().reablementOrRehab()) {
                Codes.Day91Status s = p.placement().day91Status();
                boolean diedBy91 = p.placement().endReason() == EndReason.DIED && p.placement().daysInService() <= 91;
                if (diedBy91) {
                    assertThat(s).as(p.id()).isEqualTo(Day91Status.DIED);
                }
                if (s == Day91Status.DIED) {
                    // Dead by day 91: the placement cannot still be running after it.
                    assertThat(p.placement().daysInService()).as(p.id()).isLessThanOrEqualTo(91);
                }
            } else if (p.needsService()) {
                assertThat(p.placement().day91Status()).isNull();
            }
        }
        assertThat(entered).isGreaterThan(100);
    }

    @Test
    void servicesNeverHoldMoreUnitsThanTheyDeclare() {
        for (ServiceCatalog.ServiceSpec s : ServiceCatalog.SERVICES) {
            int units = s.units(year.scale());
            List<PlannedPatient> placed = year.cases().stream().filter(c -> c.claim() == ClaimPlan.CLAIMED).map(PlannedCase::patient)
                    .filter(p -> p.serviceType() == s.serviceType()).toList();
            int peak = 0;
            for (LocalDate d = year.first(); !d.isAfter(year.last()); d = d.plusDays(1)) {
                LocalDate day = d;
                int held = (int) placed.stream().filter(p -> !p.placementStart().isAfter(day) && p.placementEnd().isAfter(day)).count();
                assertThat(held).as("%s on %s", s.name(), day).isLessThanOrEqualTo(units);
                peak = Math.max(peak, held);
            }
            assertThat(peak).as(s.name() + " fills up at some point").isEqualTo(units);
        }
    }

    @Test
    void patientsStillInHospitalAtTheEndAreKeptWithoutAClaim() {
        List<PlannedCase> later = year.cases().stream().filter(c -> c.patient().dischargeDate().isAfter(year.last())).toList();
        assertThat(later).isNotEmpty().allMatch(c -> c.claim() == ClaimPlan.NONE)
                .allMatch(c -> !c.patient().admissionDate().isAfter(year.last()));
    }

    @Test
    void scaleShrinksTheCountyAndItsServices() {
        CountyPlan tenth = yearOf(42, 0.1);
        assertThat(tenth.cases().size()).isBetween(year.cases().size() / 12, year.cases().size() / 8);
        ServiceCatalog.ServiceSpec homeFirst = ServiceCatalog.forType(ServiceType.REABLEMENT_HOME).orElseThrow();
        assertThat(homeFirst.units(1.0)).isEqualTo(homeFirst.unitsAtFullScale());
        assertThat(homeFirst.units(0.1)).isBetween(3, 6);
        assertThat(homeFirst.units(0.001)).isEqualTo(1);
    }
}
