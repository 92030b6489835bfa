package org.d2aflow.metrics.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.d2aflow.metrics.domain.ReferralFacts.Discharge;
import org.d2aflow.metrics.domain.ReferralFacts.Submitted;

/** A referral whose discharge, as known at an instant, is dated in a period, with the submission (as known then) it began with. */
public record DischargedSpell(ReferralFacts referral, Submitted submitted, Discharge discharge) {

    public String referralId() {
        return referral.referralId;
    }

    /**
     * The referrals discharged from {@code from} to {@code to} inclusive, as known at {@code at}, in the facts' order; a
     * discharge whose submission is not known at {@code at} is passed to {@code withoutSubmission} (by referral id) and left out.
     */
    public static List<DischargedSpell> in(LogFacts facts, LocalDate from, LocalDate to, Instant at, Consumer<String> withoutSubmission) {
        List<DischargedSpell> out = new ArrayList<>();
        for (ReferralFacts r : facts.referrals()) {
            Optional<Discharge> d = r.dischargeAt(at).filter(x -> x.date() != null && !x.date().isBefore(from) && !x.date().isAfter(to));
            if (d.isEmpty()) {
                continue;
            }
            Optional<Submitted> s = r.submittedAt(at);
            if (s.isEmpty()) {
                withoutSubmission.accept(r.referralId);
                continue;
            }
            out.add(new DischargedSpell(r, s.get(), d.get()));
        }
        return out;
    }
}
