/** Events of placements (topic {@code d2a.placements}, key = referral id), produced by placement-service. */
package org.d2aflow.contracts.placement;
