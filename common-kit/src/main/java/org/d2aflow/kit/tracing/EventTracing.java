package org.d2aflow.kit.tracing;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * One trace across the event log, in W3C Trace Context. A write stores the {@code traceparent} (and
 * {@code tracestate}) of the request that made it with its outbox row ({@link #current()}); the relay, later and in
 * another thread, sends each row in a PRODUCER span that is a child of that context and puts the producer span's
 * context on the record twice: as the plain {@code traceparent}/{@code tracestate} headers and as the CloudEvents
 * distributed-tracing extension in binary mode, {@code ce_traceparent}/{@code ce_tracestate}. A consumer starts a
 * CONSUMER span whose parent is the record's context ({@link #consumerSpan}).
 *
 * <p>W3C Trace Context is written and read here whatever {@code quarkus.otel.propagators} says: it is the contract
 * of the event log, not a choice of transport. With the SDK off, every span is a no-op and nothing is stored.
 */
public final class EventTracing {

    /** W3C Trace Context header: version, trace id, parent span id, flags. */
    public static final String TRACEPARENT = "traceparent";
    /** W3C Trace Context vendor state, sent only when present. */
    public static final String TRACESTATE = "tracestate";
    /** The CloudEvents distributed-tracing extension's attributes in Kafka binary mode. */
    public static final String CE_TRACEPARENT = "ce_traceparent";
    public static final String CE_TRACESTATE = "ce_tracestate";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    /** A stored W3C context: {@code traceparent} and {@code tracestate}, the latter null when empty. */
    public record StoredContext(String traceparent, String tracestate) {
    }

    private EventTracing() {
    }

    /** The W3C form of the current span's context, or null when there is no valid (sampled or not) span. */
    public static StoredContext current() {
        return store(Context.current());
    }

    /** The W3C form of {@code context}, or null when it holds no valid span. */
    public static StoredContext store(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        String[] pair = new String[2];
        W3C.inject(context, pair, (carrier, key, value) -> {
            if (TRACEPARENT.equals(key)) {
                carrier[0] = value;
            } else if (TRACESTATE.equals(key) && value != null && !value.isEmpty()) {
                carrier[1] = value;
            }
        });
        return pair[0] == null ? null : new StoredContext(pair[0], pair[1]);
    }

    /** The context a stored {@code traceparent}/{@code tracestate} stand for; the root context when there is none or it is invalid. */
    public static Context parent(String traceparent, String tracestate) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return W3C.extract(Context.root(), new StoredContext(traceparent, tracestate), STORED);
    }

    /** The context a record carries: {@code traceparent}, else {@code ce_traceparent}; the root context when neither. */
    public static Context parent(Headers headers) {
        String traceparent = text(headers, TRACEPARENT);
        if (traceparent != null) {
            return parent(traceparent, text(headers, TRACESTATE));
        }
        return parent(text(headers, CE_TRACEPARENT), text(headers, CE_TRACESTATE));
    }

    /** Writes the span's context as record headers: plain W3C and the CloudEvents extension (nothing when the span is invalid). */
    public static void inject(Span span, BiConsumer<String, String> header) {
        StoredContext stored = store(Context.root().with(span));
        if (stored == null) {
            return;
        }
        header.accept(TRACEPARENT, stored.traceparent());
        header.accept(CE_TRACEPARENT, stored.traceparent());
        if (stored.tracestate() != null) {
            header.accept(TRACESTATE, stored.tracestate());
            header.accept(CE_TRACESTATE, stored.tracestate());
        }
    }

    /** A started PRODUCER span sending one event to {@code topic}, child of {@code parent}. */
    public static Span producerSpan(Tracer tracer, Context parent, String topic, String eventId) {
        SpanBuilder span = tracer.spanBuilder(topic + " publish").setParent(parent).setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka").setAttribute("messaging.operation", "publish")
                .setAttribute("messaging.destination.name", topic);
        if (eventId != null) {
            span.setAttribute("messaging.message.id", eventId);
        }
        return span.startSpan();
    }

    /** A started CONSUMER span for {@code consumer} acting on the record, child of the context the record carries. */
    public static Span consumerSpan(Tracer tracer, ConsumerRecord<?, ?> record, String consumer) {
        return tracer.spanBuilder(record.topic() + " process").setParent(parent(record.headers())).setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka").setAttribute("messaging.operation", "process")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.consumer.group.name", consumer)
                .setAttribute("messaging.destination.partition.id", Integer.toString(record.partition()))
                .setAttribute("messaging.kafka.offset", record.offset())
                .setAttribute("messaging.message.id", String.valueOf(text(record.headers(), org.d2aflow.contracts.kafka.CloudEventHeaders.ID)))
                .startSpan();
    }

    /**
     * Runs the work with the span current (its log lines carry the span's ids; spans and outbox rows it starts are its
     * children), records a failure on it, and ends it.
     */
    public static <T> T within(Span span, Supplier<T> work) {
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static final TextMapGetter<StoredContext> STORED = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(StoredContext carrier) {
            return java.util.List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(StoredContext carrier, String key) {
            if (carrier == null) {
                return null;
            }
            return TRACEPARENT.equals(key) ? carrier.traceparent() : TRACESTATE.equals(key) ? carrier.tracestate() : null;
        }
    };
}
