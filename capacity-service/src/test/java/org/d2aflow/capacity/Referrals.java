package org.d2aflow.capacity;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.referral.DischargeCorrected;
import org.d2aflow.contracts.referral.DischargeReadyDateCorrected;
import org.d2aflow.contracts.referral.DischargeReadyDateSet;
import org.d2aflow.contracts.referral.DischargeVoided;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralEvent;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.ReferralWithdrawn;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;

/**
 * Referrals as referral-service publishes them, for feeding capacity-service through d2a.referrals:
 * {@code aReferral().inLocality("East").readyOn(d).decidedFor(REABLEMENT_HOME, d).events()}.
 */
public final class Referrals {

    private Referrals() {
    }

    public static Story aReferral() {
        return new Story(UUID.randomUUID().toString());
    }

    public static Story aReferral(String referralId) {
        return new Story(referralId);
    }

    /** One referral's events, oldest first; versions follow the order. */
    public static final class Story {
        private final String id;
        private String locality = "East";
        private final List<ReferralEvent> events = new ArrayList<>();
        private boolean submitted;

        private Story(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public Story inLocality(String locality) {
            this.locality = locality;
            return this;
        }

        public Story readyOn(LocalDate dischargeReadyDate) {
            submit();
            events.add(new DischargeReadyDateSet(id, dischargeReadyDate));
            return this;
        }

        public Story decidedFor(ServiceType type, LocalDate decidedAt) {
            submit();
            events.add(new PathwayDecided(id, type.pathway(), type, decidedAt));
            return this;
        }

        public Story decidedFor(ServiceType type) {
            return decidedFor(type, Today.date().minusDays(1));
        }

        public Story withdrawn(String reason) {
            submit();
            events.add(new ReferralWithdrawn(id, reason));
            return this;
        }

        public Story discharged(LocalDate date) {
            submit();
            events.add(new PatientDischarged(id, date, "19", "1"));
            return this;
        }

        /** The discharge (or its latest correction) with the CloudEvents id {@code correctsEventId} was recorded with the wrong date. */
        public Story dischargeCorrected(String correctsEventId, LocalDate date) {
            events.add(new DischargeCorrected(id, correctsEventId, date, "19", "1", null, "Date typed wrongly", "coordinator-1"));
            return this;
        }

        /** The discharge with the CloudEvents id {@code correctsEventId} was recorded for the wrong patient. */
        public Story dischargeVoided(String correctsEventId) {
            events.add(new DischargeVoided(id, correctsEventId, "Recorded for the wrong patient", "coordinator-1"));
            return this;
        }

        public Story readyDateCorrected(String correctsEventId, LocalDate dischargeReadyDate) {
            events.add(new DischargeReadyDateCorrected(id, correctsEventId, dischargeReadyDate, "Date typed wrongly", "coordinator-1"));
            return this;
        }

        /** Wraps the events added since the last call in envelopes, continuing the version count. */
        public List<EventEnvelope<D2aEvent>> envelopes() {
            submit();
            List<EventEnvelope<D2aEvent>> out = EventLog.envelopes(EventLog.REFERRAL_SERVICE, version + 1, events);
            version += events.size();
            events.clear();
            return out;
        }

        private long version;

        private void submit() {
            if (!submitted) {
                submitted = true;
                events.add(0, new ReferralSubmitted(id, "pk-" + id.substring(0, 8), 82, Sex.FEMALE, locality, "County Hospital",
                        Today.date().minusDays(12), UsualResidence.PRIVATE_HOME));
            }
        }
    }
}
