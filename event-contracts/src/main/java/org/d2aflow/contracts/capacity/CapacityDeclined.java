package org.d2aflow.contracts.capacity;

import java.time.LocalDate;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.internal.Require;

/** The service had no unit for a referral, which was referred elsewhere: demand the service could not meet. */
public record CapacityDeclined(String serviceId, String referralId, ServiceType serviceType, String locality, String reason,
        LocalDate declinedOn) implements CapacityEvent {

    public static final String TYPE = "d2a.capacity.declined.v1";

    public CapacityDeclined {
        Require.text(serviceId, "serviceId");
        Require.text(referralId, "referralId");
        Require.present(serviceType, "serviceType");
        Require.text(locality, "locality");
        Require.text(reason, "reason");
    }

    /** A decline without its business date, as records written before the field existed: read them as declined on the day recorded. */
    public CapacityDeclined(String serviceId, String referralId, ServiceType serviceType, String locality, String reason) {
        this(serviceId, referralId, serviceType, locality, reason, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
