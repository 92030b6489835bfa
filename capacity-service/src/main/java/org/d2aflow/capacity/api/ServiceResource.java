package org.d2aflow.capacity.api;

import java.net.URI;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.d2aflow.kit.http.IfMatch;
import org.d2aflow.capacity.api.CapacityRequests.Capacity;
import org.d2aflow.capacity.api.CapacityRequests.Claim;
import org.d2aflow.capacity.api.CapacityRequests.Decline;
import org.d2aflow.capacity.api.CapacityRequests.RegisterService;
import org.d2aflow.capacity.api.CapacityRequests.Release;
import org.d2aflow.capacity.application.CapacityService;
import org.d2aflow.capacity.application.CapacityService.Registration;
import org.d2aflow.capacity.config.CapacityConfig;
import org.d2aflow.capacity.query.CapacityQueries;
import org.d2aflow.capacity.query.CapacityViews;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.domain.InvalidCommandException;
import org.d2aflow.kit.domain.NotFoundException;
import org.d2aflow.kit.http.QueryParams;
import org.d2aflow.kit.security.Caller;
import org.d2aflow.kit.security.Roles;
import org.d2aflow.kit.idempotency.Idempotent;

/**
 * Provider staff's API for services, their capacity, claims and declines: thin, request to use case to response.
 * Administrators register services; a service's capacity, claims and declines belong to the staff of the
 * organisation that runs it.
 */
