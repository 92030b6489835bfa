/** Events of the referral stream (topic {@code d2a.referrals}, key = referral id), produced by referral-service. */
package org.d2aflow.contracts.referral;
