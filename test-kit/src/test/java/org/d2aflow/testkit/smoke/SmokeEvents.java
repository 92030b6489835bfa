package org.d2aflow.testkit.smoke;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;

/** Synthetic events for the smoke tests: a fresh referral each time, so tests never see each other's records. */
final class SmokeEvents {

    private SmokeEvents() {
    }

    static EventEnvelope<ReferralSubmitted> aSubmittedReferral() {
        String referralId = UUID.randomUUID().toString();
        ReferralSubmitted event = new ReferralSubmitted(referralId, "c0ffee" + referralId.replace("-", ""), 84, Sex.FEMALE,
                "East", "County Hospital", LocalDate.of(2026, 2, 27), UsualResidence.PRIVATE_HOME);
        return EventEnvelope.of(UUID.randomUUID().toString(), "/d2a/test-kit", Instant.parse("2026-03-01T10:15:30.250Z"), 1, event);
    }
}
