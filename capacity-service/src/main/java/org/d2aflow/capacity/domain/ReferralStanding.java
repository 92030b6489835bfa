package org.d2aflow.capacity.domain;

import java.time.LocalDate;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;

/**
 * What capacity-service knows of a referral when a claim or a decline is asked for it: learnt from d2a.referrals
 * and from its own claims and declines. The application layer reads it (under a row lock) and hands it to the
 * service aggregate, which decides.
 *
 * @param known               whether any event of the referral has arrived
 * @param serviceType         the service type of the latest pathway decision, null before one
 * @param decidedAt           the business date of that decision, null before one
 * @param locality            where the referral lives (from its submission), null if not known
 * @param activeClaimId       the claim the referral holds now, on any service, or null
 * @param declinedByServiceId the service that last declined it since its latest decision, or null
 */
public record ReferralStanding(String referralId, boolean known, boolean withdrawn, Pathway pathway, ServiceType serviceType,
        LocalDate decidedAt, String locality, String activeClaimId, String activeClaimServiceId, String declinedByServiceId) {

    /** A referral of which no event has arrived. */
    public static ReferralStanding unknown(String referralId) {
        return new ReferralStanding(referralId, false, false, null, null, null, null, null, null, null);
    }
}
