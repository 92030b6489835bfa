package org.d2aflow.metrics.infrastructure.streams;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.Record;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.EventTypes;
import org.d2aflow.contracts.MalformedEventException;
import org.d2aflow.contracts.kafka.CloudEventHeaders;
import org.d2aflow.kit.deadletter.DeadLetters;

/**
 * Reading a record as the heap projection does ({@link CloudEventHeaders#deserialize}), and the dead letter of one that
 * cannot be read: the original key, value and headers plus the {@code d2a_dlq_*} headers the kit's {@link DeadLetters}
 * writes, and {@value #APPLICATION} naming the Kafka Streams application (the heap projection dead-letters the same
 * record while both run side by side).
 */
final class PoisonRecords {

    /** The application id of the build that wrote the dead letter. */
    static final String APPLICATION = "d2a_dlq_application";
    /** The consumer name in dead letters, as the heap projection's. */
    static final String CONSUMER = "metrics-service";
    private static final EventTypes TYPES = EventTypes.standard();

    private PoisonRecords() {
    }

    /** The envelope of a record; throws what {@link CloudEventHeaders#deserialize} throws for one that cannot be read. */
    static EventEnvelope<D2aEvent> decode(Record<String, byte[]> r) {
        if (r.value() == null) {
            throw new MalformedEventException("the record has no value");
        }
        return CloudEventHeaders.deserialize(r.headers(), r.value(), TYPES);
    }

    /** The type the record was published with (before upcasting), as the fact log keeps it. */
    static String publishedType(Record<String, byte[]> r) {
        Header h = r.headers().lastHeader(CloudEventHeaders.TYPE);
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The record as a dead letter, written by the task's producer in its transaction. */
    static Record<String, byte[]> deadLetter(ProcessingContext ctx, Record<String, byte[]> r, Exception error) {
        RecordHeaders h = new RecordHeaders(r.headers().toArray());
        h.add(DeadLetters.ERROR, text(String.valueOf(error.getMessage())));
        ctx.recordMetadata().ifPresent(m -> {
            h.add(DeadLetters.ORIGIN_TOPIC, text(m.topic()));
            h.add(DeadLetters.ORIGIN_PARTITION, text(Integer.toString(m.partition())));
            h.add(DeadLetters.ORIGIN_OFFSET, text(Long.toString(m.offset())));
        });
        h.add(DeadLetters.CONSUMER, text(CONSUMER));
        h.add(APPLICATION, text(ctx.applicationId()));
        return new Record<>(r.key(), r.value(), r.timestamp(), h);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
