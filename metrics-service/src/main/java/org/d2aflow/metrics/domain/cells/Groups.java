package org.d2aflow.metrics.domain.cells;

import java.time.Instant;
import java.util.Optional;

import org.d2aflow.metrics.domain.ReferralFacts;
import org.d2aflow.metrics.domain.ReferralFacts.Discharge;
import org.d2aflow.metrics.domain.ReferralFacts.Submitted;

/** The group of a referral in each dimension, as known at an instant (the breakdown keys of the README). */
final class Groups {

    static final String UNKNOWN = "unknown";
    static final String NO_DECISION = "none";

    private Groups() {
    }

    static String of(Dimension d, ReferralFacts r, Instant at) {
        return switch (d) {
            case NONE -> "all";
            case LOCALITY -> r.submittedAt(at).map(Submitted::locality).orElse(UNKNOWN);
            case SITE -> r.submittedAt(at).map(Submitted::site).orElse(UNKNOWN);
            case PATHWAY -> r.decisionAt(at).map(x -> x.pathway().name()).orElse(NO_DECISION);
            case SERVICE_TYPE -> r.decisionAt(at).map(x -> x.serviceType().name()).orElse(NO_DECISION);
            case AGE_BAND -> age(r, at).map(Groups::ageBand).orElse(UNKNOWN);
        };
    }

    /** Age at discharge when the discharge gives it, else at admission. */
    static Optional<Integer> age(ReferralFacts r, Instant at) {
        Optional<Discharge> d = r.dischargeAt(at);
        if (d.isPresent() && d.get().ageAtDischarge() != null) {
            return Optional.of(d.get().ageAtDischarge());
        }
        return r.submittedAt(at).map(Submitted::ageAtAdmission);
    }

    static String ageBand(int age) {
        if (age < 18) {
            return "under 18";
        } else if (age < 65) {
            return "18-64";
        } else if (age < 75) {
            return "65-74";
        } else if (age < 85) {
            return "75-84";
        }
        return "85+";
    }
}
