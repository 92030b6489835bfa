package org.d2aflow.referral.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.d2aflow.contracts.reference.DelayReasonCodeList;
import org.d2aflow.kit.security.Roles;
import org.d2aflow.referral.application.DelayReasonLists;

/** The code lists of reasons for delay, with their source and validity, for the coordinators' forms. */
@Path("/delay-reason-lists")
@RolesAllowed({ Roles.COORDINATOR, Roles.ADMIN })
@Produces(MediaType.APPLICATION_JSON)
public class DelayReasonListResource {

    @Inject
    DelayReasonLists lists;

    @GET
    public List<DelayReasonCodeList> all() {
        return lists.all();
    }
}
