package org.d2aflow.capacity.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.d2aflow.capacity.query.CapacityQueries;
import org.d2aflow.kit.security.Caller;

import io.quarkus.security.ForbiddenException;

/**
 * A service's capacity, claims and declines belong to the staff of the organisation that runs it. Services
 * themselves are listed to every provider (they are no secret); what happens inside one is not.
 */
@RequestScoped
public class ProviderScope {

    @Inject
    Caller caller;

    @Inject
    CapacityQueries queries;

    /** Refuses (403) a caller from another organisation; an unknown service is left to the use case's own 404. */
    public void requireRunByCaller(String serviceId) {
        String org = caller.organisation();
        String runBy = queries.providerOrganisation(serviceId);
        if (runBy != null && !org.equals(runBy)) {
            throw new ForbiddenException("Service " + serviceId + " is run by another organisation: only its own staff manage it");
        }
    }
}
