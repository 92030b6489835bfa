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

/** Business counters: low-cardinality tags only (pathway), never a referral id. */
@ApplicationScoped
public class ReferralMetrics {

    @Inject
    MeterRegistry registry;

    @jakarta.inject.Inject
    org.d2aflow.kit.tx.AfterCommit afterCommit;

    void submitted() {
        afterCommit.run(() -> registry.counter("d2a.referrals.submitted").increment());
    }

    void identityRead() {
        afterCommit.run(() -> registry.counter("d2a.referrals.identity_reads").increment());
    }

    void recorded(List<ReferralEvent> events) {
        for (ReferralEvent e : events) {
            if (e instanceof PathwayDecided d) {
                afterCommit.run(() -> registry.counter("d2a.referrals.decisions", "pathway", d.pathway().name()).increment());
            } else if (e instanceof PatientDischarged d) {
                ReferralRecord r = ReferralRecord.findById(d.referralId());
                String pathway = r == null || r.pathway == null ? "none" : r.pathway.name();
                afterCommit.run(() -> registry.counter("d2a.referrals.discharges", "pathway", pathway).increment());
            } else if (e instanceof ReferralWithdrawn) {
                afterCommit.run(() -> registry.counter("d2a.referrals.withdrawals").increment());
            } else if (e instanceof DischargeCorrected || e instanceof DischargeVoided || e instanceof DischargeReadyDateCorrected) {
                String kind = e instanceof DischargeCorrected ? "discharge" : e instanceof DischargeVoided ? "discharge-void" : "discharge-ready-date";
                afterCommit.run(() -> registry.counter("d2a.referrals.corrections", "kind", kind).increment());
            }
        }
    }
}
