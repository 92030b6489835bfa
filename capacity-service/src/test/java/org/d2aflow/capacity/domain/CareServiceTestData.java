package org.d2aflow.capacity.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.d2aflow.contracts.capacity.CapacityDeclined;
import org.d2aflow.contracts.capacity.CapacityEvent;
import org.d2aflow.contracts.capacity.CapacityReleased;
import org.d2aflow.contracts.capacity.CapacitySet;
import org.d2aflow.contracts.capacity.ServiceRegistered;
import org.d2aflow.kit.domain.EntryWindow;

/**
 * Builders for the service aggregate tests: a service's history ({@link #aService()}) and what is known of a
 * referral ({@link #aReferral()}), with defaults so that a test names only what it is about.
 */
final class CareServiceTestData {

    static final String SERVICE_ID = "5d0c8d1e-8a8b-4f5e-9d57-0c1f3e0a9b21";
    static final String OTHER_SERVICE_ID = "71e3a0c2-59d4-4f0b-8f6e-2b8f7d1c0a33";
    static final String REFERRAL_ID = "3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01";
    static final String CLAIM_ID = "9a3b1c55-2c0e-4f4e-8f43-6d2a1b7c9e10";
    /** The service's calendar date in every test unless a test says otherwise. */
    static final LocalDate TODAY = LocalDate.of(2026, 11, 20);
    /** The default late-entry window as of {@link #TODAY}: 90 days back. */
    static final EntryWindow WINDOW = new EntryWindow(TODAY, EntryWindow.DEFAULT_LATE_DAYS);
    /** The day referrals were decided unless a test says otherwise. */
    static final LocalDate DECIDED = TODAY.minusDays(10);

    private CareServiceTestData() {
    }

    static ServiceHistory aService() {
        return new ServiceHistory();
    }

    static StandingBuilder aReferral() {
        return new StandingBuilder();
    }

    static CareService given(ServiceHistory history) {
        return CareService.from(history.events());
    }

    /** A service's events: registered as Home First East (packages), then whatever the test adds. */
    static final class ServiceHistory {
        private ServiceType type = ServiceType.REABLEMENT_HOME;
        private String locality = "East";
        private boolean registered = true;
        private final List<CapacityEvent> later = new ArrayList<>();
        private int claims;

        ServiceHistory ofType(ServiceType type) {
            this.type = type;
            return this;
        }

        ServiceHistory notRegistered() {
            this.registered = false;
            return this;
        }

        ServiceHistory withUnits(int units, LocalDate from) {
            later.add(new CapacitySet(SERVICE_ID, units, from));
            return this;
        }

        ServiceHistory withUnits(int units) {
            return withUnits(units, TODAY);
        }

        ServiceHistory withClaim(String claimId, String referralId, LocalDate start) {
            later.add(new CapacityClaimed(SERVICE_ID, claimId, referralId, start));
            return this;
        }

        /** Claims from other referrals, starting today. */
        ServiceHistory withClaims(int count) {
            return withClaims(count, TODAY);
        }

        ServiceHistory withClaims(int count, LocalDate start) {
            for (int i = 0; i < count; i++) {
                claims++;
                withClaim("claim-" + claims, "referral-" + claims, start);
            }
            return this;
        }

        /** Released today. */
        ServiceHistory released(String claimId) {
            return released(claimId, TODAY);
        }

        ServiceHistory released(String claimId, LocalDate on) {
            later.add(new CapacityReleased(SERVICE_ID, claimId, "Start postponed", on));
            return this;
        }

        /** Released by an event written before releases carried their date. */
        ServiceHistory releasedWithoutDate(String claimId) {
            later.add(new CapacityReleased(SERVICE_ID, claimId, "Start postponed"));
            return this;
        }

        ServiceHistory declined(String referralId) {
            later.add(new CapacityDeclined(SERVICE_ID, referralId, type, locality, "No capacity", TODAY));
            return this;
        }

        List<CapacityEvent> events() {
            List<CapacityEvent> all = new ArrayList<>();
            if (registered) {
                all.add(new ServiceRegistered(SERVICE_ID, "Home First " + locality, type, locality, CareService.unitFor(type), "PROV-A"));
            }
            all.addAll(later);
            return List.copyOf(all);
        }
    }

    /** A referral as capacity-service knows it: by default waiting for home reablement (P1) in East. */
    static final class StandingBuilder {
        private String referralId = REFERRAL_ID;
        private boolean known = true;
        private boolean withdrawn;
        private ServiceType type = ServiceType.REABLEMENT_HOME;
        private LocalDate decidedAt = DECIDED;
        private String locality = "East";
        private String claimId;
        private String claimServiceId;
        private String declinedBy;

        StandingBuilder id(String referralId) {
            this.referralId = referralId;
            return this;
        }

        StandingBuilder unknown() {
            this.known = false;
            return this;
        }

        StandingBuilder withdrawn() {
            this.withdrawn = true;
            return this;
        }

        StandingBuilder undecided() {
            this.type = null;
            return this;
        }

        StandingBuilder decidedFor(ServiceType type) {
            this.type = type;
            return this;
        }

        StandingBuilder decidedOn(LocalDate decidedAt) {
            this.decidedAt = decidedAt;
            return this;
        }

        StandingBuilder inLocality(String locality) {
            this.locality = locality;
            return this;
        }

        StandingBuilder holding(String claimId, String serviceId) {
            this.claimId = claimId;
            this.claimServiceId = serviceId;
            return this;
        }

        StandingBuilder declinedBy(String serviceId) {
            this.declinedBy = serviceId;
            return this;
        }

        ReferralStanding build() {
            if (!known) {
                return ReferralStanding.unknown(referralId);
            }
            Pathway pathway = type == null ? null : type.pathway();
            return new ReferralStanding(referralId, true, withdrawn, pathway, type, type == null ? null : decidedAt, locality, claimId,
                    claimServiceId, declinedBy);
        }
    }
}
