package org.d2aflow.capacity.domain;

import java.time.LocalDate;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityUnit;
import org.d2aflow.kit.domain.EntryWindow;

/**
 * What provider staff ask of a service. {@code window} is the caller's late-entry window: its {@code today} is the
 * service's calendar date (Europe/London, from its clock), and business dates before its earliest day are refused.
 */
public sealed interface CareServiceCommand {

    record RegisterService(String serviceId, String name, ServiceType serviceType, String locality, CapacityUnit unit,
            String providerOrganisation)
            implements CareServiceCommand {
    }

    /** Declares how many units the service has from a date on; the latest declaration for a date wins. */
    record SetCapacity(int units, LocalDate fromDate, EntryWindow window) implements CareServiceCommand {
    }

    /** Takes one unit for a referral from a start date, until released. */
    record ClaimUnit(String claimId, ReferralStanding referral, LocalDate startDate, EntryWindow window) implements CareServiceCommand {
    }

    /**
     * Gives a claim's unit back: it is free from {@code releasedOn} on. Staff name the date (or leave it out for today)
     * and are held to their window; a release the event log causes ({@link #byLog}) has no window: its date is that of
     * the fact that caused it, already accepted by the service that recorded it.
     */
    record ReleaseClaim(String claimId, String reason, LocalDate releasedOn, EntryWindow window) implements CareServiceCommand {

        /** A release caused by another service's fact (an ended placement, a withdrawal, a re-decision), dated by it. */
        public static ReleaseClaim byLog(String claimId, String reason, LocalDate releasedOn) {
            if (releasedOn == null) {
                throw new IllegalArgumentException("a release made by the log needs its date");
            }
            return new ReleaseClaim(claimId, reason, releasedOn, null);
        }
    }

    /** The service cannot take the referral, which is referred elsewhere; {@code declinedOn} null is today. */
    record DeclineReferral(ReferralStanding referral, String reason, LocalDate declinedOn, EntryWindow window) implements CareServiceCommand {
    }
}
