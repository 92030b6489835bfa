package org.d2aflow.kit.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.d2aflow.contracts.reference.RefusalCode;
import org.d2aflow.kit.problem.Problem;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * What every service's OpenAPI document says the same way, added once here (registered by {@code mp.openapi.filter}):
 * the one {@code Problem} schema that every 4xx and 5xx answer carries as {@code application/problem+json}, and the
 * answers any operation may give whatever it does: 401/403 when it is secured, 413/415 when it takes a body, 400,
 * 429 and 503 with {@code Retry-After}. The services' own {@code META-INF/openapi.yaml} says what is particular to
 * each operation (its id, prose, examples, 2xx schema and headers, and its own refusals).
 */
public class ContractFilter implements OASFilter {

    static final String PROBLEM = "Problem";
    static final String FIELD_ERROR = "FieldError";
    static final String REFUSAL_CODE = "RefusalCode";
    static final String RETRY_AFTER = "Retry-After";
    static final String IDEMPOTENT_REPLAY = "Idempotent-Replay";

    /** Codes carried by the refusals common-kit itself raises, besides the domain's {@link RefusalCode}s. */
    static final List<String> GENERIC_CODES = List.of("invalid-input", "not-found", "stale-version", "concurrent-update");

    @Override
    public void filterOpenAPI(OpenAPI api) {
        Components components = api.getComponents() == null ? OASFactory.createComponents() : api.getComponents();
        api.setComponents(components);
        components.addSchema(REFUSAL_CODE, refusalCodeSchema());
        components.addSchema(FIELD_ERROR, fieldErrorSchema());
        components.addSchema(PROBLEM, problemSchema());
        components.addHeader(RETRY_AFTER, OASFactory.createHeader()
                .description("Seconds to wait before trying again")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).minimum(java.math.BigDecimal.ZERO)));
        components.addHeader(IDEMPOTENT_REPLAY, OASFactory.createHeader()
                .description("true when this answer replays the first answer to the same Idempotency-Key (nothing was written)")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).addEnumeration("true")));
        boolean securedByDefault = api.getSecurity() != null && !api.getSecurity().isEmpty();
        if (api.getPaths() == null || api.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : api.getPaths().getPathItems().values()) {
            if (item.getOperations() == null) {
                continue;
            }
            for (Operation op : item.getOperations().values()) {
                complete(op, securedByDefault);
            }
        }
    }

    private static void complete(Operation op, boolean securedByDefault) {
        APIResponses responses = op.getResponses() == null ? OASFactory.createAPIResponses() : op.getResponses();
        op.setResponses(responses);
        dropUntypedPlaceholders(responses);
        boolean secured = op.getSecurity() == null ? securedByDefault : !op.getSecurity().isEmpty();
        boolean takesBody = op.getRequestBody() != null;
        boolean takesInput = takesBody || (op.getParameters() != null && !op.getParameters().isEmpty());
        if (takesInput) {
            addIfMissing(responses, "400", "Malformed input: unreadable JSON, a value of the wrong type, or a query or header "
                    + "value that cannot be read; errors[] names each field");
        }
        if (secured) {
            describe(responses, "401", "No bearer token, or one that is not valid (signature, issuer, audience, lifetime)");
            describe(responses, "403", "The token's role or organisation may not do this");
        }
        if (takesBody) {
            addIfMissing(responses, "413", "The body is larger than the service accepts");
            addIfMissing(responses, "415", "Content-Type is not application/json");
        }
        addIfMissing(responses, "429", "Too many requests from this client; Retry-After says when to try again");
        addIfMissing(responses, "503", "The service cannot answer now (e.g. its database is unreachable); Retry-After says "
                + "when to try again");
        boolean idempotent = op.getParameters() != null && op.getParameters().stream()
                .anyMatch(p -> p.getIn() == Parameter.In.HEADER && "Idempotency-Key".equalsIgnoreCase(p.getName()));
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                MediaType problem = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM));
                if (response.getContent() != null && response.getContent().getMediaTypes() != null) {
                    response.getContent().getMediaTypes().values().stream().filter(m -> m.getExamples() != null)
                            .forEach(m -> m.getExamples().forEach(problem::addExample));
                }
                response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, problem));
            }
            if (status.equals("429") || status.equals("503")) {
                response.addHeader(RETRY_AFTER, OASFactory.createHeader().ref(RETRY_AFTER));
            }
            if (idempotent && status.startsWith("2")) {
                response.addHeader(IDEMPOTENT_REPLAY, OASFactory.createHeader().ref(IDEMPOTENT_REPLAY));
            }
        });
    }

    /**
     * A resource method that returns a JAX-RS {@code Response} gives the scanner no status or type, so it writes a
     * 200 with an empty schema; the service's openapi.yaml says the real answer. When that is another 2xx (201 for a
     * creation), the placeholder is dropped; when it is the same 200, the two were merged and the typed schema stands.
     */
    private static void dropUntypedPlaceholders(APIResponses responses) {
        if (responses.getAPIResponses() == null) {
            return;
        }
        List<String> typed = new ArrayList<>();
        List<String> untyped = new ArrayList<>();
        responses.getAPIResponses().forEach((status, r) -> {
            if (status.startsWith("2")) {
                (hasTypedContent(r) || status.equals("204") ? typed : untyped).add(status);
            }
        });
        if (!typed.isEmpty()) {
            untyped.forEach(responses::removeAPIResponse);
        }
    }

    private static boolean hasTypedContent(APIResponse r) {
        Content content = r.getContent();
        if (content == null || content.getMediaTypes() == null || content.getMediaTypes().isEmpty()) {
            return false;
        }
        return content.getMediaTypes().values().stream().map(MediaType::getSchema)
                .anyMatch(s -> s != null && (s.getRef() != null || s.getType() != null || s.getItems() != null));
    }

    /** Adds the answer, or words it when it carries only the scanner's default description (e.g. "Not Authorized"). */
    private static void describe(APIResponses responses, String status, String description) {
        addIfMissing(responses, status, description);
        APIResponse r = responses.getAPIResponse(status);
        if (r.getDescription() == null || r.getDescription().equals("Not Authorized") || r.getDescription().equals("Not Allowed")) {
            r.setDescription(description);
        }
    }

    private static void addIfMissing(APIResponses responses, String status, String description) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
        }
    }

    private static Schema refusalCodeSchema() {
        Schema s = OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                .description("Names the rule a refusal applies, stable for programs to branch on (unlike detail, which is "
                        + "for people)");
        Stream.concat(GENERIC_CODES.stream(), Stream.of(RefusalCode.values()).map(RefusalCode::code)).forEach(s::addEnumeration);
        return s;
    }

    private static Schema fieldErrorSchema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("field", text("The field, query parameter or header at fault, e.g. dischargeDate").addExample("dischargeDate"));
        properties.put("message", text("What is wrong with it, in words a user can act on").addExample("must not be in the future"));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).description("One field that is wrong, and why")
                .properties(properties).addRequired("field").addRequired("message");
    }

    private static Schema problemSchema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", text("A URI naming the kind of problem")
                .addExample("urn:d2a:problem:illegal-transition"));
        properties.put("title", text("A short summary of the kind of problem").addExample("Not allowed in the current state"));
        properties.put("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                .description("The HTTP status code").minimum(java.math.BigDecimal.valueOf(400)).maximum(java.math.BigDecimal.valueOf(599)));
        properties.put("detail", text("What went wrong in this case, for people"));
        properties.put("instance", text("The request path"));
        properties.put("code", OASFactory.createSchema().ref(REFUSAL_CODE));
        properties.put("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).description("The fields at fault, when "
                + "the problem is about fields").items(OASFactory.createSchema().ref(FIELD_ERROR)));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem detail: the body of every error answer, as application/problem+json")
                .properties(properties).addRequired("type").addRequired("title").addRequired("status");
    }

    private static Schema text(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
