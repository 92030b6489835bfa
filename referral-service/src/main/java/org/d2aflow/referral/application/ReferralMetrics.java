package org.d2aflow.referral.application;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.d2aflow.contracts.referral.DischargeCorrected;
import org.d2aflow.contracts.referral.DischargeReadyDateCorrected;
import org.d2aflow.contracts.referral.DischargeVoided;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralEvent;
import org.d2aflow.contracts.referral.ReferralWithdrawn;
import org.d2aflow.referral.infrastructure.ReferralRecord;

import io.micrometer.core.instrument.MeterRegistry;
import org.d2aflow.kit.metrics.Meters;

/** Business counters: low-cardinality tags only (pathway), never a referral id. */
@ApplicationScoped
public class ReferralMetrics {

    @Inject
    MeterRegistry registry;

    @jakarta.inject.Inject
    org.d2aflow.kit.tx.AfterCommit afterCommit;

    void submitted() {
        afterCommit.run(() -> Meters.counter(registry, "d2a.referrals.submitted", "Referrals submitted (committed)").increment());
    }

    void identityRead() {
        afterCommit.run(() -> Meters.counter(registry, "d2a.referrals.identity_reads", "Reads of a patient's identity (NHS number, name, date of birth), each audited").increment());
    }

    void identityExported() {
        afterCommit.run(() -> Meters.counter(registry, "d2a.referrals.identity_exports", "Exports of a national return with NHS numbers, each audited").increment());
    }

    void recorded(List<ReferralEvent> events) {
        for (ReferralEvent e : events) {
            if (e instanceof PathwayDecided d) {
                afterCommit.run(() -> Meters.counter(registry, "d2a.referrals.decisions", "Pathway decisions recorded, by pathway", "pathway", d.pathway().name()).increment());
            } else if (e instanceof PatientDischarged d) {
                ReferralRecord r = ReferralRecord.findById(d.referralId());
                String pathway = r == null || r.pathway == null ? "none" : r.pathway.name();
                afterCommit.run(() -> Meters.counter(registry, "d2a.referrals.discharges", "Hospital discharges recorded, by pathway", "pathway", pathway).increment());
            } else if (e instanceof ReferralWithdrawn) {
                afterCommit.run(() -> Meters.counter(registry, "d2a.referrals.withdrawals", "Referrals withdrawn").increment());
            } else if (e instanceof DischargeCorrected || e instanceof DischargeVoided || e instanceof DischargeReadyDateCorrected) {
                String kind = e instanceof DischargeCorrected ? "discharge" : e instanceof DischargeVoided ? "discharge-void" : "discharge-ready-date";
                afterCommit.run(() -> Meters.counter(registry, "d2a.referrals.corrections", "Discharge corrections recorded, by kind (discharge, discharge-void, discharge-ready-date)", "kind", kind).increment());
            }
        }
    }
}
