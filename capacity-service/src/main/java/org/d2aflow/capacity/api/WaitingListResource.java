package org.d2aflow.capacity.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.d2aflow.capacity.query.CapacityQueries;
import org.d2aflow.capacity.query.CapacityViews;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.kit.http.QueryParams;
import org.d2aflow.kit.security.Roles;

/** Who waits for a unit, per service type and locality. */
@Path("/waiting-list")
@RolesAllowed({Roles.HOMEFIRST, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class WaitingListResource {

    @Inject
    CapacityQueries queries;

    @GET
    public CapacityViews.WaitingPage list(
            @QueryParam("serviceType") String serviceType,
            @QueryParam("locality") String locality,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        QueryParams q = new QueryParams();
        ServiceType type = q.enumValue("serviceType", serviceType, ServiceType.class);
        q.failIfAny();
        Paging paging = Paging.of(page, size);
        return queries.waitingList(type, locality, paging.page(), paging.size());
    }
}
