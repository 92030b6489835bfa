package org.d2aflow.placement.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.contracts.placement.FollowUpCorrected;
import org.d2aflow.contracts.placement.FollowUpRecorded;
import org.d2aflow.contracts.placement.PlacementEnded;
import org.d2aflow.contracts.placement.PlacementEvent;
import org.d2aflow.contracts.placement.PlacementStarted;
import org.d2aflow.contracts.reference.DischargeCodes;
import org.d2aflow.kit.domain.EntryWindow;

/**
 * Test data builders for the placement aggregate tests: the claim and referral facts a start needs, and a
 * placement's history ({@link #aPlacement()}), with defaults so that a test names only what it is about.
 */
final class PlacementTestData {

    static final String PLACEMENT_ID = "8d3c0b1e-5f0a-4c55-9b7e-2a1d7f9e4c10";
    static final String REFERRAL_ID = "3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01";
    static final String SERVICE_ID = "home-first-east";
    /** The service's calendar date in every test unless a test says otherwise. */
    static final LocalDate TODAY = LocalDate.of(2026, 11, 20);
    static final LocalDate DISCHARGED = LocalDate.of(2026, 11, 10);
    /** The default late-entry window as of {@link #TODAY}. */
    static final EntryWindow WINDOW = windowOn(TODAY);

    private PlacementTestData() {
    }

    /** The default late-entry window (90 days) as of a calendar date. */
    static EntryWindow windowOn(LocalDate today) {
        return new EntryWindow(today, EntryWindow.DEFAULT_LATE_DAYS);
    }

    static Claim aClaimFor(ServiceType serviceType) {
        return new Claim(PLACEMENT_ID, REFERRAL_ID, SERVICE_ID, serviceType, false);
    }

    static Claim aClaim() {
        return aClaimFor(ServiceType.REABLEMENT_HOME);
    }

    static Claim aReleasedClaim() {
        return new Claim(PLACEMENT_ID, REFERRAL_ID, SERVICE_ID, ServiceType.REABLEMENT_HOME, true);
    }

    /** A claim for a service whose registration has not arrived. */
    static Claim aClaimForAnUnknownService() {
        return aClaimFor(null);
    }

    static ReferralFacts dischargedOn(LocalDate date) {
        return new ReferralFacts(date, "19", false);
    }

    static ReferralFacts diedInHospitalOn(LocalDate date) {
        return new ReferralFacts(date, DischargeCodes.DESTINATION_DIED, false);
    }

    static ReferralFacts stillInHospital() {
        return ReferralFacts.unknown();
    }

    static ReferralFacts withdrawn() {
        return new ReferralFacts(null, null, true);
    }

    static History aPlacement() {
        return new History();
    }

    static Placement given(History history) {
        return Placement.from(history.events());
    }

    /** A placement's events, started by default as reablement at home on the discharge date. */
    static final class History {
        private ServiceType serviceType = ServiceType.REABLEMENT_HOME;
        private LocalDate startDate = DISCHARGED;
        private boolean started = true;
        private final List<PlacementEvent> later = new ArrayList<>();

        History of(ServiceType type) {
            this.serviceType = type;
            return this;
        }

        History startedOn(LocalDate date) {
            this.startDate = date;
            return this;
        }

        History notStarted() {
            this.started = false;
            return this;
        }

        History endedOn(LocalDate date, EndReason reason) {
            later.add(new PlacementEnded(REFERRAL_ID, PLACEMENT_ID, date, reason));
            return this;
        }

        History endedOn(LocalDate date) {
            return endedOn(date, EndReason.NO_ONGOING_SUPPORT);
        }

        History followedUp(Day91Status status) {
            later.add(new FollowUpRecorded(REFERRAL_ID, PLACEMENT_ID, status));
            return this;
        }

        History followedUp(Day91Status status, LocalDate obtainedOn) {
            later.add(new FollowUpRecorded(REFERRAL_ID, PLACEMENT_ID, status, obtainedOn));
            return this;
        }

        History corrected(String correctsEventId, Day91Status status, LocalDate obtainedOn) {
            later.add(new FollowUpCorrected(REFERRAL_ID, PLACEMENT_ID, correctsEventId, status, obtainedOn, "mistyped", "staff-1"));
            return this;
        }

        PlacementStarted start() {
            return new PlacementStarted(REFERRAL_ID, PLACEMENT_ID, SERVICE_ID, serviceType, startDate);
        }

        List<PlacementEvent> events() {
            List<PlacementEvent> all = new ArrayList<>();
            if (started) {
                all.add(start());
            }
            all.addAll(later);
            return List.copyOf(all);
        }
    }
}
