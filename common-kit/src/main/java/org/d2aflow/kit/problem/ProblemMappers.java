package org.d2aflow.kit.problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.d2aflow.kit.domain.ConcurrencyConflictException;
import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.domain.IllegalTransitionException;
import org.d2aflow.kit.domain.InvalidCommandException;
import org.d2aflow.kit.domain.NotFoundException;
import org.d2aflow.kit.domain.StaleVersionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/**
 * Turns every failure into an {@code application/problem+json} answer: unreadable JSON and fields of the
 * wrong shape 400, values that break a domain rule 422,
 * unknown resources 404, illegal transitions and concurrent writes 409, a stale If-Match 412, the database away
 * 503 with Retry-After ({@link TransientSql}). Each names the fields at fault when there are any. Only a real fault
 * of the service is a 500, and it tells nothing about internals.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final String BASE = "urn:d2a:problem:";

    @ServerExceptionMapper
    public Response invalidCommand(InvalidCommandException e, UriInfo uri) {
        return problem(422, "invalid-input", "Invalid input", e.getMessage(), uri, e.code(), e.errors());
    }

    @ServerExceptionMapper
    public Response illegalTransition(IllegalTransitionException e, UriInfo uri) {
        return problem(409, "illegal-transition", "Not allowed in the current state", e.getMessage(), uri, e.code(), List.of());
    }

    @ServerExceptionMapper
    public Response conflict(ConcurrencyConflictException e, UriInfo uri) {
        return problem(409, "concurrent-update", "Changed by someone else", e.getMessage(), uri, e.code(), List.of());
    }

    @ServerExceptionMapper
    public Response stale(StaleVersionException e, UriInfo uri) {
        return problem(412, "stale-version", "Out-of-date version", e.getMessage(), uri, e.code(), List.of());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return problem(404, "not-found", "Not found", e.getMessage(), uri, e.code(), List.of());
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new FieldError(fieldName(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
        // Shape rules (required, format, size) are 400; rules between values are the domain's 422.
        return problem(400, "invalid-input", "Invalid input", errors.size() + " field(s) are invalid", uri, errors);
    }

    @ServerExceptionMapper({JsonProcessingException.class, JsonParseException.class, JsonMappingException.class,
            MismatchedInputException.class, InvalidFormatException.class, UnrecognizedPropertyException.class,
            ValueInstantiationException.class})
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException m ? path(m) : "";
        String message;
        if (e instanceof UnrecognizedPropertyException u) {
            field = path(u);
            message = "is not a known field";
        } else if (e instanceof InvalidFormatException f && org.d2aflow.kit.http.StrictJson.TEXT_REFUSED.equals(f.getOriginalMessage())) {
            message = f.getOriginalMessage();
        } else if (e instanceof InvalidFormatException f) {
            message = "cannot be read as " + simpleType(f.getTargetType()) + ": '" + f.getValue() + "'";
        } else if (e instanceof ValueInstantiationException v) {
            message = v.getCause() != null && v.getCause().getMessage() != null ? v.getCause().getMessage() : "has an invalid value";
        } else if (e instanceof MismatchedInputException m) {
            message = m.getTargetType() != null ? "must be " + describe(m.getTargetType()) : "has the wrong type";
        } else if (e instanceof JsonParseException p && p.getOriginalMessage() != null
                && p.getOriginalMessage().startsWith("Duplicate field") && p.getProcessor() != null) {
            field = path(p.getProcessor().getParsingContext());
            message = "is given more than once";
        } else {
            field = field.isEmpty() ? "body" : field;
            message = "is not well-formed JSON: " + e.getOriginalMessage();
        }
        if (field.isEmpty()) {
            field = "body";
        }
        return problem(400, "malformed-request", "Malformed request", "The request body could not be read", uri,
                List.of(new FieldError(field, message)));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getResponse() != null && e.getResponse().getEntity() instanceof Problem) {
            return e.getResponse();
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("Request failed", e);
            return problem(status, "internal", "Internal error", "The service failed to handle the request", uri, List.of());
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Request refused" : known.getReasonPhrase();
        String detail = e.getMessage() == null || e.getMessage().startsWith("HTTP ") ? title : e.getMessage();
        return problem(status, "http-" + status, title, detail, uri, List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (e.getCause() instanceof org.d2aflow.kit.domain.DomainException) {
            // A domain refusal wrapped by a transaction or CDI layer: answer it as itself.
            return unwrap((org.d2aflow.kit.domain.DomainException) e.getCause(), uri);
        }
        if (TransientSql.in(e)) {
            return databaseUnavailable(e, uri);
        }
        LOG.error("Unexpected failure handling " + (uri == null ? "a request" : uri.getPath()), e);
        return problem(500, "internal", "Internal error", "The service failed to handle the request", uri, List.of());
    }

    /**
     * The database unreachable, restarting, out of connections, or a connection lost mid-transaction: the transaction
     * is rolled back, and the client may try again shortly (a write with the same Idempotency-Key answers once,
     * whether or not a commit interrupted by the outage went through). Readiness is DOWN meanwhile.
     */
    private static Response databaseUnavailable(Exception e, UriInfo uri) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        LOG.warnf("Database unavailable handling %s: %s", uri == null ? "a request" : uri.getPath(), root);
        return Response.fromResponse(problem(503, "database-unavailable", "Service unavailable",
                "The service's database is unavailable or busy just now; retry after " + DATABASE_RETRY_AFTER_SECONDS + " seconds",
                uri, List.of())).header("Retry-After", DATABASE_RETRY_AFTER_SECONDS).build();
    }

    /** Seconds a client is asked to wait when the database is away: about a database restart or failover. */
    static final int DATABASE_RETRY_AFTER_SECONDS = 5;

    private Response unwrap(org.d2aflow.kit.domain.DomainException e, UriInfo uri) {
        if (e instanceof InvalidCommandException x) {
            return invalidCommand(x, uri);
        } else if (e instanceof IllegalTransitionException x) {
            return illegalTransition(x, uri);
        } else if (e instanceof ConcurrencyConflictException x) {
            return conflict(x, uri);
        } else if (e instanceof StaleVersionException x) {
            return stale(x, uri);
        }
        return notFound((NotFoundException) e, uri);
    }

    /** Builds a problem answer; also used by resources that refuse a request before any command exists. */
    public static Response problem(int status, String type, String title, String detail, UriInfo uri, List<FieldError> errors) {
        return problem(status, type, title, detail, uri, null, errors);
    }

    /** A problem answer for a refusal the domain named with {@code code}. */
    public static Response problem(int status, String type, String title, String detail, UriInfo uri, String code,
            List<FieldError> errors) {
        Problem p = new Problem(BASE + type, title, status, detail, uri == null ? null : uri.getPath(), code, errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    /** The request field a bean-validation path points at: the last property node, or "body" for the body itself. */
    static String fieldName(Path path) {
        String last = null;
        int nodes = 0;
        for (Path.Node n : path) {
            nodes++;
            if (n.getName() != null && n.getKind() != jakarta.validation.ElementKind.METHOD) {
                last = n.getName();
            }
        }
        if (last == null) {
            return "body";
        }
        // method.arg0 style paths (a parameter itself) keep the parameter name; body properties keep the property.
        return nodes <= 2 && last.startsWith("arg") ? "body" : last;
    }

    /** The dotted path of where a parser stands, as {@link #path(JsonMappingException)} writes it. */
    private static String path(com.fasterxml.jackson.core.JsonStreamContext context) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (com.fasterxml.jackson.core.JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            parts.push(c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName());
        }
        String joined = String.join("", parts);
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String simpleType(Class<?> type) {
        return describe(type);
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a value";
        }
        if (type.isEnum()) {
            StringBuilder sb = new StringBuilder("one of ");
            Object[] constants = type.getEnumConstants();
            for (int i = 0; i < constants.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(constants[i]);
            }
            return sb.toString();
        }
        return switch (type.getSimpleName()) {
            case "LocalDate" -> "a date (YYYY-MM-DD)";
            case "Instant", "OffsetDateTime" -> "a timestamp (ISO 8601)";
            case "int", "Integer", "long", "Long" -> "a whole number";
            case "String" -> "a string";
            case "boolean", "Boolean" -> "true or false";
            default -> type.isRecord() || !type.getName().startsWith("java.") ? "an object" : "a " + type.getSimpleName();
        };
    }
}
