package org.d2aflow.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.d2aflow.contracts.internal.Require;

/**
 * The one JSON configuration for event bodies, used on Kafka, in outboxes and in event stores.
 *
 * <p>Writing is canonical, so the same event always gives the same bytes: properties in record component
 * order, generic JSON ({@code FigureSnapshotPublished.value}) and maps with their keys sorted, dates and
 * instants as ISO-8601 strings, decimals in plain notation, no whitespace. Absent optional fields are
 * <em>omitted</em> rather than written as {@code null}: an old record that predates an optional field and a new
 * one that leaves it empty then look the same, and readers treat a missing property as null.
 *
 * <p>Reading ignores unknown properties (a newer producer may have added an optional field) but is otherwise
 * strict: no type coercion ({@code "84"} is not an int), no ordinal enums, no missing or null primitive, no
 * trailing content.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = newMapper();

    private EventJson() {
    }

    /** A new mapper with the event-body configuration, for code that needs Jackson directly. */
    public static JsonMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.INDENT_OUTPUT)
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /** The canonical UTF-8 JSON body of an event (its record components only, never type or stream id). */
    public static byte[] write(D2aEvent event) {
        Require.present(event, "event");
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + event.type() + " as JSON", e);
        }
    }

    /** The canonical JSON body as text, e.g. for a JSONB column. */
    public static String writeString(D2aEvent event) {
        return new String(write(event), StandardCharsets.UTF_8);
    }

    /** The body of an event as a JSON tree. */
    public static ObjectNode toTree(D2aEvent event) {
        Require.present(event, "event");
        return MAPPER.valueToTree(event);
    }

    /** Reads a body of the given type with the standard registry, upcasting an older type to the current record. */
    public static D2aEvent read(String type, byte[] body) {
        return read(EventTypes.standard(), type, body);
    }

    /** Reads a body held as text, e.g. from a JSONB column. */
    public static D2aEvent read(String type, String body) {
        Require.present(body, "body");
        return read(EventTypes.standard(), type, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a body of the given type: resolves the type, applies upcasters, binds the current record.
     *
     * @throws UnknownEventTypeException if the registry cannot resolve the type
     * @throws MalformedEventException   if the body is not JSON, not an object, or does not make a valid record
     */
    public static D2aEvent read(EventTypes types, String type, byte[] body) {
        Require.present(types, "types");
        types.classFor(type); // an unknown type is reported as such, whatever the body looks like
        if (body == null) {
            throw new MalformedEventException(type + " has no body");
        }
        ObjectNode tree = parseObject(type, body);
        EventTypes.TypedBody current;
        try {
            current = types.upcast(type, tree);
        } catch (EventContractException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedEventException("cannot upcast the body of " + type + ": " + e.getMessage(), e);
        }
        Class<? extends D2aEvent> target = types.classFor(current.type());
        try {
            return MAPPER.treeToValue(current.body(), target);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedEventException(
                    "body of " + type + " does not make a valid " + target.getSimpleName() + ": " + describe(e), e);
        }
    }

    private static String describe(Exception e) {
        if (!(e instanceof JsonProcessingException)) {
            return e.getMessage();
        }
        String message = ((JsonProcessingException) e).getOriginalMessage();
        if (e instanceof JsonMappingException && !((JsonMappingException) e).getPath().isEmpty()) {
            String field = ((JsonMappingException) e).getPath().stream()
                    .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining("."));
            message = "field " + field + ": " + message;
        }
        return message;
    }

    private static ObjectNode parseObject(String type, byte[] body) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new MalformedEventException("body of " + type + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!(tree instanceof ObjectNode)) {
            throw new MalformedEventException("body of " + type + " is not a JSON object");
        }
        return (ObjectNode) tree;
    }
}
