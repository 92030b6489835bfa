package org.d2aflow.kit.security;

import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.d2aflow.kit.http.RouteProblems;
import org.d2aflow.kit.problem.ProblemMappers;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.RoutingContext;

/**
 * Security refusals as problem answers: no token, or a token that is expired, wrongly signed or from another
 * issuer, is 401 with a Bearer challenge; a valid token whose role or organisation does not allow the request
 * is 403. The detail never says which check of a bad token failed (the service log does).
 */
public class SecurityProblems {

    private static final String CHALLENGE = "Bearer realm=\"d2a-flow\"";
    private static final String UNAUTHENTICATED = "A valid bearer token is required (Authorization: Bearer ...)";
    private static final String FORBIDDEN = "Your role does not allow this request";

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(ProblemMappers.problem(401, "unauthenticated", "Authentication required",
                UNAUTHENTICATED, uri, List.of()))
                .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        String detail = e.getMessage() == null || e.getMessage().isBlank()
                ? FORBIDDEN
                : e.getMessage();
        return ProblemMappers.problem(403, "forbidden", "Not allowed", detail, uri, List.of());
    }

    /** The 401 above, for a plain Vert.x route that checks the caller itself (no JAX-RS mapper reaches it). */
    public static void refuseUnauthenticated(RoutingContext rc) {
        rc.response().putHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        RouteProblems.end(rc, 401, "unauthenticated", "Authentication required", UNAUTHENTICATED);
    }

    /** The 403 above, for a plain Vert.x route. */
    public static void refuseForbidden(RoutingContext rc) {
        RouteProblems.end(rc, 403, "forbidden", "Not allowed", FORBIDDEN);
    }
}
