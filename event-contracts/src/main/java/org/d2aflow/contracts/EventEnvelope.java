package org.d2aflow.contracts;

import java.time.Instant;
import org.d2aflow.contracts.internal.Require;

/**
 * An event with its CloudEvents attributes, as it travels on Kafka and sits in an outbox.
 *
 * @param id            the CloudEvents id (UUID text), unique per event; consumers deduplicate on it
 * @param source        the producing service as a URI reference, e.g. {@code /d2a/referral-service}
 * @param type          the event's versioned type; always {@code event.type()}
 * @param time          when the system recorded the fact (not a business date); supplied by the caller
 * @param subject       the aggregate stream id; always {@code event.streamId()}, and the Kafka key
 * @param streamVersion the aggregate's version after this event (its position in its own stream)
 * @param event         the fact itself, which becomes the JSON body
 */
public record EventEnvelope<E extends D2aEvent>(
        String id,
        String source,
        String type,
        Instant time,
        String subject,
        long streamVersion,
        E event) {

    public EventEnvelope {
        Require.text(id, "id");
        Require.text(source, "source");
        Require.text(type, "type");
        Require.present(time, "time");
        Require.text(subject, "subject");
        Require.notNegative(streamVersion, "streamVersion");
        Require.present(event, "event");
        if (!type.equals(event.type())) {
            throw new IllegalArgumentException("type '" + type + "' does not match the event's type '" + event.type() + "'");
        }
        if (!subject.equals(event.streamId())) {
            throw new IllegalArgumentException(
                    "subject '" + subject + "' does not match the event's stream id '" + event.streamId() + "'");
        }
    }

    /** Wraps an event, taking its type and subject from the event itself. */
    public static <E extends D2aEvent> EventEnvelope<E> of(String id, String source, Instant time, long streamVersion, E event) {
        Require.present(event, "event");
        return new EventEnvelope<>(id, source, event.type(), time, event.streamId(), streamVersion, event);
    }

    /** This envelope typed by a narrower event class, e.g. a family; fails if the event is not one. */
    @SuppressWarnings("unchecked")
    public <T extends D2aEvent> EventEnvelope<T> narrow(Class<T> eventClass) {
        if (!eventClass.isInstance(event)) {
            throw new ClassCastException("event " + id + " of type " + type + " is not a " + eventClass.getSimpleName());
        }
        return (EventEnvelope<T>) this;
    }
}