@Path("/services")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ServiceResource {

    @Inject
    CapacityService capacity;

    @Inject
    CapacityQueries queries;

    @Inject
    CapacityConfig config;

    @Inject
    ProviderScope providers;

    @Inject
    Caller caller;

    // --- services -----------------------------------------------------------------------------------------

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Idempotent("capacity.register")
    public Response register(@Valid @NotNull RegisterService body,
            @HeaderParam("Idempotency-Key") String idempotencyKey, UriInfo uri) {
        CapacityViews.Service s = queries.view(capacity.register(
                new Registration(body.name(), body.serviceType(), body.locality(), body.unit(), body.providerOrganisation())));
        return Response.created(URI.create(uri.getBaseUri().getPath() + "services/" + s.id())).tag(IfMatch.etag(s.version()))
                .entity(s).build();
    }

    @RolesAllowed({Roles.HOMEFIRST, Roles.ADMIN})
    @GET
    public List<CapacityViews.Service> list(
            @QueryParam("serviceType") String serviceType,
            @QueryParam("locality") String locality) {
        QueryParams q = new QueryParams();
        ServiceType type = q.enumValue("serviceType", serviceType, ServiceType.class);
        q.failIfAny();
        return queries.services(type, locality);
    }

    @RolesAllowed({Roles.HOMEFIRST, Roles.ADMIN})
    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        CapacityViews.Service s = queries.service(id);
        return Response.ok(s).tag(IfMatch.etag(s.version())).build();
    }

    @RolesAllowed(Roles.HOMEFIRST)
    @PUT
    @Path("/{id}/capacity")
    public Response setCapacity(@PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch, @Valid @NotNull Capacity body) {
        providers.requireRunByCaller(id);
        CapacityViews.Service s = queries.view(capacity.setCapacity(id, IfMatch.expectedVersion(ifMatch), body.units(), body.fromDate(),
                caller.organisation()));
        return Response.ok(s).tag(IfMatch.etag(s.version())).build();
    }

    // --- claims -------------------------------------------------------------------------------------------

    @RolesAllowed(Roles.HOMEFIRST)
    @POST
    @Path("/{id}/claims")
    @Idempotent("capacity.claim")
    public Response claim(@PathParam("id") String id, @Valid @NotNull Claim body,
            @HeaderParam("Idempotency-Key") String idempotencyKey, UriInfo uri) {
        providers.requireRunByCaller(id);
        CapacityViews.Claim c = CapacityViews.Claim.of(capacity.claim(id, body.referralId().strip(), body.startDate(), caller.organisation()));
        return Response.created(URI.create(uri.getBaseUri().getPath() + "services/" + id + "/claims/" + c.id()))
                .entity(c).build();
    }

    @RolesAllowed(Roles.HOMEFIRST)
    @GET
    @Path("/{id}/claims")
    public List<CapacityViews.Claim> claims(@PathParam("id") String id,
            @QueryParam("status") String status) {
        providers.requireRunByCaller(id);
        QueryParams q = new QueryParams();
        CapacityViews.ClaimStatus wanted = q.enumValue("status", status, CapacityViews.ClaimStatus.class);
        q.failIfAny();
        return queries.claims(id, wanted);
    }

    @RolesAllowed(Roles.HOMEFIRST)
    @GET
    @Path("/{id}/claims/{claimId}")
    public CapacityViews.Claim claim(@PathParam("id") String id,
            @PathParam("claimId") String claimId) {
        providers.requireRunByCaller(id);
        return queries.claim(id, claimId);
    }

    @RolesAllowed(Roles.HOMEFIRST)
    @POST
    @Path("/{id}/claims/{claimId}/release")
    @Idempotent("capacity.release")
    public Response release(@PathParam("id") String id,
            @PathParam("claimId") String claimId,
            @HeaderParam("Idempotency-Key") String idempotencyKey, @Valid @NotNull Release body) {
        providers.requireRunByCaller(id);
        return Response.ok(CapacityViews.Claim.of(capacity.release(id, claimId, body.reason(), body.releasedOn(), caller.organisation())))
                .build();
    }

    // --- declines -----------------------------------------------------------------------------------------

    @RolesAllowed(Roles.HOMEFIRST)
    @POST
    @Path("/{id}/declines")
    @Idempotent("capacity.decline")
    public Response decline(@PathParam("id") String id, @Valid @NotNull Decline body,
            @HeaderParam("Idempotency-Key") String idempotencyKey, UriInfo uri) {
        providers.requireRunByCaller(id);
        CapacityViews.Decline d = CapacityViews.Decline.of(capacity.decline(id, body.referralId().strip(), body.reason(), body.declinedOn(),
                caller.organisation()));
        return Response.created(URI.create(uri.getBaseUri().getPath() + "services/" + id + "/declines/" + d.id()))
                .entity(d).build();
    }

    @RolesAllowed(Roles.HOMEFIRST)
    @GET
    @Path("/{id}/declines")
    public List<CapacityViews.Decline> declines(@PathParam("id") String id) {
        providers.requireRunByCaller(id);
        return queries.declines(id);
    }

    @RolesAllowed(Roles.HOMEFIRST)
    @GET
    @Path("/{id}/declines/{declineId}")
    public CapacityViews.Decline decline(@PathParam("id") String id,
            @PathParam("declineId") String declineId) {
        providers.requireRunByCaller(id);
        UUID uuid;
        try {
            uuid = UUID.fromString(declineId);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("Decline", declineId);
        }
        return queries.decline(id, uuid);
    }

    // --- availability -------------------------------------------------------------------------------------

    @RolesAllowed({Roles.HOMEFIRST, Roles.ADMIN})
    @GET
    @Path("/{id}/availability")
    public CapacityViews.Availability availability(@PathParam("id") String id,
            @QueryParam("from") String fromText,
            @QueryParam("to") String toText) {
        QueryParams q = new QueryParams();
        LocalDate from = q.date("from", fromText);
        LocalDate to = q.date("to", toText);
        q.failIfAny();
        from = from == null ? capacity.today() : from;
        to = to == null ? from.plusDays(13) : to;
        if (to.isBefore(from)) {
            throw new InvalidCommandException(List.of(new FieldError("to", "must not be before from (" + from + ")")));
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > config.maxRangeDays()) {
            throw new InvalidCommandException("to", "the range may cover at most " + config.maxRangeDays() + " days");
        }
        return queries.availability(id, from, to);
    }

    @RolesAllowed(Roles.HOMEFIRST)
    @GET
    @Path("/{id}/next-offer")
    public CapacityViews.NextOffer nextOffer(@PathParam("id") String id,
            @QueryParam("date") String dateText) {
        providers.requireRunByCaller(id);
        QueryParams q = new QueryParams();
        LocalDate date = q.date("date", dateText);
        q.failIfAny();
        return queries.nextOffer(id, date == null ? capacity.today() : date);
    }

}
