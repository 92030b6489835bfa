package org.d2aflow.referral.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;

import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.referral.DischargeCorrected;
import org.d2aflow.contracts.referral.DelayReasonRecorded;
import org.d2aflow.contracts.referral.DischargeReadyDateCorrected;
import org.d2aflow.contracts.referral.DischargeReadyDateSet;
import org.d2aflow.contracts.referral.DischargeVoided;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralEvent;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.ReferralWithdrawn;
import org.d2aflow.referral.domain.ReferralStatus;

/** Keeps the referral read model in step with the event store, inside the same transaction. */
@ApplicationScoped
public class ReferralProjection {

    /** Applies freshly appended events; {@code ward} is only needed for the first one. */
    public ReferralRecord apply(ReferralRecord current, EventEnvelope<? extends ReferralEvent> envelope, String ward) {
        ReferralEvent event = envelope.event();
        ReferralRecord r = current;
        if (event instanceof ReferralSubmitted e) {
            r = new ReferralRecord();
            r.id = e.referralId();
            r.status = ReferralStatus.SUBMITTED;
            r.patientKey = e.patientKey();
            r.ageAtAdmission = e.ageAtAdmission();
            r.sex = e.sex();
            r.locality = e.locality();
            r.site = e.site();
            r.ward = ward;
            r.admissionDate = e.admissionDate();
            r.usualResidence = e.usualResidence();
            r.organisation = e.organisation();
            r.admissionMethod = e.admissionMethod();
            r.createdAt = envelope.time();
        } else if (event instanceof DischargeReadyDateSet e) {
            r.dischargeReadyDate = e.dischargeReadyDate();
        } else if (event instanceof DischargeReadyDateCorrected e) {
            r.dischargeReadyDate = e.dischargeReadyDate();
        } else if (event instanceof PathwayDecided e) {
            r.pathway = e.pathway();
            r.serviceType = e.serviceType();
            r.decidedAt = e.decidedAt();
            r.status = ReferralStatus.PATHWAY_DECIDED;
        } else if (event instanceof PatientDischarged e) {
            r.dischargeDate = e.dischargeDate();
            r.destinationCode = e.destinationCode();
            r.methodCode = e.methodCode();
            r.status = ReferralStatus.DISCHARGED;
        } else if (event instanceof DischargeCorrected e) {
            r.dischargeDate = e.dischargeDate();
            r.destinationCode = e.destinationCode();
            r.methodCode = e.methodCode();
        } else if (event instanceof DischargeVoided) {
            // Back in hospital, as before the discharge (the aggregate's rule).
            r.dischargeDate = null;
            r.destinationCode = null;
            r.methodCode = null;
            r.status = r.pathway == null ? ReferralStatus.SUBMITTED : ReferralStatus.PATHWAY_DECIDED;
        } else if (event instanceof DelayReasonRecorded e) {
            if (r.delayReasonFrom == null || !e.effectiveFrom().isBefore(r.delayReasonFrom)) {
                r.delayReasonList = e.listId();
                r.delayReasonListVersion = e.listVersion();
                r.delayReasonCode = e.code();
                r.delayReasonFrom = e.effectiveFrom();
            }
        } else if (event instanceof ReferralWithdrawn e) {
            r.withdrawnReason = e.reason();
            r.status = ReferralStatus.WITHDRAWN;
        }
        r.version = envelope.streamVersion();
        r.updatedAt = envelope.time();
        if (!r.isPersistent()) {
            r.persist();
        }
        return r;
    }
}
