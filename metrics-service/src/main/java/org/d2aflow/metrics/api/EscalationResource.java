package org.d2aflow.metrics.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.d2aflow.kit.problem.ProblemMappers;
import org.d2aflow.kit.security.Caller;
import org.d2aflow.kit.security.Roles;
import org.d2aflow.metrics.escalation.EscalationService;
import org.d2aflow.metrics.escalation.EscalationStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Live escalation: the current level with why and since when, and acknowledgements of it (README "Escalation"). */
@Path("/escalation")
@RolesAllowed({Roles.COMMISSIONER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class EscalationResource {

    @Inject
    EscalationService escalation;

    @Inject
    Caller caller;

    /** An acknowledgement's body. */
    public record AcknowledgementRequest(
            @Schema(description = "What is being done about the level; 1 to 1000 characters, no control characters other than tab and line breaks",
                    examples = "Extra reablement hours agreed with providers for this week") @NotBlank @Size(max = 1000) String comment) {
    }

    @GET
    public EscalationStatus status() {
        return escalation.status();
    }

    @POST
    @Path("/acknowledgements")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response acknowledge(@Valid @NotNull AcknowledgementRequest body) {
        String role = caller.hasRole(Roles.ADMIN) ? Roles.ADMIN : Roles.COMMISSIONER;
        try {
            return Response.created(java.net.URI.create("/escalation")).entity(escalation.acknowledge(caller.subject(), role, body.comment()))
                    .build();
        } catch (IllegalStateException e) {
            throw unavailable(e.getMessage());
        } catch (Exception e) {
            throw unavailable("The broker did not confirm the acknowledgement in time; GET /escalation shows whether it was recorded");
        }
    }

    private static ServiceUnavailableException unavailable(String detail) {
        Response r = ProblemMappers.problem(503, "escalation-unavailable", "Escalation unavailable", detail, null, java.util.List.of());
        return new ServiceUnavailableException(Response.fromResponse(r).header("Retry-After", "5").build());
    }
}
