package org.d2aflow.metrics.domain.cells;

import java.time.Instant;
import java.util.Collection;

import org.d2aflow.metrics.domain.ReferralFacts;
import org.d2aflow.metrics.domain.ReferralFacts.Submitted;

/**
 * What one person adds to every cell, from the facts of all the person's referrals known at the instant (STREAMS.md 10c,
 * 10g): the cells that link spells, for now {@link Family#ASCOF_2D} (an emergency readmission is another referral of the
 * same person). The person of a referral is the patient key (the pseudonym) of its one submission, so a referral joins its
 * person when its submission is known and never moves. A change of any of the person's referrals moves the cells by
 * {@code of(after, t).minus(of(before, t))}, as {@link ReferralContributions} does for one referral.
 */
public final class PatientContributions {

    private PatientContributions() {
    }

    /** The person of a referral: the patient key of its submission (as known now; it is submitted once); null while not known. */
    public static String personOf(ReferralFacts r) {
        return r.submittedAt(ReferralContributions.ALWAYS).map(Submitted::patientKey).orElse(null);
    }

    /** Σ over the person's referrals of {@link #of(ReferralFacts, Collection, Instant)}. */
    public static Contribution of(Collection<ReferralFacts> person, Instant knownAt) {
        Contribution c = Contribution.EMPTY;
        for (ReferralFacts r : person) {
            c = c.plus(of(r, person, knownAt));
        }
        return c;
    }

    /** One referral's part of its person's contribution (the drill-down evaluates a candidate referral by it). */
    public static Contribution of(ReferralFacts r, Collection<ReferralFacts> person, Instant knownAt) {
        return Ascof2dCells.of(r, person, knownAt);
    }
}
