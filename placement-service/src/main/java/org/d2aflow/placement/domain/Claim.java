package org.d2aflow.placement.domain;

import org.d2aflow.contracts.ServiceType;

/**
 * The capacity claim a placement is made from, as this service knows it.
 *
 * @param serviceType from the service registry; null while the service's registration has not arrived
 * @param released    the claim was released before the placement started
 */
public record Claim(String placementId, String referralId, String serviceId, ServiceType serviceType, boolean released) {
}
