package org.d2aflow.contracts.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.EventJson;
import org.d2aflow.contracts.EventTypes;
import org.d2aflow.contracts.MalformedEventException;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.UnknownEventTypeException;
import org.d2aflow.contracts.internal.Require;

/**
 * The mapping between an {@link EventEnvelope} and a Kafka record in CloudEvents binary mode, in both
 * directions; the serializer, the deserializer and the outbox all go through here.
 */
public final class CloudEventHeaders {

    /** CloudEvents {@code specversion}. */
    public static final String SPEC_VERSION = "ce_specversion";
    /** CloudEvents {@code id}. */
    public static final String ID = "ce_id";
    /** CloudEvents {@code source}. */
    public static final String SOURCE = "ce_source";
    /** CloudEvents {@code type}. */
    public static final String TYPE = "ce_type";
    /** CloudEvents {@code time}, RFC 3339. */
    public static final String TIME = "ce_time";
    /** CloudEvents {@code subject}: the stream id. */
    public static final String SUBJECT = "ce_subject";
    /** Extension attribute {@code streamversion}: the aggregate version, as a decimal string. */
    public static final String STREAM_VERSION = "ce_streamversion";
    /** CloudEvents {@code datacontenttype}, which the Kafka binding carries in the plain content-type header. */
    public static final String CONTENT_TYPE = "content-type";

    /** The CloudEvents version written and accepted. */
    public static final String SPEC_VERSION_1_0 = "1.0";
    /** The content type of every body. */
    public static final String APPLICATION_JSON = "application/json";

    private CloudEventHeaders() {
    }

    /** Everything needed to publish the envelope: topic of its family, key = subject, headers, JSON body. */
    public static SerializedEvent serialize(EventEnvelope<?> envelope) {
        Require.present(envelope, "envelope");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SPEC_VERSION, SPEC_VERSION_1_0);
        headers.put(ID, envelope.id());
        headers.put(SOURCE, envelope.source());
        headers.put(TYPE, envelope.type());
        headers.put(TIME, envelope.time().toString());
        headers.put(SUBJECT, envelope.subject());
        headers.put(STREAM_VERSION, Long.toString(envelope.streamVersion()));
        headers.put(CONTENT_TYPE, APPLICATION_JSON);
        return new SerializedEvent(
                Topics.topicFor(envelope.event()), envelope.subject(), headers, EventJson.write(envelope.event()));
    }

    /**
     * Reads an envelope back from Kafka headers and value.
     *
     * @throws MalformedEventException   if a mandatory header is missing or invalid, or the body is bad
     * @throws UnknownEventTypeException if the type cannot be resolved by the registry
     */
    public static EventEnvelope<D2aEvent> deserialize(Headers headers, byte[] value, EventTypes types) {
        Require.present(headers, "headers");
        return deserialize(name -> {
            Header header = headers.lastHeader(name);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }, value, types);
    }

    /** Reads an envelope back from stored headers (e.g. an outbox row or {@link SerializedEvent#headers()}). */
    public static EventEnvelope<D2aEvent> deserialize(Map<String, String> headers, byte[] value, EventTypes types) {
        Require.present(headers, "headers");
        return deserialize(headers::get, value, types);
    }

    private static EventEnvelope<D2aEvent> deserialize(UnaryOperator<String> header, byte[] value, EventTypes types) {
        Require.present(types, "types");
        String specVersion = required(header, SPEC_VERSION);
        if (!SPEC_VERSION_1_0.equals(specVersion)) {
            throw new MalformedEventException(SPEC_VERSION + " must be " + SPEC_VERSION_1_0 + " but was '" + specVersion + "'");
        }
        String id = required(header, ID);
        String source = required(header, SOURCE);
        String type = required(header, TYPE);
        Instant time = time(required(header, TIME));
        String subject = required(header, SUBJECT);
        long streamVersion = streamVersion(required(header, STREAM_VERSION));
        String contentType = header.apply(CONTENT_TYPE);
        // datacontenttype is optional in CloudEvents; when present it must say JSON.
        if (contentType != null && !isJson(contentType)) {
            throw new MalformedEventException("event " + id + " has " + CONTENT_TYPE + " '" + contentType + "', expected " + APPLICATION_JSON);
        }
        D2aEvent event = EventJson.read(types, type, value);
        try {
            // The envelope takes its type from the event, which after upcasting is the current type.
            return new EventEnvelope<>(id, source, event.type(), time, subject, streamVersion, event);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException("event " + id + " has inconsistent attributes: " + e.getMessage(), e);
        }
    }

    private static String required(UnaryOperator<String> header, String name) {
        String text = header.apply(name);
        if (text == null || text.isBlank()) {
            throw new MalformedEventException("missing mandatory header " + name);
        }
        return text;
    }

    private static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedEventException(TIME + " is not an RFC 3339 timestamp: '" + text + "'", e);
        }
    }

    private static long streamVersion(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new MalformedEventException(STREAM_VERSION + " is not a decimal number: '" + text + "'", e);
        }
    }

    private static boolean isJson(String contentType) {
        int parameters = contentType.indexOf(';');
        String mediaType = parameters < 0 ? contentType : contentType.substring(0, parameters);
        return mediaType.strip().toLowerCase(Locale.ROOT).equals(APPLICATION_JSON);
    }
}
