package org.d2aflow.capacity.domain;

import java.time.LocalDate;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityUnit;

/** What provider staff ask of a service. {@code today} is the service's calendar date (Europe/London), from its clock. */
public sealed interface CareServiceCommand {

    record RegisterService(String serviceId, String name, ServiceType serviceType, String locality, CapacityUnit unit,
            String providerOrganisation)
            implements CareServiceCommand {
    }

    /** Declares how many units the service has from a date on; the latest declaration for a date wins. */
    record SetCapacity(int units, LocalDate fromDate, LocalDate today) implements CareServiceCommand {
    }

    /** Takes one unit for a referral from a start date, until released. */
    record ClaimUnit(String claimId, ReferralStanding referral, LocalDate startDate, LocalDate today) implements CareServiceCommand {
    }

    record ReleaseClaim(String claimId, String reason) implements CareServiceCommand {
    }

    /** The service cannot take the referral, which is referred elsewhere. */
    record DeclineReferral(ReferralStanding referral, String reason) implements CareServiceCommand {
    }
}
